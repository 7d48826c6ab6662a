"""The production topology without Docker, as the README describes it: a fresh PostgreSQL
database brought up with ``hmic-actions db upgrade``, the image's gunicorn command (2 workers)
on a free port, and 2 ``hmic-actions worker`` processes on Redis, all logging JSON.

One report is followed from upload to ready: its drafts, the metrics a Prometheus scrape
reads, and the log lines of the API and of the workers, tied together by the report id and
the upload's request id.
"""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from tests.builders.samples import samples
from tests.deploy.topology import (
    dockerfile_cmd,
    dockerfile_healthcheck,
    executable,
    http,
    json_lines,
    service_env,
    start_server,
    with_bind,
)
from tests.service import (
    REDIS_TEST_URL,
    REPO,
    Processes,
    cli_token,
    free_port,
    multipart,
    processes,
    wait_for,
)

WORKERS = ("w1", "w2")


@dataclass
class Service:
    """The running service: its address, a reviewer's token and its processes."""

    base: str
    port: int
    token: str
    procs: Processes

    def get(self, path: str, token: str | None = "caller") -> tuple[int, dict, bytes]:
        return http("GET", self.base + path, self.token if token == "caller" else token)

    def json(self, path: str) -> dict:
        status, _headers, body = self.get(path)
        assert status == 200, (path, status, body[:500])
        return json.loads(body)

    def worker_logs(self) -> str:
        return "\n".join(self.procs.log(name) for name in WORKERS)


@pytest.fixture(scope="module")
def service(databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    broker = redis.Redis.from_url(REDIS_TEST_URL)
    broker.flushdb()
    url = databases.new_url("postgresql")
    env = service_env(url, REDIS_TEST_URL, HMIC_LOG_FORMAT="json",
                      HMIC_SECRET_KEY="deploy-test-secret-key", HMIC_SWEEP_SECONDS="2",
                      HMIC_PROGRESS_SECONDS="0.1")
    upgraded = subprocess.run(executable(["hmic-actions", "db", "upgrade"]), env=env, cwd=REPO,
                              capture_output=True, text=True, timeout=120)
    assert upgraded.returncode == 0, upgraded.stderr
    token = cli_token(env, "pat", "reviewer")
    port = free_port()
    with processes(tmp_path_factory.mktemp("production"), env) as procs:
        start_server(procs, "api", with_bind(dockerfile_cmd(), f"127.0.0.1:{port}"))
        for name in WORKERS:
            procs.start(name, "worker", "--concurrency", "1", "--name", f"{name}@deploy")
        running = Service(f"http://127.0.0.1:{port}", port, token, procs)

        def healthy() -> bool:
            if procs.procs["api"].poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{procs.log('api')[-3000:]}")
            try:
                return running.get("/healthz", token=None)[0] == 200
            except OSError:
                return False

        wait_for(healthy, 90, "gunicorn to answer /healthz", interval=0.25)
        for name in WORKERS:
            procs.wait_logged(name, "ready.", timeout=90)
        yield running
    databases.drop(url)
    broker.flushdb()
    broker.close()


def test_a_report_goes_from_upload_to_ready_through_the_production_topology(service: Service):
    # gunicorn runs the image's command: two worker processes serving the app.
    assert service.procs.log("api").count("Booting worker with pid") == 2
    # The image's health check passes against it.
    check = [part.replace(":8000/", f":{service.port}/") for part in dockerfile_healthcheck()]
    done = subprocess.run(executable(check), capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr

    sample = samples()[0]
    request_id = f"deploy-{uuid.uuid4().hex}"
    body, content_type = multipart("file", sample.name, sample.content)
    status, headers, answer = http("POST", service.base + "/api/reports", service.token, body,
                                   {"Content-Type": content_type, "X-Request-ID": request_id})
    assert status == 202, answer
    assert headers.get("X-Request-ID") == request_id
    report_id = json.loads(answer)["id"]

    def settled() -> dict | None:
        report = service.json(f"/api/reports/{report_id}")
        return None if report["status"] in ("queued", "processing") else report

    report = wait_for(settled, 120, f"report {report_id} to be ready", interval=0.25)
    assert report["status"] == "ready", report
    assert report["drafts"]["total"] == sample.items
    drafts = service.json(f"/api/reports/{report_id}/drafts")
    listed = drafts["drafts"] if isinstance(drafts, dict) else drafts
    assert len(listed) == sample.items
    assert {d["report_id"] for d in listed} == {report_id}

    # Prometheus' scrape, with the token; none gets 401.
    assert service.get("/metrics", token=None)[0] == 401
    status, headers, text = service.get("/metrics")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    samples_by_name: dict[tuple[str, tuple], float] = {}
    for family in text_string_to_metric_families(text.decode()):
        for point in family.samples:
            samples_by_name[(point.name, tuple(sorted(point.labels.items())))] = point.value
    assert samples_by_name[("hmic_reports", (("state", "ready"),))] == 1
    assert samples_by_name[("hmic_reports", (("state", "queued"),))] == 0
    assert samples_by_name[("hmic_reports_finished_total", (("state", "ready"),))] == 1
    assert samples_by_name[("hmic_uploads_total", ())] == 1
    assert samples_by_name[("hmic_processing_seconds_count", ())] == 1

    # The logs: the API's line about the upload and the worker's lines from processing to
    # ready all carry the report id and the upload's request id.
    def lines_about(text: str) -> list[dict]:
        return [line for line in json_lines(text) if str(line.get("report_id")) == str(report_id)]

    upload_lines = [line for line in json_lines(service.procs.log("api"))
                    if line.get("request_id") == request_id]
    assert upload_lines, service.procs.log("api")[-3000:]
    for line in upload_lines:
        assert {"time", "level", "logger", "message"} <= set(line)
    assert [line for line in upload_lines if str(line["report_id"]) == str(report_id)], \
        upload_lines

    def worker_lines() -> list[dict]:
        lines = lines_about(service.worker_logs())
        return lines if any("ready" in line["message"] for line in lines) else []

    lines = wait_for(worker_lines, 10, "the worker's line saying the report is ready")
    assert {line["request_id"] for line in lines} == {request_id}
    messages = [line["message"] for line in lines]
    assert any("processing" in m for m in messages), messages
