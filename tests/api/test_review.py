"""The review endpoints through Flask's test client, on SQLite and PostgreSQL.

A report with three pending drafts is set up; ``reviewer`` and ``viewer`` call with API
tokens of those roles, ``anonymous`` without credentials.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, select

from models.db import session_scope
from models.ops.drafts import edit_draft, record_extraction, record_suggestions
from models.tables import AuditEvent, Draft, Link, TrackedItem
from tests.builders.rows import add_item, add_report, extraction, item


@pytest.fixture
def setup(engine: Engine) -> dict[str, Any]:
    """A ready report with three pending drafts (the second with a suggestion) and an item."""
    with session_scope(engine) as session:
        report = add_report(session, title="Case handling")
        drafts = record_extraction(session, report, extraction(
            item("Forces should act on case files.", number="1"),
            item("Forces should report on outcomes.", number="2", deadline="2026-03-31"),
            item("Forces should review their policy.", number="3")))
        old = add_item(session, text="Forces should report on results.")
        record_suggestions(session, drafts[1].id, "found",
                               [{"tracked_id": old.id, "relation": "same_as", "score": 0.9,
                                 "band": "high"}],
                               paf_suggestion={"area": "3", "score": 0.7})
        return {"report": report.id, "drafts": [d.id for d in drafts], "item": old.id}


def assert_error(response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert body["error"]["message"] and "\n" not in body["error"]["message"]
    return body["error"]


def version_of(engine: Engine, draft_id: int) -> int:
    with session_scope(engine) as session:
        return session.get(Draft, draft_id).version


def audit_events(engine: Engine, draft_id: int) -> list[tuple[str, str]]:
    with session_scope(engine) as session:
        return [(e.action, e.actor) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "drafts",
                                     AuditEvent.entity_id == draft_id)
            .order_by(AuditEvent.id))]


# --- reading ---------------------------------------------------------------------------------


def test_a_viewer_lists_reports_newest_first_with_paging(viewer, engine, setup):
    with session_scope(engine) as session:
        newer = add_report(session, title="Later").id
    body = viewer.get("/api/reports").get_json()
    assert body["total"] == 2 and [r["id"] for r in body["reports"]] == [newer, setup["report"]]
    assert body["reports"][1]["drafts"]["by_review_state"]["pending"] == 3
    page = viewer.get("/api/reports?limit=1&offset=1").get_json()
    assert [r["id"] for r in page["reports"]] == [setup["report"]]
    assert_error(viewer.get("/api/reports?limit=0"), 422, "invalid_body")


def test_a_viewer_reads_drafts_in_order_with_suggestions_and_versions(viewer, setup):
    response = viewer.get(f"/api/reports/{setup['report']}/drafts")
    assert response.status_code == 200
    drafts = response.get_json()["drafts"]
    assert [d["id"] for d in drafts] == setup["drafts"]
    assert [d["number"] for d in drafts] == ["1", "2", "3"]
    second = drafts[1]
    assert second["suggestions"][0]["tracked_id"] == setup["item"]
    assert second["paf_suggestion"] == {"area": "3", "score": 0.7}
    assert second["deadline"] == "2026-03-31" and second["review_state"] == "pending"
    assert all(isinstance(d["version"], int) for d in drafts)
    one = viewer.get(f"/api/drafts/{setup['drafts'][0]}")
    assert one.headers["ETag"] == f'"{drafts[0]["version"]}"'


def test_unknown_reports_and_drafts_are_404(viewer, reviewer, setup):
    assert_error(viewer.get("/api/reports/999/drafts"), 404, "not_found")
    assert_error(viewer.get("/api/drafts/999"), 404, "not_found")
    assert_error(reviewer.patch("/api/drafts/999", json={"version": 1, "text": "x"}), 404,
                 "not_found")
    assert_error(reviewer.post("/api/drafts/999/accept", json={"version": 1}), 404, "not_found")
    assert_error(reviewer.post("/api/reports/999/drafts/accept",
                               json={"drafts": [{"id": 1, "version": 1}]}), 404, "not_found")


# --- roles -----------------------------------------------------------------------------------


def test_without_a_caller_every_review_endpoint_is_401(anonymous, setup):
    draft, report = setup["drafts"][0], setup["report"]
    calls = [anonymous.get("/api/reports"), anonymous.get(f"/api/reports/{report}/drafts"),
             anonymous.get(f"/api/drafts/{draft}"),
             anonymous.patch(f"/api/drafts/{draft}", json={"version": 1}),
             anonymous.post(f"/api/drafts/{draft}/accept", json={"version": 1}),
             anonymous.post(f"/api/drafts/{draft}/reject", json={"version": 1, "reason": "x"}),
             anonymous.post(f"/api/drafts/{draft}/link", json={
                 "version": 1, "tracked_item_id": setup["item"], "relation": "same_as"}),
             anonymous.post(f"/api/reports/{report}/drafts/accept",
                            json={"drafts": [{"id": draft, "version": 1}]})]
    for response in calls:
        assert_error(response, 401, "unauthenticated")


def test_a_viewer_may_not_decide_or_edit(viewer, engine, setup):
    draft, report = setup["drafts"][0], setup["report"]
    version = version_of(engine, draft)
    calls = [viewer.patch(f"/api/drafts/{draft}", json={"version": version, "text": "New."}),
             viewer.post(f"/api/drafts/{draft}/accept", json={"version": version}),
             viewer.post(f"/api/drafts/{draft}/reject",
                         json={"version": version, "reason": "no"}),
             viewer.post(f"/api/drafts/{draft}/link", json={
                 "version": version, "tracked_item_id": setup["item"], "relation": "same_as"}),
             viewer.post(f"/api/reports/{report}/drafts/accept",
                         json={"drafts": [{"id": draft, "version": version}]})]
    for response in calls:
        assert_error(response, 403, "forbidden")
    assert version_of(engine, draft) == version
    assert all(actor != "vera" for _, actor in audit_events(engine, draft))


# --- editing and the version rule --------------------------------------------------------------


def test_a_reviewer_edits_a_draft_with_its_version(reviewer, engine, setup):
    draft = setup["drafts"][0]
    version = version_of(engine, draft)
    response = reviewer.patch(f"/api/drafts/{draft}", json={
        "version": version, "text": "Forces should act on all case files.",
        "deadline": "2026-06-30", "addressees": ["chief_constables", "npcc"],
        "kind": "area_for_improvement", "number": "1a"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["text"] == "Forces should act on all case files."
    assert body["deadline"] == "2026-06-30" and body["addressees"] == ["chief_constables", "npcc"]
    assert body["kind"] == "area_for_improvement" and body["number"] == "1a"
    assert body["version"] > version and response.headers["ETag"] == f'"{body["version"]}"'
    assert ("edit_draft", "rory") in audit_events(engine, draft)


def test_the_version_may_come_as_if_match(reviewer, engine, setup):
    draft = setup["drafts"][0]
    version = version_of(engine, draft)
    response = reviewer.patch(f"/api/drafts/{draft}", json={"text": "Changed."},
                              headers={"If-Match": f'"{version}"'})
    assert response.status_code == 200 and response.get_json()["text"] == "Changed."


def test_a_write_without_a_version_is_refused(reviewer, engine, setup):
    draft = setup["drafts"][0]
    assert_error(reviewer.patch(f"/api/drafts/{draft}", json={"text": "x"}), 422,
                 "version_required")
    assert_error(reviewer.post(f"/api/drafts/{draft}/accept", json={}), 422, "version_required")
    assert_error(reviewer.patch(f"/api/drafts/{draft}", json={"text": "x"},
                                headers={"If-Match": "abc"}), 422, "invalid_version")
    with session_scope(engine) as session:
        assert session.get(Draft, draft).text == "Forces should act on case files."


def test_a_stale_write_gets_409_with_the_current_state(reviewer, engine, setup):
    draft = setup["drafts"][0]
    read = version_of(engine, draft)
    with session_scope(engine) as session:  # someone else edits it meanwhile
        edit_draft(session, draft, {"text": "Edited elsewhere."}, "sam")
    for response in (
            reviewer.patch(f"/api/drafts/{draft}", json={"version": read, "text": "Mine."}),
            reviewer.post(f"/api/drafts/{draft}/accept", json={"version": read}),
            reviewer.post(f"/api/drafts/{draft}/reject",
                          json={"version": read, "reason": "mine"})):
        error = assert_error(response, 409, "version_conflict")
        assert error["current"]["text"] == "Edited elsewhere."
        assert error["current"]["version"] == version_of(engine, draft) != read
    with session_scope(engine) as session:
        row = session.get(Draft, draft)
        assert row.text == "Edited elsewhere." and row.review_state == "pending"


def test_bad_bodies_are_422(reviewer, engine, setup):
    draft = setup["drafts"][0]
    version = version_of(engine, draft)
    error = assert_error(reviewer.patch(f"/api/drafts/{draft}", json={
        "version": version, "kind": "wish"}), 422, "invalid_body")
    assert "kind" in error["details"]
    assert_error(reviewer.patch(f"/api/drafts/{draft}", json={
        "version": version, "deadline": "soon"}), 422, "invalid_body")
    assert_error(reviewer.patch(f"/api/drafts/{draft}", json={
        "version": version, "origin": "earlier_report"}), 422, "invalid_body")
    assert_error(reviewer.post(f"/api/drafts/{draft}/reject", json={"version": version}), 422,
                 "invalid_body")
    assert_error(reviewer.post(f"/api/drafts/{draft}/link", json={
        "version": version, "tracked_item_id": setup["item"], "relation": "related"}), 422,
        "invalid_body")
    assert_error(reviewer.post(f"/api/drafts/{draft}/link", json={
        "version": version, "tracked_item_id": 9999, "relation": "same_as"}), 422, "invalid")
    assert_error(reviewer.post(f"/api/drafts/{draft}/reject", json={
        "version": version, "reason": "   "}), 422, "invalid")
    # Numbers no database row can have are refused before any query (SQLite's integers
    # stop at 2**63 - 1, PostgreSQL's at 2**31 - 1).
    huge = -432396769201321811116032
    for body in ({"version": version, "tracked_item_id": huge, "relation": "same_as"},
                 {"version": 2**40, "tracked_item_id": setup["item"], "relation": "same_as"}):
        assert_error(reviewer.post(f"/api/drafts/{draft}/link", json=body), 422,
                     "invalid_body")
    for entry in ({"id": huge, "version": 1}, {"id": draft, "version": 2**63}):
        assert_error(reviewer.post(f"/api/reports/{setup['report']}/drafts/accept",
                                   json={"drafts": [entry]}), 422, "invalid_body")
    assert version_of(engine, draft) == version


# --- decisions and their audit ----------------------------------------------------------------


def test_accepting_makes_a_tracked_item_and_records_the_reviewer(reviewer, engine, setup):
    draft = setup["drafts"][0]
    response = reviewer.post(f"/api/drafts/{draft}/accept", json={
        "version": version_of(engine, draft), "paf_area": "3", "activity_level": 3})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["draft"]["review_state"] == "accepted" and body["draft"]["reviewed_by"] == "rory"
    assert body["tracked_item"]["text"] == "Forces should act on case files."
    assert body["tracked_item"]["paf_area"] == "3"
    assert ("confirm_draft", "rory") in audit_events(engine, draft)
    with session_scope(engine) as session:
        created = session.scalar(select(AuditEvent).where(
            AuditEvent.action == "create_item",
            AuditEvent.entity_id == body["tracked_item"]["id"]))
        assert created.actor == "rory" and created.after["text"] == body["tracked_item"]["text"]
    again = reviewer.post(f"/api/drafts/{draft}/accept",
                          json={"version": body["draft"]["version"]})
    assert assert_error(again, 409, "not_pending")["current"]["review_state"] == "accepted"


def test_rejecting_keeps_the_draft_with_reason_and_reviewer(reviewer, engine, setup):
    draft = setup["drafts"][2]
    response = reviewer.post(f"/api/drafts/{draft}/reject", json={
        "version": version_of(engine, draft), "reason": "Not for this force"})
    assert response.status_code == 200
    body = response.get_json()["draft"]
    assert body["review_state"] == "rejected" and body["review_note"] == "Not for this force"
    assert body["reviewed_by"] == "rory" and body["reviewed_at"]
    with session_scope(engine) as session:
        event = session.scalar(select(AuditEvent).where(
            AuditEvent.action == "reject_draft", AuditEvent.entity_id == draft))
        assert event.actor == "rory"
        assert event.before["review_state"] == "pending"
        assert event.after["review_state"] == "rejected"


@pytest.mark.parametrize("relation", ["same_as", "supersedes", "depends_on"])
def test_linking_relates_the_draft_to_a_tracked_item(reviewer, engine, setup, relation):
    draft, old = setup["drafts"][1], setup["item"]
    response = reviewer.post(f"/api/drafts/{draft}/link", json={
        "version": version_of(engine, draft), "tracked_item_id": old, "relation": relation})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["draft"]["reviewed_by"] == "rory"
    with session_scope(engine) as session:
        if relation == "same_as":
            assert body["draft"]["review_state"] == "linked"
            assert body["tracked_item"]["id"] == old
        else:
            new = body["tracked_item"]["id"]
            assert new != old
            link = session.scalar(select(Link).where(Link.from_item_id == new))
            assert (link.to_item_id, link.relation) == (old, relation)
            if relation == "supersedes":
                assert session.get(TrackedItem, old).status == "superseded"
        event = session.scalar(select(AuditEvent).where(
            AuditEvent.action == "link_draft", AuditEvent.entity_id == draft))
        assert event.actor == "rory"
        assert event.after["relation"] == relation and event.after["to_item_id"] == old


def test_accepting_many_is_all_or_nothing(reviewer, engine, setup):
    report, drafts = setup["report"], setup["drafts"]
    versions = {d: version_of(engine, d) for d in drafts}
    stale = [{"id": d, "version": versions[d]} for d in drafts[:2]]
    stale.append({"id": drafts[2], "version": versions[drafts[2]] + 5})
    url = f"/api/reports/{report}/drafts/accept"
    error = assert_error(reviewer.post(url, json={"drafts": stale}), 409, "version_conflict")
    assert error["current"]["id"] == drafts[2]
    with session_scope(engine) as session:
        assert {session.get(Draft, d).review_state for d in drafts} == {"pending"}
        assert session.scalar(select(TrackedItem).where(TrackedItem.source_report_id == report)
                              ) is None
    response = reviewer.post(url, json={"drafts": [{"id": d, "version": versions[d]}
                                                   for d in drafts]})
    assert response.status_code == 200, response.get_data(as_text=True)
    accepted = response.get_json()["accepted"]
    assert [a["draft"]["id"] for a in accepted] == drafts
    assert all(a["draft"]["review_state"] == "accepted" for a in accepted)
    for draft in drafts:
        assert ("confirm_draft", "rory") in audit_events(engine, draft)


def test_accepting_many_refuses_drafts_of_another_report(reviewer, engine, setup):
    with session_scope(engine) as session:
        other = add_report(session).id
    draft = setup["drafts"][0]
    response = reviewer.post(f"/api/reports/{other}/drafts/accept",
                             json={"drafts": [{"id": draft, "version": 1}]})
    assert_error(response, 404, "not_found")
    assert_error(reviewer.post(f"/api/reports/{other}/drafts/accept", json={"drafts": []}),
                 422, "invalid_body")
