"""Celery app and tasks: orchestration only (load, extract, match, persist)."""
