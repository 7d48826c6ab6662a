"""Tracker operations on SQLite and PostgreSQL: drafts, decisions, links, audit, locking."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from extractor.result import Extraction, Item, ReportInfo
from models.db import session_scope
from models.ops import items as item_ops
from models.ops.drafts import (
    confirm_draft,
    edit_draft,
    link_draft,
    propose_deadline,
    record_extraction,
    record_suggestions,
    reject_draft,
)
from models.ops.errors import ConflictError, NotFoundError, OperationError
from models.ops.items import supersede_item
from models.tables import AuditEvent, Draft, Link, MatchDecision, TrackedItem
from tests.builders.rows import add_item, add_report, extraction, item


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


def events(session: Session, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(session.scalars(query))


def recorded(session: Session, *items: dict, **report_fields) -> list[Draft]:
    report = add_report(session, **report_fields)
    return record_extraction(session, report, extraction(*items), actor="worker")


# --- proposed deadlines ----------------------------------------------------------------------


@pytest.mark.parametrize(("published", "duration", "expected"), [
    (date(2025, 10, 24), "P6M", date(2026, 4, 24)),
    (date(2025, 8, 31), "P6M", date(2026, 2, 28)),     # clamped to the month's end
    (date(2023, 8, 31), "P6M", date(2024, 2, 29)),     # leap year
    (date(2024, 2, 29), "P1Y", date(2025, 2, 28)),
    (date(2025, 10, 24), "P12W", date(2026, 1, 16)),
    (date(2025, 12, 15), "P30D", date(2026, 1, 14)),
    (date(2025, 1, 31), "P1M", date(2025, 2, 28)),
    (date(2025, 5, 10), "P1Y6M", date(2026, 11, 10)),
    (date(2025, 5, 10), "p3m", date(2025, 8, 10)),
])
def test_propose_deadline(published: date, duration: str, expected: date) -> None:
    assert propose_deadline(published, duration) == expected


@pytest.mark.parametrize("duration", ["", "P", "6 months", "PT6H", "P6X", "6M", "P-1M"])
def test_propose_deadline_refuses_what_is_not_a_duration(duration: str) -> None:
    with pytest.raises(ValueError, match="ISO 8601 duration"):
        propose_deadline(date(2025, 1, 1), duration)


# --- recording an extraction -----------------------------------------------------------------


def test_record_extraction_stores_every_field_in_order(session: Session) -> None:
    drafts = recorded(
        session,
        item("By 31 March 2026, chief constables should audit their case files.", number="1",
             deadline="2026-03-31", deadline_text="By 31 March 2026",
             addressees=["chief_constables"], applies_to_forces=True, page=4),
        item("Within six months, the Home Office should publish guidance.", number="2",
             deadline_relative="P6M", deadline_text="Within six months",
             addressees=["home_office"], addressees_other=["the regional boards"], page=5),
        item("The force isn't recording crime accurately.", kind="cause_of_concern",
             origin="earlier_report", status="in_progress", page=6, confidence=0.6),
    )
    session.commit()
    session.expunge_all()
    stored = list(session.scalars(select(Draft).order_by(Draft.position)))
    assert [d.id for d in stored] == [d.id for d in drafts]
    first, second, third = stored
    assert (first.position, first.number, first.deadline, first.addressees,
            first.applies_to_forces, first.page) == (
        1, "1", date(2026, 3, 31), ["chief_constables"], True, 4)
    assert first.proposed_deadline is None
    assert first.bbox == [72.0, 100.0, 520.0, 140.0]
    assert second.deadline is None and second.deadline_relative == "P6M"
    assert second.proposed_deadline == date(2026, 4, 24)   # published 24 October 2025
    assert second.deadline_confirmed is False
    assert second.addressees_other == ["the regional boards"]
    assert (third.kind, third.origin, third.status, third.confidence) == (
        "cause_of_concern", "earlier_report", "in_progress", 0.6)
    assert {d.review_state for d in stored} == {"pending"}
    report = first.report
    assert (report.title, report.published, report.page_count) == (
        "An inspection of case handling", date(2025, 10, 24), 12)
    [event] = events(session, "record_extraction")
    assert (event.actor, event.entity_type, event.entity_id) == ("worker", "reports", report.id)
    assert event.after["drafts_added"] == 3


def test_record_extraction_twice_adds_nothing(session: Session) -> None:
    report = add_report(session)
    result = extraction(item("Forces should do one thing."), item("Forces should do another."))
    first = record_extraction(session, report, result, actor="worker")
    session.commit()
    second = record_extraction(session, report.id, result, actor="worker")
    session.commit()
    assert [d.id for d in second] == [d.id for d in first]
    assert count(session, Draft) == 2
    assert events(session, "record_extraction")[-1].after["drafts_added"] == 0


def test_record_extraction_accepts_the_extractor_result(session: Session) -> None:
    report = add_report(session)
    result = Extraction(
        ReportInfo(title="A report", published="2025-06-30", pages=3, sha256="a" * 64),
        [Item(kind="area_for_improvement", number=None, origin="this_report",
              text="The force should improve supervision.", deadline_relative="P12W")])
    [draft] = record_extraction(session, report, result, actor="worker")
    assert draft.kind == "area_for_improvement"
    assert draft.proposed_deadline == date(2025, 9, 22)


def test_re_recording_refreshes_untouched_drafts_only(session: Session) -> None:
    report = add_report(session)
    record_extraction(session, report, extraction(
        item("Forces should revew files."), item("Forces should check logs.")), actor="worker")
    first, second = report.drafts
    edit_draft(session, second.id, {"text": "Forces should check their logs."}, "ana")
    record_extraction(session, report, extraction(
        item("Forces should review files."), item("Forces should check logs daily."),
        item("Forces should train staff.")), actor="worker")
    session.commit()
    assert [d.text for d in report.drafts] == [
        "Forces should review files.", "Forces should check their logs.",
        "Forces should train staff."]


def test_record_extraction_refuses_an_unknown_kind(session: Session) -> None:
    report = add_report(session)
    with pytest.raises(OperationError, match="item 1: kind: 'advice'"):
        record_extraction(session, report, extraction(item("x", kind="advice")))


# --- editing, confirming, rejecting ----------------------------------------------------------


def test_edit_draft_records_the_change_and_who_made_it(session: Session) -> None:
    [draft] = recorded(session, item("Forces should reveiw files.", deadline="2026-03-31"))
    version = draft.version
    edit_draft(session, draft.id, {"text": "Forces  should review files.",
                                       "deadline": "2026-06-30", "addressees": ["npcc"]},
                   actor="ana", expected_version=version)
    session.commit()
    assert draft.text == "Forces should review files."
    assert draft.deadline == date(2026, 6, 30)
    assert draft.version == version + 1
    [entry] = draft.edit_history
    assert entry["by"] == "ana"
    assert entry["changes"] == {"text": ["Forces should reveiw files.",
                                         "Forces should review files."],
                                "deadline": ["2026-03-31", "2026-06-30"],
                                "addressees": [[], ["npcc"]]}
    [event] = events(session, "edit_draft")
    assert event.before["text"] == "Forces should reveiw files."
    assert event.after["deadline"] == "2026-06-30"


@pytest.mark.parametrize(("changes", "message"), [
    ({"review_state": "accepted"}, "cannot edit review_state"),
    ({"deadline": "31/03/2026"}, "deadline: '31/03/2026' is not a date"),
    ({"kind": "advice"}, "kind: 'advice' is not one of"),
    ({"text": "   "}, "text: an item cannot be empty"),
    ({"deadline_relative": "six months"}, "deadline_relative"),
    ({"addressees": "npcc"}, "addressees: expected a list"),
])
def test_edit_draft_refuses_bad_changes(session: Session, changes: dict, message: str) -> None:
    [draft] = recorded(session, item("Forces should act."))
    with pytest.raises(OperationError, match=message):
        edit_draft(session, draft.id, changes, actor="ana")
    assert draft.edit_history == []


def test_confirm_draft_creates_a_tracked_item(session: Session) -> None:
    drafts = recorded(
        session,
        item("By 31 March 2026, chief constables should audit files.", number="3",
             deadline="2026-03-31", addressees=["chief_constables"],
             addressees_other=["the regional boards"], applies_to_forces=True),
        item("The force should train staff.", kind="area_for_improvement"),
        title="Case files: a thematic inspection")
    first = confirm_draft(session, drafts[0].id, actor="ana", activity_level=3,
                              paf_area="6a", chief_officer_lead="ACC Crime")
    second = confirm_draft(session, drafts[1].id, actor="ben")
    session.commit()
    assert (first.reference, second.reference) == ("HMI-2025-0001", "HMI-2025-0002")
    assert (first.kind, first.number, first.text) == (
        "recommendation", "3", "By 31 March 2026, chief constables should audit files.")
    assert first.original_deadline == first.current_deadline == date(2026, 3, 31)
    assert first.addressees == ["chief_constables", "the regional boards"]
    assert first.applies_to_forces is True
    assert (first.activity_level, first.paf_area, first.chief_officer_lead) == (
        3, "6a", "ACC Crime")
    assert (first.scope, first.status, first.version) == ("national", "open", 1)
    assert first.source_report_id == drafts[0].report_id
    assert first.source_report == "Case files: a thematic inspection"
    assert first.created_at.tzinfo is not None
    draft = session.get(Draft, drafts[0].id)
    assert (draft.review_state, draft.reviewed_by, draft.tracked_item_id) == (
        "accepted", "ana", first.id)
    assert abs(draft.reviewed_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert [(e.action, e.entity_type) for e in events(session)][-2:] == [
        ("create_item", "tracked_items"), ("confirm_draft", "drafts")]
    confirm = events(session, "confirm_draft")[0]
    assert (confirm.before["review_state"], confirm.after["review_state"]) == (
        "pending", "accepted")


def test_confirming_an_edited_draft_marks_it_edited(session: Session) -> None:
    [draft] = recorded(session, item("Forces should act."))
    edit_draft(session, draft.id, {"text": "Forces should act now."}, actor="ana")
    tracked = confirm_draft(session, draft.id, actor="ana")
    assert tracked.text == "Forces should act now."
    assert draft.review_state == "edited"


def test_a_peel_report_gives_local_items(session: Session) -> None:
    [draft] = recorded(session, item("The force should act."), inspection_type="peel")
    assert confirm_draft(session, draft.id, actor="ana").scope == "local"


def test_a_proposed_deadline_counts_only_once_confirmed(session: Session) -> None:
    unconfirmed, confirmed, confirmed_by_edit = recorded(
        session, *(item(f"Within six months, forces should act {n}.", deadline_relative="P6M")
                   for n in range(3)))
    assert confirm_draft(session, unconfirmed.id, actor="ana").original_deadline is None
    tracked = confirm_draft(session, confirmed.id, actor="ana", confirm_deadline=True)
    assert tracked.original_deadline == tracked.current_deadline == date(2026, 4, 24)
    assert confirmed.deadline_confirmed is True
    edit_draft(session, confirmed_by_edit.id, {"deadline_confirmed": True}, actor="ana")
    tracked = confirm_draft(session, confirmed_by_edit.id, actor="ana")
    assert tracked.original_deadline == date(2026, 4, 24)
    assert confirmed_by_edit.review_state == "accepted"   # confirming a date is not an edit


def test_decisions_on_a_decided_draft_are_refused(session: Session) -> None:
    accepted, rejected = recorded(session, item("Forces should act."), item("Forces should go."))
    confirm_draft(session, accepted.id, actor="ana")
    reject_draft(session, rejected.id, actor="ana", reason="not for us")
    with pytest.raises(OperationError, match=f"draft {accepted.id} is already accepted"):
        confirm_draft(session, accepted.id, actor="ben")
    with pytest.raises(OperationError, match=f"draft {rejected.id} is already rejected"):
        link_draft(session, rejected.id, add_item(session).id, "same_as", actor="ben")
    with pytest.raises(OperationError, match=f"draft {accepted.id} is already accepted"):
        edit_draft(session, accepted.id, {"text": "changed"}, actor="ben")
    assert count(session, TrackedItem) == 2   # the one confirmed plus the one added above


def test_reject_draft_keeps_it_with_who_when_and_why(session: Session) -> None:
    [draft] = recorded(session, item("Forces should act."))
    reject_draft(session, draft.id, actor="ana", reason="  a heading, not an item ")
    session.commit()
    session.expunge_all()
    draft = session.get(Draft, draft.id)
    assert (draft.review_state, draft.reviewed_by, draft.review_note) == (
        "rejected", "ana", "a heading, not an item")
    assert draft.reviewed_at is not None and draft.tracked_item_id is None
    [event] = events(session, "reject_draft")
    assert (event.entity_id, event.before["review_state"], event.after["review_state"]) == (
        draft.id, "pending", "rejected")


def test_reject_needs_a_reason_and_operations_need_an_actor(session: Session) -> None:
    [draft] = recorded(session, item("Forces should act."))
    with pytest.raises(OperationError, match="needs a reason"):
        reject_draft(session, draft.id, actor="ana", reason=" ")
    with pytest.raises(OperationError, match="name of the person"):
        confirm_draft(session, draft.id, actor="")
    session.rollback()


def test_missing_rows_are_reported(session: Session) -> None:
    with pytest.raises(NotFoundError, match="draft 9999 does not exist"):
        confirm_draft(session, 9999, actor="ana")
    [draft] = recorded(session, item("Forces should act."))
    with pytest.raises(NotFoundError, match="tracked item 9999 does not exist"):
        link_draft(session, draft.id, 9999, "same_as", actor="ana")


# --- links, superseding and match decisions --------------------------------------------------


def suggest(*pairs: tuple[TrackedItem, str, float]) -> list[dict]:
    return [{"tracked_id": tracked.id, "relation": relation, "score": score,
             "band": "suggest_link" if score >= 90 else "needs_look",
             "reasons": [f"text similarity {score:.0f}"], "evidence": {"text": score},
             "margin": 5.0} for tracked, relation, score in pairs]


def test_link_same_as_adds_no_item_and_logs_the_decisions(session: Session) -> None:
    old, other = add_item(session), add_item(session)
    [draft] = recorded(session, item("Forces should review case files."))
    record_suggestions(session, draft.id, "found",
                           suggest((old, "same_as", 93.0), (other, "related", 71.0)),
                           paf_suggestion={"area": "6a", "score": 0.7})
    result = link_draft(session, draft.id, old.id, "same_as", actor="ana")
    session.commit()
    assert result.id == old.id
    assert count(session, TrackedItem) == 2
    assert (draft.review_state, draft.tracked_item_id) == ("linked", old.id)
    assert draft.paf_suggestion == {"area": "6a", "score": 0.7}
    decisions = {d.tracked_item_id: d for d in session.scalars(select(MatchDecision))}
    assert {k: (d.suggested_relation, d.chosen_relation, d.score, d.band)
            for k, d in decisions.items()} == {
        old.id: ("same_as", "same_as", 93.0, "suggest_link"),
        other.id: ("related", "none", 71.0, "needs_look")}
    assert decisions[old.id].evidence["reasons"] == ["text similarity 93"]
    assert decisions[old.id].decided_by == "ana"
    assert [e.action for e in events(session)][-2:] == ["record_match_decision", "link_draft"]


def test_a_chosen_item_that_was_not_suggested_is_logged_as_a_miss(session: Session) -> None:
    suggested, chosen = add_item(session), add_item(session)
    [draft] = recorded(session, item("Forces should review case files."))
    record_suggestions(session, draft.id, "found", suggest((suggested, "same_as", 80.0)))
    link_draft(session, draft.id, chosen.id, "same_as", actor="ana")
    labels = {(d.tracked_item_id, d.suggested_relation, d.chosen_relation, d.score)
              for d in session.scalars(select(MatchDecision))}
    assert labels == {(suggested.id, "same_as", "none", 80.0),
                      (chosen.id, None, "same_as", None)}


def test_confirming_or_rejecting_labels_every_suggestion_none(session: Session) -> None:
    old = add_item(session)
    confirmed, rejected = recorded(session, item("Forces should act."), item("Forces: go."))
    for draft in (confirmed, rejected):
        record_suggestions(session, draft.id, "found", suggest((old, "related", 60.0)))
    confirm_draft(session, confirmed.id, actor="ana")
    reject_draft(session, rejected.id, actor="ana", reason="duplicate heading")
    assert sorted((d.draft_id, d.chosen_relation)
                  for d in session.scalars(select(MatchDecision))) == [
        (confirmed.id, "none"), (rejected.id, "none")]


def test_the_reason_matching_gave_is_kept_and_replaced_by_the_next_run(session: Session
                                                                       ) -> None:
    [draft] = recorded(session, item("Forces should act."))
    record_suggestions(session, draft.id, "failed", [],
                           reason="ValueError:  the index\n is not built")
    session.commit()
    assert (draft.match_state, draft.match_reason) == (
        "failed", "ValueError: the index is not built")
    record_suggestions(session, draft.id, "found", [])
    assert draft.match_reason is None


def test_a_draft_without_suggestions_logs_no_decision(session: Session) -> None:
    [draft] = recorded(session, item("Forces should act."))
    record_suggestions(session, draft.id, "no_candidate", [])
    confirm_draft(session, draft.id, actor="ana")
    assert draft.match_state == "no_candidate"
    assert count(session, MatchDecision) == 0


def test_link_supersedes_confirms_and_supersedes_the_old_item(session: Session) -> None:
    old = add_item(session, text="Forces should publish a plan.", status="in_progress")
    [draft] = recorded(session, item("Forces should publish and fund a plan."))
    new = link_draft(session, draft.id, old.id, "supersedes", actor="ana",
                         activity_level=2)
    session.commit()
    session.expunge_all()
    old, new = session.get(TrackedItem, old.id), session.get(TrackedItem, new.id)
    assert new.text == "Forces should publish and fund a plan." and new.activity_level == 2
    assert (old.status, old.superseded_by_id, old.text) == (
        "superseded", new.id, "Forces should publish a plan.")
    assert session.get(Draft, draft.id).review_state == "accepted"
    [link] = session.scalars(select(Link))
    assert (link.from_item_id, link.relation, link.to_item_id, link.created_by) == (
        new.id, "supersedes", old.id, "ana")
    [event] = events(session, "supersede_item")
    assert (event.entity_id, event.before["status"], event.after["status"]) == (
        old.id, "in_progress", "superseded")
    assert [d.chosen_relation for d in session.scalars(select(MatchDecision))] == ["supersedes"]


@pytest.mark.parametrize("relation", ["depends_on", "related"])
def test_link_depends_on_confirms_and_adds_the_link(session: Session, relation: str) -> None:
    old = add_item(session)
    [draft] = recorded(session, item("Forces should adopt the new guidance."))
    new = link_draft(session, draft.id, old.id, relation, actor="ana")
    assert new.id != old.id and old.status == "open"
    [link] = session.scalars(select(Link))
    assert (link.from_item_id, link.relation, link.to_item_id) == (new.id, relation, old.id)


def test_link_refuses_an_unknown_relation_and_a_superseded_target(session: Session) -> None:
    old, newer = add_item(session), add_item(session)
    supersede_item(session, old.id, newer.id, actor="ana")
    [draft] = recorded(session, item("Forces should act."))
    with pytest.raises(OperationError, match="relation: 'duplicates' is not one of"):
        link_draft(session, draft.id, newer.id, "duplicates", actor="ana")
    with pytest.raises(OperationError, match="is already superseded"):
        link_draft(session, draft.id, old.id, "supersedes", actor="ana")
    assert draft.review_state == "pending"


def test_supersede_item_keeps_the_old_item_and_its_history(session: Session) -> None:
    old = add_item(session, current_deadline=date(2025, 3, 31), chief_officer_lead="DCC")
    new = add_item(session)
    supersede_item(session, old.id, new.id, actor="ana", expected_version=old.version)
    session.commit()
    assert (old.status, old.superseded_by.id) == ("superseded", new.id)
    assert (old.current_deadline, old.chief_officer_lead) == (date(2025, 3, 31), "DCC")
    assert count(session, TrackedItem) == 2
    with pytest.raises(OperationError, match=r"already superseded by " + new.reference):
        supersede_item(session, old.id, new.id, actor="ana")
    with pytest.raises(OperationError, match="cannot supersede itself"):
        supersede_item(session, new.id, new.id, actor="ana")
    with pytest.raises(OperationError, match="is itself superseded"):
        supersede_item(session, add_item(session).id, old.id, actor="ana")


# --- transactions and optimistic locking -----------------------------------------------------


def test_a_failure_midway_leaves_neither_change_nor_audit(engine: Engine) -> None:
    with session_scope(engine) as session:
        [draft] = recorded(session, item("Forces should act."))
        add_item(session, reference="HMI-2030-0007")
        draft_id = draft.id
    audit_before = _count_in_new_session(engine, AuditEvent)
    with pytest.raises(ConflictError, match="HMI-2030-0007|unique|UNIQUE"), \
            session_scope(engine) as session:
        confirm_draft(session, draft_id, actor="ana", reference="HMI-2030-0007")
    with Session(engine) as session:
        assert session.get(Draft, draft_id).review_state == "pending"
        assert count(session, TrackedItem) == 1
    assert _count_in_new_session(engine, AuditEvent) == audit_before


def test_an_error_after_the_audit_row_rolls_both_back(engine: Engine,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with session_scope(engine) as session:
        old = add_item(session)
        [draft] = recorded(session, item("Forces should act."))
        draft_id, old_id = draft.id, old.id

    def broken_link(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(item_ops, "add_link", broken_link)
    audit_before = _count_in_new_session(engine, AuditEvent)
    with pytest.raises(RuntimeError, match="disk full"), session_scope(engine) as session:
        link_draft(session, draft_id, old_id, "supersedes", actor="ana")
        # the new item, the draft decision and their audit rows were flushed before the error
    with Session(engine) as session:
        assert session.get(TrackedItem, old_id).status == "open"
        assert session.get(Draft, draft_id).review_state == "pending"
        assert count(session, TrackedItem) == 1
    assert _count_in_new_session(engine, AuditEvent) == audit_before


def test_operation_and_audit_are_committed_together(engine: Engine) -> None:
    with session_scope(engine) as session:
        [draft] = recorded(session, item("Forces should act."))
        reject_draft(session, draft.id, actor="ana", reason="not an item")
        draft_id = draft.id
    with Session(engine) as session:
        assert session.get(Draft, draft_id).review_state == "rejected"
        assert [e.entity_id for e in events(session, "reject_draft")] == [draft_id]


def _count_in_new_session(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return count(session, model)


def test_expected_version_that_does_not_match_is_a_conflict(session: Session) -> None:
    [draft] = recorded(session, item("Forces should act."))
    seen = draft.version
    edit_draft(session, draft.id, {"text": "Forces should act now."}, actor="ana",
                   expected_version=seen)
    with pytest.raises(ConflictError, match=rf"draft {draft.id} was changed by someone else"):
        confirm_draft(session, draft.id, actor="ben", expected_version=seen)
    assert draft.review_state == "pending"
    item_ = add_item(session)
    with pytest.raises(ConflictError, match="tracked item"):
        supersede_item(session, item_.id, add_item(session).id, actor="ben",
                           expected_version=item_.version + 1)


def test_a_decision_after_someone_else_decided_is_refused(engine: Engine) -> None:
    with session_scope(engine) as session:
        [draft] = recorded(session, item("Forces should act."))
        draft_id, seen = draft.id, draft.version
    with session_scope(engine) as session:
        confirm_draft(session, draft_id, actor="ana", expected_version=seen)
    with pytest.raises(OperationError, match=f"draft {draft_id} is already accepted"), \
            session_scope(engine) as session:
        reject_draft(session, draft_id, actor="ben", reason="dup", expected_version=seen)


def test_two_reviewers_deciding_the_same_draft_conflict(engine: Engine) -> None:
    with session_scope(engine) as session:
        [draft] = recorded(session, item("Forces should act."))
        draft_id = draft.id
    with Session(engine) as first, Session(engine) as second:
        # Both reviewers loaded the pending draft (kept: the session holds rows weakly).
        on_screen = first.get(Draft, draft_id), second.get(Draft, draft_id)
        assert on_screen[0].review_state == on_screen[1].review_state == "pending"
        confirm_draft(first, draft_id, actor="ana")
        first.commit()
        with pytest.raises(ConflictError, match="changed by someone else"):
            reject_draft(second, draft_id, actor="ben", reason="duplicate")
        second.rollback()
    with Session(engine) as session:
        draft = session.get(Draft, draft_id)
        assert (draft.review_state, draft.reviewed_by) == ("accepted", "ana")
        assert events(session, "reject_draft") == []


def test_two_people_superseding_the_same_item_conflict(engine: Engine) -> None:
    with session_scope(engine) as session:
        old, a, b = add_item(session), add_item(session), add_item(session)
        ids = old.id, a.id, b.id
    with Session(engine) as first, Session(engine) as second:
        loaded = first.get(TrackedItem, ids[0]), second.get(TrackedItem, ids[0])
        assert loaded[0].status == loaded[1].status == "open"
        supersede_item(first, ids[0], ids[1], actor="ana")
        first.commit()
        with pytest.raises(ConflictError):
            supersede_item(second, ids[0], ids[2], actor="ben")
        second.rollback()
    with Session(engine) as session:
        assert session.get(TrackedItem, ids[0]).superseded_by_id == ids[1]


# --- users -----------------------------------------------------------------------------------
