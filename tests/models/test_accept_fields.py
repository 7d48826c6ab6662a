"""An accepted draft arrives full: its PAF area, the Chief Officer lead of that area and an
activity level, each explained, when the person sets none; PAF areas are checked. On
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.ops.drafts import (
    confirm_draft,
    link_draft,
    record_extraction,
    record_suggestions,
    suggested_item_fields,
)
from models.ops.errors import OperationError
from models.ops.items import check_paf_area, edit_item, paf_areas
from models.tables import AuditEvent, Draft, TrackedItem
from tests.builders.rows import add_item, add_report, extraction, item


def drafts_with_paf(session: Session, *areas: str | None, **report_fields) -> list[Draft]:
    """A report's drafts for forces, each with the PAF suggestion given (None: none)."""
    report = add_report(session, published=date(2025, 10, 24), **report_fields)
    drafts = record_extraction(session, report, extraction(*(
        item(f"Chief constables should act on finding {n}.", number=str(n),
             applies_to_forces=True, addressees=["chief_constables"])
        for n in range(1, len(areas) + 1))))
    for draft, area in zip(drafts, areas, strict=True):
        if area is not None:
            record_suggestions(session, draft.id, "no_candidate", [], paf_suggestion={
                "area": area, "title": "Protecting vulnerable people", "score": 3.0,
                "reason": "mentions: safeguarding"})
    return drafts


def leads(session: Session, area: str, *names: str | None) -> None:
    for name in names:
        add_item(session, paf_area=area, chief_officer_lead=name)


def test_the_suggestions_say_why(session):
    leads(session, "7a", "ACC Protect", "ACC Protect", "DCC", None)
    leads(session, "7b", "ACC Crime")
    [draft] = drafts_with_paf(session, "7a")
    assert suggested_item_fields(session, draft) == {
        "paf_area": "7a", "chief_officer_lead": "ACC Protect", "activity_level": 3,
        "why": {
            "paf_area": "suggested from the item's words (Protecting vulnerable people): "
                        "mentions: safeguarding",
            "chief_officer_lead": "leads 2 of the 3 tracked items of PAF area 7a that have "
                                  "a lead",
            "activity_level": "a recommendation made to forces: self-certified, verified at "
                              "the next inspection"}}


def test_among_leads_as_common_as_each_other_the_latest_is_taken(session):
    leads(session, "3a", "ACC Local", "DCC")
    [draft] = drafts_with_paf(session, "3a")
    fields = suggested_item_fields(session, draft)
    assert fields["chief_officer_lead"] == "DCC"
    assert fields["why"]["chief_officer_lead"].endswith("the most recently made of those with "
                                                        "as many")


def test_no_paf_suggestion_or_no_lead_in_the_area_suggests_none(session):
    leads(session, "6a", "ACC Crime")
    without, unled = drafts_with_paf(session, None, "9c")
    fields = suggested_item_fields(session, without)
    assert (fields["paf_area"], fields["chief_officer_lead"]) == (None, None)
    assert fields["why"]["paf_area"] == "no PAF area is suggested by the item's words"
    fields = suggested_item_fields(session, unled)
    assert (fields["paf_area"], fields["chief_officer_lead"]) == ("9c", None)
    assert fields["why"]["chief_officer_lead"] == (
        "no tracked item of PAF area 9c has a Chief Officer lead yet")


def test_accepting_without_fields_takes_the_suggestions_and_says_so(session):
    leads(session, "7a", "ACC Protect")
    first, second = drafts_with_paf(session, "7a", "7a")
    made = confirm_draft(session, first.id, "ana")
    assert (made.paf_area, made.chief_officer_lead, made.activity_level) == (
        "7a", "ACC Protect", 3)
    event = session.scalars(select(AuditEvent).where(
        AuditEvent.action == "create_item", AuditEvent.entity_id == made.id)).one()
    assert set(event.after["suggested"]) == {"paf_area", "chief_officer_lead",
                                             "activity_level"}
    # What the person sets wins, even "none"; only what they leave out is suggested, the
    # lead from the area the person chose.
    leads(session, "6b", "ACC Crime")
    assert suggested_item_fields(session, second, paf_area="6b")["why"]["paf_area"] == (
        "chosen by the person")
    chosen = confirm_draft(session, second.id, "ana", paf_area="6B", activity_level=None)
    assert (chosen.paf_area, chosen.chief_officer_lead, chosen.activity_level) == (
        "6b", "ACC Crime", None)
    event = session.scalars(select(AuditEvent).where(
        AuditEvent.action == "create_item", AuditEvent.entity_id == chosen.id)).one()
    assert list(event.after["suggested"]) == ["chief_officer_lead"]


def test_a_new_item_made_by_a_link_arrives_full_and_a_local_scope_changes_the_level(session):
    leads(session, "2a", "Director of People")
    old = add_item(session, reference="HMI-2020-0001")
    afi, information = drafts_with_paf(session, "2a", None, inspection_type="peel")
    edited = session.get(Draft, afi.id)
    edited.kind = "area_for_improvement"
    session.flush()
    made = link_draft(session, afi.id, old.id, "supersedes", "ana")
    assert (made.paf_area, made.chief_officer_lead, made.activity_level, made.scope) == (
        "2a", "Director of People", 2, "local")
    # A draft for information only (not made to forces) is level 1.
    information.applies_to_forces = False
    session.flush()
    assert confirm_draft(session, information.id, "ana").activity_level == 1


def test_every_accepted_draft_of_a_bulk_accept_is_full(session):
    leads(session, "5b", "ACC Contact")
    drafts = drafts_with_paf(session, "5b", "5b", "5b")
    made = [confirm_draft(session, d.id, "ana", d.version) for d in drafts]
    assert {(m.paf_area, m.chief_officer_lead, m.activity_level) for m in made} == {
        ("5b", "ACC Contact", 3)}
    assert [m.reference for m in made] == ["HMI-2025-0001", "HMI-2025-0002", "HMI-2025-0003"]


# --- the PAF areas -------------------------------------------------------------------------


def test_the_paf_areas_are_the_frameworks():
    areas = paf_areas()
    assert areas[:9] == [str(n) for n in range(1, 10)]
    assert {"1a", "6b", "7a", "9f"} <= set(areas) and "6h" not in areas
    assert check_paf_area(" 6B ") == "6b" and check_paf_area("4") == "4"
    assert check_paf_area(None) is None and check_paf_area("  ") is None


@pytest.mark.parametrize("area", ["zz", "10", "6h", "0", "6bb", "PAF 6"])
def test_an_area_outside_the_framework_is_refused_on_accept_link_and_edit(session, area):
    first, second = drafts_with_paf(session, None, None)
    old = add_item(session, reference="HMI-2020-0001", paf_area="4")
    message = rf"paf_area: '{area}' is not an area of the PEEL Assessment Framework"
    with pytest.raises(OperationError, match=message) as caught:
        confirm_draft(session, first.id, "ana", paf_area=area)
    assert "\n" not in str(caught.value)
    with pytest.raises(OperationError, match=message):
        link_draft(session, second.id, old.id, "depends_on", "ana", paf_area=area)
    with pytest.raises(OperationError, match=message):
        edit_item(session, old.id, {"paf_area": area}, "ana")
    assert [d.review_state for d in (first, second)] == ["pending", "pending"]
    assert session.scalars(select(TrackedItem.paf_area)).all() == ["4"]


def test_a_suggestion_outside_the_framework_is_not_taken(session):
    [draft] = drafts_with_paf(session, "zz")
    made = confirm_draft(session, draft.id, "ana")
    assert made.paf_area is None and made.chief_officer_lead is None
