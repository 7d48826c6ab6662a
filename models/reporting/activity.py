"""Live activity: live items by kind and activity level, local and national, as of any date.

The state of an item on a past date is rebuilt from the audit trail (the row as it was after
the last change on or before that day), so a past quarter's table comes out as it was even
after later changes.

An item counts from the day it was made (``made_at``). For an item imported from the
force's tracker that is its Created date when the file gave one, else the publication date
of its source report, else the first day of the source report's year; only when none is
known, the day of the import. So a tracker imported today shows its history month by month.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hmic_actions.dates import iso
from hmic_actions.vocab import ENDED_STATUSES, ITEM_KINDS, KIND_SHORT_LABELS
from models.ops.errors import OperationError
from models.tables import AuditEvent, TrackedItem

_STATE_FIELDS = ("kind", "status", "activity_level", "scope", "current_deadline",
                 "chief_officer_lead")
MAX_MONTHS = 240
# An imported item whose creation time is this close to its import's was made by the import
# (the file gave no Created date).
IMPORT_CLOCK = timedelta(hours=1)


def source_date(item: TrackedItem) -> date | None:
    """The publication date of the item's source report, else 1 January of its year."""
    if item.source_published is not None:
        return item.source_published
    year = item.source_year
    return date(year, 1, 1) if year and 1900 <= year <= 2999 else None


def _cutoff(day: date) -> datetime:
    """The first moment after ``day`` (UTC): a state "as of" a day includes all of it."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def _state(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: values[k] for k in _STATE_FIELDS if k in values}


class ItemHistory:
    """Every tracked item with its audit events, to tell each item's state on any date."""

    def __init__(self, session: Session) -> None:
        self.items = list(session.scalars(select(TrackedItem).order_by(TrackedItem.id)))
        self.events: dict[int, list[AuditEvent]] = defaultdict(list)
        for event in session.scalars(select(AuditEvent).where(
                AuditEvent.entity_type == TrackedItem.__tablename__)
                .order_by(AuditEvent.at, AuditEvent.id)):
            if event.entity_id is not None:
                self.events[event.entity_id].append(event)

    def made_at(self, item: TrackedItem) -> datetime:
        """When the item was made (see the module's docstring)."""
        events = self.events.get(item.id, [])
        imported = events[0] if events and events[0].action == "import_item" else None
        if imported is None:
            return item.created_at
        dated = (imported.after or {}).get("created_from_file")
        if dated is None:  # imported before imports said so: a Created date is not "now"
            dated = abs(imported.at - item.created_at) > IMPORT_CLOCK
        source = source_date(item)
        if dated or source is None:
            return item.created_at
        return min(item.created_at, datetime.combine(source, time.min, tzinfo=UTC))

    def state(self, item: TrackedItem, cutoff: datetime) -> dict[str, Any] | None:
        """The item's kind, status, level, scope, deadline and lead just before ``cutoff``;
        None if it did not exist yet."""
        if self.made_at(item) >= cutoff:
            return None
        state = _state({f: getattr(item, f) for f in _STATE_FIELDS})
        events = self.events.get(item.id, [])
        earlier = [e for e in events if e.at < cutoff and e.after]
        if earlier:
            state.update(_state(earlier[-1].after or {}))
        else:
            later = [e for e in events if e.at >= cutoff and (e.before or e.after)]
            # An item imported with an earlier creation date has only later events: its
            # first known state is the best account of the time before them.
            if later:
                state.update(_state(later[0].before or later[0].after or {}))
        if isinstance(state.get("current_deadline"), str):
            state["current_deadline"] = date.fromisoformat(state["current_deadline"])
        return state

    def live(self, day: date) -> list[tuple[TrackedItem, dict[str, Any]]]:
        """The items live at the end of ``day``, with their state then."""
        cutoff = _cutoff(day)
        found = []
        for item in self.items:
            state = self.state(item, cutoff)
            if state is not None and state.get("status") not in ENDED_STATUSES:
                found.append((item, state))
        return found


def item_states(session: Session, day: date) -> list[dict[str, Any]]:
    """Every item live at the end of ``day``: id, reference and its state then."""
    return [{"id": item.id, "reference": item.reference, **state,
             "current_deadline": iso(state.get("current_deadline"))}
            for item, state in ItemHistory(session).live(day)]


def _row_keys() -> list[tuple[str, str, str, int | None]]:
    rows: list[tuple[str, str, str, int | None]] = [
        ("cause_of_concern", "Cause of concern", "cause_of_concern", None)]
    for kind in ("recommendation", "area_for_improvement"):
        label = KIND_SHORT_LABELS[kind]
        rows += [(f"{kind}:{n}", f"{label} level {n}", kind, n) for n in (1, 2, 3, 4)]
        rows.append((f"{kind}:none", f"{label} (level not set)", kind, None))
    rows.append(("super_complaint", "Super-complaint", "super_complaint", None))
    return rows


def _row_key(state: Mapping[str, Any]) -> str:
    kind = state.get("kind")
    if kind in ("recommendation", "area_for_improvement"):
        level = state.get("activity_level")
        return f"{kind}:{level if level in (1, 2, 3, 4) else 'none'}"
    return str(kind)


def live_activity(session: Session, as_of: date) -> dict[str, Any]:
    """Live items at the end of ``as_of`` by kind and level (rows), local and national.

    Causes of concern and super-complaints are one row each whatever their level;
    recommendations and AFIs have a row per level and one for no level yet, so the rows add
    up to the totals.
    """
    counts: dict[str, dict[str, int]] = {key: {"local": 0, "national": 0}
                                         for key, *_ in _row_keys()}
    for _item, state in ItemHistory(session).live(as_of):
        scope = "local" if state.get("scope") == "local" else "national"
        counts.setdefault(_row_key(state), {"local": 0, "national": 0})[scope] += 1
    rows = []
    for key, label, kind, level in _row_keys():
        local, national = counts[key]["local"], counts[key]["national"]
        rows.append({"key": key, "label": label, "kind": kind, "level": level,
                     "local": local, "national": national, "total": local + national})
    local = sum(r["local"] for r in rows)
    national = sum(r["national"] for r in rows)
    return {"as_of": as_of.isoformat(), "rows": rows,
            "totals": {"local": local, "national": national, "total": local + national}}


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def parse_month(value: str, what: str) -> tuple[int, int]:
    """A ``YYYY-MM`` string as (year, month); OperationError with one line otherwise."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", (value or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise OperationError(f"{what}: {value!r} is not a month (YYYY-MM)")
    if not 1900 <= int(match.group(1)) <= 2999:
        raise OperationError(f"{what}: {value!r} is outside the years 1900 to 2999")
    return int(match.group(1)), int(match.group(2))


def monthly_live(session: Session, start: tuple[int, int], end: tuple[int, int]
                 ) -> dict[str, Any]:
    """Live items by kind at the end of each month from ``start`` to ``end`` (inclusive)."""
    first = start[0] * 12 + start[1] - 1
    last = end[0] * 12 + end[1] - 1
    if last < first:
        raise OperationError(f"the months run backwards: {start[0]}-{start[1]:02d} is after "
                             f"{end[0]}-{end[1]:02d}")
    if last - first + 1 > MAX_MONTHS:
        raise OperationError(f"at most {MAX_MONTHS} months at a time, not {last - first + 1}")
    history = ItemHistory(session)
    months = []
    for n in range(first, last + 1):
        year, month = divmod(n, 12)
        day = _month_end(year, month + 1)
        counts = dict.fromkeys(ITEM_KINDS, 0)
        for _item, state in history.live(day):
            if state.get("kind") in counts:
                counts[state["kind"]] += 1
        months.append({"month": f"{year}-{month + 1:02d}", "as_of": day.isoformat(),
                       "counts": counts, "total": sum(counts.values())})
    return {"from": months[0]["month"], "to": months[-1]["month"],
            "kinds": [{"kind": k, "label": KIND_SHORT_LABELS[k]} for k in ITEM_KINDS],
            "months": months}
