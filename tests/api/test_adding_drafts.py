"""Adding an item the extraction missed, by its text or by a box drawn on its page, and reading
what a box holds first; through Flask's test client on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from models.db import session_scope
from models.ops import reports as report_ops
from models.ops.drafts import record_extraction
from models.ops.reports import fail_report, finish_report
from models.tables import AuditEvent, Draft, Report
from tests.api.test_review import assert_error
from tests.builders.rows import extraction, item
from tests.builders.samples import SAMPLES

SAMPLE = SAMPLES / "thematic_exploitation.pdf"
# Where the sample prints Recommendation 2 (page 4), in PDF points from the top-left corner.
MISSED_PAGE, MISSED_BOX = 4, [64.0, 486.0, 518.0, 547.1]
MISSED_WORDS = "the College of Policing should revise its authorised professional practice"
# A strip of the page's left margin: no words.
MARGIN = [2.0, 300.0, 30.0, 400.0]


@pytest.fixture
def report(engine: Engine) -> int:
    """The sample stored as uploaded and read, with one of its items (the first) found."""
    with session_scope(engine) as session:
        stored, _created = report_ops.add_report(session, SAMPLE.name, SAMPLE.read_bytes(),
                                                 "tests")
        record_extraction(session, stored, extraction(
            item("By 31 March 2026, the Home Office should agree a definition.", number="1",
                 page=4)))
        finish_report(session, stored, "worker")
        return stored.id


def drafts_of(engine: Engine, report_id: int) -> list[Draft]:
    with session_scope(engine) as session:
        rows = session.scalars(select(Draft).where(Draft.report_id == report_id)
                               .order_by(Draft.position)).all()
        session.expunge_all()
        return rows


def add(client, report_id: int, **body: Any):
    return client.post(f"/api/reports/{report_id}/drafts", json=body)


def test_a_reviewer_adds_a_missed_item_by_drawing_its_box(reviewer, engine, report, queue):
    response = add(reviewer, report, kind="recommendation", number="2", page=MISSED_PAGE,
                   bbox=MISSED_BOX)
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert MISSED_WORDS in body["text"] and "\n" not in body["text"]
    assert (body["kind"], body["number"], body["origin"]) == ("recommendation", "2",
                                                              "this_report")
    assert (body["page"], body["review_state"], body["added_by"]) == (MISSED_PAGE, "pending",
                                                                       "rory")
    assert body["position"] == 2 and body["report_id"] == report
    assert response.headers["Location"] == f"/api/drafts/{body['id']}"
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert queue.rematched == [report]  # the new draft is matched with the others
    [first, added] = drafts_of(engine, report)
    assert added.id == body["id"] and added.bbox == MISSED_BOX and first.added_by is None
    with session_scope(engine) as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "add_draft", AuditEvent.entity_id == added.id)).one()
        assert event.actor == "rory"
    # The reviewer reads it back with the others.
    listed = reviewer.get(f"/api/reports/{report}/drafts").get_json()["drafts"]
    assert [d["added_by"] for d in listed] == [None, "rory"]


def test_a_box_drawn_from_its_lower_corner_reads_the_same(reviewer, report):
    x0, y0, x1, y1 = MISSED_BOX
    body = add(reviewer, report, kind="recommendation", page=MISSED_PAGE,
               bbox=[x1, y1, x0, y0]).get_json()
    assert MISSED_WORDS in body["text"] and body["bbox"] == MISSED_BOX


def test_a_typed_item_needs_no_box(reviewer, report, queue):
    response = add(reviewer, report, kind="area_for_improvement", origin="earlier_report",
                   text="  The force should   improve its vetting. ", deadline="2026-12-31",
                   addressees=["chief_constables"], status="in_progress")
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["text"] == "The force should improve its vetting."
    assert (body["kind"], body["origin"], body["status"]) == (
        "area_for_improvement", "earlier_report", "in_progress")
    assert body["deadline"] == "2026-12-31" and body["addressees"] == ["chief_constables"]
    assert body["applies_to_forces"] is True and body["number"] is None
    assert queue.rematched == [report]


def test_a_box_holding_no_words_is_refused_with_one_line(reviewer, engine, report, queue):
    error = assert_error(add(reviewer, report, kind="recommendation", page=MISSED_PAGE,
                             bbox=MARGIN), 422, "empty_region")
    assert error["message"] == ("the box on page 4 holds no words; draw it around the item's "
                                "text, or type the text")
    assert len(drafts_of(engine, report)) == 1 and queue.rematched == []


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "recommendation"}, "text"),
    ({"kind": "recommendation", "bbox": MISSED_BOX}, "page"),
    ({"kind": "recommendation", "page": 4}, "text"),
    ({"kind": "wish", "text": "Forces should act."}, "kind"),
    ({"kind": "recommendation", "text": ""}, "text"),
    ({"kind": "recommendation", "page": 4, "bbox": [1, 2, 3]}, "bbox"),
    ({"kind": "recommendation", "page": 4, "bbox": [-1, 2, 3, 4]}, "bbox"),
    ({"kind": "recommendation", "page": 0, "text": "Forces should act."}, "page"),
    ({"kind": "recommendation", "origin": "elsewhere", "text": "Forces should act."}, "origin"),
])
def test_bad_bodies_are_422_and_add_nothing(reviewer, engine, report, body, field):
    error = assert_error(add(reviewer, report, **body), 422, "invalid_body")
    assert field in error["details"]
    assert len(drafts_of(engine, report)) == 1


def test_a_page_the_report_does_not_have_is_422(reviewer, engine, report):
    error = assert_error(add(reviewer, report, kind="recommendation", page=40, bbox=MISSED_BOX),
                         422, "unreadable_source")
    assert "page 40" in error["message"]
    assert_error(add(reviewer, report, kind="recommendation", page=40,
                     text="Forces should act."), 422, "invalid")
    assert len(drafts_of(engine, report)) == 1


def test_only_a_report_that_has_been_read_takes_items(reviewer, engine):
    with session_scope(engine) as session:
        queued, _ = report_ops.add_report(session, SAMPLE.name, SAMPLE.read_bytes(), "tests")
        failed, _ = report_ops.add_report(session, "other.pdf", b"%PDF-1.7 other", "tests")
        fail_report(session, failed, "has no text layer", "worker")
        ids = queued.id, failed.id
    error = assert_error(add(reviewer, ids[0], kind="recommendation", text="Forces should."),
                         409, "not_ready")
    assert error["message"] == (f"report {ids[0]} is queued; add a missed item once it has "
                                "been read")
    with session_scope(engine) as session:
        assert session.scalar(select(func.count(Draft.id))) == 0
    # A report that could not be read takes items typed by a person (a scan, say).
    added = add(reviewer, ids[1], kind="recommendation", text="Forces should review it.")
    assert added.status_code == 201, added.get_json()
    assert added.get_json()["added_by"] and added.get_json()["review_state"] == "pending"


def test_adding_needs_a_reviewer_and_a_report(viewer, anonymous, reviewer, engine, report):
    body = {"kind": "recommendation", "text": "Forces should act."}
    assert_error(add(viewer, report, **body), 403, "forbidden")
    assert_error(add(anonymous, report, **body), 401, "unauthenticated")
    assert_error(add(reviewer, 999_999, **body), 404, "not_found")
    assert len(drafts_of(engine, report)) == 1


# --- what a box holds ----------------------------------------------------------------------------


def region(client, report_id: int, page: int, box: list[float]):
    x0, y0, x1, y1 = box
    return client.get(f"/api/reports/{report_id}/region-text",
                      query_string={"page": page, "x0": x0, "y0": y0, "x1": x1, "y1": y1})


def test_a_viewer_reads_what_a_box_holds(viewer, report):
    response = region(viewer, report, MISSED_PAGE, MISSED_BOX)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["report_id"], body["page"], body["bbox"]) == (report, MISSED_PAGE, MISSED_BOX)
    assert MISSED_WORDS in body["text"]
    x0, y0, x1, y1 = MISSED_BOX
    turned = region(viewer, report, MISSED_PAGE, [x1, y1, x0, y0]).get_json()
    assert turned["text"] == body["text"] and turned["bbox"] == MISSED_BOX


def test_an_empty_box_or_a_click_holds_no_text(viewer, report):
    assert region(viewer, report, MISSED_PAGE, MARGIN).get_json()["text"] == ""
    assert region(viewer, report, MISSED_PAGE, [100, 100, 100, 100]).get_json()["text"] == ""


def test_a_bad_region_query_is_422(viewer, report):
    response = viewer.get(f"/api/reports/{report}/region-text?page=4&x0=1&y0=1&x1=2")
    assert "y1" in assert_error(response, 422, "invalid_body")["details"]
    assert_error(region(viewer, report, 4, [-5, 1, 2, 3]), 422, "invalid_body")
    error = assert_error(region(viewer, report, 40, MISSED_BOX), 422, "unreadable_source")
    assert error["message"].startswith(f"page 40 of report {report} cannot be read")


def test_a_region_needs_a_caller_and_a_readable_report(viewer, anonymous, engine, report):
    assert_error(region(anonymous, report, 4, MISSED_BOX), 401, "unauthenticated")
    assert_error(region(viewer, 999_999, 4, MISSED_BOX), 404, "not_found")
    with session_scope(engine) as session:
        broken, _ = report_ops.add_report(session, "broken.pdf", b"%PDF-1.7 not really", "t")
        session.get(Report, broken.id).status = "ready"
        broken_id = broken.id
    assert_error(region(viewer, broken_id, 1, MISSED_BOX), 422, "unreadable_source")
