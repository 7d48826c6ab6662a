"""Undoing a decision and reading a draft's suggestions through the API (SQLite, PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from models.db import session_scope
from models.ops.drafts import (
    confirm_draft,
    edit_draft,
    record_extraction,
    record_suggestions,
    reject_draft,
)
from models.tables import AuditEvent, Draft, Link, MatchDecision, TrackedItem
from tests.api.test_review import assert_error, version_of
from tests.builders.rows import add_item, add_report, extraction, item


@pytest.fixture
def setup(engine: Engine) -> dict[str, Any]:
    """Three pending drafts; the first has suggestions for two items and a missing one."""
    with session_scope(engine) as session:
        report = add_report(session, title="Stalking and harassment")
        drafts = record_extraction(session, report, extraction(
            item("By 30 June 2026, forces should  review how they record stalking.", number="1"),
            item("Forces should train call handlers.", number="2"),
            item("Forces should publish their plan.", number="3")))
        old = add_item(session, text="By 31 March 2025, forces should review how they "
                                     "record harassment.", status="in_progress")
        other = add_item(session, text="Forces should record stalking.")
        record_suggestions(session, drafts[0].id, "found", [
            {"tracked_id": old.id, "relation": "supersedes", "score": 0.82, "band": "high",
             "reasons": ["same topic", "later deadline"], "margin": 0.3},
            {"tracked_id": other.id, "relation": "related", "score": 0.41, "band": "low"},
            {"tracked_id": 987_654, "relation": "same_as", "score": 0.2, "band": "low"}])
        return {"drafts": [d.id for d in drafts], "old": old.id, "other": other.id}


def undo(client, draft_id: int, version: int | None, **kwargs):
    body = {} if version is None else {"version": version}
    return client.post(f"/api/drafts/{draft_id}/undo", json=body, **kwargs)


def count(engine: Engine, model: type) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


# --- undo --------------------------------------------------------------------------------------


def test_a_reviewer_undoes_a_rejection(reviewer, engine, setup):
    draft = setup["drafts"][1]
    rejected = reviewer.post(f"/api/drafts/{draft}/reject", json={
        "version": version_of(engine, draft), "reason": "Not for us."}).get_json()["draft"]
    response = undo(reviewer, draft, rejected["version"])
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["tracked_item"] is None
    assert body["draft"]["review_state"] == "pending" and body["draft"]["review_note"] is None
    assert body["draft"]["version"] > rejected["version"]
    with session_scope(engine) as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "undo_decision")).one()
        assert (event.actor, event.entity_id) == ("rory", draft)
        assert event.before["review_note"] == "Not for us."


def test_undoing_a_supersede_through_if_match_removes_the_item_and_restores_the_old(
        reviewer, engine, setup):
    draft = setup["drafts"][0]
    decided = reviewer.post(f"/api/drafts/{draft}/link", json={
        "version": version_of(engine, draft), "tracked_item_id": setup["old"],
        "relation": "supersedes"}).get_json()
    new_id = decided["tracked_item"]["id"]
    assert count(engine, Link) == 1 and count(engine, MatchDecision) == 3 - 1
    response = undo(reviewer, draft, None,
                    headers={"If-Match": f'"{decided["draft"]["version"]}"'})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["draft"]["tracked_item_id"] is None
    with session_scope(engine) as session:
        assert session.get(TrackedItem, new_id) is None
        old = session.get(TrackedItem, setup["old"])
        assert (old.status, old.superseded_by_id) == ("in_progress", None)
    assert count(engine, Link) == 0 and count(engine, MatchDecision) == 0
    # Decided again, differently.
    again = reviewer.post(f"/api/drafts/{draft}/accept",
                          json={"version": version_of(engine, draft)})
    assert again.status_code == 200 and again.get_json()["draft"]["review_state"] == "accepted"


def test_undoing_a_pending_draft_is_409_not_pending(reviewer, engine, setup):
    draft = setup["drafts"][2]
    error = assert_error(undo(reviewer, draft, version_of(engine, draft)), 409, "not_pending")
    assert error["current"]["review_state"] == "pending"


def test_a_stale_undo_is_409_and_changes_nothing(reviewer, engine, setup):
    draft = setup["drafts"][1]
    with session_scope(engine) as session:
        confirm_draft(session, draft, "sam")
    read = version_of(engine, draft)
    error = assert_error(undo(reviewer, draft, read - 1), 409, "version_conflict")
    assert error["current"]["version"] == read and error["current"]["review_state"] == "accepted"
    assert_error(undo(reviewer, draft, None), 422, "version_required")
    with session_scope(engine) as session:
        assert session.get(Draft, draft).review_state == "accepted"


def test_an_undo_that_would_lose_later_work_is_422(reviewer, engine, setup):
    draft = setup["drafts"][1]
    accepted = reviewer.post(f"/api/drafts/{draft}/accept",
                             json={"version": version_of(engine, draft)}).get_json()
    item_json = accepted["tracked_item"]
    edited = reviewer.patch(f"/api/tracked-items/{item_json['id']}", json={
        "version": item_json["version"], "delivery_lead": "Supt Rao"})
    assert edited.status_code == 200
    error = assert_error(undo(reviewer, draft, accepted["draft"]["version"]), 422, "invalid")
    assert "changed after it was created" in error["message"]
    with session_scope(engine) as session:
        assert session.get(TrackedItem, item_json["id"]).delivery_lead == "Supt Rao"
        assert session.get(Draft, draft).review_state == "accepted"


def test_undo_needs_a_reviewer(viewer, anonymous, engine, setup):
    draft = setup["drafts"][1]
    with session_scope(engine) as session:
        reject_draft(session, draft, "sam", "No.")
    version = version_of(engine, draft)
    assert_error(undo(viewer, draft, version), 403, "forbidden")
    assert_error(undo(anonymous, draft, version), 401, "unauthenticated")
    assert_error(undo(viewer, 999_999, 1), 403, "forbidden")
    with session_scope(engine) as session:
        assert session.get(Draft, draft).review_state == "rejected"


def test_undoing_an_unknown_draft_is_404(reviewer, setup):
    assert_error(undo(reviewer, 999_999, 1), 404, "not_found")


# --- suggestions -------------------------------------------------------------------------------


def test_a_viewer_reads_suggestions_with_items_and_word_diffs(viewer, engine, setup):
    draft = setup["drafts"][0]
    response = viewer.get(f"/api/drafts/{draft}/suggestions")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["draft_id"] == draft and body["version"] == version_of(engine, draft)
    first, second, gone = body["suggestions"]
    # Every stored field is kept.
    assert first["reasons"] == ["same topic", "later deadline"] and first["margin"] == 0.3
    assert (first["tracked_id"], first["relation"], first["score"], first["band"]) == (
        setup["old"], "supersedes", 0.82, "high")
    assert first["item"]["id"] == setup["old"] and first["item"]["status"] == "in_progress"
    assert first["diff"] == [
        {"op": "equal", "text": "By"},
        {"op": "delete", "text": "31 March 2025,"},
        {"op": "insert", "text": "30 June 2026,"},
        {"op": "equal", "text": "forces should review how they record"},
        {"op": "delete", "text": "harassment."},
        {"op": "insert", "text": "stalking."},
    ]
    assert second["item"]["text"] == "Forces should record stalking."
    assert " ".join(r["text"] for r in second["diff"] if r["op"] != "insert") == (
        "Forces should record stalking.")
    assert " ".join(r["text"] for r in second["diff"] if r["op"] != "delete") == (
        "By 30 June 2026, forces should review how they record stalking.")
    assert gone["tracked_id"] == 987_654 and gone["item"] is None and gone["diff"] is None


def test_suggestions_follow_an_edited_text_and_an_item_removed_by_an_undo(
        reviewer, viewer, engine, setup):
    draft = setup["drafts"][1]
    accepted = reviewer.post(f"/api/drafts/{draft}/accept",
                             json={"version": version_of(engine, draft)}).get_json()
    new_id = accepted["tracked_item"]["id"]
    with session_scope(engine) as session:
        record_suggestions(session, setup["drafts"][2], "found", [
            {"tracked_id": new_id, "relation": "related", "score": 0.5, "band": "medium"}])
        edit_draft(session, setup["drafts"][2],
                       {"text": "Forces should train all call handlers."}, "sam")
    shown = viewer.get(f"/api/drafts/{setup['drafts'][2]}/suggestions").get_json()
    assert shown["suggestions"][0]["diff"] == [
        {"op": "equal", "text": "Forces should train"}, {"op": "insert", "text": "all"},
        {"op": "equal", "text": "call handlers."}]
    assert undo(reviewer, draft, accepted["draft"]["version"]).status_code == 200
    shown = viewer.get(f"/api/drafts/{setup['drafts'][2]}/suggestions").get_json()
    assert shown["suggestions"][0]["item"] is None and shown["suggestions"][0]["diff"] is None


def test_a_draft_without_suggestions_has_an_empty_list(viewer, setup):
    body = viewer.get(f"/api/drafts/{setup['drafts'][1]}/suggestions").get_json()
    assert body["suggestions"] == []


def test_suggestions_need_a_caller_and_an_existing_draft(viewer, anonymous, setup):
    assert_error(anonymous.get(f"/api/drafts/{setup['drafts'][0]}/suggestions"), 401,
                 "unauthenticated")
    assert_error(viewer.get("/api/drafts/999999/suggestions"), 404, "not_found")
