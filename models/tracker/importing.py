"""Importing a tracker file into the database.

Rows are matched to tracked items on their Reference, so re-importing the same file changes
nothing. A row without a Reference gets a stable one derived from its source report, kind,
number and text. Columns missing from the file leave existing values alone. A row's latest
update is added to the item's progress updates unless the item already has that update, so
updates are never lost or doubled. A file with any problem writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from hmic_actions.vocab import STATUS_LABELS
from models.ops.audit import audit, snapshot
from models.tables import ProgressUpdate, TrackedItem, utcnow
from models.tracker.columns import BLANK_KEEPS, BY_FIELD, CONTENT_FIELDS, item_values
from models.tracker.reading import ParsedRow, ReadResult, TrackerFileError, read_tracker


@dataclass
class ImportReport:
    """What an import did, or would do (dry run), or why it wrote nothing."""

    source: str
    dry_run: bool = False
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    progress_updates: int = 0  # latest updates new to their items
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None  # the file could not be read at all

    @property
    def ok(self) -> bool:
        """True when the file was read without a problem."""
        return self.error is None and not self.problems

    @property
    def written(self) -> bool:
        """True when the import's changes went into the session (no problem, not a dry run)."""
        return self.ok and not self.dry_run

    def summary(self) -> str:
        """One line: counts, or why nothing was written."""
        rows = f"{self.rows} row{'s' if self.rows != 1 else ''}"
        if self.error is not None:
            return f"{self.source}: {self.error}; nothing written"
        if self.problems:
            count = len(self.problems)
            return (f"{self.source}: {count} problem{'s' if count != 1 else ''} in "
                    f"{rows}; nothing written")
        counts = f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"
        if self.progress_updates:
            added = "would be added" if self.dry_run else "added"
            counts += (f" ({self.progress_updates} progress "
                       f"update{'s' if self.progress_updates != 1 else ''} {added})")
        if self.dry_run:
            return f"{self.source}: {rows} would give {counts} (dry run, nothing written)"
        return f"{self.source}: {rows}: {counts}"


def _load(session: Session, references: Iterable[str]) -> dict[str, TrackedItem]:
    refs = sorted(set(references))
    found: dict[str, TrackedItem] = {}
    for start in range(0, len(refs), 500):
        statement = (select(TrackedItem)
                     .where(TrackedItem.reference.in_(refs[start:start + 500]))
                     .options(selectinload(TrackedItem.superseded_by),
                              selectinload(TrackedItem.report),
                              selectinload(TrackedItem.updates)))
        found.update((item.reference, item) for item in session.scalars(statement))
    return found


def _new_values(row: ParsedRow, now: dt.datetime) -> dict[str, Any]:
    """The fields of a new tracked item for ``row``: the file's values, defaults elsewhere."""
    given = row.values
    addressees = given.get("addressees") or []
    values: dict[str, Any] = {
        "source_report": given.get("source_report"),
        "source_published": given.get("source_published"),
        "source_year": given.get("source_year"),
        "kind": given["kind"],
        "number": given.get("number"),
        "text": given["text"],
        "action_required": given.get("action_required"),
        "evidence": given.get("evidence"),
        "current_deadline": given.get("current_deadline"),
        "addressees": addressees,
        "activity_level": given.get("activity_level"),
        "paf_area": given.get("paf_area"),
        "chief_officer_lead": given.get("chief_officer_lead"),
        "delivery_lead": given.get("delivery_lead"),
        "delivery_confidence": given.get("delivery_confidence"),
        "status": given.get("status") or "open",
        "scope": given.get("scope") or "national",
    }
    # The first deadline known for an item is its original one.
    values["original_deadline"] = given.get("original_deadline") or values["current_deadline"]
    # An item in a force's own tracker applies to the force unless its addressees say not.
    applies = given.get("applies_to_forces")
    values["applies_to_forces"] = (applies if applies is not None
                                   else not addressees or "chief_constables" in addressees)
    created = given.get("created_at")
    values["created_at"] = created or now
    values["updated_at"] = given.get("updated_at") or created or now
    return values


def _changes(current: dict[str, Any], row: ParsedRow) -> dict[str, Any]:
    """The fields ``row`` changes on an item whose values are ``current``."""
    changes: dict[str, Any] = {}
    for name in CONTENT_FIELDS:
        if name not in row.values:
            continue  # the file has no such column
        value = row.values[name]
        if value is None and name in BLANK_KEEPS:
            continue
        if value != current[name]:
            changes[name] = value
    return changes


def _said(text: str) -> str:
    return " ".join(text.split()).casefold()


def _new_update(item: TrackedItem | None, row: ParsedRow) -> bool:
    """Whether the row's latest update is one the item does not have yet."""
    text = row.values.get("latest_update")
    if not text:
        return False
    return item is None or _said(text) not in {_said(u.text) for u in item.updates}


@dataclass
class _Plan:
    creates: list[ParsedRow] = field(default_factory=list)
    updates: list[tuple[TrackedItem, dict[str, Any]]] = field(default_factory=list)
    progress: list[tuple[str, ParsedRow]] = field(default_factory=list)  # reference, row
    unchanged: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def _plan(session: Session, read: ReadResult) -> tuple[_Plan, dict[str, TrackedItem]]:
    """Compare the rows with the database: what to create, what to change, what is wrong."""
    plan = _Plan()
    by_reference = {row.reference: row for row in read.rows}
    targets = {row.values["superseded_by"] for row in read.rows
               if row.values.get("superseded_by")}
    known = _load(session, [*by_reference, *targets])
    header = read.headers.get("superseded_by", BY_FIELD["superseded_by"].header)

    def successor(reference: str) -> str | None:
        row = by_reference.get(reference)
        if row is not None and "superseded_by" in row.values:
            return row.values["superseded_by"]
        item = known.get(reference)
        if item is None or item.superseded_by is None:
            return None
        known.setdefault(item.superseded_by.reference, item.superseded_by)
        return item.superseded_by.reference

    for row in read.rows:
        item = known.get(row.reference)
        target = row.values.get("superseded_by")
        if target and not (target in read.references or target in by_reference
                           or target in known):
            plan.problems.append((row.row, f"row {row.row}: {header} '{target}' is not a "
                                  "Reference in this file or in the tracker"))
            continue
        if target:
            chain, step = [row.reference], target
            while step is not None and step not in chain:
                chain.append(step)
                step = successor(step)
            if step == row.reference:
                plan.problems.append((row.row, f"row {row.row}: {header} goes round in a "
                                      f"circle: {' → '.join([*chain, step])}"))
                continue
        if item is None:
            lacking = [read.headers.get(name, BY_FIELD[name].header)
                       for name in ("kind", "text") if row.values.get(name) is None]
            if lacking:
                plan.problems.append((row.row, (
                    f"row {row.row}: {read.headers['reference']} '{row.reference}' is not in "
                    f"the tracker, and a new item needs {' and '.join(lacking)}")))
                continue
            plan.creates.append(row)
            if _new_update(None, row):
                plan.progress.append((row.reference, row))
            continue
        current = item_values(item)
        changes = _changes(current, row)
        status = changes.get("status", current["status"])
        superseded_by = changes.get("superseded_by", current["superseded_by"])
        if superseded_by and status != "superseded":
            if row.values.get("status") is None:
                changes["status"] = "superseded"
            else:
                plan.problems.append((row.row, (
                    f"row {row.row}: {read.headers['status']} is '{STATUS_LABELS[status]}' "
                    f"but the tracker has the item superseded by '{superseded_by}' (to undo "
                    f"that, add a {header} column and leave the cell blank)")))
                continue
        if changes:
            plan.updates.append((item, changes))
        if _new_update(item, row):
            plan.progress.append((row.reference, row))
        if not changes and not _new_update(item, row):
            plan.unchanged += 1
    return plan, known


def _add_updates(session: Session, progress: list[tuple[str, ParsedRow]],
                 items: dict[str, TrackedItem], actor: str, now: dt.datetime) -> None:
    """Add each row's new latest update to its item, dated and authored as the file says
    (the importing person and now when it does not)."""
    added = []
    for reference, row in progress:
        item = items[reference]
        update = ProgressUpdate(tracked_item_id=item.id, text=row.values["latest_update"],
                                at=row.values.get("latest_update_at") or now,
                                author=row.values.get("latest_update_by") or actor,
                                source="import", created_at=now)
        session.add(update)
        added.append((item, update))
    session.flush()
    for item, update in added:
        session.expire(item, ["updates"])
        audit(session, actor, "add_progress_update", item, after=snapshot(update))


def import_tracker(session: Session, path: Path | str, actor: str,
                   dry_run: bool = False) -> ImportReport:
    """Import the tracker file at ``path`` (CSV or .xlsx) into the session's database.

    Rows are matched to tracked items on their Reference: new ones are created, changed ones
    updated (with an AuditEvent holding the item before and after), the rest left alone.
    One AuditEvent sums the import up. If the file has any problem, or ``dry_run`` is set,
    nothing is added to the session; the report says what happened or would happen. The
    caller commits (see ``models.db.session_scope``).
    """
    report = ImportReport(source=str(path), dry_run=dry_run)
    path = Path(path)
    if not (actor or "").strip():
        raise ValueError("an import needs the name of the person doing it")
    try:
        read = read_tracker(path)
    except TrackerFileError as exc:
        report.error = str(exc)
        return report
    report.rows = read.count
    report.notes = read.notes
    # Rows with problems are left out of the plan, so every problem is found in one pass.
    plan, known = _plan(session, read)
    problems = sorted([*read.problems, *plan.problems], key=lambda p: p[0])
    if problems:
        report.problems = [p for _n, p in problems]
        return report
    changed = {item.reference for item, _changes in plan.updates}
    changed.update(reference for reference, _row in plan.progress
                   if reference in known)
    report.new, report.updated, report.unchanged = (
        len(plan.creates), len(changed), plan.unchanged)
    report.progress_updates = len(plan.progress)
    if dry_run:
        return report

    now = utcnow()
    by_row = {row.reference: row for row in plan.creates}
    created: dict[str, TrackedItem] = {}
    for row in plan.creates:
        values = _new_values(row, now)
        item = TrackedItem(reference=row.reference, **values)
        session.add(item)
        created[row.reference] = item
    befores = []
    for item, changes in plan.updates:
        befores.append(snapshot(item))
        for name, value in changes.items():
            if name != "superseded_by":
                setattr(item, name, value)
    everything = {**known, **created}
    # New items are inserted in file order, so ids (and exports) keep it: an item superseded
    # by another new one is linked once both exist (linking first would let the flush insert
    # the two in dependency order), keeping its Updated time.
    later = []
    for row in plan.creates:
        target = row.values.get("superseded_by")
        if target in created:
            later.append((created[row.reference], created[target]))
        elif target:
            created[row.reference].superseded_by = everything[target]
    for item, changes in plan.updates:
        if "superseded_by" in changes:
            target = changes["superseded_by"]
            item.superseded_by = everything[target] if target else None
    session.flush()
    if later:
        for item, target in later:
            item.superseded_by = target
            flag_modified(item, "updated_at")  # written as it is, not reset to now
        session.flush()
    for reference, item in created.items():
        # Whether the file dated the item (Created), or it is dated by the import itself.
        dated = bool(by_row[reference].values.get("created_at"))
        audit(session, actor, "import_item", item,
              after={**(snapshot(item) or {}), "created_from_file": dated})
    for (item, _changes_made), before in zip(plan.updates, befores, strict=True):
        audit(session, actor, "import_update", item, before=before, after=snapshot(item))
    _add_updates(session, plan.progress, everything, actor, now)
    audit(session, actor, "import_tracker", entity_type="tracker", after={
        "file": path.name, "sha256": read.sha256, "format": read.kind, "rows": report.rows,
        "new": report.new, "updated": report.updated, "unchanged": report.unchanged,
        "progress_updates": report.progress_updates, "notes": report.notes})
    session.flush()
    return report
