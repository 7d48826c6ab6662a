"""Undoing a decision on a draft, when that loses nothing anyone did since."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hmic_actions.vocab import ITEM_STATUSES
from models.ops.audit import audit, last_event, snapshot
from models.ops.errors import OperationError
from models.ops.rows import as_date, check_version, flush, get_row
from models.tables import AuditEvent, Draft, Link, MatchDecision, TrackedItem

_DECISION_ACTIONS = ("confirm_draft", "link_draft", "reject_draft")


def _keep_or_refuse(session: Session, draft: Draft, item: TrackedItem,
                    decision: AuditEvent | None) -> tuple[list[Link], TrackedItem | None]:
    """The links the decision made and the item it superseded, if removing ``item`` loses
    nothing anyone did since; OperationError naming what is in the way otherwise."""
    what = f"draft {draft.id} cannot be undone: tracked item {item.id} ({item.reference})"
    created = last_event(session, TrackedItem.__tablename__, item.id, ("create_item",))
    if created is None or created.after is None:
        raise OperationError(f"{what} was not created by this decision")
    if item.version != created.after.get("version"):
        raise OperationError(f"{what} was changed after it was created{_by_whom(session, item)}")
    if item.superseded_by_id is not None:
        raise OperationError(f"{what} is superseded by tracked item {item.superseded_by_id}")
    other = session.scalar(select(Draft.id).where(Draft.tracked_item_id == item.id,
                                                  Draft.id != draft.id).limit(1))
    if other is not None:
        raise OperationError(f"{what} is what draft {other} was decided as")
    incoming = session.scalars(select(Link).where(Link.to_item_id == item.id)).first()
    if incoming is not None:
        raise OperationError(f"{what} is the target of a {incoming.relation} link from "
                             f"tracked item {incoming.from_item_id}")
    decided = session.scalar(select(MatchDecision.draft_id).where(
        MatchDecision.tracked_item_id == item.id, MatchDecision.draft_id != draft.id).limit(1))
    if decided is not None:
        raise OperationError(f"{what} is part of the decision on draft {decided}")
    after = (decision.after or {}) if decision is not None else {}
    relation = after.get("relation") if decision and decision.action == "link_draft" else None
    target_id = after.get("to_item_id")
    links = list(session.scalars(select(Link).where(Link.from_item_id == item.id)))
    for link in links:
        if relation is None or (link.to_item_id, link.relation) != (target_id, relation):
            raise OperationError(f"{what} has a {link.relation} link to tracked item "
                                 f"{link.to_item_id} added after the decision")
    superseded = None
    if relation == "supersedes":
        superseded = session.get(TrackedItem, target_id)
        if superseded is None or superseded.superseded_by_id != item.id:
            raise OperationError(f"{what} no longer supersedes tracked item {target_id}")
    return links, superseded


def _put_back_update(session: Session, draft: Draft, decision: AuditEvent,
                     actor: str) -> dict[str, Any] | None:
    """Give the item a same_as decision updated its values back; refuse if it changed since."""
    after = decision.after or {}
    changes = after.get("update") or {}
    item = session.get(TrackedItem, after.get("to_item_id"))
    if item is None:
        return None
    if not changes:
        audit(session, actor, "undo_update_from_report", item, before=snapshot(item),
              after={**(snapshot(item) or {}), "draft_id": draft.id})
        return None
    if item.version != after.get("item_version"):
        raise OperationError(
            f"draft {draft.id} cannot be undone: tracked item {item.id} ({item.reference}) "
            f"was changed after this report updated it{_by_whom(session, item)}")
    event = last_event(session, TrackedItem.__tablename__, item.id, ("restated_in_report",))
    previous = (event.before or {}) if event is not None else {}
    before = snapshot(item)
    for name in changes:
        if name not in previous:
            raise OperationError(f"draft {draft.id} cannot be undone: the {name} tracked item "
                                 f"{item.id} had before is not recorded")
        value = previous[name]
        setattr(item, name, as_date(value, name) if name.endswith("deadline") else value)
    if "status" in changes and "evidence" in previous:
        item.evidence = previous["evidence"]
    flush(session, f"tracked item {item.id}")
    audit(session, actor, "undo_update_from_report", item, before=before,
          after={**(snapshot(item) or {}), "draft_id": draft.id})
    return snapshot(item)


def undo_decision(session: Session, draft_id: int, actor: str,
                  expected_version: int | None = None) -> Draft:
    """Put a decided draft back to pending, withdrawing what its decision wrote.

    - rejected: the rejection note is cleared (the audit trail keeps it);
    - linked (same_as): the draft no longer stands for the existing item, and the changes
      the report made to it (status, deadline, wording) are put back;
    - accepted or edited (also supersedes / depends_on / related links): the tracked item the
      decision created is removed with the links it made, and an item it superseded gets its
      status back from before.

    The MatchDecision rows of the decision are removed, so calibration does not learn a
    withdrawn choice. The draft keeps its text and edit history. Refused (OperationError)
    when removing the item would lose later work: an edit, another draft or link using it.
    """
    draft = get_row(session, Draft, draft_id, "draft")
    if draft.review_state == "pending":
        raise OperationError(f"draft {draft.id} is pending; there is no decision to undo")
    check_version(draft, "draft", expected_version)
    before = snapshot(draft)
    decision = last_event(session, Draft.__tablename__, draft.id, _DECISION_ACTIONS)
    removed_item: dict[str, Any] | None = None
    removed_links: list[dict[str, Any] | None] = []
    restored: dict[str, Any] | None = None
    if draft.review_state == "linked" and decision is not None:
        restored = _put_back_update(session, draft, decision, actor)
    item = draft.tracked_item if draft.review_state in ("accepted", "edited") else None
    if draft.review_state in ("accepted", "edited") and item is None:
        raise OperationError(f"draft {draft.id} cannot be undone: its tracked item is gone")
    if item is not None:
        links, superseded = _keep_or_refuse(session, draft, item, decision)
        if superseded is not None:
            event = last_event(session, TrackedItem.__tablename__, superseded.id,
                                ("supersede_item",))
            previous = (event.before or {}).get("status") if event is not None else None
            if previous not in ITEM_STATUSES or previous == "superseded":
                raise OperationError(f"draft {draft.id} cannot be undone: the status tracked "
                                     f"item {superseded.id} had before it was superseded is "
                                     f"not recorded")
            old_before = snapshot(superseded)
            superseded.status = previous
            superseded.superseded_by_id = None
            flush(session, f"tracked item {superseded.id}")
            audit(session, actor, "unsupersede_item", superseded, before=old_before,
                  after=snapshot(superseded))
            restored = snapshot(superseded)
        for link in links:
            removed_links.append(snapshot(link))
            session.delete(link)
        removed_item = snapshot(item)
    removed_decisions = list(session.scalars(select(MatchDecision).where(
        MatchDecision.draft_id == draft.id)))
    for row in removed_decisions:
        session.delete(row)
    if decision is not None and draft.review_state in ("accepted", "edited"):
        # Confirming may have taken the proposed deadline; the draft goes back as it was.
        draft.deadline_confirmed = bool((decision.before or {}).get(
            "deadline_confirmed", draft.deadline_confirmed))
    draft.review_state = "pending"
    draft.reviewed_by = None
    draft.reviewed_at = None
    draft.review_note = None
    draft.tracked_item = None
    flush(session, f"draft {draft.id}")
    if item is not None:
        item_id = item.id
        session.delete(item)
        flush(session, f"tracked item {item_id}")
        audit(session, actor, "remove_item", entity_type=TrackedItem.__tablename__,
              entity_id=item_id, before=removed_item)
    audit(session, actor, "undo_decision", draft, before=before, after={
        **(snapshot(draft) or {}), "removed_item": removed_item, "removed_links": removed_links,
        "restored_item": restored,
        "removed_match_decisions": [snapshot(d) for d in removed_decisions]})
    flush(session, f"draft {draft.id}")
    return draft


def _by_whom(session: Session, item: TrackedItem) -> str:
    """" (last by Sam Patel on 3 Mar 2026)": the item's last change, in words for people."""
    event = session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == TrackedItem.__tablename__, AuditEvent.entity_id == item.id
    ).order_by(AuditEvent.id.desc()).limit(1)).first()
    if event is None:
        return ""
    return f" (last by {event.actor} on {event.at:%-d %b %Y})"
