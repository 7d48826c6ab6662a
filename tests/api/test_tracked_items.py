"""Tracked items and audit trails through Flask's test client, on SQLite and PostgreSQL:
listing with filters and paging, reading, editing with versions (409 when stale),
superseding, roles, and the history of an item and of a report."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from models.db import session_scope
from models.ops.drafts import record_extraction
from models.tables import AuditEvent, Link, TrackedItem
from tests.api.test_review import assert_error
from tests.builders.rows import add_item, add_report, extraction, item


@pytest.fixture
def items(engine: Engine) -> dict[str, int]:
    """Four tracked items differing in every filtered field."""
    with session_scope(engine) as session:
        rows = {
            "vetting": add_item(session, reference="HMI-2025-0001", kind="recommendation",
                                text="Chief constables should improve vetting checks.",
                                addressees=["chief_constables"], scope="national",
                                status="open", paf_area="4", activity_level=2,
                                current_deadline=date(2026, 3, 31)),
            "custody": add_item(session, reference="HMI-2025-0002",
                                kind="area_for_improvement",
                                text="The force should improve custody records.",
                                addressees=["chief_constables", "pccs"], scope="local",
                                status="in_progress", paf_area="2", activity_level=3,
                                current_deadline=date(2025, 12, 31)),
            "guidance": add_item(session, reference="HMI-2024-0007", kind="recommendation",
                                 text="The College of Policing should publish guidance.",
                                 addressees=["college_of_policing"], scope="national",
                                 status="completed", paf_area="4", activity_level=1,
                                 current_deadline=None),
            "concern": add_item(session, reference="HMI-2025-0003", kind="cause_of_concern",
                                text="The force does not record crime accurately.",
                                addressees=[], scope="local", status="open",
                                current_deadline=date(2026, 9, 30)),
        }
        return {name: row.id for name, row in rows.items()}


def listed(client: FlaskClient, **params: Any) -> list[int]:
    response = client.get("/api/tracked-items", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [row["id"] for row in response.get_json()["items"]]


def version_of(engine: Engine, item_id: int) -> int:
    with session_scope(engine) as session:
        return session.get(TrackedItem, item_id).version


# --- listing -------------------------------------------------------------------------------


def test_the_list_holds_every_item_in_full_with_its_total(viewer, items):
    body = viewer.get("/api/tracked-items").get_json()
    assert body["total"] == 4 and body["limit"] == 50 and body["offset"] == 0
    assert [row["id"] for row in body["items"]] == sorted(items.values())
    vetting = next(row for row in body["items"] if row["id"] == items["vetting"])
    assert vetting["reference"] == "HMI-2025-0001"
    assert vetting["addressees"] == ["chief_constables"]
    assert vetting["current_deadline"] == "2026-03-31" and vetting["version"] == 1


@pytest.mark.parametrize(("params", "expected"), [
    ({"status": "open"}, ["vetting", "concern"]),
    ({"kind": "recommendation"}, ["vetting", "guidance"]),
    ({"addressee": "chief_constables"}, ["vetting", "custody"]),
    ({"addressee": "pccs"}, ["custody"]),
    ({"addressee": "chief"}, []),  # a whole id, not part of one
    ({"paf_area": "4"}, ["vetting", "guidance"]),
    ({"scope": "local"}, ["custody", "concern"]),
    ({"activity_level": 3}, ["custody"]),
    ({"due_before": "2026-03-31"}, ["vetting", "custody"]),
    ({"due_after": "2026-01-01"}, ["vetting", "concern"]),
    ({"due_after": "2026-01-01", "due_before": "2026-06-30"}, ["vetting"]),
    ({"q": "IMPROVE"}, ["vetting", "custody"]),
    ({"q": "improve custody"}, ["custody"]),
    ({"q": "HMI-2024"}, ["guidance"]),
    ({"q": "100%_"}, []),  # LIKE wildcards are taken literally
    ({"scope": "national", "status": "open"}, ["vetting"]),
])
def test_filters_narrow_the_list(viewer, items, params, expected):
    assert listed(viewer, **params) == sorted(items[name] for name in expected)
    body = viewer.get("/api/tracked-items", query_string=params).get_json()
    assert body["total"] == len(expected)


def test_pages_of_the_list_share_the_total(viewer, items):
    ids = sorted(items.values())
    first = viewer.get("/api/tracked-items?limit=3").get_json()
    second = viewer.get("/api/tracked-items?limit=3&offset=3").get_json()
    assert [r["id"] for r in first["items"]] == ids[:3]
    assert [r["id"] for r in second["items"]] == ids[3:]
    assert first["total"] == second["total"] == 4
    assert listed(viewer, status="open", limit=1, offset=1) == [items["concern"]]


@pytest.mark.parametrize("query", ["status=lost", "scope=regional", "limit=0", "limit=501",
                                   "offset=-1", "activity_level=5", "due_before=31/03/2026",
                                   "kind=note", "q=a%00b", "addressee=%00"])
def test_bad_filters_are_422(viewer, items, query):
    assert_error(viewer.get(f"/api/tracked-items?{query}"), 422, "invalid_body")


def test_one_item_with_its_etag(viewer, items):
    response = viewer.get(f"/api/tracked-items/{items['custody']}")
    assert response.status_code == 200 and response.headers["ETag"] == '"1"'
    assert response.get_json()["text"] == "The force should improve custody records."
    assert_error(viewer.get("/api/tracked-items/999999"), 404, "not_found")


# --- editing -------------------------------------------------------------------------------


def test_an_edit_changes_the_item_and_is_audited(reviewer, engine, items):
    item_id = items["vetting"]
    response = reviewer.patch(f"/api/tracked-items/{item_id}", json={
        "version": 1, "chief_officer_lead": "ACC Smith", "delivery_lead": "Supt Jones",
        "paf_area": "5", "activity_level": 4, "delivery_confidence": "low",
        "status": "in_progress"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["chief_officer_lead"] == "ACC Smith" and body["delivery_lead"] == "Supt Jones"
    assert (body["paf_area"], body["activity_level"]) == ("5", 4)
    assert (body["delivery_confidence"], body["status"]) == ("low", "in_progress")
    assert body["version"] == 2 and response.headers["ETag"] == '"2"'
    with session_scope(engine) as session:
        events = session.scalars(select(AuditEvent).where(
            AuditEvent.entity_type == "tracked_items", AuditEvent.entity_id == item_id)).all()
        assert [(e.action, e.actor) for e in events] == [("edit_item", "rory")]
        assert events[0].before["status"] == "open" and events[0].before["paf_area"] == "4"
        assert events[0].after["status"] == "in_progress"
        assert events[0].after["chief_officer_lead"] == "ACC Smith"


def test_if_match_gives_the_version_and_a_stale_one_is_409_with_the_item(reviewer, engine,
                                                                         items):
    item_id = items["custody"]
    first = reviewer.patch(f"/api/tracked-items/{item_id}", headers={"If-Match": '"1"'},
                           json={"delivery_lead": "Insp Patel"})
    assert first.status_code == 200 and first.get_json()["version"] == 2
    stale = reviewer.patch(f"/api/tracked-items/{item_id}", headers={"If-Match": '"1"'},
                           json={"delivery_lead": "Insp Khan"})
    error = assert_error(stale, 409, "version_conflict")
    assert error["current"]["delivery_lead"] == "Insp Patel"
    assert error["current"]["version"] == 2
    assert version_of(engine, item_id) == 2


def test_an_edit_without_a_version_is_422(reviewer, engine, items):
    response = reviewer.patch(f"/api/tracked-items/{items['vetting']}",
                              json={"paf_area": "1"})
    assert_error(response, 422, "version_required")
    assert version_of(engine, items["vetting"]) == 1


@pytest.mark.parametrize("body", [
    {"version": 1, "status": "lost"},
    {"version": 1, "activity_level": 0},
    {"version": 1, "delivery_confidence": "certain"},
    {"version": 1, "text": "rewritten"},  # not editable here
])
def test_a_bad_edit_is_422_and_changes_nothing(reviewer, engine, items, body):
    response = reviewer.patch(f"/api/tracked-items/{items['vetting']}", json=body)
    assert_error(response, 422, "invalid_body")
    assert version_of(engine, items["vetting"]) == 1


def test_superseding_needs_the_superseding_item(reviewer, engine, items):
    old, new = items["vetting"], items["custody"]
    assert_error(reviewer.patch(f"/api/tracked-items/{old}",
                                json={"version": 1, "status": "superseded"}), 422, "invalid")
    assert_error(reviewer.patch(f"/api/tracked-items/{old}",
                                json={"version": 1, "superseded_by": new}), 422, "invalid")
    assert_error(reviewer.patch(f"/api/tracked-items/{old}",
                                json={"version": 1, "status": "superseded",
                                      "superseded_by": 999999}), 422, "invalid")
    assert_error(reviewer.patch(f"/api/tracked-items/{old}",
                                json={"version": 1, "status": "superseded",
                                      "superseded_by": old}), 422, "invalid")
    assert version_of(engine, old) == 1


def test_superseding_through_patch(reviewer, engine, items):
    old, new = items["vetting"], items["custody"]
    response = reviewer.patch(f"/api/tracked-items/{old}", json={
        "version": 1, "status": "superseded", "superseded_by": new, "delivery_lead": "DI Rao"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["status"] == "superseded" and body["superseded_by_id"] == new
    assert body["delivery_lead"] == "DI Rao"
    with session_scope(engine) as session:
        links = session.scalars(select(Link)).all()
        assert [(k.from_item_id, k.relation, k.to_item_id) for k in links] == [
            (new, "supersedes", old)]
    history = reviewer.get(f"/api/tracked-items/{old}/history").get_json()["events"]
    assert [e["action"] for e in history] == ["edit_item", "supersede_item"]
    assert history[1]["before"]["status"] == "open"
    assert history[1]["after"]["superseded_by_id"] == new
    # A superseded item stays superseded.
    again = reviewer.patch(f"/api/tracked-items/{old}",
                           json={"version": body["version"], "status": "open"})
    assert_error(again, 422, "invalid")


def test_roles_for_items(anonymous, viewer, items):
    item_id = items["vetting"]
    for path in ("/api/tracked-items", f"/api/tracked-items/{item_id}",
                 f"/api/tracked-items/{item_id}/history"):
        assert_error(anonymous.get(path), 401, "unauthenticated")
        assert viewer.get(path).status_code == 200
    patch = {"version": 1, "paf_area": "1"}
    assert_error(anonymous.patch(f"/api/tracked-items/{item_id}", json=patch), 401,
                 "unauthenticated")
    assert_error(viewer.patch(f"/api/tracked-items/{item_id}", json=patch), 403, "forbidden")


# --- audit trails --------------------------------------------------------------------------


def test_an_items_history_from_its_creation(reviewer, engine):
    with session_scope(engine) as session:
        report = add_report(session, title="Case handling")
        drafts = record_extraction(session, report, extraction(
            item("Forces should act on case files.")))
        draft_id = drafts[0].id
    accepted = reviewer.post(f"/api/drafts/{draft_id}/accept", json={"version": 1})
    assert accepted.status_code == 200
    item_id = accepted.get_json()["tracked_item"]["id"]
    reviewer.patch(f"/api/tracked-items/{item_id}", json={"version": 1, "paf_area": "3"})
    events = reviewer.get(f"/api/tracked-items/{item_id}/history").get_json()["events"]
    assert [(e["action"], e["actor"]) for e in events] == [("create_item", "rory"),
                                                           ("edit_item", "rory")]
    assert events[0]["before"] is None and events[0]["after"]["text"] == (
        "Forces should act on case files.")
    assert events[1]["before"]["paf_area"] is None and events[1]["after"]["paf_area"] == "3"
    assert events[1]["entity"] == {"type": "tracked_items", "id": item_id}
    assert events[0]["at"] <= events[1]["at"]
    assert_error(reviewer.get("/api/tracked-items/999999/history"), 404, "not_found")


def test_a_reports_audit_holds_its_own_and_its_drafts_events_in_order(reviewer, viewer,
                                                                      anonymous, engine):
    with session_scope(engine) as session:
        report = add_report(session, title="Case handling")
        drafts = record_extraction(session, report, extraction(
            item("Forces should act on case files."), item("Forces should report.")))
        other = add_report(session, title="Another")
        record_extraction(session, other, extraction(item("Forces should train.")))
        report_id, other_id = report.id, other.id
        first, second = drafts[0].id, drafts[1].id
    reviewer.patch(f"/api/drafts/{first}", json={"version": 1, "text": "Forces should act."})
    reviewer.post(f"/api/drafts/{second}/reject", json={"version": 1, "reason": "Duplicate"})
    response = viewer.get(f"/api/reports/{report_id}/audit")
    assert response.status_code == 200
    events = response.get_json()["events"]
    assert [(e["action"], e["entity"]["type"], e["entity"]["id"]) for e in events] == [
        ("record_extraction", "reports", report_id), ("edit_draft", "drafts", first),
        ("reject_draft", "drafts", second)]
    assert events[1]["actor"] == "rory"
    assert events[1]["before"]["text"] == "Forces should act on case files."
    assert events[1]["after"]["text"] == "Forces should act."
    assert events[2]["after"]["review_note"] == "Duplicate"
    others = viewer.get(f"/api/reports/{other_id}/audit").get_json()["events"]
    assert [e["action"] for e in others] == ["record_extraction"]
    assert_error(viewer.get("/api/reports/999999/audit"), 404, "not_found")
    assert_error(anonymous.get(f"/api/reports/{report_id}/audit"), 401, "unauthenticated")
