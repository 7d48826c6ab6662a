"""`hmic-actions serve` as a new user runs it: one process, no Redis, SQLite, over HTTP,
with a user and token made by `hmic-actions users add` and `tokens create`."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

import pytest

from extractor import extract_file
from tests.builders.samples import build_long_report
from tests.service import Processes, cli_token, free_port, http, multipart, processes, wait_for


def upload(base: str, name: str, content: bytes, token: str | None) -> tuple[int, dict]:
    body, content_type = multipart("file", name, content)
    return http("POST", f"{base}/api/reports", body, content_type, token)


def healthy(base: str) -> bool:
    try:
        return http("GET", f"{base}/api/health")[0] == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def long_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, int]:
    path = build_long_report(tmp_path_factory.mktemp("serve") / "long.pdf", 100)
    return path.read_bytes(), len(extract_file(path).items)


def start_serve(procs: Processes, port: int) -> str:
    procs.start("serve", "serve", "--port", str(port))
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: healthy(base), 60, "hmic-actions serve to answer")
    return base


def test_serve_alone_processes_an_upload_and_shows_progress(tmp_path: Path, long_report):
    content, items = long_report
    env = {k: v for k, v in os.environ.items()
           if k not in ("REDIS_URL", "DATABASE_URL") and not k.startswith("HMIC_")}
    env["HMIC_DATA_DIR"] = str(tmp_path / "data")
    with processes(tmp_path, env) as procs:
        port = free_port()
        base = start_serve(procs, port)
        page = f"http://127.0.0.1:{port}/"
        assert (f"hmic-actions: serving on {page} (open it in a browser; the API is described "
                f"at {page}api/docs; embedded worker; database sqlite:///") in procs.log("serve")
        with urllib.request.urlopen(f"{page}api/docs", timeout=10) as docs:
            assert docs.status == 200 and b"<html" in docs.read(200).lower()
        assert (tmp_path / "data" / "instance" / "hmic-actions.db").exists()
        token = cli_token(env, "alice", "admin")

        status, body = upload(base, "long report.pdf", content, None)
        assert status == 401 and body["error"]["code"] == "unauthenticated"
        status, body = upload(base, "long report.pdf", content, token)
        assert status == 202 and body["status"] == "queued" and body["uploaded_by"] == "alice"
        url = body["url"]
        assert http("GET", url)[0] == 401
        seen, timed = [], []

        def done() -> bool:
            report = http("GET", url, token=token)[1]
            seen.append(report["progress"]["summary"])
            if report["status"] == "processing":
                timed.append(report["progress"]["seconds"])
            return report["status"] in ("ready", "failed")

        wait_for(done, 120, "the report to be processed", interval=0.05)
        report = http("GET", url, token=token)[1]
        assert report["status"] == "ready", report
        assert report["drafts"]["total"] == items and report["page_count"] == 100
        assert any(s.startswith("reading page ") and s.endswith(" of 100") for s in seen), seen
        # While it was read, the status said the seconds so far; once ready, every stage's.
        assert any(t.get("reading", 0) > 0 for t in timed), timed
        assert list(report["progress"]["seconds"]) == [
            "reading", "layout", "items", "analysis", "matching", "saving"]
        assert http("GET", f"{base}/api/health")[1]["checks"]["queue"]["mode"] == "embedded"

        again = upload(base, "the same.pdf", content, token)
        assert again[0] == 200 and again[1]["id"] == body["id"]
        refused = upload(base, "x.pdf", b"GIF89a....", token)[1]
        assert refused["error"]["code"] == "unsupported_file"


def test_a_report_cut_off_by_a_killed_server_is_finished_after_restart(tmp_path: Path,
                                                                       long_report):
    content, items = long_report
    content += b"\n%another copy\n%%EOF\n"
    env = {k: v for k, v in os.environ.items()
           if k not in ("REDIS_URL", "DATABASE_URL") and not k.startswith("HMIC_")}
    env.update(HMIC_DATA_DIR=str(tmp_path / "data"), HMIC_PROGRESS_SECONDS="0.1")
    port = free_port()
    with processes(tmp_path, env) as procs:
        base = start_serve(procs, port)
        token = cli_token(env, "alice", "reviewer")
        url = upload(base, "long.pdf", content, token)[1]["url"]

        def reading() -> bool:
            progress = http("GET", url, token=token)[1]["progress"]
            return progress["stage"] == "reading" and progress["done"] >= 3

        wait_for(reading, 60, "the report to be read", interval=0.05)
        procs.kill("serve")  # SIGKILL, mid-report

        base = start_serve(procs, port)
        wait_for(lambda: http("GET", url, token=token)[1]["status"] == "ready", 120,
                 "the report after restart")  # the token outlives the server
        assert http("GET", url, token=token)[1]["drafts"]["total"] == items
        assert "requeued [1], sent [1]" in procs.log("serve")
