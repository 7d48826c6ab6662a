"""Exporting the tracker: every column, in order, as CSV (UTF-8 with a byte-order mark, so
Excel reads accents and dashes correctly) or .xlsx (dates as real dates)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hmic_actions.vocab import CONFIDENCE_LABELS, KIND_LABELS, SCOPE_LABELS, STATUS_LABELS
from models.tables import TrackedItem
from models.tracker.columns import (
    COLUMNS,
    addressee_cell,
    column_letter,
    escape_csv,
    item_values,
)

FORMATS = ("csv", "xlsx")


def format_for(path: Path | str) -> str:
    """The export format a file name asks for (.csv or .xlsx); ValueError for anything else."""
    suffix = Path(path).suffix.casefold()
    if suffix in (".csv", ".xlsx"):
        return suffix[1:]
    raise ValueError(f"{Path(path).name}: cannot tell the format; name it .csv or .xlsx")


def _utc_naive(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def export_values(item: TrackedItem) -> list[Any]:
    """One tracked item as the export's row of Python values (dates as dates)."""
    values = item_values(item)
    return [
        item.reference,
        values["source_report"],
        item.source_published,
        item.source_year,
        KIND_LABELS.get(item.kind, item.kind),
        item.number,
        item.text,
        item.action_required,
        item.original_deadline,
        item.current_deadline,
        addressee_cell(values["addressees"]) or None,
        "Yes" if item.applies_to_forces else "No",
        SCOPE_LABELS.get(item.scope, item.scope),
        item.activity_level,
        item.paf_area,
        item.chief_officer_lead,
        item.delivery_lead,
        CONFIDENCE_LABELS.get(item.delivery_confidence or "", item.delivery_confidence),
        STATUS_LABELS.get(item.status, item.status),
        item.evidence,
        values["latest_update"],
        _utc_naive(values["latest_update_at"]),
        values["latest_update_by"],
        values["superseded_by"],
        _utc_naive(item.created_at),
        _utc_naive(item.updated_at),
    ]


def _items(session: Session) -> Iterator[TrackedItem]:
    statement = (select(TrackedItem).order_by(TrackedItem.id)
                 .options(selectinload(TrackedItem.superseded_by),
                          selectinload(TrackedItem.report),
                          selectinload(TrackedItem.updates))
                 .execution_options(yield_per=500))
    yield from session.scalars(statement)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return escape_csv(value)
    return str(value)


def _write_csv(items: Iterable[TrackedItem], stream: IO[str]) -> int:
    # The byte-order mark makes Excel read the file as UTF-8 (without it Excel uses the
    # Windows code page and garbles accents, dashes and curly quotes).
    stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    count = 0
    for item in items:
        writer.writerow([_csv_cell(v) for v in export_values(item)])
        count += 1
    return count


def _write_xlsx(items: Iterable[TrackedItem], stream: IO[bytes]) -> int:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Tracker")
    widths = {"Reference": 16, "Source report": 40, "Inspectorate text": 80,
              "Action required": 60, "Evidence": 40, "Latest update": 60,
              "Latest update date": 20, "Latest update by": 20,
              "Addressees": 30, "Chief Officer lead": 24, "Delivery lead": 24,
              "Superseded by (reference)": 16, "Created": 20, "Updated": 20}
    for index, column in enumerate(COLUMNS):
        sheet.column_dimensions[column_letter(index)].width = widths.get(column.header, 14)
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def cell(value: Any) -> WriteOnlyCell:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            written.data_type = "s"  # text that starts with "=" stays text, not a formula
        elif isinstance(value, dt.datetime):
            written.number_format = "yyyy-mm-dd hh:mm:ss"
        elif isinstance(value, dt.date):
            written.number_format = "d mmm yyyy"
        return written

    header = []
    for column in COLUMNS:
        title = WriteOnlyCell(sheet, value=column.header)
        title.font = bold
        header.append(title)
    sheet.append(header)
    count = 0
    wrapped = [index for index, c in enumerate(COLUMNS)
               if c.field in ("text", "action_required", "evidence", "latest_update")]
    for item in items:
        row = [cell(v) for v in export_values(item)]
        for index in wrapped:
            row[index].alignment = wrap
        sheet.append(row)
        count += 1
    sheet.auto_filter.ref = f"A1:{column_letter(len(COLUMNS) - 1)}{count + 1}"
    workbook.save(stream)
    return count


def export_tracker(session: Session, path_or_stream: Path | str | IO[Any],
                   fmt: str | None = None, items: Iterable[TrackedItem] | None = None) -> int:
    """Write every tracked item, in the tracker's columns, as CSV or .xlsx; return the count.

    ``items`` (e.g. a filtered query's rows) are written instead of every item, in their order.

    ``path_or_stream`` is a file path (written whole or not at all; the format follows its
    suffix unless ``fmt`` is given) or an open stream (``fmt`` defaults to csv; CSV goes to
    text or binary streams, .xlsx to binary ones).
    """
    if isinstance(path_or_stream, str | Path):
        path = Path(path_or_stream)
        fmt = fmt or format_for(path)
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {fmt!r} (csv or xlsx)")
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                count = export_tracker(session, stream, fmt, items)
            os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's 0600
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return count
    fmt = fmt or "csv"
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (csv or xlsx)")
    stream = path_or_stream
    rows = _items(session) if items is None else items
    if fmt == "xlsx":
        return _write_xlsx(rows, stream)
    if isinstance(stream, io.TextIOBase) or hasattr(stream, "encoding"):
        return _write_csv(rows, stream)
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    try:
        return _write_csv(rows, text)
    finally:
        text.flush()
        text.detach()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
