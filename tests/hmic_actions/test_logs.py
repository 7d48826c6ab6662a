"""Log lines: JSON or text, with the request id of the API request and the report id."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from api import create_app
from hmic_actions import logs
from hmic_actions.settings import SettingsError
from tests.builders.samples import corrupt_pdf
from tests.service import api_token, signed_in, wait_for
from worker import runtime, tasks
from worker.dispatch import EmbeddedDispatcher


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """JSON log lines of this test, written to a buffer; the logging set-up is restored."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    buffer = io.StringIO()
    logs.configure_logging(fmt="json", level="INFO", stream=buffer)
    yield buffer
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def lines(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_json_lines_parse_and_carry_the_context(captured):
    log = logging.getLogger("hmic.test")
    log.info("outside")
    with logs.log_context(request_id="req-1", report_id=7):
        log.warning("inside %s", "both")
        with logs.log_context(report_id=8):
            log.info("nested")
        try:
            raise ValueError("boom")
        except ValueError:
            log.exception("failed")
    log.info("after")
    outside, inside, nested, failed, after = lines(captured)
    assert outside["request_id"] is None and outside["report_id"] is None
    assert (inside["level"], inside["logger"], inside["message"]) == ("WARNING", "hmic.test",
                                                                       "inside both")
    assert (inside["request_id"], inside["report_id"]) == ("req-1", 7)
    assert (nested["request_id"], nested["report_id"]) == ("req-1", 8)
    assert "ValueError: boom" in failed["exception"] and failed["report_id"] == 7
    assert after["request_id"] is None and after["report_id"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", inside["time"])


def test_text_lines_are_readable_with_the_context_at_the_end():
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logs.TextFormatter())
    handler.addFilter(logs.ContextFilter())
    log = logging.getLogger("hmic.text")
    log.addHandler(handler)
    log.propagate = False
    try:
        with logs.log_context(request_id="abc", report_id=3):
            log.warning("slow")
        log.warning("plain")
    finally:
        log.removeHandler(handler)
        log.propagate = True
    first, second = buffer.getvalue().splitlines()
    assert first.endswith(" WARNING hmic.text: slow [request=abc report=3]")
    assert second.endswith(" WARNING hmic.text: plain")


def test_the_format_comes_from_the_setting(monkeypatch, captured):
    monkeypatch.setenv("HMIC_LOG_FORMAT", "text")
    buffer = io.StringIO()
    logs.configure_logging(stream=buffer)
    logging.getLogger("hmic.setting").info("hello")
    assert buffer.getvalue().rstrip().endswith("INFO hmic.setting: hello")
    assert captured.getvalue() == ""  # the earlier handler was replaced, not doubled
    monkeypatch.setenv("HMIC_LOG_FORMAT", "yaml")
    with pytest.raises(SettingsError, match="^HMIC_LOG_FORMAT='yaml' is not one of"):
        logs.configure_logging(stream=buffer)


@pytest.mark.parametrize(("header", "kept"), [
    ("upload-42", True), ("a" * 128, True), ("a" * 129, False), ("two words", False),
    ("evil\r\nSet-Cookie: x", False), ("", False),
])
def test_request_ids_are_taken_only_when_plain(header, kept):
    assert (logs.valid_request_id(header) == header) is kept


def test_every_api_line_of_a_request_carries_its_id_and_the_header_echoes_it(
        engine: Engine, captured):
    app = create_app({"ENGINE": engine, "DISPATCHER": EmbeddedDispatcher(runner=lambda _: None)})
    client = signed_in(app.test_client(), api_token(engine, "rory", "reviewer"))
    given = client.get("/api/reports/12345", headers={"X-Request-ID": "caller-7"})
    made = client.get("/api/reports")
    bad = client.get("/api/reports", headers={"X-Request-ID": "no good"})
    probe = client.get("/healthz")  # logged at DEBUG only: not among the lines below
    assert given.status_code == 404 and given.headers["X-Request-ID"] == "caller-7"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", bad.headers["X-Request-ID"])
    assert made.headers["X-Request-ID"] != bad.headers["X-Request-ID"]
    assert probe.status_code == 200 and "X-Request-ID" in probe.headers
    requests = [line for line in lines(captured) if line["logger"] == "api.requests"]
    assert [(line["message"].split(" in ")[0], line["request_id"], line["report_id"])
            for line in requests] == [
        ("GET /api/reports/12345 404", "caller-7", 12345),
        ("GET /api/reports 200", made.headers["X-Request-ID"], None),
        ("GET /api/reports 200", bad.headers["X-Request-ID"], None)]
    assert logs.current_request_id() is None  # nothing leaks out of a request


def test_embedded_mode_carries_the_upload_request_id_to_the_task(engine: Engine, captured):
    dispatcher = EmbeddedDispatcher(runner=tasks.run_here)
    runtime.configure(engine=engine, dispatcher=dispatcher)
    try:
        app = create_app({"ENGINE": engine, "DISPATCHER": dispatcher})
        client = signed_in(app.test_client(), api_token(engine, "rory", "reviewer"))
        response = client.post("/api/reports", headers={"X-Request-ID": "upload-1"},
                               data={"file": (io.BytesIO(corrupt_pdf()), "broken.pdf")},
                               content_type="multipart/form-data")
        assert response.status_code == 202, response.get_data(as_text=True)
        report_id = response.get_json()["id"]
        wait_for(lambda: client.get(f"/api/reports/{report_id}").get_json()["status"]
                 == "failed", 60, "the broken report to fail")
        wait_for(dispatcher.idle, 10, "the worker thread to finish")
    finally:
        dispatcher.stop(timeout=10)
        runtime.configure()
    worker_lines = [line for line in lines(captured) if line["logger"].startswith("worker")]
    about = [line for line in worker_lines if line["report_id"] == report_id]
    assert about and about == worker_lines
    assert {line["request_id"] for line in about} == {"upload-1"}
    messages = " | ".join(line["message"] for line in about)
    assert "(upload request upload-1)" in messages and "failed: broken.pdf" in messages
