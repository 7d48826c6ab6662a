"""The time limits with a real worker: a report still being read when the soft limit comes
ends failed with its reason, and the worker takes the next report.

A `hmic-actions worker` process (Celery, one child) runs with a one-second soft limit against
Redis (database 15, flushed) and a fresh PostgreSQL database; a long report is uploaded
first, then a short one.

Celery starts a task's soft-limit clock when it hands the task to the pool, and a clock that
runs out before the pool child has taken the task is dropped. A first short report is read to
the end before the long one is sent, so the child is up and warm when the clock starts.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask.testing import FlaskClient

from api import create_app
from models.db import make_engine
from models.migrate import upgrade
from tests.builders.samples import build_long_report, samples
from tests.service import REDIS_TEST_URL, api_token, processes, signed_in, wait_for
from worker.dispatch import CeleryDispatcher

SOFT_SECONDS = 1


@pytest.fixture(scope="module")
def client(databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    queue = redis.Redis.from_url(REDIS_TEST_URL)
    queue.flushdb()
    url = databases.new_url("postgresql")
    engine = make_engine(url)
    upgrade(engine=engine)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HMIC_", "CELERY"))}
    env.update(REDIS_URL=REDIS_TEST_URL, DATABASE_URL=url, HMIC_SWEEP_SECONDS="1",
               HMIC_TASK_SOFT_SECONDS=str(SOFT_SECONDS), HMIC_TASK_HARD_SECONDS="30",
               HMIC_PROGRESS_SECONDS="0.1")
    app = create_app({"ENGINE": engine, "DISPATCHER": CeleryDispatcher(REDIS_TEST_URL)})
    with processes(tmp_path_factory.mktemp("limits"), env) as procs:
        procs.start("w1", "worker", "--concurrency", "1", "--name", "limits@test")
        procs.wait_logged("w1", "ready.")
        yield signed_in(app.test_client(), api_token(engine, "rory", "reviewer"))
    engine.dispose()
    databases.drop(url)
    queue.flushdb()
    queue.close()


def upload(client: FlaskClient, name: str, content: bytes) -> int:
    response = client.post("/api/reports", data={"file": (io.BytesIO(content), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 202, response.get_data(as_text=True)
    return response.get_json()["id"]


def settled(client: FlaskClient, report_id: int) -> dict | None:
    report = client.get(f"/api/reports/{report_id}").get_json()
    return report if report["status"] in ("ready", "failed") else None


def test_a_slow_report_fails_at_the_soft_limit_and_the_next_one_is_read(
        client: FlaskClient, tmp_path: Path) -> None:
    slow = build_long_report(tmp_path / "long.pdf", 300).read_bytes()
    first_sample, quick = samples()[1], samples()[0]
    warm_id = upload(client, first_sample.name, first_sample.content)
    first = wait_for(lambda: settled(client, warm_id), 120, "the first report to settle",
                     interval=0.25)
    assert first["status"] == "ready", first
    slow_id = upload(client, "long.pdf", slow)
    quick_id = upload(client, quick.name, quick.content)
    failed = wait_for(lambda: settled(client, slow_id), 120, "the long report to settle",
                      interval=0.25)
    assert failed["status"] == "failed", failed
    assert failed["error"].startswith(f"took longer than {SOFT_SECONDS} s while "), failed
    assert failed["error"].endswith("(HMIC_TASK_SOFT_SECONDS)")
    assert "\n" not in failed["error"]
    ready = wait_for(lambda: settled(client, quick_id), 120, "the next report to settle",
                     interval=0.25)
    assert ready["status"] == "ready" and ready["drafts"]["total"] == quick.items
