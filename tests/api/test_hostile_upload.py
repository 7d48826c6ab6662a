"""Hostile documents uploaded to a real `hmic-actions serve` (embedded worker, SQLite).

Every document of tests/builders/hostile.py is uploaded, with a good report among them:
each is refused at once with a clear 4xx JSON error, or becomes a report that ends failed
with its reason, or (a readable one) ends ready with its recommendation. The good report
ends ready, and ``/healthz`` answers throughout, polled from another thread.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from tests.builders.hostile import BODY, DOCUMENTS, Hostile
from tests.builders.samples import samples
from tests.service import cli_token, free_port, http, multipart, processes, wait_for

LIMITS = {"HMIC_MAX_MEMORY_MB": "256", "HMIC_MIN_SECONDS": "20",
          "HMIC_SECONDS_PER_PAGE": "2", "HMIC_MAX_PAGES": "600", "HMIC_MAX_FILE_MB": "100"}

# What the upload endpoint answers at once, by document; every other one is queued (202).
REFUSED_AT_UPLOAD = {
    "empty": (400, "empty_file", "empty"),
    "random_bytes": (415, "unsupported_file", "not a PDF"),
    "png": (415, "unsupported_file", "PNG"),
    "zip": (415, "unsupported_file", "ZIP"),
}


class HealthWatch(threading.Thread):
    """Polls ``/healthz`` until stopped; keeps every failure and the slowest answer."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.url = f"{base}/healthz"
        self.stop = threading.Event()
        self.answers = 0
        self.failures: list[str] = []
        self.slowest = 0.0

    def run(self) -> None:
        while not self.stop.is_set():
            start = time.monotonic()
            try:
                status, body = http("GET", self.url, timeout=5)
                if status != 200 or body.get("status") != "ok":
                    self.failures.append(f"{status} {body}")
                else:
                    self.answers += 1
            except OSError as exc:
                self.failures.append(repr(exc))
            self.slowest = max(self.slowest, time.monotonic() - start)
            self.stop.wait(0.2)


def test_hostile_uploads_end_clearly_and_the_service_keeps_answering(tmp_path: Path,
                                                                     record_property):
    env = {k: v for k, v in os.environ.items()
           if k not in ("REDIS_URL", "DATABASE_URL") and not k.startswith("HMIC_")}
    env.update(LIMITS, HMIC_DATA_DIR=str(tmp_path / "data"))
    good = next(s for s in samples() if s.items > 0)
    files = {doc.name: doc.build(tmp_path / f"{doc.name}.pdf").read_bytes() for doc in DOCUMENTS}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with processes(tmp_path, env) as procs:
        procs.start("serve", "serve", "--port", str(port))
        wait_for(lambda: _answers(base), 60, "hmic-actions serve to answer")
        token = cli_token(env, "rhian", "reviewer")
        watch = HealthWatch(base)
        watch.start()
        try:
            started = time.monotonic()
            queued: dict[str, str] = {}
            for doc in DOCUMENTS:
                body, content_type = multipart("file", f"{doc.name}.pdf", files[doc.name])
                status, answer = http("POST", f"{base}/api/reports", body, content_type, token)
                record_property(f"{doc.name}.upload", status)
                if doc.name in REFUSED_AT_UPLOAD:
                    code, error, word = REFUSED_AT_UPLOAD[doc.name]
                    assert status == code, (doc.name, status, answer)
                    assert set(answer) == {"error"}, answer
                    assert answer["error"]["code"] == error
                    message = answer["error"]["message"]
                    assert word.lower() in message.lower() and "\n" not in message, message
                else:
                    assert status == 202, (doc.name, status, answer)
                    queued[doc.name] = answer["url"]
            body, content_type = multipart("file", good.name, good.content)
            status, answer = http("POST", f"{base}/api/reports", body, content_type, token)
            assert status == 202, answer
            queued["sample"] = answer["url"]

            def settled() -> dict[str, dict] | None:
                reports = {name: http("GET", url, token=token)[1] for name, url in queued.items()}
                busy = [r for r in reports.values() if r["status"] not in ("ready", "failed")]
                return None if busy else reports

            reports = wait_for(settled, 240, "every upload to be ready or failed", interval=0.5)
            record_property("settled_seconds", round(time.monotonic() - started, 1))
        finally:
            watch.stop.set()
            watch.join(timeout=10)
        record_property("healthz_answers", watch.answers)
        record_property("healthz_slowest_seconds", round(watch.slowest, 3))

        for name, report in reports.items():
            record_property(f"{name}.status", report["status"])
            record_property(f"{name}.error", report["error"] or "")
            record_property(f"{name}.processing_seconds", _seconds(report))
        sample = reports.pop("sample")
        assert sample["status"] == "ready", sample
        assert sample["drafts"]["total"] == good.items
        for name, report in reports.items():
            check_report(next(d for d in DOCUMENTS if d.name == name), report, token)
        assert watch.failures == [], watch.failures[:5]
        assert watch.answers >= 2  # it answered while the uploads were read, not just once
        assert watch.slowest < 2.0, watch.slowest
        assert "Traceback" not in procs.log("serve")


def check_report(doc: Hostile, report: dict, token: str) -> None:
    """A queued hostile document ended as it must: ready with its item (or with none), or
    failed with why."""
    if doc.outcome == "ok":
        assert report["status"] == "ready", (doc.name, report)
        assert report["drafts"]["total"] == 1, (doc.name, report)
        status, body = http("GET", report["url"] + "/drafts", token=token)
        assert status == 200, body
        [draft] = body["drafts"]
        assert (draft["kind"], draft["number"], draft["deadline"], draft["text"]) == (
            "recommendation", "1", "2027-03-31", " ".join(BODY)), (doc.name, draft)
        return
    if doc.outcome == "none":
        assert report["status"] == "ready", (doc.name, report)
        assert report["drafts"]["total"] == 0, (doc.name, report)
        return
    assert report["status"] == "failed", (doc.name, report)
    error = report["error"]
    assert error and "\n" not in error and "Traceback" not in error, error
    for word in doc.words:
        assert word.lower() in error.lower(), (doc.name, error)


def _seconds(report: dict) -> float:
    if not report["processed_at"]:
        return -1.0
    from datetime import datetime

    done = datetime.fromisoformat(report["processed_at"])
    uploaded = datetime.fromisoformat(report["uploaded_at"])
    return round((done - uploaded).total_seconds(), 2)


def _answers(base: str) -> bool:
    try:
        return http("GET", f"{base}/healthz", timeout=5)[0] == 200
    except OSError:
        return False
