"""A reviewer adds an item the extraction missed, on SQLite and PostgreSQL: where it goes,
what is read from its words, who added it, and what is refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.ops.drafts import add_draft, confirm_draft, record_extraction
from models.ops.errors import NotFoundError, OperationError
from models.tables import AuditEvent, Draft
from tests.builders.rows import add_report, extraction, item

PEEL = "PEEL 2025: An inspection of Northmoor Police"


def drafts_of(session: Session, report_id: int) -> int:
    return session.scalar(select(func.count(Draft.id)).where(Draft.report_id == report_id))


def test_an_added_item_goes_after_the_last_draft_with_what_its_words_say(session):
    report = add_report(session, title="Stalking: a national inspection",
                        published=date(2025, 10, 24), page_count=12)
    record_extraction(session, report, extraction(item("Forces should log stalking."),
                                                  item("Forces should train staff.")))
    draft = add_draft(session, report.id, "  Rory Reviewer ", kind="recommendation",
                      number=" 7 ", page=9, bbox=[72, 100.5, 520, 160],
                      text="By 31 March 2026, chief constables  should make sure that "
                           "stalking protection orders are\n used.")
    assert (draft.position, draft.number, draft.page, draft.bbox) == (
        3, "7", 9, [72.0, 100.5, 520.0, 160.0])
    assert draft.text == ("By 31 March 2026, chief constables should make sure that "
                          "stalking protection orders are used.")
    assert (draft.deadline, draft.deadline_text) == (date(2026, 3, 31), "By 31 March 2026")
    assert (draft.addressees, draft.addressees_other, draft.applies_to_forces) == (
        ["chief_constables"], [], True)
    assert (draft.origin, draft.status, draft.confidence) == ("this_report", None, 1.0)
    assert (draft.review_state, draft.added_by, draft.version) == ("pending", "Rory Reviewer", 1)
    assert draft.suggestions == [] and draft.edit_history == []
    assert draft.paf_suggestion["area"].startswith("7")  # protecting vulnerable people
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "add_draft"))
    assert (event.actor, event.entity_type, event.entity_id) == (
        "Rory Reviewer", "drafts", draft.id)
    assert event.after["added_by"] == "Rory Reviewer" and event.before is None


def test_a_relative_deadline_is_proposed_from_the_publication_date(session):
    report = add_report(session, published=date(2025, 8, 31))
    draft = add_draft(session, report.id, "rory", kind="recommendation",
                      text="Within six months, the Home Office should publish guidance.")
    assert (draft.deadline, draft.deadline_relative) == (None, "P6M")
    assert draft.proposed_deadline == date(2026, 2, 28)
    assert (draft.addressees, draft.applies_to_forces) == (["home_office"], False)
    assert (draft.position, draft.page, draft.bbox) == (1, 1, None)


def test_in_a_report_on_one_force_the_force_is_the_forces(session):
    peel = add_report(session, title=PEEL, status="ready")  # found no items
    text = "The force should improve how it supervises investigations."
    draft = add_draft(session, peel.id, "rory", kind="area_for_improvement", text=text)
    assert (draft.addressees, draft.applies_to_forces) == (["chief_constables"], True)
    # The same words in a national report name nobody the vocabulary knows.
    national = add_report(session, title="Custody: a national thematic inspection")
    other = add_draft(session, national.id, "rory", kind="area_for_improvement", text=text)
    assert "chief_constables" not in other.addressees and not other.applies_to_forces


def test_a_deadline_and_addressees_given_are_taken(session):
    report = add_report(session)
    draft = add_draft(session, report.id, "rory", kind="recommendation", origin="earlier_report",
                      status="in_progress", deadline="2027-01-31",
                      addressees=["home_office", " npcc ", "home_office"],
                      addressees_other=["the regional boards"],
                      text="By 31 March 2026, chief constables should review files.")
    assert draft.deadline == date(2027, 1, 31) and draft.deadline_text == "By 31 March 2026"
    assert draft.addressees == ["home_office", "npcc"]
    assert draft.addressees_other == ["the regional boards"]
    assert draft.applies_to_forces is False
    assert (draft.origin, draft.status) == ("earlier_report", "in_progress")


def test_an_added_item_is_decided_like_any_other_and_kept_by_a_new_extraction(session):
    report = add_report(session, published=date(2025, 10, 24))
    record_extraction(session, report, extraction(item("Forces should log stalking.")))
    added = add_draft(session, report.id, "rory", kind="recommendation",
                      text="Chief constables should publish their stalking data.")
    drafts = record_extraction(session, report, extraction(
        item("Forces should log stalking."), item("Something else read later.")))
    # The item read later takes the place the added one had; the added one follows it.
    assert [(d.position, d.text) for d in drafts] == [
        (1, "Forces should log stalking."), (2, "Something else read later."),
        (3, "Chief constables should publish their stalking data.")]
    assert session.get(Draft, added.id).text == (
        "Chief constables should publish their stalking data.")
    tracked = confirm_draft(session, added.id, "ana")
    assert tracked.text == "Chief constables should publish their stalking data."
    assert added.review_state == "accepted" and added.added_by == "rory"


def test_items_typed_into_a_failed_report_stay_when_it_is_read_again(session):
    report = add_report(session, status="failed", error="has no text layer (scanned)")
    first = add_draft(session, report.id, "rory", kind="cause_of_concern",
                      text="The force does not record stalking crimes accurately.")
    second = add_draft(session, report.id, "rory", kind="recommendation", number="1",
                       text="The force should audit its stalking records.")
    confirm_draft(session, first.id, "ana")
    assert [(first.position, second.position)] == [(1, 2)]
    report.status = "processing"  # read again, as a retry does, and three items found
    drafts = record_extraction(session, report, extraction(
        item("Forces should log stalking."), item("Forces should train staff."),
        item("Forces should review cases.")))
    assert [(d.position, d.text, d.added_by) for d in drafts] == [
        (1, "Forces should log stalking.", None), (2, "Forces should train staff.", None),
        (3, "Forces should review cases.", None),
        (4, "The force does not record stalking crimes accurately.", "rory"),
        (5, "The force should audit its stalking records.", "rory")]
    assert first.review_state == "accepted" and second.review_state == "pending"


@pytest.mark.parametrize(("fields", "message"), [
    ({"kind": "advice"}, "kind: 'advice' is not one of"),
    ({"origin": "elsewhere"}, "origin: 'elsewhere' is not one of"),
    ({"status": "done"}, "status: 'done' is not one of"),
    ({"text": "  \n "}, "text: an item cannot be empty"),
    ({"page": 0}, "page: 0 is not a page of report"),
    ({"page": 13}, r"page: 13 is not a page of report \d+ \(1 to 12\)"),
    ({"bbox": [10, 10, 5, 20]}, "bbox: expected"),
    ({"bbox": [1, 2, 3]}, "bbox: expected"),
    ({"deadline": "31/03/2026"}, "deadline: '31/03/2026' is not a date"),
    ({"addressees": "home_office"}, "addressees: expected a list"),
])
def test_bad_input_is_one_line_and_adds_nothing(session, fields: dict[str, Any],
                                                message: str) -> None:
    report = add_report(session, page_count=12)
    values = {"kind": "recommendation", "text": "Forces should act.", **fields}
    with pytest.raises(OperationError, match=message) as caught:
        add_draft(session, report.id, "rory", **values)
    assert "\n" not in str(caught.value)
    assert drafts_of(session, report.id) == 0


@pytest.mark.parametrize(("status", "message"), [
    ("processing", r"report \d+ is processing: items are added once it is ready or has failed"),
    ("queued", r"report \d+ is queued: items are added once it is ready or has failed"),
])
def test_a_report_not_read_yet_takes_no_item(session, status: str, message: str) -> None:
    report = add_report(session, status=status)
    with pytest.raises(OperationError, match=message):
        add_draft(session, report.id, "rory", kind="recommendation", text="Forces should act.")
    assert drafts_of(session, report.id) == 0


def test_an_unknown_report_or_a_missing_name_is_refused(session):
    with pytest.raises(NotFoundError, match="report 999 does not exist"):
        add_draft(session, 999, "rory", kind="recommendation", text="Forces should act.")
    report = add_report(session)
    with pytest.raises(OperationError, match="name of the person"):
        add_draft(session, report.id, "  ", kind="recommendation", text="Forces should act.")
