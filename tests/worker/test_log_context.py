"""A real `hmic-actions worker` logs, in JSON, the report id and the upload's request id.

The upload goes through the API (Celery dispatcher, Redis at ``HMIC_TEST_REDIS_URL``,
flushed) with an ``X-Request-ID``; the worker process writes to PostgreSQL.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import redis

from api import create_app
from models.db import make_engine
from models.migrate import upgrade
from tests.builders.samples import samples
from tests.service import REDIS_TEST_URL, api_token, processes, signed_in, wait_for
from worker.dispatch import CeleryDispatcher


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_a_worker_logs_the_report_and_the_upload_request_id(databases, tmp_path: Path):
    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.flushdb()
    url = databases.new_url("postgresql")
    engine = make_engine(url)
    upgrade(engine=engine)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HMIC_", "CELERY"))}
    env.update(REDIS_URL=REDIS_TEST_URL, DATABASE_URL=url, HMIC_LOG_FORMAT="json",
               HMIC_SWEEP_SECONDS="5")
    dispatcher = CeleryDispatcher(REDIS_TEST_URL)
    app = create_app({"ENGINE": engine, "DISPATCHER": dispatcher})
    api = signed_in(app.test_client(), api_token(engine, "rory", "reviewer"))
    sample = samples()[0]
    try:
        with processes(tmp_path, env) as procs:
            procs.start("w1", "worker", "--concurrency", "1", "--name", "w1@test")
            procs.wait_logged("w1", "ready.")
            response = api.post("/api/reports", headers={"X-Request-ID": "upload-77"},
                                data={"file": (io.BytesIO(sample.content), sample.name)},
                                content_type="multipart/form-data")
            assert response.status_code == 202, response.get_data(as_text=True)
            assert response.headers["X-Request-ID"] == "upload-77"
            report_id = response.get_json()["id"]
            wait_for(lambda: api.get(f"/api/reports/{report_id}").get_json()["status"]
                     not in ("queued", "processing"), 120, "the report to be processed")
            assert api.get(f"/api/reports/{report_id}").get_json()["status"] == "ready"
            wait_for(lambda: f"report {report_id}: ready" in procs.log("w1"), 10,
                     "the worker to log the report ready")
            logged = json_lines(procs.log("w1"))
    finally:
        engine.dispose()
        databases.drop(url)
        client.flushdb()
        client.close()
    assert logged and all(set(line) >= {"time", "level", "logger", "message", "request_id",
                                        "report_id"} for line in logged)
    assert any(line["message"].endswith("ready.") for line in logged)  # Celery's own lines too
    about = [line for line in logged if line["report_id"] == report_id]
    messages = [line["message"] for line in about]
    assert any("taken by w1@test (upload request upload-77)" in m for m in messages)
    assert any(m.startswith(f"report {report_id} ({sample.name}): processing") for m in messages)
    # A real worker's last line about the report says what each stage took.
    assert any(m.startswith(f"report {report_id}: ready, {sample.items} drafts in ")
               and "(reading " in m and m.endswith(" s)") for m in messages), messages
    assert {line["request_id"] for line in about} == {"upload-77"}
    # Lines written by the task about this report all carry its id.
    task_lines = [line for line in logged if line["logger"] == "worker.tasks"
                  and line["message"].startswith(f"report {report_id}")]
    assert task_lines and all(line["report_id"] == report_id for line in task_lines)
