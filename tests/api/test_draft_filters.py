"""A report's drafts filtered, what a draft's tracked item would be given (PAF area, Chief
Officer lead, activity level) and an unknown PAF area refused; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from models.db import session_scope
from models.ops.drafts import confirm_draft, record_extraction, record_suggestions, reject_draft
from models.tables import Draft
from tests.api.test_review import assert_error, version_of
from tests.builders.rows import add_item, add_report, extraction, item


@pytest.fixture
def drafts(engine: Engine) -> dict[str, Any]:
    """Five drafts differing in kind, origin, addressees, forces and review state."""
    with session_scope(engine) as session:
        report = add_report(session, title="Missing children")
        rows = record_extraction(session, report, extraction(
            item("Chief constables should record missing episodes.", number="1",
                 addressees=["chief_constables"], applies_to_forces=True),
            item("The Home Office should fund return interviews.", number="2",
                 addressees=["home_office"]),
            item("The force should train call handlers.", number="3",
                 kind="area_for_improvement", addressees=["chief_constables"],
                 applies_to_forces=True),
            item("Chief constables should review the policy.", number="4",
                 origin="earlier_report", status="in_progress",
                 addressees=["chief_constables"], addressees_other=["Local Safeguarding Board"],
                 applies_to_forces=True),
            item("The College of Policing should publish guidance.", number="5",
                 kind="cause_of_concern", addressees=["college_of_policing"])))
        confirm_draft(session, rows[0].id, "sam")
        reject_draft(session, rows[1].id, "sam", "Not for this force")
        return {"report": report.id, "ids": {d.number: d.id for d in rows}}


def numbers(client, report_id: int, **query: Any) -> list[str]:
    response = client.get(f"/api/reports/{report_id}/drafts", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [d["number"] for d in response.get_json()["drafts"]]


@pytest.mark.parametrize(("query", "expected"), [
    ({}, ["1", "2", "3", "4", "5"]),
    ({"review_state": "pending"}, ["3", "4", "5"]),
    ({"review_state": "accepted"}, ["1"]),
    ({"kind": "recommendation"}, ["1", "2", "4"]),
    ({"origin": "earlier_report"}, ["4"]),
    ({"addressee": "chief_constables"}, ["1", "3", "4"]),
    ({"addressee": "local safeguarding  board"}, ["4"]),  # a body named verbatim, any case
    ({"addressee": "chief"}, []),  # a whole addressee, not part of one
    ({"for_force": "true"}, ["1", "3", "4"]),
    ({"for_force": "false"}, ["2", "5"]),
    ({"review_state": "pending", "for_force": "true", "kind": "recommendation"}, ["4"]),
    ({"review_state": "rejected", "addressee": "home_office"}, ["2"]),
])
def test_filters_narrow_the_drafts_and_keep_their_order(viewer, drafts, query, expected):
    assert numbers(viewer, drafts["report"], **query) == expected


@pytest.mark.parametrize("query", ["review_state=done", "kind=wish", "origin=elsewhere",
                                   "for_force=perhaps", "addressee="])
def test_bad_filters_are_422(viewer, drafts, query):
    assert_error(viewer.get(f"/api/reports/{drafts['report']}/drafts?{query}"), 422,
                 "invalid_body")


# --- what the tracked item would be given --------------------------------------------------------


@pytest.fixture
def suggested(engine: Engine) -> dict[str, int]:
    """A pending draft whose words suggest PAF area 6b, and items of 6b with leads."""
    with session_scope(engine) as session:
        report = add_report(session, title="Vetting")
        [draft] = record_extraction(session, report, extraction(
            item("Chief constables should vet officers again.", number="1",
                 addressees=["chief_constables"], applies_to_forces=True)))
        record_suggestions(session, draft.id, "no_candidate", [], paf_suggestion={
            "area": "6b", "title": "Vetting", "score": 3.0, "reason": "vetting"})
        for lead in ("ACC Jones", "ACC Jones", "DCC Rao"):
            add_item(session, paf_area="6b", chief_officer_lead=lead)
        return {"draft": draft.id}


def test_the_edit_dialog_gets_the_fields_the_item_would_take_and_why(viewer, suggested):
    response = viewer.get(f"/api/drafts/{suggested['draft']}/item-fields")
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["draft_id"] == suggested["draft"]
    assert (body["paf_area"], body["chief_officer_lead"], body["activity_level"]) == (
        "6b", "ACC Jones", 3)
    assert set(body["why"]) == {"paf_area", "chief_officer_lead", "activity_level"}
    assert "2 of the 3" in body["why"]["chief_officer_lead"]
    assert all(why and "\n" not in why for why in body["why"].values())
    local = viewer.get(f"/api/drafts/{suggested['draft']}/item-fields?scope=local").get_json()
    assert local["activity_level"] in (1, 2, 3, 4) and local["why"]["activity_level"]


def test_the_item_fields_need_a_caller_a_draft_and_a_known_scope(viewer, anonymous, suggested):
    draft = suggested["draft"]
    assert_error(anonymous.get(f"/api/drafts/{draft}/item-fields"), 401, "unauthenticated")
    assert_error(viewer.get("/api/drafts/999999/item-fields"), 404, "not_found")
    assert_error(viewer.get(f"/api/drafts/{draft}/item-fields?scope=regional"), 422,
                 "invalid_body")


def test_accepting_takes_the_suggested_fields_when_none_are_sent(reviewer, engine, suggested):
    draft = suggested["draft"]
    response = reviewer.post(f"/api/drafts/{draft}/accept",
                             json={"version": version_of(engine, draft)})
    assert response.status_code == 200, response.get_data(as_text=True)
    made = response.get_json()["tracked_item"]
    assert (made["paf_area"], made["activity_level"]) == ("6b", 3)


@pytest.mark.parametrize("area", ["zz", "6z", "10", "6bb"])
def test_accepting_or_editing_refuses_an_unknown_paf_area(reviewer, engine, suggested, area):
    draft = suggested["draft"]
    version = version_of(engine, draft)
    error = assert_error(reviewer.post(f"/api/drafts/{draft}/accept", json={
        "version": version, "paf_area": area}), 422, "invalid_body")
    assert "paf_area" in error["details"] and repr(area) in error["message"]
    with session_scope(engine) as session:
        row = session.get(Draft, draft)
        assert (row.review_state, row.version) == ("pending", version)
        item_id = add_item(session).id
    assert_error(reviewer.patch(f"/api/tracked-items/{item_id}", json={
        "version": 1, "paf_area": area}), 422, "invalid_body")


def test_a_known_paf_area_is_taken_in_any_case(reviewer, engine, suggested):
    draft = suggested["draft"]
    response = reviewer.post(f"/api/drafts/{draft}/accept", json={
        "version": version_of(engine, draft), "paf_area": "4B"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["tracked_item"]["paf_area"] == "4b"
