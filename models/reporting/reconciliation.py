"""Reconciliation: supersession chains, items closed as superseded, items a later report
restated (drafts linked as the same item, with what they changed), and new items with no
match."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hmic_actions.dates import iso
from models.ops.audit import last_event
from models.reporting.pack import item_ref
from models.tables import Draft, Report, TrackedItem


def _chain_item(item: TrackedItem) -> dict[str, Any]:
    return {"id": item.id, "reference": item.reference, "kind": item.kind,
            "number": item.number, "status": item.status,
            "source_report_id": item.source_report_id, "source_report": item.source_report,
            "superseded_by_id": item.superseded_by_id}


def _restated(session: Session) -> list[dict[str, Any]]:
    """Each draft linked as the same as a tracked item: the item, the report and what the
    link changed on the item."""
    rows = session.execute(select(Draft, Report).join(Report, Report.id == Draft.report_id)
                           .where(Draft.review_state == "linked")
                           .order_by(Report.id, Draft.position))
    restated = []
    for draft, report in rows:
        decision = last_event(session, Draft.__tablename__, draft.id, ("link_draft",))
        after = (decision.after or {}) if decision is not None else {}
        restated.append({
            "draft_id": draft.id, "kind": draft.kind, "number": draft.number,
            "origin": draft.origin, "status_quoted": draft.status,
            "report": {"id": report.id, "title": report.title, "file_name": report.file_name,
                       "published": iso(report.published)},
            "tracked_item": item_ref(draft.tracked_item),
            "changes": after.get("update") or {}, "by": draft.reviewed_by,
            "at": iso(draft.reviewed_at)})
    return restated


def reconciliation(session: Session) -> dict[str, Any]:
    """Supersession chains (oldest first), items closed as superseded, items restated by a
    later report, and new items that matched nothing tracked (drafts with no candidate,
    pending or accepted)."""
    items = {i.id: i for i in session.scalars(select(TrackedItem).order_by(TrackedItem.id))}
    has_predecessor = {i.superseded_by_id for i in items.values()}
    chains = []
    for item in items.values():
        if item.superseded_by_id is None or item.id in has_predecessor:
            continue
        chain, seen = [item], {item.id}
        nxt = items.get(item.superseded_by_id)
        while nxt is not None and nxt.id not in seen:  # a cycle would be a data error
            chain.append(nxt)
            seen.add(nxt.id)
            nxt = items.get(nxt.superseded_by_id) if nxt.superseded_by_id else None
        chains.append({"length": len(chain), "items": [_chain_item(i) for i in chain]})
    closed = []
    for item in items.values():
        if item.status == "superseded" or (item.status == "closed" and item.superseded_by_id):
            by = items.get(item.superseded_by_id) if item.superseded_by_id else None
            closed.append({**_chain_item(item), "superseded_by": item_ref(by)})
    drafts = session.execute(select(Draft, Report).join(Report, Report.id == Draft.report_id)
                             .where(Draft.match_state == "no_candidate",
                                    Draft.review_state.in_(("pending", "accepted", "edited")))
                             .order_by(Report.id, Draft.position))
    unmatched = [{"draft_id": d.id, "report": {"id": r.id, "title": r.title,
                                                "file_name": r.file_name,
                                                "published": iso(r.published)},
                  "position": d.position, "kind": d.kind, "number": d.number, "text": d.text,
                  "review_state": d.review_state,
                  "tracked_item": item_ref(d.tracked_item)} for d, r in drafts]
    restated = _restated(session)
    return {"chains": chains, "closed_as_superseded": closed, "restated": restated,
            "unmatched": unmatched,
            "counts": {"chains": len(chains), "closed_as_superseded": len(closed),
                       "restated": len(restated), "unmatched": len(unmatched)}}
