"""Undoing a decision on a draft (models.ops.undo_decision), on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.ops.drafts import (
    confirm_draft,
    edit_draft,
    link_draft,
    record_extraction,
    record_suggestions,
    reject_draft,
)
from models.ops.errors import ConflictError, NotFoundError, OperationError
from models.ops.items import edit_item, supersede_item
from models.ops.undo import undo_decision
from models.tables import AuditEvent, Draft, Link, MatchDecision, TrackedItem
from tests.builders.rows import add_item, add_report, extraction, item


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


def last_event(session: Session, action: str) -> AuditEvent:
    return session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                           .order_by(AuditEvent.id.desc())).first()


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    """A report with three pending drafts, two existing items, and suggestions on draft 1."""
    report = add_report(session, title="Vetting and counter-corruption")
    drafts = record_extraction(session, report, extraction(
        item("Forces should check vetting decisions.", number="1"),
        item("Forces should publish a counter-corruption plan.", number="2",
             deadline_relative="P6M"),
        item("Forces should train supervisors.", number="3")), actor="worker")
    old = add_item(session, text="Forces should check vetting.", status="in_progress")
    other = add_item(session, text="Forces should audit their systems.")
    record_suggestions(session, drafts[0].id, "found", [
        {"tracked_id": old.id, "relation": "same_as", "score": 0.8, "band": "high"},
        {"tracked_id": other.id, "relation": "related", "score": 0.3, "band": "low"}])
    session.commit()
    return {"drafts": drafts, "old": old, "other": other}


def test_undoing_a_rejection_makes_the_draft_pending_and_keeps_the_note_in_the_audit(
        session, world):
    draft = world["drafts"][0]
    reject_draft(session, draft.id, "rory", "Not for this force.")
    assert count(session, MatchDecision) == 2
    version = draft.version
    undo_decision(session, draft.id, "rory", expected_version=version)
    session.commit()
    assert (draft.review_state, draft.review_note, draft.reviewed_by, draft.reviewed_at) == (
        "pending", None, None, None)
    assert draft.version == version + 1
    assert count(session, MatchDecision) == 0
    event = last_event(session, "undo_decision")
    assert (event.actor, event.entity_type, event.entity_id) == ("rory", "drafts", draft.id)
    assert event.before["review_note"] == "Not for this force."
    assert event.before["review_state"] == "rejected" and event.after["review_state"] == "pending"
    assert len(event.after["removed_match_decisions"]) == 2
    # The draft can be decided again.
    confirm_draft(session, draft.id, "rory")
    assert draft.review_state == "accepted"


def test_undoing_a_same_as_link_clears_the_tracked_item_and_keeps_the_item(session, world):
    draft, old = world["drafts"][0], world["old"]
    link_draft(session, draft.id, old.id, "same_as", "rory")
    items = count(session, TrackedItem)
    undo_decision(session, draft.id, "rory")
    session.commit()
    assert draft.review_state == "pending" and draft.tracked_item_id is None
    assert count(session, TrackedItem) == items and session.get(TrackedItem, old.id) is not None
    assert count(session, MatchDecision) == 0


def test_undoing_an_accept_removes_the_created_item_and_keeps_the_edited_text(session, world):
    draft = world["drafts"][1]
    edit_draft(session, draft.id, {"text": "Forces should publish a new plan."}, "rory")
    item_row = confirm_draft(session, draft.id, "rory", confirm_deadline=True,
                                 chief_officer_lead="DCC Ellis")
    session.commit()
    assert draft.review_state == "edited" and draft.deadline_confirmed
    item_id, reference = item_row.id, item_row.reference
    items = count(session, TrackedItem)
    undo_decision(session, draft.id, "rory")
    session.commit()
    assert session.get(TrackedItem, item_id) is None
    assert count(session, TrackedItem) == items - 1
    assert draft.review_state == "pending" and draft.tracked_item_id is None
    assert draft.text == "Forces should publish a new plan."
    assert len(draft.edit_history) == 1
    assert draft.deadline_confirmed is False  # as it was before the accept
    event = last_event(session, "undo_decision")
    assert event.after["removed_item"]["reference"] == reference
    assert event.after["removed_item"]["chief_officer_lead"] == "DCC Ellis"
    removal = last_event(session, "remove_item")
    assert (removal.entity_type, removal.entity_id) == ("tracked_items", item_id)
    # Accepting again makes a new item with the draft's kept text.
    again = confirm_draft(session, draft.id, "rory")
    assert again.text == "Forces should publish a new plan." and draft.review_state == "edited"
    # ... under a new reference: the withdrawn one may have been seen or exported already.
    assert again.reference != reference
    assert int(again.reference.rsplit("-", 1)[1]) > int(reference.rsplit("-", 1)[1])


def test_undoing_a_supersede_restores_the_old_items_status_and_removes_the_link(session, world):
    draft, old = world["drafts"][0], world["old"]
    new = link_draft(session, draft.id, old.id, "supersedes", "rory")
    session.commit()
    assert old.status == "superseded" and old.superseded_by_id == new.id
    assert count(session, Link) == 1 and count(session, MatchDecision) == 2
    new_id = new.id
    undo_decision(session, draft.id, "rory")
    session.commit()
    session.refresh(old)
    assert (old.status, old.superseded_by_id) == ("in_progress", None)
    assert session.get(TrackedItem, new_id) is None
    assert count(session, Link) == 0 and count(session, MatchDecision) == 0
    event = last_event(session, "undo_decision")
    assert event.after["restored_item"]["status"] == "in_progress"
    assert [link["relation"] for link in event.after["removed_links"]] == ["supersedes"]
    restore = last_event(session, "unsupersede_item")
    assert restore.entity_id == old.id and restore.before["status"] == "superseded"


@pytest.mark.parametrize("relation", ["depends_on", "related"])
def test_undoing_a_dependency_or_relation_removes_the_new_item_and_its_link(
        session, world, relation):
    draft, other = world["drafts"][2], world["other"]
    new = link_draft(session, draft.id, other.id, relation, "rory")
    new_id = new.id
    undo_decision(session, draft.id, "rory")
    session.commit()
    assert session.get(TrackedItem, new_id) is None and count(session, Link) == 0
    assert session.get(TrackedItem, other.id).status == "open"
    assert draft.review_state == "pending"


def test_a_pending_draft_has_nothing_to_undo(session, world):
    with pytest.raises(OperationError, match="pending; there is no decision to undo"):
        undo_decision(session, world["drafts"][0].id, "rory")


def test_a_stale_version_and_a_missing_draft_are_refused(session, world):
    draft = world["drafts"][0]
    reject_draft(session, draft.id, "rory", "Duplicate.")
    session.commit()
    with pytest.raises(ConflictError, match="changed by someone else"):
        undo_decision(session, draft.id, "rory", expected_version=draft.version - 1)
    with pytest.raises(NotFoundError):
        undo_decision(session, 999_999, "rory")


def refused(session: Session, draft_id: int, words: str) -> None:
    session.commit()
    state = session.get(Draft, draft_id).review_state
    items, links = count(session, TrackedItem), count(session, Link)
    with pytest.raises(OperationError, match=words) as raised:
        undo_decision(session, draft_id, "rory")
    assert "\n" not in str(raised.value)
    session.rollback()
    assert session.get(Draft, draft_id).review_state == state
    assert (count(session, TrackedItem), count(session, Link)) == (items, links)


def test_refused_when_the_created_item_was_edited_since(session, world):
    draft = world["drafts"][1]
    new = confirm_draft(session, draft.id, "rory")
    edit_item(session, new.id, {"delivery_lead": "Insp Khan"}, "lena")
    refused(session, draft.id, r"was changed after it was created \(last by lena on \d")


def test_refused_when_another_draft_was_linked_to_the_created_item(session, world):
    first, second = world["drafts"][1], world["drafts"][2]
    new = confirm_draft(session, first.id, "rory")
    link_draft(session, second.id, new.id, "same_as", "lena", update=[])
    refused(session, first.id, f"what draft {second.id} was decided as")


def test_refused_when_another_item_depends_on_the_created_item(session, world):
    first, second = world["drafts"][1], world["drafts"][2]
    new = confirm_draft(session, first.id, "rory")
    link_draft(session, second.id, new.id, "depends_on", "lena")
    refused(session, first.id, "target of a depends_on link")


def test_refused_when_the_created_item_was_superseded(session, world):
    first = world["drafts"][1]
    new = confirm_draft(session, first.id, "rory")
    later = add_item(session, text="Forces should publish a better plan.")
    supersede_item(session, new.id, later.id, "lena")
    refused(session, first.id, "changed after it was created|superseded by")


def test_refused_when_the_created_item_supersedes_something_else_since(session, world):
    first = world["drafts"][1]
    new = confirm_draft(session, first.id, "rory")
    supersede_item(session, world["other"].id, new.id, "lena")
    refused(session, first.id, "supersedes link to tracked item .* added after the decision")


def test_refused_when_another_decision_names_the_created_item(session, world):
    first, second = world["drafts"][1], world["drafts"][2]
    new = confirm_draft(session, first.id, "rory")
    record_suggestions(session, second.id, "found",
                           [{"tracked_id": new.id, "relation": "same_as", "score": 0.5}])
    reject_draft(session, second.id, "lena", "Not ours.")
    refused(session, first.id, f"part of the decision on draft {second.id}")


def test_undo_then_redecide_then_undo_again(session, world):
    draft, old = world["drafts"][0], world["old"]
    link_draft(session, draft.id, old.id, "supersedes", "rory")
    undo_decision(session, draft.id, "rory")
    link_draft(session, draft.id, old.id, "same_as", "rory")
    undo_decision(session, draft.id, "rory")
    reject_draft(session, draft.id, "rory", "Out of scope.")
    session.commit()
    assert draft.review_state == "rejected" and old.status == "in_progress"
    assert count(session, MatchDecision) == 2
    assert [e.action for e in session.scalars(
        select(AuditEvent).where(AuditEvent.action == "undo_decision"))] == ["undo_decision"] * 2
