"""Trying a failed report again and removing a report nobody has decided on, on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.ops import reports as report_ops
from models.ops.drafts import (
    confirm_draft,
    record_extraction,
    record_suggestions,
    reject_draft,
)
from models.ops.errors import NotFoundError, OperationError
from models.ops.undo import undo_decision
from models.tables import AuditEvent, Draft, MatchDecision, Report, StoredFile
from tests.builders.rows import add_item, extraction, item


def uploaded(session: Session, content: bytes = b"%PDF a report") -> Report:
    return report_ops.add_report(session, "report.pdf", content, "Priya")[0]


def failed(session: Session, attempts: int = 2) -> Report:
    report = uploaded(session)
    for _ in range(attempts):
        report_ops.start_processing(session, report, "worker")
    return report_ops.fail_report(session, report, "processing was cut off twice", "worker")


def ready(session: Session, *texts: str) -> Report:
    report = uploaded(session, f"%PDF {texts}".encode())
    report_ops.start_processing(session, report, "worker")
    record_extraction(session, report, extraction(*(item(t) for t in texts)), "worker")
    return report_ops.finish_report(session, report, "worker")


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


# --- retry ---------------------------------------------------------------------------------


def test_a_failed_report_goes_back_to_the_queue_with_its_attempts_counted_afresh(session):
    report = failed(session)
    assert report_ops.processing_attempts(session, report.id) == 2
    again = report_ops.retry_report(session, report.id, "Priya")
    assert (again.status, again.error, again.processed_at) == ("queued", None, None)
    assert (again.progress_stage, again.progress_done, again.progress_total) == (None, 0, 0)
    assert report_ops.processing_attempts(session, report.id) == 0
    event = session.scalars(select(AuditEvent).where(
        AuditEvent.action == "retry_report")).one()
    assert (event.actor, event.entity_id) == ("Priya", report.id)
    assert event.before["status"] == "failed" and event.after["status"] == "queued"
    assert event.after["failed_with"] == "processing was cut off twice"
    report_ops.start_processing(session, again, "worker")
    assert report_ops.processing_attempts(session, report.id) == 1


@pytest.mark.parametrize("status", ["queued", "processing", "ready"])
def test_only_a_failed_report_is_retried(session, status: str):
    report = uploaded(session)
    report.status = status
    session.flush()
    with pytest.raises(OperationError, match=rf"report \d+ is {status}; only a failed report"):
        report_ops.retry_report(session, report.id, "Priya")
    assert session.get(Report, report.id).status == status
    with pytest.raises(NotFoundError, match="report 999 does not exist"):
        report_ops.retry_report(session, 999, "Priya")


# --- delete --------------------------------------------------------------------------------


def test_a_report_nobody_decided_on_goes_with_its_drafts_and_file(session):
    report = ready(session, "Forces should act.", "Forces should train.")
    drafts = list(report.drafts)
    old = add_item(session, reference="HMI-2020-0001")
    record_suggestions(session, drafts[0].id, "found", [
        {"tracked_id": old.id, "relation": "same_as", "score": 50, "band": "needs_look"}])
    # A decision made and undone leaves the draft pending, and nothing behind.
    confirm_draft(session, drafts[1].id, "Priya")
    undo_decision(session, drafts[1].id, "Priya")
    report_id, sha = report.id, report.sha256
    report_ops.delete_report(session, report_id, "Lena")
    session.expunge_all()
    assert session.get(Report, report_id) is None and session.get(StoredFile, sha) is None
    assert count(session, Draft) == 0 and count(session, MatchDecision) == 0
    event = session.scalars(select(AuditEvent).where(
        AuditEvent.action == "delete_report")).one()
    assert (event.actor, event.entity_type, event.entity_id) == ("Lena", "reports", report_id)
    assert event.before["file_name"] == "report.pdf"
    assert [d["text"] for d in event.before["drafts"]] == ["Forces should act.",
                                                           "Forces should train."]
    assert event.after == {"drafts_removed": 2, "file_removed": True}
    # The trail of what was done to the drafts stays.
    assert session.scalars(select(AuditEvent).where(
        AuditEvent.action == "undo_decision")).one().entity_id == drafts[1].id


def test_a_failed_or_queued_report_without_drafts_can_go(session):
    report = failed(session)
    report_ops.delete_report(session, report.id, "Lena")
    assert count(session, Report) == 0 and count(session, StoredFile) == 0
    queued = uploaded(session, b"%PDF another")
    report_ops.delete_report(session, queued.id, "Lena")
    assert count(session, Report) == 0


@pytest.mark.parametrize(("decide", "message"), [
    (lambda s, d: confirm_draft(s, d, "Priya"), r"1 of its drafts is decided \(accepted\)"),
    (lambda s, d: reject_draft(s, d, "Priya", "Not for this force"),
     r"1 of its drafts is decided \(rejected\)"),
])
def test_a_report_with_a_decided_draft_is_kept(session, decide, message: str):
    report = ready(session, "Forces should act.", "Forces should train.")
    decide(session, report.drafts[0].id)
    with pytest.raises(OperationError, match=message) as caught:
        report_ops.delete_report(session, report.id, "Lena")
    assert "undo those decisions first" in str(caught.value)
    assert count(session, Draft) == 2 and session.get(Report, report.id) is not None


def test_a_report_an_item_came_from_or_being_processed_is_kept(session):
    report = ready(session, "Forces should act.")
    add_item(session, reference="HMI-2025-0001", source_report_id=report.id)
    with pytest.raises(OperationError, match="tracked item HMI-2025-0001 came from it"):
        report_ops.delete_report(session, report.id, "Lena")
    busy = uploaded(session, b"%PDF busy")
    report_ops.start_processing(session, busy, "worker")
    with pytest.raises(OperationError, match="is being processed"):
        report_ops.delete_report(session, busy.id, "Lena")
    assert count(session, Report) == 2
    with pytest.raises(NotFoundError):
        report_ops.delete_report(session, 999, "Lena")


def test_deleting_names_the_person(session):
    report = ready(session, "Forces should act.")
    with pytest.raises(OperationError, match="name of the person"):
        report_ops.delete_report(session, report.id, " ")
    assert session.get(Report, report.id) is not None and count(session, Draft) == 1
    with pytest.raises(OperationError, match="name of the person"):
        report_ops.retry_report(session, failed(session).id, "")
