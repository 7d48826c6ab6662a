"""Restated items, progress updates and evidence through the API, on SQLite and PostgreSQL:
the update preview, a same_as link that updates the item, the duplicate guard on accept,
progress updates, closing with evidence, and matching again after decisions."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

from models.db import session_scope
from models.ops.drafts import record_extraction, record_suggestions
from models.tables import Draft, TrackedItem
from tests.api.test_review import assert_error
from tests.builders.rows import add_item, add_report, extraction, item

OLD_TEXT = "By 31 March 2025, chief constables should audit how they grade domestic abuse calls."


@pytest.fixture
def world(engine: Engine) -> dict[str, int]:
    """A tracked item in progress, and a progress report's draft quoting it as completed,
    with a confident same_as suggestion."""
    with session_scope(engine) as session:
        tracked = add_item(session, reference="DA-2023-01", text=OLD_TEXT,
                           status="in_progress", current_deadline=date(2025, 3, 31))
        report = add_report(session, title="Domestic abuse: a progress report",
                            published=date(2026, 4, 1))
        draft = record_extraction(session, report, extraction(
            item(OLD_TEXT, number="1", origin="earlier_report", status="completed",
                 deadline="2025-03-31"),
            item("Chief constables should publish their audit.", number="2"),
            title="Domestic abuse: a progress report", published=date(2026, 4, 1)))[0]
        record_suggestions(session, draft.id, "found", [
            {"tracked_id": tracked.id, "relation": "same_as", "band": "suggest_link",
             "score": 100.0, "reasons": ["quotes the tracked item word for word"]}])
        return {"item": tracked.id, "draft": draft.id, "report": report.id}


def draft_version(engine: Engine, draft_id: int) -> int:
    with session_scope(engine) as session:
        return session.get(Draft, draft_id).version


def item_now(client: FlaskClient, item_id: int) -> dict:
    response = client.get(f"/api/tracked-items/{item_id}")
    assert response.status_code == 200
    return response.get_json()


def test_the_preview_shows_what_the_report_would_change(viewer, world):
    body = viewer.get(f"/api/drafts/{world['draft']}/update-preview/{world['item']}").get_json()
    assert body["changes"] == {"status": ["in_progress", "completed"]}
    assert body["quoted_in"]["report"] == "Domestic abuse: a progress report"
    assert body["quoted_in"]["status_quoted_label"] == "Completed"
    assert body["diff"] is None and body["tracked_item"]["reference"] == "DA-2023-01"
    assert_error(viewer.get(f"/api/drafts/{world['draft']}/update-preview/99999"),
                 404, "not_found")


def test_accept_asks_before_a_second_item_and_link_updates_the_first(
        reviewer, engine, world, queue):
    version = draft_version(engine, world["draft"])
    error = assert_error(reviewer.post(f"/api/drafts/{world['draft']}/accept",
                                       json={"version": version}), 409, "duplicate")
    assert error["existing"] == {"id": world["item"], "reference": "DA-2023-01"}
    assert "DA-2023-01" in error["message"]
    with session_scope(engine) as session:
        assert session.get(Draft, world["draft"]).review_state == "pending"

    response = reviewer.post(f"/api/drafts/{world['draft']}/link", json={
        "version": version, "tracked_item_id": world["item"], "relation": "same_as"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["tracked_item"]["status"] == "completed"
    item = item_now(reviewer, world["item"])
    assert item["status"] == "completed" and item["evidence"].startswith("Domestic abuse")
    history = reviewer.get(f"/api/tracked-items/{world['item']}/history").get_json()["events"]
    assert history[-1]["action"] == "restated_in_report"
    assert history[-1]["after"]["changes"] == {"status": ["in_progress", "completed"]}
    assert queue.rematched == [world["report"]]
    restated = reviewer.get("/api/reconciliation").get_json()["restated"]
    assert [r["tracked_item"]["id"] for r in restated] == [world["item"]]


def test_link_takes_only_the_changes_named(reviewer, engine, world):
    response = reviewer.post(f"/api/drafts/{world['draft']}/link", json={
        "version": draft_version(engine, world["draft"]), "tracked_item_id": world["item"],
        "relation": "same_as", "update": []})
    assert response.status_code == 200
    assert item_now(reviewer, world["item"])["status"] == "in_progress"
    bad = reviewer.post(f"/api/drafts/{world['draft']}/link", json={
        "version": 1, "tracked_item_id": world["item"], "relation": "same_as",
        "update": ["reference"]})
    assert_error(bad, 422, "invalid_body")


def test_accept_on_purpose_makes_a_second_item(reviewer, engine, world, queue):
    response = reviewer.post(f"/api/drafts/{world['draft']}/accept", json={
        "version": draft_version(engine, world["draft"]), "duplicate": True})
    assert response.status_code == 200
    assert response.get_json()["tracked_item"]["id"] != world["item"]
    assert queue.rematched == [world["report"]]


def test_progress_updates_are_added_and_listed(reviewer, viewer, world):
    path = f"/api/tracked-items/{world['item']}/updates"
    assert viewer.get(path).get_json() == {"updates": []}
    response = reviewer.post(path, json={"text": "Audit of 50 calls done.",
                                         "at": "2026-01-15T10:00:00+00:00"})
    assert response.status_code == 201, response.get_data(as_text=True)
    created = response.get_json()
    assert (created["author"], created["source"]) == ("rory", "api")
    reviewer.post(path, json={"text": "Findings to the board."})
    listed = viewer.get(path).get_json()["updates"]
    assert [u["text"] for u in listed] == ["Audit of 50 calls done.", "Findings to the board."]
    latest = viewer.get("/api/tracked-items").get_json()["items"][0]["latest_update"]
    assert latest["text"] == "Findings to the board."
    assert viewer.post(path, json={"text": "No."}).status_code == 403
    assert_error(reviewer.post(path, json={"text": ""}), 422, "invalid_body")
    assert_error(reviewer.post(path, json={"text": "x", "at": "2999-01-01T00:00:00+00:00"}),
                 422, "invalid")
    assert_error(reviewer.post(path, json={"text": "x", "at": "2025-01-01T00:00:00"}),
                 422, "invalid_body")
    assert_error(reviewer.post("/api/tracked-items/99999/updates", json={"text": "x"}),
                 404, "not_found")


def test_closing_an_item_needs_its_evidence(reviewer, engine, world):
    path = f"/api/tracked-items/{world['item']}"
    version = item_now(reviewer, world["item"])["version"]
    error = assert_error(reviewer.patch(path, json={"version": version, "status": "closed"}),
                         422, "invalid")
    assert "evidence" in error["message"]
    response = reviewer.patch(path, json={"version": version, "status": "closed",
                                          "evidence": "Audit report, March 2026.",
                                          "current_deadline": "2026-03-31",
                                          "action_required": "Audit every quarter."})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["status"], body["evidence"], body["current_deadline"],
            body["action_required"]) == ("closed", "Audit report, March 2026.", "2026-03-31",
                                         "Audit every quarter.")
    with session_scope(engine) as session:
        assert session.get(TrackedItem, world["item"]).status == "closed"


def test_matching_again_is_asked_for_on_request(reviewer, viewer, world, queue):
    response = reviewer.post(f"/api/reports/{world['report']}/rematch")
    assert response.status_code == 202
    assert response.get_json() == {"report_id": world["report"], "queued": True}
    assert reviewer.post("/api/drafts/rematch").status_code == 202
    assert queue.rematched == [world["report"], None]
    assert viewer.post(f"/api/reports/{world['report']}/rematch").status_code == 403
    assert_error(reviewer.post("/api/reports/99999/rematch"), 404, "not_found")
