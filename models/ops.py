"""Operations on the tracker, as plain functions over a session.

Each operation takes the acting person's name, changes rows, and writes an AuditEvent
(the row before and after, as JSON) in the same session, so both are committed or rolled
back together; the caller owns the transaction (see ``models.db.session_scope``). Operations
flush, so ids exist and database errors surface inside the operation.

Decisions on drafts (confirm, link, reject) apply only to pending drafts. Callers that
showed a person a particular version of a row pass it as ``expected_version``; if the
row has changed since, the operation raises ConflictError instead of overwriting.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import func, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.tables import (
    DELIVERY_CONFIDENCES,
    DRAFT_KINDS,
    EXTRACTED_STATUSES,
    ITEM_STATUSES,
    LINK_RELATIONS,
    MATCH_STATES,
    REVIEW_STATES,
    SCOPES,
    USER_ROLES,
    AuditEvent,
    Base,
    Draft,
    Link,
    MatchDecision,
    Report,
    StoredFile,
    TrackedItem,
    User,
    utcnow,
)

__all__ = [
    "ConflictError", "NotFoundError", "OperationError", "add_report", "audit",
    "clean_file_name", "confirm_draft", "create_user", "draft_counts", "edit_draft", "edit_item",
    "fail_report", "finish_report", "hash_password", "link_draft", "processing_attempts",
    "propose_deadline", "record_extraction", "record_match_decision", "record_suggestions",
    "reject_draft", "requeue_report", "set_progress", "snapshot", "start_processing",
    "supersede_item", "undo_decision", "verify_password",
]

REFERENCE_PREFIX = "HMI"
# Fields a reviewer may change on a draft before deciding on it.
EDITABLE_FIELDS = ("kind", "number", "text", "deadline", "deadline_text", "immediate",
                   "deadline_relative", "addressees", "addressees_other", "applies_to_forces",
                   "status", "deadline_confirmed")
# Fields of a tracked item a person may set when confirming a draft into it.
ITEM_FIELDS = ("reference", "scope", "activity_level", "paf_area", "chief_officer_lead",
               "delivery_lead", "delivery_confidence")
# Fields of a tracked item a person may change afterwards (superseding has its own operation).
ITEM_EDITABLE_FIELDS = ("chief_officer_lead", "delivery_lead", "paf_area", "activity_level",
                        "delivery_confidence", "status")
# Extracted status of an item quoted from an earlier report → status of the tracked item.
STATUS_FROM_EXTRACTION = {"completed": "completed", "in_progress": "in_progress",
                          "incomplete": "open", "closed": "closed", "superseded": "superseded"}
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1

RowT = TypeVar("RowT", bound=Base)


class OperationError(Exception):
    """The operation cannot be done on these rows (the message says why, in one line)."""


class NotFoundError(OperationError):
    """A row the operation needs does not exist."""


class ConflictError(OperationError):
    """The row changed since the caller read it (optimistic locking), or a unique value clashed."""


# --- helpers -------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


_SECRET_COLUMNS = {"password_hash", "token_hash", "content"}


def snapshot(row: Base | None) -> dict[str, Any] | None:
    """The row's column values as JSON-ready data (secrets and file contents left out)."""
    if row is None:
        return None
    return {attr.key: _jsonable(getattr(row, attr.key))
            for attr in inspect(row).mapper.column_attrs if attr.key not in _SECRET_COLUMNS}


def audit(session: Session, actor: str, action: str, row: Base | None = None, *,
          entity_type: str | None = None, entity_id: int | None = None,
          before: dict[str, Any] | None = None, after: dict[str, Any] | None = None
          ) -> AuditEvent:
    """Add an AuditEvent to the session (``row`` gives the entity type and id)."""
    if row is not None:
        entity_type = entity_type or row.__tablename__
        entity_id = entity_id if entity_id is not None else getattr(row, "id", None)
    event = AuditEvent(actor=_actor(actor), action=action, entity_type=entity_type or "",
                       entity_id=entity_id, before=before, after=after, at=utcnow())
    session.add(event)
    return event


def _actor(actor: str) -> str:
    name = (actor or "").strip()
    if not name:
        raise OperationError("an operation needs the name of the person doing it")
    return name


def _get(session: Session, model: type[RowT], row_id: int, what: str) -> RowT:
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(f"{what} {row_id} does not exist")
    return row


def _check_version(row: Draft | TrackedItem, what: str, expected_version: int | None) -> None:
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(
            f"{what} {row.id} was changed by someone else (it is at version {row.version}, "
            f"not {expected_version}); reload it and try again")


def _flush(session: Session, what: str) -> None:
    """Flush, turning lost updates and unique clashes into ConflictError."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(f"{what} was changed by someone else; reload it and try again"
                            ) from exc
    except IntegrityError as exc:
        detail = " ".join(str(exc.orig).split())[:200]
        raise ConflictError(f"{what}: {detail}") from exc


def _pending_draft(session: Session, draft_id: int, expected_version: int | None) -> Draft:
    draft = _get(session, Draft, draft_id, "draft")
    if draft.review_state != "pending":
        state = "accepted (edited)" if draft.review_state == "edited" else draft.review_state
        raise OperationError(f"draft {draft.id} is already {state}")
    _check_version(draft, "draft", expected_version)
    return draft


def _as_date(value: Any, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise OperationError(f"{field}: {value!r} is not a date (YYYY-MM-DD)") from None


def _one_of(value: Any, allowed: Iterable[str], field: str, nullable: bool = False) -> Any:
    if value is None and nullable:
        return None
    if value not in allowed:
        raise OperationError(f"{field}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _strings(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise OperationError(f"{field}: expected a list of strings")
    return list(dict.fromkeys(v.strip() for v in value if v.strip()))


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
            "kind": _one_of(item["kind"], DRAFT_KINDS, f"item {position}: kind"),
            "number": item.get("number"),
            "origin": item.get("origin") or "this_report",
            "text": str(item["text"]),
            "deadline": _as_date(item.get("deadline"), f"item {position}: deadline"),
            "deadline_text": item.get("deadline_text"),
            "immediate": bool(item.get("immediate", False)),
            "deadline_relative": item.get("deadline_relative"),
            "addressees": list(item.get("addressees") or []),
            "addressees_other": list(item.get("addressees_other") or []),
            "applies_to_forces": bool(item.get("applies_to_forces", False)),
            "status": _one_of(item.get("status"), EXTRACTED_STATUSES,
                              f"item {position}: status", nullable=True),
            "page": int(item.get("page") or 1),
            "bbox": item.get("bbox"),
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
        report = _get(session, Report, report, "report")
    info = data.get("report") or {}
    before_report = snapshot(report)
    if report.title is None and info.get("title"):
        report.title = info["title"]
    if report.published is None and info.get("published"):
        report.published = _as_date(info["published"], "report published")
    if report.page_count is None and info.get("pages") is not None:
        report.page_count = int(info["pages"])

    existing = {d.position: d for d in session.scalars(
        select(Draft).where(Draft.report_id == report.id))}
    added = refreshed = 0
    for position, item in enumerate(data.get("items") or [], start=1):
        values = _draft_values(item, position)
        draft = existing.get(position)
        if draft is None:
            # Through the relationship, so a loaded ``report.drafts`` stays current.
            draft = Draft(report=report, position=position, review_state="pending",
                          suggestions=[], edit_history=[], deadline_confirmed=False,
                          **values)
            draft.proposed_deadline = _proposed(draft, report.published)
            session.add(draft)
            existing[position] = draft
            added += 1
        elif draft.review_state == "pending" and not draft.edit_history:
            changed = {k: v for k, v in values.items() if getattr(draft, k) != v}
            for key, value in changed.items():
                setattr(draft, key, value)
            proposed = _proposed(draft, report.published)
            if changed or draft.proposed_deadline != proposed:
                draft.proposed_deadline = proposed
                refreshed += 1
    audit(session, actor, "record_extraction", report, before=before_report,
          after={**(snapshot(report) or {}), "drafts_added": added,
                 "drafts_refreshed": refreshed, "items": len(data.get("items") or [])})
    _flush(session, f"report {report.id}")
    return [existing[p] for p in sorted(existing)]


def record_suggestions(session: Session, draft_id: int, match_state: str,
                       suggestions: Iterable[Any], paf_suggestion: Any = None,
                       actor: str = "system", reason: str | None = None) -> Draft:
    """Store the matching result for a draft: state, candidates, the reason matching gave
    (why nothing was found, or why it failed) and the PAF area suggestion.

    ``suggestions`` are dicts or objects with ``to_dict()`` (matching's Suggestion).
    """
    draft = _get(session, Draft, draft_id, "draft")
    before = snapshot(draft)
    draft.match_state = _one_of(match_state, MATCH_STATES, "match_state")
    draft.match_reason = (" ".join(reason.split()) or None) if reason else None
    draft.suggestions = [s.to_dict() if hasattr(s, "to_dict") else dict(s)
                         for s in suggestions]
    if paf_suggestion is not None:
        draft.paf_suggestion = (paf_suggestion.to_dict() if hasattr(paf_suggestion, "to_dict")
                                else dict(paf_suggestion))
    audit(session, actor, "record_suggestions", draft, before=before, after=snapshot(draft))
    _flush(session, f"draft {draft.id}")
    return draft


# --- reviewing drafts ----------------------------------------------------------------------


def _clean_edit(field: str, value: Any) -> Any:
    if field == "kind":
        return _one_of(value, DRAFT_KINDS, field)
    if field == "text":
        text = " ".join(str(value or "").split())
        if not text:
            raise OperationError("text: an item cannot be empty")
        return text
    if field == "deadline":
        return _as_date(value, field)
    if field in ("addressees", "addressees_other"):
        return _strings(value, field)
    if field in ("immediate", "applies_to_forces", "deadline_confirmed"):
        if not isinstance(value, bool):
            raise OperationError(f"{field}: expected true or false")
        return value
    if field == "status":
        return _one_of(value, EXTRACTED_STATUSES, field, nullable=True)
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
            diff[field] = [_jsonable(getattr(draft, field)), _jsonable(value)]
            setattr(draft, field, value)
    if not diff:
        return draft
    if {"deadline", "deadline_relative"} & diff.keys():
        draft.proposed_deadline = _proposed(draft, draft.report.published)
        if "deadline_confirmed" not in diff:
            draft.deadline_confirmed = False
    draft.edit_history = [*draft.edit_history,
                          {"at": utcnow().isoformat(), "by": _actor(actor), "changes": diff}]
    audit(session, actor, "edit_draft", draft, before=before, after=snapshot(draft))
    _flush(session, f"draft {draft.id}")
    return draft


def _was_edited(draft: Draft) -> bool:
    """Whether a person changed the item itself (confirming a proposed date is not an edit)."""
    return any(set(entry.get("changes", {})) - {"deadline_confirmed"}
               for entry in draft.edit_history)


def _next_reference(session: Session, year: int) -> str:
    """The next free reference of the year. References of items removed by an undone
    decision are never given again: people may have seen or exported them."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    used = list(session.scalars(
        select(TrackedItem.reference).where(TrackedItem.reference.startswith(prefix))))
    removed = session.scalars(select(AuditEvent.before).where(
        AuditEvent.action == "remove_item", AuditEvent.entity_type == TrackedItem.__tablename__))
    used += [str(before.get("reference", "")) for before in removed if isinstance(before, dict)]
    numbers = [int(ref[len(prefix):]) for ref in used
               if ref.startswith(prefix) and ref[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _item_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(ITEM_FIELDS))
    if unknown:
        raise OperationError(f"cannot set {', '.join(unknown)} on a tracked item here "
                             f"(settable: {', '.join(ITEM_FIELDS)})")
    values = dict(fields)
    if "scope" in values:
        _one_of(values["scope"], SCOPES, "scope")
    if values.get("delivery_confidence") is not None:
        _one_of(values["delivery_confidence"], DELIVERY_CONFIDENCES, "delivery_confidence")
    level = values.get("activity_level")
    if level is not None and (isinstance(level, bool) or level not in (1, 2, 3, 4)):
        raise OperationError(f"activity_level: {level!r} is not 1, 2, 3 or 4")
    return values


def _confirm(session: Session, draft: Draft, actor: str, confirm_deadline: bool,
             fields: Mapping[str, Any]) -> TrackedItem:
    """Create the tracked item for a pending draft and mark the draft decided."""
    values = _item_values(fields)
    report = draft.report
    if confirm_deadline and draft.deadline is None and draft.proposed_deadline is not None:
        draft.deadline_confirmed = True
    deadline = draft.deadline or (draft.proposed_deadline if draft.deadline_confirmed else None)
    published = report.published
    item = TrackedItem(
        reference=values.pop("reference", None) or _next_reference(
            session, (published or utcnow()).year),
        source_report_id=report.id,
        source_report=report.title or report.file_name,
        kind=draft.kind,
        number=draft.number,
        text=draft.text,
        original_deadline=deadline,
        current_deadline=deadline,
        addressees=list(dict.fromkeys([*draft.addressees, *draft.addressees_other])),
        applies_to_forces=draft.applies_to_forces,
        scope=values.pop("scope", None) or (
            "local" if report.inspection_type == "peel" else "national"),
        status=STATUS_FROM_EXTRACTION.get(draft.status or "", "open"),
        **values,
    )
    session.add(item)
    draft.review_state = "edited" if _was_edited(draft) else "accepted"
    draft.reviewed_by = _actor(actor)
    draft.reviewed_at = utcnow()
    draft.tracked_item = item
    return item


def confirm_draft(session: Session, draft_id: int, actor: str,
                  expected_version: int | None = None, confirm_deadline: bool = False,
                  **item_fields: Any) -> TrackedItem:
    """Confirm a pending draft into a new tracked item and return the item.

    The item copies the draft's fields; its original and current deadline are the draft's
    deadline or, when confirmed (``confirm_deadline`` or earlier), its proposed deadline.
    ``item_fields`` set reference (generated when absent), scope, activity_level, paf_area,
    chief_officer_lead, delivery_lead and delivery_confidence. The draft becomes accepted,
    or edited when a person changed it first. Suggestions are labelled "none".
    """
    draft = _pending_draft(session, draft_id, expected_version)
    before = snapshot(draft)
    item = _confirm(session, draft, actor, confirm_deadline, item_fields)
    _flush(session, f"draft {draft.id}")
    audit(session, actor, "create_item", item, after=snapshot(item))
    record_match_decision(session, draft, actor)
    audit(session, actor, "confirm_draft", draft, before=before, after=snapshot(draft))
    _flush(session, f"draft {draft.id}")
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
    draft.reviewed_by = _actor(actor)
    draft.reviewed_at = utcnow()
    draft.review_note = reason
    record_match_decision(session, draft, actor)
    audit(session, actor, "reject_draft", draft, before=before, after=snapshot(draft))
    _flush(session, f"draft {draft.id}")
    return draft


def link_draft(session: Session, draft_id: int, tracked_item_id: int, relation: str,
               actor: str, expected_version: int | None = None, confirm_deadline: bool = False,
               **item_fields: Any) -> TrackedItem:
    """Decide a pending draft by relating it to an existing tracked item.

    - same_as: the draft is the existing item (re-issued); no new item, the draft is linked.
    - supersedes: the draft becomes a new item that supersedes the existing one.
    - depends_on / related: the draft becomes a new item with that link to the existing one.

    Returns the tracked item the draft now stands for (existing for same_as, else new).
    """
    _one_of(relation, LINK_RELATIONS, "relation")
    draft = _pending_draft(session, draft_id, expected_version)
    target = _get(session, TrackedItem, tracked_item_id, "tracked item")
    before = snapshot(draft)
    if relation == "same_as":
        if item_fields:
            raise OperationError("same_as links to an existing item; its fields are not set here")
        draft.review_state = "linked"
        draft.reviewed_by = _actor(actor)
        draft.reviewed_at = utcnow()
        draft.tracked_item_id = target.id
        result = target
    else:
        if relation == "supersedes" and target.status == "superseded":
            raise OperationError(f"tracked item {target.id} ({target.reference}) is already "
                                 f"superseded")
        result = _confirm(session, draft, actor, confirm_deadline, item_fields)
        _flush(session, f"draft {draft.id}")
        audit(session, actor, "create_item", result, after=snapshot(result))
        if relation == "supersedes":
            supersede_item(session, target.id, result.id, actor)
        else:
            _add_link(session, result, target, relation, actor)
    record_match_decision(session, draft, actor, target.id, relation)
    audit(session, actor, "link_draft", draft, before=before,
          after={**(snapshot(draft) or {}), "relation": relation, "to_item_id": target.id})
    _flush(session, f"draft {draft.id}")
    return result


def _add_link(session: Session, from_item: TrackedItem, to_item: TrackedItem, relation: str,
              actor: str) -> Link:
    link = Link(from_item_id=from_item.id, to_item_id=to_item.id, relation=relation,
                created_by=_actor(actor), created_at=utcnow())
    session.add(link)
    _flush(session, f"link {from_item.reference} {relation} {to_item.reference}")
    audit(session, actor, "add_link", link, after=snapshot(link))
    return link


def supersede_item(session: Session, old_id: int, new_id: int, actor: str,
                   expected_version: int | None = None) -> TrackedItem:
    """Mark tracked item ``old_id`` superseded by ``new_id`` (it keeps its history).

    The old item's status becomes superseded and it points to the new one; a supersedes
    Link from the new item to the old one is added. ``expected_version`` is the old item's.
    """
    if old_id == new_id:
        raise OperationError(f"tracked item {old_id} cannot supersede itself")
    old = _get(session, TrackedItem, old_id, "tracked item")
    new = _get(session, TrackedItem, new_id, "tracked item")
    _check_version(old, "tracked item", expected_version)
    if old.status == "superseded":
        by = f" by {old.superseded_by.reference}" if old.superseded_by else ""
        raise OperationError(f"tracked item {old.id} ({old.reference}) is already "
                             f"superseded{by}")
    if new.status == "superseded":
        raise OperationError(f"tracked item {new.id} ({new.reference}) is itself superseded")
    before = snapshot(old)
    old.status = "superseded"
    old.superseded_by_id = new.id
    _flush(session, f"tracked item {old.id}")
    audit(session, actor, "supersede_item", old, before=before, after=snapshot(old))
    _add_link(session, new, old, "supersedes", actor)
    return old


def _clean_item_edit(field: str, value: Any) -> Any:
    if field == "status":
        return _one_of(value, ITEM_STATUSES, field)
    if field == "delivery_confidence":
        return _one_of(value, DELIVERY_CONFIDENCES, field, nullable=True)
    if field == "activity_level":
        if value is not None and (isinstance(value, bool) or value not in (1, 2, 3, 4)):
            raise OperationError(f"activity_level: {value!r} is not 1, 2, 3 or 4")
        return value
    text = None if value is None else " ".join(str(value).split())
    return text or None


def edit_item(session: Session, item_id: int, changes: Mapping[str, Any], actor: str,
              expected_version: int | None = None) -> TrackedItem:
    """Change a tracked item's leads, PAF area, activity level, delivery confidence or status.

    A superseded item keeps its status here (it is left through its superseding item).
    No change → nothing written.
    """
    item = _get(session, TrackedItem, item_id, "tracked item")
    _check_version(item, "tracked item", expected_version)
    unknown = sorted(set(changes) - set(ITEM_EDITABLE_FIELDS))
    if unknown:
        raise OperationError(f"tracked item {item.id}: cannot edit {', '.join(unknown)} "
                             f"(editable: {', '.join(ITEM_EDITABLE_FIELDS)})")
    values = {field: _clean_item_edit(field, raw) for field, raw in changes.items()}
    status = values.get("status", item.status)
    if status == "superseded" and item.status != "superseded":
        raise OperationError("status: an item becomes superseded by naming the item that "
                             "supersedes it (supersede_item)")
    if item.status == "superseded" and status != "superseded":
        raise OperationError(f"tracked item {item.id} ({item.reference}) is superseded; "
                             f"its status cannot change")
    before = snapshot(item)
    changed = False
    for field, value in values.items():
        if getattr(item, field) != value:
            setattr(item, field, value)
            changed = True
    if not changed:
        return item
    _flush(session, f"tracked item {item.id}")
    audit(session, actor, "edit_item", item, before=before, after=snapshot(item))
    _flush(session, f"tracked item {item.id}")
    return item


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
            evidence=evidence or None, decided_by=_actor(actor), decided_at=decided_at))
    if chosen_item_id is not None and chosen_item_id not in seen:
        decisions.append(MatchDecision(
            draft_id=draft.id, tracked_item_id=chosen_item_id, suggested_relation=None,
            chosen_relation=chosen_relation, decided_by=_actor(actor), decided_at=decided_at))
    if not decisions:
        return []
    session.add_all(decisions)
    _flush(session, f"match decisions for draft {draft.id}")
    audit(session, actor, "record_match_decision", draft,
          after={"decisions": [snapshot(d) for d in decisions]})
    return decisions


# --- undoing a decision --------------------------------------------------------------------

_DECISION_ACTIONS = ("confirm_draft", "link_draft", "reject_draft")


def _last_event(session: Session, entity_type: str, entity_id: int,
                actions: Iterable[str]) -> AuditEvent | None:
    return session.scalars(select(AuditEvent).where(
        AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id,
        AuditEvent.action.in_(tuple(actions))).order_by(AuditEvent.id.desc()).limit(1)).first()


def _keep_or_refuse(session: Session, draft: Draft, item: TrackedItem,
                    decision: AuditEvent | None) -> tuple[list[Link], TrackedItem | None]:
    """The links the decision made and the item it superseded, if removing ``item`` loses
    nothing anyone did since; OperationError naming what is in the way otherwise."""
    what = f"draft {draft.id} cannot be undone: tracked item {item.id} ({item.reference})"
    created = _last_event(session, TrackedItem.__tablename__, item.id, ("create_item",))
    if created is None or created.after is None:
        raise OperationError(f"{what} was not created by this decision")
    if item.version != created.after.get("version"):
        raise OperationError(f"{what} was changed after it was created (it is at version "
                             f"{item.version})")
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


def undo_decision(session: Session, draft_id: int, actor: str,
                  expected_version: int | None = None) -> Draft:
    """Put a decided draft back to pending, withdrawing what its decision wrote.

    - rejected: the rejection note is cleared (the audit trail keeps it);
    - linked (same_as): the draft no longer stands for the existing item;
    - accepted or edited (also supersedes / depends_on / related links): the tracked item the
      decision created is removed with the links it made, and an item it superseded gets its
      status back from before.

    The MatchDecision rows of the decision are removed, so calibration does not learn a
    withdrawn choice. The draft keeps its text and edit history. Refused (OperationError)
    when removing the item would lose later work: an edit, another draft or link using it.
    """
    draft = _get(session, Draft, draft_id, "draft")
    if draft.review_state == "pending":
        raise OperationError(f"draft {draft.id} is pending; there is no decision to undo")
    _check_version(draft, "draft", expected_version)
    before = snapshot(draft)
    decision = _last_event(session, Draft.__tablename__, draft.id, _DECISION_ACTIONS)
    removed_item: dict[str, Any] | None = None
    removed_links: list[dict[str, Any] | None] = []
    restored: dict[str, Any] | None = None
    item = draft.tracked_item if draft.review_state in ("accepted", "edited") else None
    if draft.review_state in ("accepted", "edited") and item is None:
        raise OperationError(f"draft {draft.id} cannot be undone: its tracked item is gone")
    if item is not None:
        links, superseded = _keep_or_refuse(session, draft, item, decision)
        if superseded is not None:
            event = _last_event(session, TrackedItem.__tablename__, superseded.id,
                                ("supersede_item",))
            previous = (event.before or {}).get("status") if event is not None else None
            if previous not in ITEM_STATUSES or previous == "superseded":
                raise OperationError(f"draft {draft.id} cannot be undone: the status tracked "
                                     f"item {superseded.id} had before it was superseded is "
                                     f"not recorded")
            old_before = snapshot(superseded)
            superseded.status = previous
            superseded.superseded_by_id = None
            _flush(session, f"tracked item {superseded.id}")
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
    _flush(session, f"draft {draft.id}")
    if item is not None:
        item_id = item.id
        session.delete(item)
        _flush(session, f"tracked item {item_id}")
        audit(session, actor, "remove_item", entity_type=TrackedItem.__tablename__,
              entity_id=item_id, before=removed_item)
    audit(session, actor, "undo_decision", draft, before=before, after={
        **(snapshot(draft) or {}), "removed_item": removed_item, "removed_links": removed_links,
        "restored_item": restored,
        "removed_match_decisions": [snapshot(d) for d in removed_decisions]})
    _flush(session, f"draft {draft.id}")
    return draft


# --- users ---------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """A salted scrypt hash: ``scrypt$n$r$p$salt$hash`` (base64)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches a hash made by ``hash_password``."""
    try:
        scheme, n, r, p, salt, digest = (stored or "").split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def create_user(session: Session, name: str, role: str, password: str,
                actor: str = "system") -> User:
    """Add a user with a hashed password; names are unique."""
    name = " ".join((name or "").split())
    if not name:
        raise OperationError("a user needs a name")
    _one_of(role, USER_ROLES, "role")
    if len(password or "") < 8:
        raise OperationError("a password needs at least 8 characters")
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise ConflictError(f"user {name!r} already exists")
    user = User(name=name, role=role, password_hash=hash_password(password), active=True,
                created_at=utcnow())
    session.add(user)
    _flush(session, f"user {name!r}")
    audit(session, actor, "create_user", user, after=snapshot(user))
    _flush(session, f"user {name!r}")
    return user


# --- reports and their processing ----------------------------------------------------------

REPORT_STAGES_DONE = "done"
# Audit actions after which processing attempts are counted afresh.
_ATTEMPTS_RESET_BY = ("upload_report", "retry_report")
_FILE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def clean_file_name(name: str | None) -> str:
    """The name a client gave a file, kept only as a label: no folders, no control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = " ".join(_FILE_NAME_CHARS.sub(" ", base).split())
    return base[-200:] or "report.pdf"


def add_report(session: Session, file_name: str | None, content: bytes, actor: str,
               uploaded_by: int | None = None) -> tuple[Report, bool]:
    """Store a report file by the SHA-256 of its content, with its Report row (queued).

    Returns ``(report, created)``: the same content again gives the existing report and
    False. Two sessions adding the same new content at once: one of them raises
    ConflictError; it should roll back and look the report up by its hash.
    """
    if not content:
        raise OperationError("the file is empty")
    sha = hashlib.sha256(content).hexdigest()
    existing = session.scalar(select(Report).where(Report.sha256 == sha))
    if existing is not None:
        return existing, False
    if session.get(StoredFile, sha) is None:
        session.add(StoredFile(sha256=sha, size=len(content), content=content))
    report = Report(sha256=sha, file_name=clean_file_name(file_name), status="queued",
                    progress_done=0, progress_total=0, uploaded_by=uploaded_by,
                    uploaded_at=utcnow())
    session.add(report)
    _flush(session, f"report with SHA-256 {sha}")
    audit(session, actor, "upload_report", report, after=snapshot(report))
    _flush(session, f"report {report.id}")
    return report, True


def processing_attempts(session: Session, report_id: int) -> int:
    """How many times processing of the report has started since it was uploaded (or retried)."""
    mine = (AuditEvent.entity_type == Report.__tablename__) & (AuditEvent.entity_id == report_id)
    reset = session.scalar(select(func.max(AuditEvent.id)).where(
        mine, AuditEvent.action.in_(_ATTEMPTS_RESET_BY))) or 0
    return session.scalar(select(func.count(AuditEvent.id)).where(
        mine, AuditEvent.action == "start_processing", AuditEvent.id > reset)) or 0


def start_processing(session: Session, report: Report, actor: str,
                     details: Mapping[str, Any] | None = None) -> int:
    """Mark the report processing from the start; returns the attempt number (1, 2, ...).

    ``details`` (e.g. which worker) go into the audit event.
    """
    attempt = processing_attempts(session, report.id) + 1
    before = snapshot(report)
    report.status = "processing"
    report.error = None
    report.progress_stage, report.progress_done, report.progress_total = "starting", 0, 0
    audit(session, actor, "start_processing", report, before=before,
          after={**(snapshot(report) or {}), "attempt": attempt, **dict(details or {})})
    _flush(session, f"report {report.id}")
    return attempt


def set_progress(session: Session, report_id: int, stage: str, done: int, total: int) -> None:
    """Record how far processing has got (not audited: it changes many times a second)."""
    session.execute(update(Report).where(
        Report.id == report_id, Report.status.in_(("queued", "processing"))).values(
        status="processing", progress_stage=stage[:50], progress_done=max(0, int(done)),
        progress_total=max(0, int(total))))


def requeue_report(session: Session, report_id: int, actor: str, reason: str) -> bool:
    """Put a report left processing back to queued; False if it is no longer processing."""
    report = session.get(Report, report_id)
    if report is None or report.status != "processing":
        return False
    before = snapshot(report)
    report.status = "queued"
    audit(session, actor, "requeue_report", report, before=before,
          after={**(snapshot(report) or {}), "reason": reason})
    _flush(session, f"report {report.id}")
    return True


def fail_report(session: Session, report: Report, reason: str, actor: str) -> Report:
    """Mark the report failed with a one-line reason a person can act on."""
    before = snapshot(report)
    report.status = "failed"
    report.error = " ".join((reason or "failed for an unknown reason").split())[:1000]
    report.processed_at = utcnow()
    audit(session, actor, "report_failed", report, before=before, after=snapshot(report))
    _flush(session, f"report {report.id}")
    return report


def finish_report(session: Session, report: Report, actor: str) -> Report:
    """Mark the report ready: its drafts are recorded and waiting for review."""
    before = snapshot(report)
    report.status = "ready"
    report.error = None
    report.progress_stage = REPORT_STAGES_DONE
    report.progress_done = report.progress_total = report.page_count or 0
    report.processed_at = utcnow()
    audit(session, actor, "report_ready", report, before=before, after=snapshot(report))
    _flush(session, f"report {report.id}")
    return report


def draft_counts(session: Session, report_id: int) -> dict[str, int]:
    """The report's drafts by review state (every state present, zero when none)."""
    counts = dict.fromkeys(REVIEW_STATES, 0)
    rows = session.execute(select(Draft.review_state, func.count(Draft.id)).where(
        Draft.report_id == report_id).group_by(Draft.review_state))
    for state, number in rows:
        counts[state] = number
    return counts
