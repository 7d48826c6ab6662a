"""Items a later report restates, progress updates and closing evidence, on both databases:
a draft quoting a tracked item updates it (status, deadline, wording) with a trace on both
sides; a confident same_as is not accepted as a second item by accident."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.ops.drafts import (
    confirm_draft,
    link_draft,
    proposed_update,
    record_extraction,
    record_suggestions,
)
from models.ops.errors import DuplicateError, OperationError
from models.ops.items import add_progress_update, edit_item
from models.ops.undo import undo_decision
from models.reporting.reconciliation import reconciliation
from models.tables import AuditEvent, Draft, TrackedItem
from tests.builders.rows import add_item, add_report, extraction, item

OLD_TEXT = "By 31 December 2024, chief constables should review how they record missing people."


def quoted(session: Session, status: str | None, text: str = OLD_TEXT,
           deadline: str | None = None) -> Draft:
    """A progress report's draft quoting a tracked item (origin earlier_report)."""
    report = add_report(session, title="Missing people: a progress report",
                        published=date(2026, 5, 1))
    return record_extraction(session, report, extraction(
        item(text, number="2", origin="earlier_report", status=status, deadline=deadline),
        title="Missing people: a progress report", published=date(2026, 5, 1)))[0]


def history(session: Session, item_id: int) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == "tracked_items", AuditEvent.entity_id == item_id)
        .order_by(AuditEvent.id)))


@pytest.mark.parametrize(("quoted_status", "current", "expected"), [
    ("completed", "in_progress", "completed"),
    ("closed", "open", "closed"),
    ("in_progress", "open", "in_progress"),
    ("in_progress", "completed", "in_progress"),
    ("incomplete", "completed", "open"),      # the force ended it; the report says not done
    ("incomplete", "in_progress", None),      # still not done: nothing to change
    ("superseded", "open", None),             # needs the superseding item, not just a word
    (None, "open", None),
])
def test_the_status_a_report_gives_an_item(session: Session, quoted_status: str | None,
                                           current: str, expected: str | None) -> None:
    tracked = add_item(session, text=OLD_TEXT, status=current)
    draft = quoted(session, quoted_status)
    changes = proposed_update(draft, tracked)
    assert changes.get("status") == ([current, expected] if expected else None)
    assert "text" not in changes  # the same words


def test_a_quoted_item_updates_its_tracked_item_with_a_trace_on_both_sides(
        session: Session) -> None:
    tracked = add_item(session, text=OLD_TEXT.replace("2024", "2025"), status="in_progress",
                       current_deadline=date(2025, 12, 31))
    draft = quoted(session, "completed", deadline="2026-06-30")
    assert set(proposed_update(draft, tracked)) == {"status", "current_deadline", "text"}
    result = link_draft(session, draft.id, tracked.id, "same_as", "Rory Reviewer")
    session.commit()
    assert result.id == tracked.id
    item = session.get(TrackedItem, tracked.id)
    assert (item.status, item.current_deadline, item.text) == (
        "completed", date(2026, 6, 30), OLD_TEXT)
    # Completing it from the report gives it evidence: the report that says so.
    assert item.evidence.startswith("Missing people: a progress report, published 2026-05-01")
    event = history(session, tracked.id)[-1]
    assert event.action == "restated_in_report" and event.actor == "Rory Reviewer"
    assert event.before["status"] == "in_progress" and event.after["status"] == "completed"
    assert event.after["quoted_in"]["item"] == "Recommendation 2"
    assert event.after["quoted_in"]["status_quoted"] == "completed"
    draft = session.get(Draft, draft.id)
    assert (draft.review_state, draft.tracked_item_id) == ("linked", tracked.id)
    restated = reconciliation(session)["restated"]
    assert [(r["draft_id"], r["tracked_item"]["reference"]) for r in restated] == [
        (draft.id, item.reference)]
    assert restated[0]["changes"]["status"] == ["in_progress", "completed"]


def test_only_the_chosen_changes_are_taken_and_the_rest_is_recorded(session: Session) -> None:
    tracked = add_item(session, text=OLD_TEXT, status="in_progress")
    draft = quoted(session, "completed", deadline="2026-06-30")
    link_draft(session, draft.id, tracked.id, "same_as", "rory", update=["current_deadline"])
    item = session.get(TrackedItem, tracked.id)
    assert (item.status, item.current_deadline) == ("in_progress", date(2026, 6, 30))
    event = history(session, tracked.id)[-1]
    assert event.after["not_taken"] == {"status": ["in_progress", "completed"]}
    # Linking with no changes still leaves the trace.
    other = add_item(session, text="Forces should publish their missing people data.")
    second = quoted(session, "in_progress", text="Forces should publish missing people data.")
    link_draft(session, second.id, other.id, "same_as", "rory", update=[])
    assert session.get(TrackedItem, other.id).text.startswith("Forces should publish their")
    assert history(session, other.id)[-1].action == "restated_in_report"
    with pytest.raises(OperationError, match="cannot take reference"):
        link_draft(session, quoted(session, None).id, other.id, "same_as", "rory",
                   update=["reference"])


def test_undo_puts_the_item_back_unless_it_changed_since(session: Session) -> None:
    tracked = add_item(session, text=OLD_TEXT, status="in_progress")
    draft = quoted(session, "completed")
    link_draft(session, draft.id, tracked.id, "same_as", "rory")
    undo_decision(session, draft.id, "rory")
    item = session.get(TrackedItem, tracked.id)
    assert (item.status, item.evidence) == ("in_progress", None)
    assert history(session, tracked.id)[-1].action == "undo_update_from_report"
    assert session.get(Draft, draft.id).review_state == "pending"

    link_draft(session, draft.id, tracked.id, "same_as", "rory")
    edit_item(session, tracked.id, {"delivery_lead": "DI Rao"}, "lena")
    with pytest.raises(OperationError, match="was changed after this report updated it"):
        undo_decision(session, draft.id, "rory")


def test_a_confident_same_as_is_not_accepted_as_a_second_item(session: Session) -> None:
    tracked = add_item(session, text=OLD_TEXT)
    draft = quoted(session, "in_progress")
    record_suggestions(session, draft.id, "found", [
        {"tracked_id": tracked.id, "relation": "same_as", "band": "suggest_link",
         "score": 100.0, "reasons": ["the same words"]}])
    with pytest.raises(DuplicateError, match=f"same as tracked item {tracked.reference}") as no:
        confirm_draft(session, draft.id, "rory")
    assert no.value.existing.id == tracked.id and "\n" not in str(no.value)
    made = confirm_draft(session, draft.id, "rory", duplicate=True)
    assert made.id != tracked.id
    # A weaker suggestion does not stand in the way.
    other = quoted(session, None, text="Forces should review missing people cases.")
    record_suggestions(session, other.id, "found", [
        {"tracked_id": tracked.id, "relation": "same_as", "band": "needs_look", "score": 70.0}])
    assert confirm_draft(session, other.id, "rory").id not in (tracked.id, made.id)


def test_completing_or_closing_an_item_asks_for_its_evidence(session: Session) -> None:
    tracked = add_item(session, status="in_progress")
    with pytest.raises(OperationError, match="needs the evidence that its action is done"):
        edit_item(session, tracked.id, {"status": "closed"}, "lena")
    edit_item(session, tracked.id, {"status": "closed", "evidence": "Audit of 40 cases."},
              "lena")
    assert session.get(TrackedItem, tracked.id).status == "closed"
    with pytest.raises(OperationError, match="its evidence cannot be removed"):
        edit_item(session, tracked.id, {"evidence": " "}, "lena")
    # Reopening keeps the evidence; completing again needs nothing more.
    edit_item(session, tracked.id, {"status": "in_progress"}, "lena")
    edit_item(session, tracked.id, {"status": "completed", "current_deadline": "2027-01-31",
                                    "action_required": "Audit again\nin 2027."}, "lena")
    item = session.get(TrackedItem, tracked.id)
    assert (item.status, item.current_deadline) == ("completed", date(2027, 1, 31))
    assert item.action_required == "Audit again\nin 2027."


def test_progress_updates_are_dated_authored_and_only_added(session: Session) -> None:
    tracked = add_item(session)
    add_progress_update(session, tracked.id, "  Policy drafted.  ", "Lena Lead")
    earlier = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    add_progress_update(session, tracked.id, "Scoping done.", "DI Rao", at=earlier,
                        source="api")
    session.commit()
    item = session.get(TrackedItem, tracked.id)
    assert [(u.text, u.author, u.source) for u in item.updates] == [
        ("Scoping done.", "DI Rao", "api"), ("Policy drafted.", "Lena Lead", "page")]
    assert item.latest_update.text == "Policy drafted."
    assert [e.action for e in history(session, tracked.id)][-2:] == [
        "add_progress_update", "add_progress_update"]
    for text, at, message in [
            ("   ", None, "cannot be empty"),
            ("x" * 10_001, None, "at most 10,000 characters"),
            ("Later.", datetime.now(UTC) + timedelta(days=2), "cannot be dated in the future"),
            ("Naive.", datetime(2025, 1, 1), "needs its time zone")]:
        with pytest.raises(OperationError, match=message):
            add_progress_update(session, tracked.id, text, "lena", at=at)
    with pytest.raises(OperationError, match="source"):
        add_progress_update(session, tracked.id, "Fine.", "lena", source="fax")


def test_matching_again_does_not_move_a_drafts_version_or_touch_a_decided_one(
        session: Session) -> None:
    tracked = add_item(session, text=OLD_TEXT)
    draft = quoted(session, "in_progress")
    session.commit()
    version = draft.version
    record_suggestions(session, draft.id, "found", [
        {"tracked_id": tracked.id, "relation": "same_as", "band": "needs_look", "score": 70.0}],
        siblings=[])
    session.commit()
    session.expire_all()
    again = session.get(Draft, draft.id)
    assert again.version == version and again.suggestions[0]["score"] == 70.0
    # A reviewer who read the draft before matching ran can still decide on it.
    link_draft(session, draft.id, tracked.id, "same_as", "rory", expected_version=version)
    session.commit()
    decided = session.get(Draft, draft.id)
    record_suggestions(session, draft.id, "no_candidate", [], reason="nothing")
    session.commit()
    session.expire_all()
    kept = session.get(Draft, draft.id)
    assert (kept.review_state, kept.match_state, kept.version) == (
        "linked", "found", decided.version)
