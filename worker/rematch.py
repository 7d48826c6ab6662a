"""Matching pending drafts again: after a tracker import or a decision changed the tracked
items, or when a person asks. Thin over ``matching`` and ``models.ops.drafts``.

Idempotent: a draft's suggestions are written only when they differ from what it has, so
running it twice (or for a report with nothing new) writes nothing.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import selectinload

from matching import MatchResult, Suggestion, within_report
from models.db import session_scope
from models.ops import drafts as draft_ops
from models.tables import Draft, Report
from worker.index import draft_item_text, tracked_index

__all__ = ["ACTOR", "rematch_pending", "sibling_entries"]

log = logging.getLogger(__name__)

#: The name matching writes into the audit trail.
ACTOR = "worker"


def sibling_entries(drafts: Sequence[Draft]) -> dict[int, list[dict[str, Any]]]:
    """Which drafts of one report each depends on (it uses what another asks a body to
    produce, or waits on it), by draft id, as drafts store them. Items of one report are
    all on its subject, so merely related ones are not kept."""
    items = [draft_item_text(d) for d in drafts]
    by_key = {str(item.id): draft for item, draft in zip(items, drafts, strict=True)}
    found = within_report(items) if len(items) > 1 else {}
    return {by_key[str(key)].id: [_sibling(s, by_key[str(s.tracked_id)]) for s in suggestions
                                  if str(s.tracked_id) in by_key and s.relation == "depends_on"]
            for key, suggestions in found.items() if str(key) in by_key}


def _sibling(suggestion: Suggestion, other: Draft) -> dict[str, Any]:
    return {"draft_id": other.id, "position": other.position, "number": other.number,
            "kind": other.kind, "relation": suggestion.relation,
            "score": round(suggestion.score, 1), "reasons": list(suggestion.reasons)}


def _stored(result: MatchResult) -> list[dict[str, Any]]:
    """The candidates as the database gives them back (JSON: tuples become lists)."""
    return json.loads(json.dumps([c.to_dict() for c in result.candidates]))


def rematch_pending(engine: Engine, report_id: int | None = None) -> int:
    """Match the pending drafts of ready reports (one report's, or all) against the tracked
    items as they are now, and relate each to the other pending drafts of its report.
    Returns how many drafts' suggestions changed."""
    index = tracked_index(engine)
    changed = 0
    with session_scope(engine) as session:
        statement = (select(Draft).join(Report, Report.id == Draft.report_id)
                     .where(Draft.review_state == "pending", Report.status == "ready")
                     .options(selectinload(Draft.report))
                     .order_by(Draft.report_id, Draft.position))
        if report_id is not None:
            statement = statement.where(Draft.report_id == report_id)
        by_report: dict[int, list[Draft]] = defaultdict(list)
        for draft in session.scalars(statement):
            by_report[draft.report_id].append(draft)
        for drafts in by_report.values():
            siblings = sibling_entries(drafts)
            for draft in drafts:
                result = index.suggest(draft_item_text(draft))
                related = siblings.get(draft.id, [])
                reason = " ".join(result.reason.split()) if result.reason else None
                if (_stored(result) == (draft.suggestions or [])
                        and related == (draft.sibling_suggestions or [])
                        and result.state == draft.match_state and reason == draft.match_reason):
                    continue
                draft_ops.record_suggestions(session, draft.id, result.state, result.candidates,
                                             actor=ACTOR, reason=result.reason,
                                             siblings=related)
                changed += 1
    return changed
