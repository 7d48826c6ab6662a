"""The plenary pack: a report's drafts for the plenary session, those for forces first, each
with its suggested lead, activity level and matches.

Drafts rejected as not an item (read in error) are not in the pack at all. Besides the
values (ids, codes), each entry carries what a person reads: ``kind_label``,
``addressee_names`` (the vocabulary's names, not ids), a ``label`` per match ("probably the
same as HMI-2024-0007") and per superseding, and the decision's ``label``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor.dependencies import find_dependencies
from hmic_actions.bodies import current_vocabulary
from hmic_actions.dates import iso
from hmic_actions.vocab import (
    BAND_LABELS,
    KIND_LABELS,
    REVIEW_STATE_LABELS,
    match_phrase,
    rejected_as_not_an_item,
)
from models.ops.errors import NotFoundError
from models.reporting.rules import lead_for, load_paf_leads, suggest_activity_level
from models.tables import Draft, Link, Report, TrackedItem, utcnow


def item_ref(item: TrackedItem | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {"id": item.id, "reference": item.reference, "status": item.status}


def _tracked(session: Session, ids: Iterable[Any]) -> dict[int, TrackedItem]:
    wanted = set()
    for value in ids:
        try:
            wanted.add(int(value))
        except (TypeError, ValueError):
            continue
    if not wanted:
        return {}
    return {i.id: i for i in session.scalars(select(TrackedItem).where(
        TrackedItem.id.in_(wanted)))}


def _deadline(draft: Draft) -> tuple[date | None, str | None]:
    if draft.deadline is not None:
        return draft.deadline, "stated"
    if draft.proposed_deadline is not None:
        return draft.proposed_deadline, "proposed"
    if draft.immediate:
        return None, "immediate"
    return None, None


def _pack_entry(draft: Draft, scope: str, leads: Mapping[str, str],
                tracked: Mapping[int, TrackedItem], superseded_by_decision: list[TrackedItem]
                ) -> dict[str, Any]:
    deadline, source = _deadline(draft)
    paf = draft.paf_suggestion or {}
    area = paf.get("area")
    matches, superseding = [], []
    for suggestion in draft.suggestions or []:
        try:
            item = tracked.get(int(suggestion.get("tracked_id")))
        except (TypeError, ValueError):
            item = None
        reference = item.reference if item else f"tracked item {suggestion.get('tracked_id')}"
        match = {"tracked_item_id": item.id if item else suggestion.get("tracked_id"),
                 "reference": item.reference if item else None,
                 "status": item.status if item else None,
                 "relation": suggestion.get("relation"), "score": suggestion.get("score"),
                 "band": suggestion.get("band"), "reasons": list(suggestion.get("reasons") or []),
                 "label": match_phrase(suggestion.get("relation"), suggestion.get("band"),
                                       reference),
                 "band_label": BAND_LABELS.get(suggestion.get("band") or "")}
        matches.append(match)
        if suggestion.get("relation") == "supersedes":
            superseding.append({**{k: match[k] for k in ("tracked_item_id", "reference",
                                                        "status", "score")},
                                "source": "suggested",
                                "label": f"Proposed to supersede {reference}"})
    decided_ids = {s.id for s in superseded_by_decision}
    superseding = [s for s in superseding if s["tracked_item_id"] not in decided_ids]
    superseding[:0] = [{"tracked_item_id": old.id, "reference": old.reference,
                        "status": old.status, "score": None, "source": "decided",
                        "label": f"Supersedes {old.reference}"}
                       for old in superseded_by_decision]
    item = draft.tracked_item
    decided = draft.review_state != "pending"
    state = REVIEW_STATE_LABELS.get(draft.review_state, draft.review_state)
    vocabulary = current_vocabulary()
    return {
        "draft_id": draft.id, "position": draft.position, "kind": draft.kind,
        "kind_label": KIND_LABELS.get(draft.kind, draft.kind),
        "number": draft.number, "text": draft.text, "page": draft.page,
        "origin": draft.origin, "extracted_status": draft.status,
        "added_by": draft.added_by,
        "decision": {
            "state": draft.review_state, "decided": decided, "by": draft.reviewed_by,
            "at": iso(draft.reviewed_at), "note": draft.review_note,
            "label": state if item is None else (
                f"{state} to {item.reference}" if draft.review_state == "linked"
                else f"{state} as {item.reference}"),
            "tracked_item": None if item is None else {
                "id": item.id, "reference": item.reference, "status": item.status,
                "paf_area": item.paf_area, "chief_officer_lead": item.chief_officer_lead,
                "activity_level": item.activity_level},
        },
        "deadline": iso(deadline), "deadline_source": source,
        "deadline_text": draft.deadline_text, "deadline_relative": draft.deadline_relative,
        "addressees": list(draft.addressees or []),
        "addressees_other": list(draft.addressees_other or []),
        "addressee_names": [*(vocabulary.name_of(a) or a for a in draft.addressees or []),
                            *(draft.addressees_other or [])],
        "applies_to_forces": draft.applies_to_forces,
        "paf": {"area": area, "title": paf.get("title")} if area else None,
        "chief_officer_lead": lead_for(area, leads),
        "activity_level": suggest_activity_level(draft.kind, draft.applies_to_forces, scope),
        "matches": matches,
        "superseding": superseding,
    }


def plenary_pack(session: Session, report_id: int, leads: Mapping[str, str] | None = None
                 ) -> dict[str, Any]:
    """The plenary pack of a report: its drafts for forces, those for information only, and
    the dependencies between them the text states. Drafts rejected as not an item are left
    out (``counts["not_items"]`` says how many). NotFoundError for no such report."""
    report = session.get(Report, report_id)
    if report is None:
        raise NotFoundError(f"report {report_id} does not exist")
    leads = load_paf_leads() if leads is None else leads
    drafts = list(session.scalars(select(Draft).where(Draft.report_id == report_id)
                                  .order_by(Draft.position)))
    not_items = [d for d in drafts if rejected_as_not_an_item(d.review_state, d.review_note)]
    drafts = [d for d in drafts if d not in not_items]
    tracked = _tracked(session, (s.get("tracked_id") for d in drafts
                                 for s in (d.suggestions or [])))
    new_ids = [d.tracked_item_id for d in drafts if d.tracked_item_id is not None]
    replaced: dict[int, list[TrackedItem]] = defaultdict(list)
    if new_ids:
        rows = session.execute(select(Link.from_item_id, TrackedItem).join(
            TrackedItem, TrackedItem.id == Link.to_item_id).where(
            Link.relation == "supersedes", Link.from_item_id.in_(new_ids)))
        for from_id, old in rows:
            replaced[from_id].append(old)
    scope = "local" if report.inspection_type == "peel" else "national"
    entries = [_pack_entry(d, scope, leads, tracked, replaced.get(d.tracked_item_id or -1, []))
               for d in drafts]
    own = [d for d in drafts if d.origin == "this_report"]
    dependencies = []
    for dep in find_dependencies(own):
        target = own[dep.depends_on] if dep.depends_on is not None else None
        dependencies.append({
            "item": {"draft_id": own[dep.item].id, "kind": dep.kind, "number": dep.number},
            "depends_on": {"draft_id": target.id if target else None,
                           "kind": dep.depends_on_kind, "number": dep.depends_on_number},
            "phrase": dep.phrase})
    for_action = [e for e in entries if e["applies_to_forces"]]
    for_information = [e for e in entries if not e["applies_to_forces"]]
    decided = sum(e["decision"]["decided"] for e in entries)
    return {
        "report": {"id": report.id, "title": report.title, "file_name": report.file_name,
                   "published": iso(report.published),
                   "inspection_type": report.inspection_type, "status": report.status},
        "generated_at": iso(utcnow()),
        "counts": {"for_action": len(for_action), "for_information": len(for_information),
                   "pending": len(entries) - decided, "decided": decided,
                   "dependencies": len(dependencies), "not_items": len(not_items)},
        "for_action": for_action,
        "for_information": for_information,
        "dependencies": dependencies,
    }
