# syntax=docker/dockerfile:1
# hmic-actions for a team: one image for the API (gunicorn), the workers and the migrations.
#   docker build -t hmic-actions .      (docker compose up builds it too)

# --- builder: wheels for the project and its pinned dependencies --------------------------
FROM python:3.11-slim AS builder
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md requirements.lock ./
COPY api ./api
COPY cli ./cli
COPY extractor ./extractor
COPY hmic_actions ./hmic_actions
COPY matching ./matching
COPY models ./models
COPY worker ./worker
# The lock pins every runtime dependency to the versions the tests and the audit ran with.
RUN pip wheel --no-cache-dir --wheel-dir /wheels --constraint requirements.lock .

# --- the service: no compilers, no sources, not root --------------------------------------
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HMIC_LOG_FORMAT=json
# Tesseract reads the pages of scanned PDFs (OCR); without it a scan is refused with the reason.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr \
    && rm -rf /var/lib/apt/lists/*
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links /wheels hmic-actions \
    && useradd --create-home --uid 10001 --user-group hmic
USER hmic
WORKDIR /home/hmic
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "--config", "python:cli.gunicorn_config", "--workers", "2", "--bind", "0.0.0.0:8000", "cli.wsgi:app"]
