"""A reviewed report as an evaluation case: its PDF beside the extraction people decided it
should have given, in the layout ``hmic-actions evaluate`` reads (``<name>.pdf`` beside
``<name>.expected.json``, the shape of ``samples/*.expected.json``).

The expected items are the report's drafts as the review left them: accepted ones, edited
ones with their edits, linked ones, those a person added (the extraction missed them), and
rejected ones, except those rejected as not an item (read in error): a draft rejected as
"Not for this force" or as a duplicate is still an item the report holds. Pending drafts
are not decided yet: the export is refused unless they are included as they stand.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractor.result import SCHEMA_ID
from hmic_actions.dates import iso
from hmic_actions.vocab import rejected_as_not_an_item
from models.ops.errors import NotFoundError, OperationError
from models.tables import Draft, Report, StoredFile, utcnow

EXPECTED_SUFFIX = ".expected.json"
# The fields of an expected item, as the samples give them (the contract's, less confidence
# and bbox, which are not scored).
ITEM_FIELDS = ("kind", "number", "origin", "text", "deadline", "deadline_text", "immediate",
               "addressees", "addressees_other", "deadline_relative", "applies_to_forces",
               "status", "page")


class PendingDrafts(OperationError):
    """The report has drafts nobody has decided on (``count`` of them)."""

    def __init__(self, message: str, count: int) -> None:
        super().__init__(message)
        self.count = count


class CaseExists(OperationError):
    """A file of the case is already in the folder (``path``)."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def _item(draft: Draft) -> dict[str, Any]:
    values = {name: getattr(draft, name) for name in ITEM_FIELDS}
    values["deadline"] = iso(draft.deadline)
    values["addressees"] = list(draft.addressees or [])
    values["addressees_other"] = list(draft.addressees_other or [])
    values["review"] = {"state": draft.review_state, "note": draft.review_note,
                        "added_by": draft.added_by}
    return values


def expected_extraction(session: Session, report_id: int, *,
                        include_pending: bool = False) -> dict[str, Any]:
    """The extraction the review of a ready report says it should have given (the contract's
    shape, each item with its ``review``: state, note, added_by).

    NotFoundError for no such report; OperationError for a report not ready; PendingDrafts
    when drafts are pending and ``include_pending`` is not set.
    """
    report = session.get(Report, report_id)
    if report is None:
        raise NotFoundError(f"report {report_id} does not exist")
    if report.status != "ready":
        raise OperationError(f"report {report.id} is {report.status}: only a ready report, "
                             "with its drafts reviewed, makes a case")
    drafts = list(session.scalars(select(Draft).where(Draft.report_id == report.id)
                                  .order_by(Draft.position)))
    pending = [d for d in drafts if d.review_state == "pending"]
    if pending and not include_pending:
        positions = ", ".join(str(d.position) for d in pending[:10])
        more = " …" if len(pending) > 10 else ""
        raise PendingDrafts(
            f"report {report.id} has {len(pending)} pending draft"
            f"{'s' if len(pending) != 1 else ''} (at {positions}{more}): decide them first, "
            "or include them as they stand", len(pending))
    kept = [d for d in drafts if not rejected_as_not_an_item(d.review_state, d.review_note)]
    return {
        "schema": SCHEMA_ID,
        "report": {"title": report.title, "published": iso(report.published),
                   "pages": report.page_count},
        "items": [_item(d) for d in kept],
        "source": {"report_id": report.id, "file_name": report.file_name,
                   "sha256": report.sha256, "exported_at": iso(utcnow()),
                   "drafts": len(drafts), "left_out_as_not_items": len(drafts) - len(kept),
                   "pending": len(pending), "added": sum(d.added_by is not None for d in kept)},
    }


def case_name(report: Report) -> str:
    """The case's file name stem: the report's file name, in letters, digits, ``-`` and
    ``_`` (``report-<id>`` when nothing is left)."""
    stem = re.sub(r"\.(pdf|docx|html?)$", "", report.file_name or "", flags=re.IGNORECASE)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")
    return stem[:100] or f"report-{report.id}"


def _write(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` whole or not at all (a temporary file renamed)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_case(session: Session, report_id: int, directory: Path, *,
                include_pending: bool = False, force: bool = False,
                name: str | None = None) -> Path:
    """Write the report's file and its expected extraction (``expected_extraction``) into
    ``directory`` (made if missing) as ``<name>.pdf`` (``.docx``, ``.html``: the report's
    format) and ``<name>.expected.json``; returns the path of the expected file.

    ``name`` defaults to ``case_name``. Files already there are refused (CaseExists) unless
    ``force``; a folder that cannot be written is an OperationError. Only reads the database.
    """
    expected = expected_extraction(session, report_id, include_pending=include_pending)
    report = session.get(Report, report_id)
    assert report is not None  # expected_extraction found it
    stem = case_name(report) if name is None else re.sub(r"[^A-Za-z0-9_-]+", "-", name)
    if not stem.strip("-"):
        raise OperationError(f"name: {name!r} leaves nothing to name the files by")
    stored = session.get(StoredFile, report.sha256)
    if stored is None:
        raise OperationError(f"the file of report {report.id} is not stored")
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise OperationError(f"{directory}: not a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OperationError(f"{directory}: cannot make the folder "
                             f"({exc.strerror or exc})") from None
    pdf = directory / f"{stem}.{report.file_format}"
    expected_file = directory / f"{stem}{EXPECTED_SUFFIX}"
    for path in (pdf, expected_file):
        if path.exists() and not force:
            raise CaseExists(f"{path} already exists; it is not overwritten", path)
    text = json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    try:
        _write(pdf, bytes(stored.content))
        _write(expected_file, text.encode("utf-8"))
    except OSError as exc:
        raise OperationError(f"{directory}: cannot write the case there "
                             f"({exc.strerror or exc})") from None
    return expected_file
