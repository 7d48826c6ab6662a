"""Upload and status endpoints through Flask's test client, on SQLite and PostgreSQL.

``client`` calls as a reviewer (with an API token), ``anonymous`` without credentials.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Iterable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from api import create_app
from models.db import session_scope
from models.ops.drafts import confirm_draft, record_extraction, reject_draft
from models.ops.reports import fail_report, finish_report, set_progress
from models.tables import AuditEvent, Report, StoredFile, User
from tests.builders.rows import extraction, item
from tests.builders.samples import samples
from tests.service import api_token, signed_in
from worker.dispatch import CeleryDispatcher


class RecordingQueue:
    """A dispatcher that only records what it was asked to send."""

    mode = "test"

    def __init__(self) -> None:
        self.sent: list[int] = []
        self.rematched: list[int | None] = []

    def send(self, report_id: int) -> None:
        self.sent.append(report_id)

    def waiting(self, report_ids: Iterable[int]) -> set[int]:
        return set(self.sent) & set(report_ids)

    def taken(self, report_id: int) -> None:
        pass

    def rematch(self, report_id: int | None = None) -> None:
        self.rematched.append(report_id)

    def exclusive(self, name: str, seconds: float) -> bool:
        return True

    def check(self) -> str | None:
        return None


@pytest.fixture
def queue() -> RecordingQueue:
    return RecordingQueue()


@pytest.fixture
def app(engine: Engine, queue: RecordingQueue) -> Flask:
    return create_app({"ENGINE": engine, "DISPATCHER": queue, "MAX_UPLOAD_MB": 1})


@pytest.fixture
def reviewer(engine: Engine) -> str:
    """The API token of rory, a reviewer."""
    return api_token(engine, "rory", "reviewer")


@pytest.fixture
def client(app: Flask, reviewer: str) -> FlaskClient:
    return signed_in(app.test_client(), reviewer)


@pytest.fixture
def anonymous(app: Flask) -> FlaskClient:
    return app.test_client()


PDF = samples()[0]


def post(client: FlaskClient, content: bytes, name: str = "report.pdf", field: str = "file"):
    return client.post("/api/reports", data={field: (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def assert_error(response, status: int, code: str) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    message = body["error"]["message"]
    assert message and "\n" not in message and "Traceback" not in message
    return message


def count_reports(engine: Engine) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count(Report.id)))


# --- upload ------------------------------------------------------------------------------------


def test_an_upload_is_stored_queued_and_answered_with_its_url(client, queue, engine):
    response = post(client, PDF.content, "Thematic report.pdf")
    assert response.status_code == 202
    body = response.get_json()
    assert body["url"].endswith(f"/api/reports/{body['id']}")
    assert response.headers["Location"] == body["url"]
    assert body["status"] == "queued" and body["file_name"] == "Thematic report.pdf"
    assert body["size"] == len(PDF.content)
    assert body["progress"]["summary"] == "waiting for a worker"
    assert body["drafts"]["total"] == 0
    assert queue.sent == [body["id"]]
    with session_scope(engine) as session:  # stored by content, committed before queuing
        report = session.get(Report, body["id"])
        stored = session.get(StoredFile, report.sha256)
        assert stored.content == PDF.content and report.sha256 == body["sha256"]


def test_the_same_file_again_gives_the_existing_report(client, queue, engine):
    first = post(client, PDF.content, "a.pdf").get_json()
    again = post(client, PDF.content, "renamed copy.pdf")
    assert again.status_code == 200
    assert again.get_json()["id"] == first["id"]
    assert again.get_json()["file_name"] == "a.pdf"
    assert queue.sent == [first["id"]]  # not queued twice
    assert count_reports(engine) == 1
    other = post(client, samples()[1].content, "b.pdf")
    assert other.status_code == 202 and other.get_json()["id"] != first["id"]


def test_simultaneous_uploads_of_one_file_give_one_report(app, engine, reviewer):
    answers = []

    def upload() -> None:
        with signed_in(app.test_client(), reviewer) as own_client:
            response = post(own_client, PDF.content)
            answers.append((response.status_code, response.get_json()["id"]))

    threads = [threading.Thread(target=upload) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({report_id for _, report_id in answers}) == 1
    assert sorted(status for status, _ in answers) == [200, 200, 200, 202]
    assert count_reports(engine) == 1


def test_a_client_chosen_name_is_only_a_label(client, engine):
    body = post(client, PDF.content, "../../etc/passwd\x00.pdf").get_json()
    assert body["file_name"] == "passwd .pdf"


def test_the_content_decides_not_the_name(client):
    pdf = post(client, PDF.content, "notes.txt")
    assert pdf.status_code == 202 and pdf.get_json()["file_format"] == "pdf"
    page = post(client, b"<html><body><p>hello</p></body></html>", "report.pdf")
    assert page.status_code == 202 and page.get_json()["file_format"] == "html"
    message = assert_error(post(client, b"\x89PNG\r\n\x1a\n" + b"0" * 64, "report.pdf"),
                           415, "unsupported_file")
    assert message == ("the file is not a PDF, a Word document (.docx) or a web page (.html) "
                       "(it looks like a PNG image)")


def test_a_word_document_is_taken_by_its_content(client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    response = post(client, buffer.getvalue(), "report.pdf")
    assert response.status_code == 202 and response.get_json()["file_format"] == "docx"
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "Excel" in assert_error(post(client, other.getvalue(), "report.docx"), 415,
                                   "unsupported_file")


def test_a_pdf_cut_short_is_taken_and_its_reading_decides(client, engine):
    # PDFium reads many PDFs without their end: the upload does not judge it by its bytes.
    response = post(client, PDF.content[: len(PDF.content) // 2])
    assert response.status_code == 202 and response.get_json()["file_format"] == "pdf"
    assert count_reports(engine) == 1


def test_missing_empty_and_oversized_uploads_are_refused(client, engine):
    assert_error(post(client, PDF.content, field="document"), 400, "missing_file")
    assert_error(client.post("/api/reports", json={"file": "x"}), 400, "missing_file")
    assert_error(post(client, b""), 400, "empty_file")
    big = b"%PDF-1.7\n" + b"0" * 1_000_100 + b"\n%%EOF\n"
    assert "1 MB" in assert_error(post(client, big), 413, "file_too_large")
    huge = b"%PDF-1.7\n" + b"0" * 1_200_000 + b"\n%%EOF\n"  # stopped before it is read
    assert_error(post(client, huge), 413, "file_too_large")
    assert count_reports(engine) == 0


def test_a_broker_that_is_down_does_not_lose_the_upload(engine, reviewer):
    app = create_app({"ENGINE": engine,
                      "DISPATCHER": CeleryDispatcher("redis://127.0.0.1:1/0")})
    response = post(signed_in(app.test_client(), reviewer), PDF.content)
    assert response.status_code == 202 and response.get_json()["status"] == "queued"
    with session_scope(engine) as session:
        assert session.get(Report, response.get_json()["id"]).status == "queued"
    health = app.test_client().get("/api/health")
    message = assert_error(health, 503, "unavailable")
    assert message.startswith("queue: cannot reach Redis at redis://127.0.0.1:1/0")


# --- status ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("stage", "done", "total", "summary"), [
    ("starting", 0, 0, "starting"),
    ("reading", 4, 12, "reading page 4 of 12"),
    ("layout", 12, 12, "putting the text in reading order"),
    ("items", 12, 12, "finding the items"),
    ("matching", 2, 9, "matching item 2 of 9 with the tracker"),
    ("saving", 0, 0, "saving the drafts"),
])
def test_each_stage_is_said_in_plain_words(client, engine, stage, done, total, summary):
    report_id = post(client, PDF.content).get_json()["id"]
    with session_scope(engine) as session:
        set_progress(session, report_id, stage, done, total)
    assert client.get(f"/api/reports/{report_id}").get_json()["progress"]["summary"] == summary


def test_the_status_shows_progress_error_and_drafts_by_review_state(client, engine):
    report_id = post(client, PDF.content).get_json()["id"]
    url = f"/api/reports/{report_id}"
    with session_scope(engine) as session:
        set_progress(session, report_id, "reading", 3, 12, {"reading": 0.4567})
    body = client.get(url).get_json()
    assert body["status"] == "processing"
    assert body["progress"] == {"stage": "reading", "done": 3, "total": 12,
                                "summary": "reading page 3 of 12",
                                "seconds": {"reading": 0.457}}
    with session_scope(engine) as session:
        report = session.get(Report, report_id)
        drafts = record_extraction(session, report, extraction(
            item("Forces should act."), item("Forces should report."),
            item("Forces should review.")))
        reject_draft(session, drafts[0].id, "reviewer", "not for us")
        confirm_draft(session, drafts[1].id, "reviewer")
        finish_report(session, report, "worker")
    body = client.get(url).get_json()
    assert body["status"] == "ready" and body["error"] is None
    assert body["drafts"] == {"total": 3, "by_review_state": {
        "pending": 1, "accepted": 1, "edited": 0, "rejected": 1, "linked": 0}}
    with session_scope(engine) as session:
        report = session.get(Report, report_id)
        report.status = "processing"
        fail_report(session, report, "scan.pdf: has no text layer\n(scanned)", "worker")
    body = client.get(url).get_json()
    assert body["status"] == "failed"
    assert body["error"] == "scan.pdf: has no text layer (scanned)"
    assert body["progress"]["summary"] == "failed: scan.pdf: has no text layer (scanned)"


def test_a_failure_reads_without_setting_names_for_reviewers(client, engine):
    report_id = post(client, PDF.content).get_json()["id"]
    error = ("long.pdf: took longer than 0.5 s (limit: 0.5 s before the page count is known; "
             "HMIC_MIN_SECONDS, HMIC_SECONDS_PER_PAGE)")
    with session_scope(engine) as session:
        report = session.get(Report, report_id)
        report.status = "processing"
        fail_report(session, report, error, "worker")
    body = client.get(f"/api/reports/{report_id}").get_json()
    assert body["error"] == error  # the administrator's version names what to change
    assert body["reason"] == ("long.pdf: took longer than 0.5 s (limit: 0.5 s before the page "
                              "count is known)")
    assert body["progress"]["summary"] == f"failed: {body['reason']}"


def test_unknown_reports_paths_and_methods_get_json_errors(client):
    assert "report 999 does not exist" in assert_error(client.get("/api/reports/999"), 404,
                                                       "not_found")
    assert_error(client.get("/api/reports/abc"), 404, "not_found")
    assert_error(client.get("/api/nothing-here"), 404, "not_found")
    assert_error(client.delete("/api/reports"), 405, "method_not_allowed")
    assert_error(client.put("/api/reports/1"), 405, "method_not_allowed")


def test_an_unexpected_error_is_logged_not_shown(app, caplog):
    def boom():
        raise RuntimeError("secret internals at /srv/app.py line 3")

    app.add_url_rule("/api/boom", "boom", boom)
    message = assert_error(app.test_client().get("/api/boom"), 500, "internal_error")
    assert "secret" not in message
    assert "secret internals" in caplog.text


def test_an_unreachable_database_is_a_503(databases, db_backend, queue):
    from models.db import make_engine

    url = databases.new_url(db_backend)
    gone = make_engine(url.replace("127.0.0.1:5432", "127.0.0.1:1")
                       if db_backend == "postgresql" else "sqlite:////nonexistent/dir/x.db")
    app = create_app({"ENGINE": gone, "DISPATCHER": queue})
    # The token cannot be checked without the database: 503, not 401.
    assert_error(signed_in(app.test_client(), "any token").get("/api/reports/1"), 503,
                 "database_unavailable")
    health = app.test_client().get("/api/health")
    assert assert_error(health, 503, "unavailable").startswith("database: ")
    databases.drop(url)


def test_health_reports_database_and_queue_to_anyone(anonymous):
    response = anonymous.get("/api/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {
        "database": "ok", "queue": {"mode": "test", "status": "ok"}}}


# --- who may upload and read ---------------------------------------------------------------------


def test_without_credentials_upload_and_read_get_401(client, anonymous, engine):
    report_id = post(client, PDF.content).get_json()["id"]
    for response in (post(anonymous, samples()[1].content),
                     anonymous.get(f"/api/reports/{report_id}"),
                     anonymous.get("/api/reports/999")):  # 401 before saying what exists
        assert_error(response, 401, "unauthenticated")
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="hmic-actions"'
    bad = signed_in(anonymous, "not-a-token").get(f"/api/reports/{report_id}")
    assert "token is not valid" in assert_error(bad, 401, "unauthenticated")
    assert 'error="invalid_token"' in bad.headers["WWW-Authenticate"]
    assert count_reports(engine) == 1


def test_a_viewer_reads_reports_but_may_not_upload(client, app, engine):
    report_id = post(client, PDF.content).get_json()["id"]
    viewer = signed_in(app.test_client(), api_token(engine, "vera", "viewer"))
    message = assert_error(post(viewer, samples()[1].content), 403, "forbidden")
    assert message == "this needs the reviewer role or higher; vera is a viewer"
    assert count_reports(engine) == 1
    read = viewer.get(f"/api/reports/{report_id}")
    assert read.status_code == 200 and read.get_json()["id"] == report_id


def test_an_upload_records_who_made_it(client, app, engine):
    body = post(client, PDF.content).get_json()
    assert body["uploaded_by"] == "rory"
    admin = signed_in(app.test_client(), api_token(engine, "adam", "admin"))
    second = post(admin, samples()[1].content)
    assert second.status_code == 202 and second.get_json()["uploaded_by"] == "adam"
    assert admin.get(body["url"]).get_json()["uploaded_by"] == "rory"  # the first uploader
    with session_scope(engine) as session:
        rory = session.scalar(select(User).where(User.name == "rory"))
        assert session.get(Report, body["id"]).uploaded_by == rory.id
        event = session.scalar(select(AuditEvent).where(
            AuditEvent.action == "upload_report", AuditEvent.entity_id == body["id"]))
        assert event.actor == "rory"
