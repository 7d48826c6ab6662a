"""Drafts: recording a report's extraction and match suggestions, editing a draft, and deciding
on it (confirm into a new tracked item, reject, or link to a tracked item)."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from extractor.guard import PDF
from hmic_actions.dates import iso, year_in_title
from hmic_actions.vocab import (
    ENDED_STATUSES,
    EVIDENCED_STATUSES,
    EXTRACTED_STATUSES,
    FILE_FORMAT_LABELS,
    KIND_SHORT_LABELS,
    KINDS,
    LINK_RELATIONS,
    MATCH_STATES,
    ORIGINS,
    RESTATED_FIELDS,
    STATUS_FROM_EXTRACTION,
    STATUS_LABELS,
)
from hmic_actions.words import comparable
from matching.paf import suggest_paf_area
from models.ops.audit import actor_name, audit, jsonable, snapshot
from models.ops.errors import DuplicateError, OperationError
from models.ops.items import (
    add_link,
    check_paf_area,
    item_values,
    next_reference,
    supersede_item,
)
from models.ops.rows import as_date, check_version, flush, get_row, one_of, strings
from models.reporting.rules import suggest_activity_level
from models.tables import Draft, MatchDecision, Report, TrackedItem, utcnow

# Fields of a new tracked item filled from suggestions when the person does not set them.
SUGGESTED_FIELDS = ("paf_area", "chief_officer_lead", "activity_level")
# Fields a reviewer may change on a draft before deciding on it.
EDITABLE_FIELDS = ("kind", "number", "text", "deadline", "deadline_text", "immediate",
                   "deadline_relative", "addressees", "addressees_other", "applies_to_forces",
                   "status", "deadline_confirmed")


def _pending_draft(session: Session, draft_id: int, expected_version: int | None) -> Draft:
    draft = get_row(session, Draft, draft_id, "draft")
    if draft.review_state != "pending":
        state = "accepted (edited)" if draft.review_state == "edited" else draft.review_state
        raise OperationError(f"draft {draft.id} is already {state}")
    check_version(draft, "draft", expected_version)
    return draft


# --- deadlines -----------------------------------------------------------------------------

_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?")


def propose_deadline(published: date, duration: str) -> date:
    """The due date ``duration`` (ISO 8601, e.g. P6M, P12W, P30D, P1Y) after ``published``.

    Years and months move the calendar month and keep the day, clamped to the month's end
    (31 August + P6M is 28 or 29 February); weeks and days are added after that.
    """
    match = _DURATION.fullmatch((duration or "").strip().upper())
    if not match or not any(match.groups()):
        raise ValueError(f"not an ISO 8601 duration in years, months, weeks or days: "
                         f"{duration!r}")
    years, months, weeks, days = (int(g or 0) for g in match.groups())
    total = published.year * 12 + (published.month - 1) + years * 12 + months
    year, month = divmod(total, 12)
    month += 1
    day = min(published.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(weeks=weeks, days=days)


def _proposed(draft: Draft, published: date | None) -> date | None:
    if draft.deadline is not None or not draft.deadline_relative or published is None:
        return None
    try:
        return propose_deadline(published, draft.deadline_relative)
    except ValueError:
        return None


# --- extraction → drafts -------------------------------------------------------------------

_EXTRACTED_FIELDS = ("kind", "number", "origin", "text", "deadline", "deadline_text",
                     "immediate", "deadline_relative", "addressees", "addressees_other",
                     "applies_to_forces", "status", "page", "bbox", "confidence")


def _draft_values(item: Mapping[str, Any], position: int) -> dict[str, Any]:
    try:
        values = {
            "kind": one_of(item["kind"], KINDS, f"item {position}: kind"),
            "number": item.get("number"),
            "origin": item.get("origin") or "this_report",
            "text": str(item["text"]),
            "deadline": as_date(item.get("deadline"), f"item {position}: deadline"),
            "deadline_text": item.get("deadline_text"),
            "immediate": bool(item.get("immediate", False)),
            "deadline_relative": item.get("deadline_relative"),
            "addressees": list(item.get("addressees") or []),
            "addressees_other": list(item.get("addressees_other") or []),
            "applies_to_forces": bool(item.get("applies_to_forces", False)),
            "status": one_of(item.get("status"), EXTRACTED_STATUSES,
                              f"item {position}: status", nullable=True),
            # A document without pages gives no page; it says where the item is instead.
            "page": int(item["page"]) if item.get("page") is not None else (
                None if item.get("location") is not None else 1),
            "bbox": item.get("bbox"),
            "location": item.get("location"),
            "confidence": float(item.get("confidence", 1.0)),
        }
    except KeyError as exc:
        raise OperationError(f"item {position}: missing {exc.args[0]!r}") from None
    return values


def record_extraction(session: Session, report: Report | int, extraction: Any,
                      actor: str = "system") -> list[Draft]:
    """Store an extraction (the contract dict, or an ``Extraction``) as the report's drafts.

    Idempotent: items are keyed by their position in the report, so recording the same
    extraction again adds nothing. A draft nobody has touched yet (pending, never edited)
    is refreshed from a newer extraction; drafts a person has worked on are left as they
    are. Missing report facts (title, publication date, page count) are filled in.
    Returns the report's drafts in order.
    """
    data = extraction.to_dict() if hasattr(extraction, "to_dict") else dict(extraction)
    if not isinstance(report, Report):
        report = get_row(session, Report, report, "report")
    info = data.get("report") or {}
    before_report = snapshot(report)
    if report.title is None and info.get("title"):
        report.title = info["title"]
    if report.published is None and info.get("published"):
        report.published = as_date(info["published"], "report published")
    if report.page_count is None and info.get("pages") is not None:
        report.page_count = int(info["pages"])

    drafts = list(session.scalars(select(Draft).where(Draft.report_id == report.id)))
    items = data.get("items") or []
    _after_extracted(drafts, len(items))
    existing = {d.position: d for d in drafts}
    added = refreshed = 0
    for position, item in enumerate(items, start=1):
        values = _draft_values(item, position)
        draft = existing.get(position)
        if draft is None:
            # Through the relationship, so a loaded ``report.drafts`` stays current.
            draft = Draft(report=report, position=position, review_state="pending",
                          suggestions=[], sibling_suggestions=[], edit_history=[],
                          deadline_confirmed=False, **values)
            draft.proposed_deadline = _proposed(draft, report.published)
            session.add(draft)
            existing[position] = draft
            added += 1
        elif (draft.review_state == "pending" and not draft.edit_history
              and draft.added_by is None):
            changed = {k: v for k, v in values.items() if getattr(draft, k) != v}
            for key, value in changed.items():
                setattr(draft, key, value)
            proposed = _proposed(draft, report.published)
            if changed or draft.proposed_deadline != proposed:
                draft.proposed_deadline = proposed
                refreshed += 1
    audit(session, actor, "record_extraction", report, before=before_report,
          after={**(snapshot(report) or {}), "drafts_added": added,
                 "drafts_refreshed": refreshed, "items": len(items)})
    flush(session, f"report {report.id}")
    return [existing[p] for p in sorted(existing)]


def _after_extracted(drafts: list[Draft], count: int) -> None:
    """Move items a person added by hand after the ``count`` items of an extraction, when
    they sit where one would go (a failed report they were added to, then read again).

    Every new position is above every position in use, so no two drafts share one at any
    moment of the flush."""
    by_hand = sorted((d for d in drafts if d.added_by is not None), key=lambda d: d.position)
    if not any(d.position <= count for d in by_hand):
        return
    top = max(count, *(d.position for d in drafts))
    for offset, draft in enumerate(by_hand, start=1):
        draft.position = top + offset


def record_suggestions(session: Session, draft_id: int, match_state: str,
                       suggestions: Iterable[Any], paf_suggestion: Any = None,
                       actor: str = "system", reason: str | None = None,
                       siblings: Iterable[Mapping[str, Any]] | None = None) -> Draft:
    """Store the matching result for a pending draft: state, candidates, the reason matching
    gave (why nothing was found, or why it failed), the PAF area suggestion and the other
    drafts of its report it relates to (``siblings``; None keeps what it has).

    Matching is not a person's change: the draft's version does not move, so a reviewer who
    has the draft open can still decide on it. A draft decided meanwhile is left as it is.
    ``suggestions`` are dicts or objects with ``to_dict()`` (matching's Suggestion).
    """
    draft = get_row(session, Draft, draft_id, "draft")
    values: dict[str, Any] = {
        "match_state": one_of(match_state, MATCH_STATES, "match_state"),
        "match_reason": (" ".join(reason.split()) or None) if reason else None,
        "suggestions": [s.to_dict() if hasattr(s, "to_dict") else dict(s) for s in suggestions],
    }
    if siblings is not None:
        values["sibling_suggestions"] = [dict(s) for s in siblings]
    if paf_suggestion is not None:
        values["paf_suggestion"] = (paf_suggestion.to_dict() if hasattr(paf_suggestion, "to_dict")
                                    else dict(paf_suggestion))
    flush(session, f"draft {draft.id}")
    before = snapshot(draft)
    written = session.execute(
        update(Draft).where(Draft.id == draft.id, Draft.review_state == "pending")
        .values(**values).execution_options(synchronize_session=False))
    if written.rowcount == 0:
        return draft
    for name, value in values.items():
        set_committed_value(draft, name, value)  # in step with the row, not a change to write
    audit(session, actor, "record_suggestions", draft, before=before, after=snapshot(draft))
    flush(session, f"draft {draft.id}")
    return draft


# --- a person adds an item ------------------------------------------------------------------


def _inspected(report: Report, text: str) -> Any:
    """The organisation the report is about, if it is about one (``extractor.metadata.
    Inspected``), read from its title and the words of its drafts and of ``text``."""
    from extractor.layout import Layout, Line
    from extractor.metadata import find_inspected

    lines = [Line(page=d.page, text=d.text, x0=0.0, top=0.0, x1=0.0, bottom=0.0, size=0.0,
                  bold=False) for d in report.drafts]
    lines.append(Line(page=1, text=text, x0=0.0, top=0.0, x1=0.0, bottom=0.0, size=0.0,
                      bold=False))
    layout = Layout(lines, body_size=0.0, page_count=report.page_count or 1, page_heights={},
                    removed=Counter())
    return find_inspected(layout, report.title)


def _page_and_box(report: Report, page: int | None, bbox: Any
                  ) -> tuple[int | None, list[float] | None]:
    if report.file_format != PDF:  # a Word document or a web page has no pages
        if page is not None or bbox is not None:
            raise OperationError(f"page: report {report.id} is a "
                                 f"{FILE_FORMAT_LABELS[report.file_format]}, which has no "
                                 "pages; give the item's text")
        return None, None
    pages = report.page_count
    if page is None:
        page = 1
    elif isinstance(page, bool) or not isinstance(page, int) or page < 1 or (
            pages is not None and page > pages):
        where = f"1 to {pages}" if pages else "1 or more"
        raise OperationError(f"page: {page!r} is not a page of report {report.id} ({where})")
    if bbox is None:
        return page, None
    try:
        box = [float(v) for v in bbox]
    except (TypeError, ValueError):
        box = []
    if len(box) != 4 or min(box) < 0 or box[0] >= box[2] or box[1] >= box[3]:
        raise OperationError("bbox: expected [x0, top, x1, bottom] in PDF points from the "
                             "page's top-left corner, x0 < x1 and top < bottom")
    return page, box


def add_draft(session: Session, report_id: int, actor: str, *, kind: str, text: str,
              number: str | None = None, origin: str = "this_report", page: int | None = None,
              bbox: list[float] | None = None, deadline: date | str | None = None,
              addressees: list[str] | None = None, addressees_other: list[str] | None = None,
              status: str | None = None) -> Draft:
    """Add an item the extraction missed to a report that is ready (found items or none):
    a pending draft after the report's last one, marked as added by ``actor``.

    The deadline, addressees and whether the item is made to forces are read from ``text``
    by the extractor's item analysis (the report's own organisation, when it is about one
    force or service, stands for "the force"), unless given: a deadline given replaces the
    one read; addressees given decide ``applies_to_forces`` too. ``page`` is 1 unless given;
    ``bbox`` is [x0, top, x1, bottom] in PDF points from the page's top-left corner, as the
    extractor's boxes are. The draft has confidence 1.0 and the PAF area its words suggest.
    """
    from extractor.analysis import analyse_item

    added_by = actor_name(actor)
    report = get_row(session, Report, report_id, "report")
    # A failed report takes items too: a person can type what it holds (a scan, say).
    if report.status not in ("ready", "failed"):
        raise OperationError(f"report {report.id} is {report.status}: items are added once "
                             "it is ready or has failed")
    kind = one_of(kind, KINDS, "kind")
    origin = one_of(origin, ORIGINS, "origin")
    status = one_of(status, EXTRACTED_STATUSES, "status", nullable=True)
    text = " ".join(str(text or "").split())
    if not text:
        raise OperationError("text: an item cannot be empty")
    page, box = _page_and_box(report, page, bbox)
    inspected = _inspected(report, text)
    facts = analyse_item(text, kind=kind, inspected=inspected.body_id if inspected else None,
                         names=inspected.names if inspected else ())
    if addressees is None and addressees_other is None:
        ids, other, applies = facts.addressees, facts.addressees_other, facts.applies_to_forces
    else:
        ids = strings(addressees, "addressees")
        other = strings(addressees_other, "addressees_other")
        applies = "chief_constables" in ids
    last = session.scalar(select(func.max(Draft.position)).where(
        Draft.report_id == report.id)) or 0
    paf = suggest_paf_area(text)
    draft = Draft(
        report=report, position=last + 1, kind=kind,
        number=(str(number).strip() or None) if number is not None else None,
        origin=origin, text=text,
        deadline=(as_date(deadline, "deadline") if deadline not in (None, "")
                  else as_date(facts.deadline, "deadline")),
        deadline_text=facts.deadline_text, immediate=facts.immediate,
        deadline_relative=facts.deadline_relative, addressees=list(ids),
        addressees_other=list(other), applies_to_forces=applies, status=status, page=page,
        bbox=box, confidence=1.0, review_state="pending", added_by=added_by,
        suggestions=[], sibling_suggestions=[], edit_history=[], deadline_confirmed=False,
        paf_suggestion=paf.to_dict() if paf.area else None)
    draft.proposed_deadline = _proposed(draft, report.published)
    session.add(draft)
    flush(session, f"a new draft of report {report.id}")
    audit(session, actor, "add_draft", draft, after=snapshot(draft))
    flush(session, f"draft {draft.id}")
    return draft


def _clean_edit(field: str, value: Any) -> Any:
    if field == "kind":
        return one_of(value, KINDS, field)
    if field == "text":
        text = " ".join(str(value or "").split())
        if not text:
            raise OperationError("text: an item cannot be empty")
        return text
    if field == "deadline":
        return as_date(value, field)
    if field in ("addressees", "addressees_other"):
        return strings(value, field)
    if field in ("immediate", "applies_to_forces", "deadline_confirmed"):
        if not isinstance(value, bool):
            raise OperationError(f"{field}: expected true or false")
        return value
    if field == "status":
        return one_of(value, EXTRACTED_STATUSES, field, nullable=True)
    if field == "deadline_relative":
        if value in (None, ""):
            return None
        try:
            propose_deadline(date(2000, 1, 1), value)
        except ValueError as exc:
            raise OperationError(f"deadline_relative: {exc}") from None
        return str(value).strip().upper()
    return None if value in (None, "") else str(value).strip()


def edit_draft(session: Session, draft_id: int, changes: Mapping[str, Any], actor: str,
               expected_version: int | None = None) -> Draft:
    """Change fields of a pending draft, recording each change in its edit history."""
    draft = _pending_draft(session, draft_id, expected_version)
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise OperationError(f"draft {draft.id}: cannot edit {', '.join(unknown)} "
                             f"(editable: {', '.join(EDITABLE_FIELDS)})")
    before = snapshot(draft)
    diff: dict[str, list[Any]] = {}
    for field, raw in changes.items():
        value = _clean_edit(field, raw)
        if getattr(draft, field) != value:
            diff[field] = [jsonable(getattr(draft, field)), jsonable(value)]
            setattr(draft, field, value)
    if not diff:
        return draft
    if {"deadline", "deadline_relative"} & diff.keys():
        draft.proposed_deadline = _proposed(draft, draft.report.published)
        if "deadline_confirmed" not in diff:
            draft.deadline_confirmed = False
    draft.edit_history = [*draft.edit_history,
                          {"at": utcnow().isoformat(), "by": actor_name(actor), "changes": diff}]
    audit(session, actor, "edit_draft", draft, before=before, after=snapshot(draft))
    flush(session, f"draft {draft.id}")
    return draft


def _was_edited(draft: Draft) -> bool:
    """Whether a person changed the item itself (confirming a proposed date is not an edit)."""
    return any(set(entry.get("changes", {})) - {"deadline_confirmed"}
               for entry in draft.edit_history)


def _confirm(session: Session, draft: Draft, actor: str, confirm_deadline: bool,
             fields: Mapping[str, Any]) -> tuple[TrackedItem, dict[str, str]]:
    """Create the tracked item for a pending draft and mark the draft decided. Returns the
    item and the fields it took from ``suggested_item_fields`` (field → why)."""
    values = item_values(fields)
    report = draft.report
    if confirm_deadline and draft.deadline is None and draft.proposed_deadline is not None:
        draft.deadline_confirmed = True
    deadline = draft.deadline or (draft.proposed_deadline if draft.deadline_confirmed else None)
    published = report.published
    reference = values.pop("reference", None) or next_reference(
        session, (published or utcnow()).year)
    scope = values.pop("scope", None) or _default_scope(report)
    chosen = {"paf_area": values["paf_area"]} if "paf_area" in values else {}
    suggested = suggested_item_fields(session, draft, scope=scope, **chosen)
    taken = {name: suggested["why"][name] for name in SUGGESTED_FIELDS
             if name not in values and suggested[name] is not None}
    values.update({name: suggested[name] for name in taken})
    item = TrackedItem(
        reference=reference,
        source_report_id=report.id,
        source_report=report.title or report.file_name,
        source_published=published,
        source_year=published.year if published else year_in_title(report.title),
        kind=draft.kind,
        number=draft.number,
        text=draft.text,
        original_deadline=deadline,
        current_deadline=deadline,
        addressees=list(dict.fromkeys([*draft.addressees, *draft.addressees_other])),
        applies_to_forces=draft.applies_to_forces,
        scope=scope,
        status=STATUS_FROM_EXTRACTION.get(draft.status or "", "open"),
        **values,
    )
    session.add(item)
    draft.review_state = "edited" if _was_edited(draft) else "accepted"
    draft.reviewed_by = actor_name(actor)
    draft.reviewed_at = utcnow()
    draft.tracked_item = item
    return item, taken


def _created(session: Session, actor: str, item: TrackedItem, taken: dict[str, str]) -> None:
    """Audit a tracked item made from a draft, with the fields it took from suggestions
    (``suggested``: field → why)."""
    audit(session, actor, "create_item", item,
          after={**(snapshot(item) or {}), "suggested": taken})


def _default_scope(report: Report) -> str:
    return "local" if report.inspection_type == "peel" else "national"


_CHOSEN_BY_SUGGESTION = object()


def _suggested_area(draft: Draft) -> tuple[str | None, str]:
    """The draft's suggested PAF area (None when none, or not an area) and why."""
    paf = draft.paf_suggestion or {}
    try:
        area = check_paf_area(paf.get("area"))
    except OperationError:
        area = None
    if area is None:
        return None, "no PAF area is suggested by the item's words"
    title = f" ({paf['title']})" if paf.get("title") else ""
    reason = f": {paf['reason']}" if paf.get("reason") else ""
    return area, f"suggested from the item's words{title}{reason}"


def suggested_item_fields(session: Session, draft: Draft, *, scope: str | None = None,
                          paf_area: Any = _CHOSEN_BY_SUGGESTION) -> dict[str, Any]:
    """What a tracked item made from ``draft`` would take when the person sets none of them:
    ``paf_area``, ``chief_officer_lead`` and ``activity_level``, each None when there is no
    suggestion, and ``why``: field → one line saying where the value comes from.

    - PAF area: the draft's PAF suggestion (from its words).
    - Chief Officer lead: the lead most often set on tracked items of that PAF area (the
      most recently made item's lead among equals); none when no such item has a lead.
      ``paf_area`` given (a person's choice, None for none) is the area it goes by.
    - Activity level: the first rule of ``models/reporting/data/activity_levels.toml`` that
      fits the item's kind, whether it is made to forces, and its scope (``scope``, by
      default the scope a confirmed item of the report takes).
    """
    why: dict[str, str] = {}
    if paf_area is _CHOSEN_BY_SUGGESTION:
        area, why["paf_area"] = _suggested_area(draft)
    else:
        area, why["paf_area"] = check_paf_area(paf_area), "chosen by the person"
    lead = None
    if area is None:
        why["chief_officer_lead"] = "no PAF area to take a lead from"
    else:
        rows = session.execute(
            select(TrackedItem.chief_officer_lead, func.count(TrackedItem.id),
                   func.max(TrackedItem.id))
            .where(TrackedItem.paf_area == area, TrackedItem.chief_officer_lead.is_not(None),
                   TrackedItem.chief_officer_lead != "")
            .group_by(TrackedItem.chief_officer_lead)).all()
        if not rows:
            why["chief_officer_lead"] = (f"no tracked item of PAF area {area} has a Chief "
                                         "Officer lead yet")
        else:
            lead, count, _latest = max(rows, key=lambda row: (row[1], row[2]))
            total = sum(row[1] for row in rows)
            tied = sum(1 for row in rows if row[1] == count) > 1
            why["chief_officer_lead"] = (
                f"leads {count} of the {total} tracked items of PAF area {area} that have a "
                "lead" + (", the most recently made of those with as many" if tied else ""))
    level = suggest_activity_level(draft.kind, draft.applies_to_forces,
                                   scope or _default_scope(draft.report))
    why["activity_level"] = level["why"] if level else "no activity-level rule fits the item"
    return {"paf_area": area, "chief_officer_lead": lead,
            "activity_level": level["level"] if level else None, "why": why}


def strong_same_as(draft: Draft) -> dict[str, Any] | None:
    """The draft's top suggestion when it says, with confidence, that the draft is an item
    already tracked (a same_as in the suggest-link band); else None."""
    top = (draft.suggestions or [None])[0]
    if top and top.get("relation") == "same_as" and top.get("band") == "suggest_link":
        return top
    return None


def confirm_draft(session: Session, draft_id: int, actor: str,
                  expected_version: int | None = None, confirm_deadline: bool = False,
                  duplicate: bool = False, **item_fields: Any) -> TrackedItem:
    """Confirm a pending draft into a new tracked item and return the item.

    The item copies the draft's fields; its original and current deadline are the draft's
    deadline or, when confirmed (``confirm_deadline`` or earlier), its proposed deadline.
    ``item_fields`` set reference (generated when absent), scope, activity_level, paf_area,
    chief_officer_lead, delivery_lead and delivery_confidence; paf_area, chief_officer_lead
    and activity_level not given are taken from ``suggested_item_fields`` (the create_item
    audit event says which, and why). The draft becomes accepted, or edited when a person
    changed it first. Suggestions are labelled "none".

    A draft whose top suggestion is confidently the same as a tracked item is refused unless
    ``duplicate`` says a second item is wanted: it is usually linked (same_as) instead.
    """
    draft = _pending_draft(session, draft_id, expected_version)
    same = strong_same_as(draft)
    if same is not None and not duplicate:
        existing = session.get(TrackedItem, int(same["tracked_id"]))
        if existing is not None:
            raise DuplicateError(
                f"draft {draft.id} is the same as tracked item {existing.reference} (score "
                f"{round(same['score'])}): link it as the same item, or confirm a second item "
                "on purpose", existing)
    before = snapshot(draft)
    item, taken = _confirm(session, draft, actor, confirm_deadline, item_fields)
    flush(session, f"draft {draft.id}")
    _created(session, actor, item, taken)
    record_match_decision(session, draft, actor)
    audit(session, actor, "confirm_draft", draft, before=before, after=snapshot(draft))
    flush(session, f"draft {draft.id}")
    return item


def reject_draft(session: Session, draft_id: int, actor: str, reason: str,
                 expected_version: int | None = None) -> Draft:
    """Reject a pending draft; it is kept, with who rejected it, when and why."""
    draft = _pending_draft(session, draft_id, expected_version)
    reason = " ".join((reason or "").split())
    if not reason:
        raise OperationError(f"draft {draft.id}: a rejection needs a reason")
    before = snapshot(draft)
    draft.review_state = "rejected"
    draft.reviewed_by = actor_name(actor)
    draft.reviewed_at = utcnow()
    draft.review_note = reason
    record_match_decision(session, draft, actor)
    audit(session, actor, "reject_draft", draft, before=before, after=snapshot(draft))
    flush(session, f"draft {draft.id}")
    return draft


def _status_from_report(quoted: str | None, current: str) -> str | None:
    """The status a tracked item takes from a later report's status for it, or None for no
    change. "Incomplete" reopens an item the force had ended and leaves an open one as it
    is; "superseded" needs the superseding item, so it is not taken from the words alone."""
    if quoted is None or current == "superseded" or quoted == "superseded":
        return None
    if quoted == "incomplete":
        return STATUS_FROM_EXTRACTION[quoted] if current in ENDED_STATUSES else None
    return STATUS_FROM_EXTRACTION.get(quoted)


def proposed_update(draft: Draft, item: TrackedItem) -> dict[str, list[Any]]:
    """What a draft that quotes ``item`` would change on it: field → [now, from the draft].

    The status the report gives it, a deadline the report gives it, and its wording when
    the words differ (case, spacing and punctuation aside)."""
    changes: dict[str, list[Any]] = {}
    status = _status_from_report(draft.status, item.status)
    if status is not None and status != item.status:
        changes["status"] = [item.status, status]
    deadline = draft.deadline or (draft.proposed_deadline if draft.deadline_confirmed else None)
    if deadline is not None and deadline != item.current_deadline:
        changes["current_deadline"] = [iso(item.current_deadline), iso(deadline)]
    if comparable(draft.text) != comparable(item.text):
        changes["text"] = [item.text, draft.text]
    return changes


def quoted_in(draft: Draft) -> dict[str, Any]:
    report = draft.report
    label = KIND_SHORT_LABELS.get(draft.kind, draft.kind)
    return {"report_id": report.id, "report": report.title or report.file_name,
            "published": iso(report.published), "draft_id": draft.id,
            "item": f"{label} {draft.number}" if draft.number else label,
            "origin": draft.origin, "status_quoted": draft.status,
            "status_quoted_label": STATUS_LABELS.get(draft.status or "")}


def _apply_update(session: Session, draft: Draft, item: TrackedItem, fields: Iterable[str],
                  actor: str) -> dict[str, list[Any]]:
    """Apply the chosen fields of the draft's proposed update to ``item``; write the trace
    on the item's history either way. Returns the changes made."""
    chosen = set(fields)
    unknown = sorted(chosen - set(RESTATED_FIELDS))
    if unknown:
        raise OperationError(f"update: cannot take {', '.join(unknown)} from a report "
                             f"(can take: {', '.join(RESTATED_FIELDS)})")
    proposed = proposed_update(draft, item)
    changes = {name: value for name, value in proposed.items() if name in chosen}
    before = snapshot(item)
    quoted = quoted_in(draft)
    if "status" in changes:
        item.status = changes["status"][1]
        if item.status in EVIDENCED_STATUSES and not item.evidence:
            when = f", published {quoted['published']}" if quoted["published"] else ""
            item.evidence = (f"{quoted['report']}{when}, gives its status as "
                             f"{STATUS_LABELS[draft.status or item.status].lower()}.")
    if "current_deadline" in changes:
        item.current_deadline = as_date(changes["current_deadline"][1], "current_deadline")
    if "text" in changes:
        item.text = draft.text
    flush(session, f"tracked item {item.id}")
    audit(session, actor, "restated_in_report", item, before=before,
          after={**(snapshot(item) or {}), "quoted_in": quoted, "changes": changes,
                 "not_taken": {k: v for k, v in proposed.items() if k not in changes}})
    return changes


def link_draft(session: Session, draft_id: int, tracked_item_id: int, relation: str,
               actor: str, expected_version: int | None = None, confirm_deadline: bool = False,
               update: Iterable[str] | None = None, **item_fields: Any) -> TrackedItem:
    """Decide a pending draft by relating it to an existing tracked item.

    - same_as: the draft is the existing item again (quoted by a later report, or re-issued):
      no new item. The item's history records where it was restated, and it takes the
      chosen fields of the draft's proposed update (``proposed_update``): ``update`` names
      them (status, current_deadline, text); None takes all that differ, [] none.
    - supersedes: the draft becomes a new item that supersedes the existing one.
    - depends_on / related: the draft becomes a new item with that link to the existing one.

    Returns the tracked item the draft now stands for (existing for same_as, else new).
    """
    one_of(relation, LINK_RELATIONS, "relation")
    draft = _pending_draft(session, draft_id, expected_version)
    target = get_row(session, TrackedItem, tracked_item_id, "tracked item")
    before = snapshot(draft)
    changes: dict[str, list[Any]] = {}
    if relation == "same_as":
        if item_fields:
            raise OperationError("same_as links to an existing item; its fields are not set here")
        if confirm_deadline and draft.deadline is None and draft.proposed_deadline is not None:
            draft.deadline_confirmed = True
        fields = RESTATED_FIELDS if update is None else tuple(update)
        changes = _apply_update(session, draft, target, fields, actor)
        draft.review_state = "linked"
        draft.reviewed_by = actor_name(actor)
        draft.reviewed_at = utcnow()
        draft.tracked_item_id = target.id
        result = target
    else:
        if update:
            raise OperationError("update: only a same_as link takes changes from the draft")
        if relation == "supersedes" and target.status == "superseded":
            raise OperationError(f"tracked item {target.id} ({target.reference}) is already "
                                 f"superseded")
        result, taken = _confirm(session, draft, actor, confirm_deadline, item_fields)
        flush(session, f"draft {draft.id}")
        _created(session, actor, result, taken)
        if relation == "supersedes":
            supersede_item(session, target.id, result.id, actor)
        else:
            add_link(session, result, target, relation, actor)
    record_match_decision(session, draft, actor, target.id, relation)
    flush(session, f"draft {draft.id}")
    audit(session, actor, "link_draft", draft, before=before,
          after={**(snapshot(draft) or {}), "relation": relation, "to_item_id": target.id,
                 "to_reference": target.reference, "item_reference": result.reference,
                 "update": changes, "item_version": target.version})
    flush(session, f"draft {draft.id}")
    return result


def record_match_decision(session: Session, draft: Draft, actor: str,
                          chosen_item_id: int | None = None,
                          chosen_relation: str | None = None) -> list[MatchDecision]:
    """Log a person's decision on a draft's suggestions as labelled pairs.

    One MatchDecision per suggested tracked item: labelled ``chosen_relation`` for the item
    the person linked the draft to, "none" for the others. An item the person chose that was
    not suggested is logged too (no score or band): a miss the thresholds should learn from.
    """
    if (chosen_item_id is None) != (chosen_relation is None):
        raise OperationError("a chosen item needs its relation, and a relation its item")
    decided_at = utcnow()
    decisions: list[MatchDecision] = []
    seen: set[int] = set()
    for suggestion in draft.suggestions or []:
        try:
            item_id = int(suggestion.get("tracked_id"))
        except (TypeError, ValueError):
            continue
        if item_id in seen or session.get(TrackedItem, item_id) is None:
            continue
        seen.add(item_id)
        evidence = {k: suggestion[k] for k in ("reasons", "evidence", "margin")
                    if k in suggestion}
        decisions.append(MatchDecision(
            draft_id=draft.id, tracked_item_id=item_id,
            suggested_relation=suggestion.get("relation"),
            chosen_relation=chosen_relation if item_id == chosen_item_id else "none",
            score=suggestion.get("score"), band=suggestion.get("band"),
            evidence=evidence or None, decided_by=actor_name(actor), decided_at=decided_at))
    if chosen_item_id is not None and chosen_item_id not in seen:
        decisions.append(MatchDecision(
            draft_id=draft.id, tracked_item_id=chosen_item_id, suggested_relation=None,
            chosen_relation=chosen_relation, decided_by=actor_name(actor), decided_at=decided_at))
    if not decisions:
        return []
    session.add_all(decisions)
    flush(session, f"match decisions for draft {draft.id}")
    audit(session, actor, "record_match_decision", draft,
          after={"decisions": [snapshot(d) for d in decisions]})
    return decisions


