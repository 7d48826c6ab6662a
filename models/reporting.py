"""What leads read from the tracker: plenary packs, live activity, deadlines, reconciliation.

Each function takes a session, only reads, and returns JSON-ready data (dates as ISO
strings); ``models.report_files`` turns the same data into XLSX, PDF, SVG and iCalendar.

- ``plenary_pack``: a report's drafts for the plenary session, those for forces first.
- ``live_activity`` / ``monthly_live``: live items by kind and activity level, local and
  national, as of any date. The state of an item on a past date is rebuilt from the audit
  trail (the row as it was after the last change on or before that day), so a past quarter's
  table comes out as it was even after later changes.
- ``deadlines``: live items by Chief Officer lead, overdue or due within 30, 60, 90 days.
- ``reconciliation``: supersession chains, items closed as superseded and unmatched new items.

Settings: ``HMIC_PAF_LEADS_FILE`` names a TOML file mapping PAF questions to Chief Officer
leads (the shipped one is ``models/data/paf_leads.toml``); the activity-level rule is
``models/data/activity_levels.toml``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor.dependencies import find_dependencies
from models.ops import NotFoundError, OperationError
from models.tables import (
    ITEM_KINDS,
    AuditEvent,
    Draft,
    Link,
    Report,
    TrackedItem,
    utcnow,
)

__all__ = [
    "BUCKETS", "ENDED_STATUSES", "LEADS_ENV", "SettingsError", "activity_level_rules",
    "deadline_items", "deadlines", "item_states", "live_activity", "load_paf_leads",
    "monthly_live", "parse_month", "plenary_pack", "reconciliation", "suggest_activity_level",
]

DATA = Path(__file__).resolve().parent / "data"
LEADS_ENV = "HMIC_PAF_LEADS_FILE"
ENDED_STATUSES = ("completed", "closed", "superseded")
NO_LEAD = "No lead"
KIND_LABELS = {"recommendation": "Recommendation", "area_for_improvement": "AFI",
               "cause_of_concern": "Cause of concern", "super_complaint": "Super-complaint"}
# Deadline buckets: name and the days from today (inclusive) it covers.
BUCKETS = (("overdue", None, -1), ("due_0_30", 0, 30), ("due_31_60", 31, 60),
           ("due_61_90", 61, 90))
MAX_MONTHS = 240
_STATE_FIELDS = ("kind", "status", "activity_level", "scope", "current_deadline",
                 "chief_officer_lead")
_QUESTION = re.compile(r"\s*(\d)")


class SettingsError(OperationError):
    """A settings file cannot be used (the message says which and why, in one line)."""


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- settings ------------------------------------------------------------------------------


def _read_toml(path: Path, what: str) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise SettingsError(f"{what}: {path} does not exist") from None
    except IsADirectoryError:
        raise SettingsError(f"{what}: {path} is a directory, not a TOML file") from None
    except PermissionError:
        raise SettingsError(f"{what}: {path} cannot be read (permission denied)") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{what}: {path} is not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{what}: {path} is not UTF-8 text") from None


def load_paf_leads(path: str | Path | None = None) -> dict[str, str]:
    """PAF question ("1" … "9") → Chief Officer lead, from ``path``, ``HMIC_PAF_LEADS_FILE``
    or the shipped file. A file that cannot be used raises SettingsError."""
    chosen = path or os.environ.get(LEADS_ENV, "").strip() or None
    what = LEADS_ENV if chosen and not path else "PAF leads file"
    source = Path(chosen) if chosen else DATA / "paf_leads.toml"
    return _leads(source, what)


def _leads(source: Path, what: str) -> dict[str, str]:
    data = _read_toml(source, what)
    leads = data.get("leads")
    if not isinstance(leads, dict) or not leads:
        raise SettingsError(f"{what}: {source} needs a [leads] table mapping PAF questions "
                            f"\"1\" to \"9\" to Chief Officer leads")
    result: dict[str, str] = {}
    for key, value in leads.items():
        if key not in {str(n) for n in range(1, 10)}:
            raise SettingsError(f"{what}: {source}: {key!r} is not a PAF question (1 to 9)")
        if not isinstance(value, str) or not value.strip():
            raise SettingsError(f"{what}: {source}: the lead for question {key} must be a "
                                f"non-empty string")
        result[key] = " ".join(value.split())
    return result


def lead_for(paf_area: str | None, leads: Mapping[str, str]) -> str | None:
    """The Chief Officer lead of a PAF area ("6b" or "6") from ``leads``, or None."""
    match = _QUESTION.match(paf_area or "")
    return leads.get(match.group(1)) if match else None


@dataclass(frozen=True)
class LevelRule:
    """When an item has ``conditions`` (all of them), suggest ``level`` because ``why``."""

    conditions: tuple[tuple[str, Any], ...]
    level: int
    why: str


@lru_cache(maxsize=1)
def activity_level_rules() -> tuple[LevelRule, ...]:
    """The activity-level rule, in order, from ``models/data/activity_levels.toml``."""
    path = DATA / "activity_levels.toml"
    rules = []
    for n, raw in enumerate(_read_toml(path, "activity levels").get("rule", []), start=1):
        level, why = raw.get("level"), raw.get("why")
        conditions = tuple((k, v) for k, v in raw.items() if k not in ("level", "why"))
        unknown = {k for k, _ in conditions} - {"kind", "applies_to_forces", "scope"}
        if level not in (1, 2, 3, 4) or not isinstance(why, str) or unknown:
            raise SettingsError(f"activity levels: {path}: rule {n} needs level 1-4 and why, "
                                f"and only kind, applies_to_forces or scope as conditions")
        rules.append(LevelRule(conditions, level, why))
    return tuple(rules)


def suggest_activity_level(kind: str, applies_to_forces: bool, scope: str
                           ) -> dict[str, Any] | None:
    """The suggested HMICFRS activity level ``{"level", "why"}`` (None when no rule fits)."""
    facts = {"kind": kind, "applies_to_forces": applies_to_forces, "scope": scope}
    for rule in activity_level_rules():
        if all(facts.get(k) == v for k, v in rule.conditions):
            return {"level": rule.level, "why": rule.why}
    return None


# --- plenary pack --------------------------------------------------------------------------


def _item_ref(item: TrackedItem | None) -> dict[str, Any] | None:
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
        match = {"tracked_item_id": item.id if item else suggestion.get("tracked_id"),
                 "reference": item.reference if item else None,
                 "status": item.status if item else None,
                 "relation": suggestion.get("relation"), "score": suggestion.get("score"),
                 "band": suggestion.get("band"), "reasons": list(suggestion.get("reasons") or [])}
        matches.append(match)
        if suggestion.get("relation") == "supersedes":
            superseding.append({**{k: match[k] for k in ("tracked_item_id", "reference",
                                                        "status", "score")},
                                "source": "suggested"})
    decided_ids = {s.id for s in superseded_by_decision}
    superseding = [s for s in superseding if s["tracked_item_id"] not in decided_ids]
    superseding[:0] = [{"tracked_item_id": old.id, "reference": old.reference,
                        "status": old.status, "score": None, "source": "decided"}
                       for old in superseded_by_decision]
    item = draft.tracked_item
    decided = draft.review_state != "pending"
    return {
        "draft_id": draft.id, "position": draft.position, "kind": draft.kind,
        "number": draft.number, "text": draft.text, "page": draft.page,
        "origin": draft.origin, "extracted_status": draft.status,
        "decision": {
            "state": draft.review_state, "decided": decided, "by": draft.reviewed_by,
            "at": _iso(draft.reviewed_at), "note": draft.review_note,
            "tracked_item": None if item is None else {
                "id": item.id, "reference": item.reference, "status": item.status,
                "paf_area": item.paf_area, "chief_officer_lead": item.chief_officer_lead,
                "activity_level": item.activity_level},
        },
        "deadline": _iso(deadline), "deadline_source": source,
        "deadline_text": draft.deadline_text, "deadline_relative": draft.deadline_relative,
        "addressees": list(draft.addressees or []),
        "addressees_other": list(draft.addressees_other or []),
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
    the dependencies between them the text states. NotFoundError for no such report."""
    report = session.get(Report, report_id)
    if report is None:
        raise NotFoundError(f"report {report_id} does not exist")
    leads = load_paf_leads() if leads is None else leads
    drafts = list(session.scalars(select(Draft).where(Draft.report_id == report_id)
                                  .order_by(Draft.position)))
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
                   "published": _iso(report.published),
                   "inspection_type": report.inspection_type, "status": report.status},
        "generated_at": _iso(utcnow()),
        "counts": {"for_action": len(for_action), "for_information": len(for_information),
                   "pending": len(entries) - decided, "decided": decided,
                   "dependencies": len(dependencies)},
        "for_action": for_action,
        "for_information": for_information,
        "dependencies": dependencies,
    }


# --- items as of a date --------------------------------------------------------------------


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

    def state(self, item: TrackedItem, cutoff: datetime) -> dict[str, Any] | None:
        """The item's kind, status, level, scope, deadline and lead just before ``cutoff``;
        None if it did not exist yet."""
        if item.created_at >= cutoff:
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
             "current_deadline": _iso(state.get("current_deadline"))}
            for item, state in ItemHistory(session).live(day)]


# --- live activity -------------------------------------------------------------------------


def _row_keys() -> list[tuple[str, str, str, int | None]]:
    rows: list[tuple[str, str, str, int | None]] = [
        ("cause_of_concern", "Cause of concern", "cause_of_concern", None)]
    for kind in ("recommendation", "area_for_improvement"):
        label = KIND_LABELS[kind]
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
            "kinds": [{"kind": k, "label": KIND_LABELS[k]} for k in ITEM_KINDS],
            "months": months}


# --- deadlines -----------------------------------------------------------------------------


def _deadline_json(item: TrackedItem, today: date) -> dict[str, Any]:
    deadline = item.current_deadline
    return {"id": item.id, "reference": item.reference, "kind": item.kind,
            "number": item.number, "text": item.text, "status": item.status,
            "scope": item.scope, "activity_level": item.activity_level,
            "current_deadline": _iso(deadline),
            "days": (deadline - today).days if deadline else None,
            "chief_officer_lead": item.chief_officer_lead, "delivery_lead": item.delivery_lead,
            "source_report": item.source_report}


def deadline_items(session: Session) -> list[TrackedItem]:
    """Live tracked items (status not completed, closed or superseded) with a deadline,
    soonest first."""
    return list(session.scalars(select(TrackedItem).where(
        TrackedItem.status.not_in(ENDED_STATUSES), TrackedItem.current_deadline.is_not(None))
        .order_by(TrackedItem.current_deadline, TrackedItem.id)))


def _bucket(days: int) -> str | None:
    for name, low, high in BUCKETS:
        if (low is None or days >= low) and days <= high:
            return name
    return None


def deadlines(session: Session, today: date) -> dict[str, Any]:
    """Live items overdue or due within 90 days of ``today``, per Chief Officer lead.

    Leads are in alphabetical order with "No lead" last; items soonest first.
    """
    names = [name for name, *_ in BUCKETS]
    groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
    later = 0
    for item in deadline_items(session):
        days = (item.current_deadline - today).days  # type: ignore[operator]
        bucket = _bucket(days)
        if bucket is None:
            later += 1
            continue
        lead = item.chief_officer_lead or NO_LEAD
        groups.setdefault(lead, {n: [] for n in names})[bucket].append(
            _deadline_json(item, today))
    order = sorted(groups, key=lambda n: (n == NO_LEAD, n.casefold()))
    leads = [{"lead": name, "counts": {n: len(groups[name][n]) for n in names},
              **groups[name]} for name in order]
    return {"today": today.isoformat(), "buckets": names,
            "counts": {n: sum(g["counts"][n] for g in leads) for n in names},
            "due_later": later, "leads": leads}


# --- reconciliation ------------------------------------------------------------------------


def _chain_item(item: TrackedItem) -> dict[str, Any]:
    return {"id": item.id, "reference": item.reference, "kind": item.kind,
            "number": item.number, "status": item.status,
            "source_report_id": item.source_report_id, "source_report": item.source_report,
            "superseded_by_id": item.superseded_by_id}


def reconciliation(session: Session) -> dict[str, Any]:
    """Supersession chains (oldest first), items closed as superseded, and new items that
    matched nothing tracked (drafts with no candidate, pending or accepted)."""
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
            closed.append({**_chain_item(item), "superseded_by": _item_ref(by)})
    drafts = session.execute(select(Draft, Report).join(Report, Report.id == Draft.report_id)
                             .where(Draft.match_state == "no_candidate",
                                    Draft.review_state.in_(("pending", "accepted", "edited")))
                             .order_by(Report.id, Draft.position))
    unmatched = [{"draft_id": d.id, "report": {"id": r.id, "title": r.title,
                                                "file_name": r.file_name,
                                                "published": _iso(r.published)},
                  "position": d.position, "kind": d.kind, "number": d.number, "text": d.text,
                  "review_state": d.review_state,
                  "tracked_item": _item_ref(d.tracked_item)} for d, r in drafts]
    return {"chains": chains, "closed_as_superseded": closed, "unmatched": unmatched,
            "counts": {"chains": len(chains), "closed_as_superseded": len(closed),
                       "unmatched": len(unmatched)}}

