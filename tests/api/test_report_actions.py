"""A report's file, reading a failed report again, deleting a report and the inbox of reports
waiting for someone; through Flask's test client on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from models.db import session_scope
from models.ops import reports as report_ops
from models.ops.drafts import confirm_draft, record_extraction, reject_draft
from models.ops.reports import fail_report, finish_report, start_processing
from models.tables import AuditEvent, Draft, Report, StoredFile
from tests.api.test_review import assert_error
from tests.builders.rows import extraction, item
from tests.builders.samples import SAMPLES

SAMPLE = SAMPLES / "boxed_vetting.pdf"


def stored(engine: Engine, name: str, content: bytes, *, status: str = "ready",
           texts: tuple[str, ...] = ()) -> int:
    """A report stored as uploaded, then ready with drafts of ``texts``, failed or left."""
    with session_scope(engine) as session:
        report, _created = report_ops.add_report(session, name, content, "tests")
        if status != "queued":
            start_processing(session, report, "worker")
        if texts:
            record_extraction(session, report, extraction(
                *(item(text, number=str(n)) for n, text in enumerate(texts, start=1))))
        if status == "ready":
            finish_report(session, report, "worker")
        elif status == "failed":
            fail_report(session, report, "has no text layer (scanned or image-only)", "worker")
        return report.id


# --- the file ------------------------------------------------------------------------------------


def test_a_viewer_opens_the_report_as_uploaded(viewer, engine):
    report = stored(engine, SAMPLE.name, SAMPLE.read_bytes())
    response = viewer.get(f"/api/reports/{report}/file")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data == SAMPLE.read_bytes()
    assert response.headers["Content-Disposition"] == 'inline; filename="boxed_vetting.pdf"'
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_a_name_that_is_not_plain_ascii_cannot_break_the_header(viewer, engine):
    report = stored(engine, 'Rapport "été" – 2025.pdf', b"%PDF-1.7 other\n%%EOF\n")
    disposition = viewer.get(f"/api/reports/{report}/file").headers["Content-Disposition"]
    assert disposition == ('inline; filename="Rapport _ete_ 2025.pdf"; '
                           "filename*=UTF-8''Rapport%20%22%C3%A9t%C3%A9%22%20%E2%80%93%202025.pdf")


def test_the_file_needs_a_caller_and_a_report(viewer, anonymous, engine):
    report = stored(engine, SAMPLE.name, SAMPLE.read_bytes())
    assert_error(anonymous.get(f"/api/reports/{report}/file"), 401, "unauthenticated")
    assert_error(viewer.get("/api/reports/999999/file"), 404, "not_found")


# --- reading a failed report again ---------------------------------------------------------------


def test_a_reviewer_retries_a_failed_report(reviewer, engine, queue):
    report = stored(engine, SAMPLE.name, SAMPLE.read_bytes(), status="failed")
    response = reviewer.post(f"/api/reports/{report}/retry")
    assert response.status_code == 202, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["id"], body["status"], body["error"]) == (report, "queued", None)
    assert body["progress"]["summary"] == "waiting for a worker"
    assert queue.sent == [report]
    with session_scope(engine) as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "retry_report", AuditEvent.entity_id == report)).one()
        assert event.actor == "rory"


def test_only_a_failed_report_is_retried(reviewer, viewer, engine, queue):
    ready = stored(engine, SAMPLE.name, SAMPLE.read_bytes(), texts=("Forces should act.",))
    error = assert_error(reviewer.post(f"/api/reports/{ready}/retry"), 409, "not_failed")
    assert error["message"] == (f"report {ready} is ready; only a failed report can be read "
                                "again")
    failed = stored(engine, "scan.pdf", b"%PDF-1.7 scan\n%%EOF\n", status="failed")
    assert_error(viewer.post(f"/api/reports/{failed}/retry"), 403, "forbidden")
    assert_error(reviewer.post("/api/reports/999999/retry"), 404, "not_found")
    assert queue.sent == []
    with session_scope(engine) as session:
        assert session.get(Report, failed).status == "failed"


# --- deleting ------------------------------------------------------------------------------------


def test_a_reviewer_deletes_a_report_nobody_has_decided_on(reviewer, engine, queue):
    report = stored(engine, SAMPLE.name, SAMPLE.read_bytes(),
                    texts=("Forces should vet.", "Forces should train."))
    response = reviewer.delete(f"/api/reports/{report}")
    assert response.status_code == 204 and response.data == b""
    assert_error(reviewer.get(f"/api/reports/{report}"), 404, "not_found")
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(Draft.id))) == 0
        assert session.scalar(select(func.count()).select_from(StoredFile)) == 0
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "delete_report", AuditEvent.entity_id == report)).one()
        assert event.actor == "rory" and len(event.before["drafts"]) == 2
    assert queue.rematched == []  # nothing tracked changed


def test_a_report_with_a_decision_is_kept(reviewer, engine):
    report = stored(engine, SAMPLE.name, SAMPLE.read_bytes(),
                    texts=("Forces should vet.", "Forces should train.", "Forces should act."))
    with session_scope(engine) as session:
        drafts = session.scalars(select(Draft.id).where(Draft.report_id == report)
                                 .order_by(Draft.position)).all()
        reject_draft(session, drafts[0], "sam", "Not for us.")
    error = assert_error(reviewer.delete(f"/api/reports/{report}"), 409, "has_decisions")
    assert error["message"] == (f"report {report} cannot be deleted: 1 of its drafts has been "
                                "decided (undo it first)")
    with session_scope(engine) as session:
        confirm_draft(session, drafts[1], "sam")
    error = assert_error(reviewer.delete(f"/api/reports/{report}"), 409, "has_decisions")
    assert "2 of its drafts have been decided (undo them first)" in error["message"]
    with session_scope(engine) as session:
        assert session.get(Report, report) is not None
        assert session.scalar(select(func.count(Draft.id))) == 3


def test_a_report_being_read_is_not_deleted(reviewer, viewer, engine):
    report = stored(engine, SAMPLE.name, SAMPLE.read_bytes(), status="processing")
    assert_error(reviewer.delete(f"/api/reports/{report}"), 409, "not_ready")
    assert_error(viewer.delete(f"/api/reports/{report}"), 403, "forbidden")
    assert_error(reviewer.delete("/api/reports/999999"), 404, "not_found")
    with session_scope(engine) as session:
        assert session.get(Report, report).status == "processing"


# --- the inbox -----------------------------------------------------------------------------------


@pytest.fixture
def reports(engine: Engine) -> dict[str, int]:
    """Reports in each state the inbox tells apart, oldest first."""
    ids = {
        "to_review": stored(engine, "a.pdf", b"%PDF a", texts=(
            "Forces should vet.", "Forces should train.", "Forces should act.")),
        "all_decided": stored(engine, "b.pdf", b"%PDF b", texts=("Forces should audit.",)),
        "failed": stored(engine, "c.pdf", b"%PDF c", status="failed"),
        "none_found": stored(engine, "d.pdf", b"%PDF d"),
        "queued": stored(engine, "e.pdf", b"%PDF e", status="queued"),
    }
    with session_scope(engine) as session:
        def drafts(name: str) -> list[int]:
            return list(session.scalars(select(Draft.id).where(
                Draft.report_id == ids[name]).order_by(Draft.position)))

        confirm_draft(session, drafts("to_review")[0], "sam")
        reject_draft(session, drafts("all_decided")[0], "sam", "No.")
        ids["next"] = drafts("to_review")[1]
    return ids


def inbox(client, **query: Any) -> dict[str, Any]:
    response = client.get("/api/inbox", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_the_inbox_lists_reports_waiting_for_someone_newest_first(viewer, reports):
    body = inbox(viewer)
    assert body["total"] == 3
    assert [r["id"] for r in body["reports"]] == [
        reports["none_found"], reports["failed"], reports["to_review"]]
    none_found, failed, to_review = body["reports"]
    assert (to_review["waiting"], to_review["summary"]) == ("review", "1 of 3 reviewed")
    assert to_review["counts"] == {"total": 3, "decided": 1, "pending": 2}
    assert to_review["next_draft"]["id"] == reports["next"]
    assert (to_review["next_draft"]["position"], to_review["next_draft"]["number"]) == (2, "2")
    assert to_review["file_name"] == "a.pdf" and to_review["status"] == "ready"
    assert to_review["drafts"]["by_review_state"]["accepted"] == 1
    assert (failed["waiting"], failed["next_draft"]) == ("failed", None)
    assert failed["summary"] == "failed: has no text layer (scanned or image-only)"
    assert failed["counts"] == {"total": 0, "decided": 0, "pending": 0}
    assert (none_found["waiting"], none_found["summary"]) == ("none_found", "no items found")


def test_the_inbox_pages_and_needs_a_caller(viewer, anonymous, reports):
    page = inbox(viewer, limit=1, offset=1)
    assert page["total"] == 3 and [r["id"] for r in page["reports"]] == [reports["failed"]]
    assert_error(viewer.get("/api/inbox?limit=0"), 422, "invalid_body")
    assert_error(anonymous.get("/api/inbox"), 401, "unauthenticated")


def test_a_report_leaves_the_inbox_when_its_last_draft_is_decided(reviewer, engine, reports):
    for draft in (reports["next"], reports["next"] + 1):
        version = reviewer.get(f"/api/drafts/{draft}").get_json()["version"]
        assert reviewer.post(f"/api/drafts/{draft}/reject", json={
            "version": version, "reason": "No."}).status_code == 200
    assert reports["to_review"] not in [r["id"] for r in inbox(reviewer)["reports"]]
