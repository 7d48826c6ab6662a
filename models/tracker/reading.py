"""Reading a tracker file (CSV or .xlsx, told apart by content) into checked rows: pure, no
database.

Reading is forgiving about the shape of the file and strict about its values: the header
row is found among the first rows, so a title above it does no harm; unknown columns are
noted and ignored; every value is checked, and every problem is reported with its row
number as the person sees it in the file (the first row of the file is row 1).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.guard import is_pdf_head
from hmic_actions.dates import year_in_title
from models.tracker.columns import (
    BY_FIELD,
    DERIVED_PREFIX,
    HEADER_LOOKUP,
    HEADER_SEARCH_ROWS,
    KIND_FROM_TEXT_HEADER,
    MAX_LENGTHS,
    PARSERS,
    TEXT_FIELDS,
    UNDECIDED,
    BadValue,
    addressee_ids,
    cell_text,
    column_letter,
    parse_published,
    shown,
    squash,
    unescape_csv,
)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class TrackerFileError(Exception):
    """The file cannot be read as a tracker at all (the message says why, in one line)."""


@dataclass
class TrackerFile:
    """The rows of a tracker file: (row number as shown, cell values), and notes."""

    rows: list[tuple[int, list[Any]]]
    kind: str  # "csv" or "xlsx"
    notes: list[str] = field(default_factory=list)
    sha256: str = ""


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_table(path: Path) -> TrackerFile:
    """Every row of the tracker at ``path`` (CSV or .xlsx, told apart by content)."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise TrackerFileError("is a directory, not a tracker file") from None
    except OSError as exc:
        raise TrackerFileError(f"cannot read the file ({exc.strerror or exc})") from None
    if not data.strip():
        raise TrackerFileError("the file is empty")
    if data.startswith(OLE_MAGIC):
        raise TrackerFileError("an old Excel .xls workbook or a password-protected one: "
                               "save it as .xlsx or .csv first")
    if is_pdf_head(data):
        raise TrackerFileError("a PDF, not a tracker: expected a CSV or .xlsx file")
    table = _read_xlsx(data) if data.startswith(b"PK\x03\x04") else _read_csv(data)
    table.sha256 = hashlib.sha256(data).hexdigest()
    return table


def _read_xlsx(data: bytes) -> TrackerFile:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError,
            EOFError, TypeError, AttributeError) as exc:
        raise TrackerFileError(f"not a readable .xlsx workbook ({type(exc).__name__})"
                               ) from None
    try:
        sheets = list(workbook.worksheets)
        active = workbook.active
        if active in sheets:  # the sheet the workbook opens on is tried first
            sheets.remove(active)
            sheets.insert(0, active)
        for sheet in sheets:
            if not hasattr(sheet, "iter_rows"):  # a chart sheet
                continue
            sheet.reset_dimensions()  # some writers record wrong sizes
            top = [(n, list(v)) for n, v in enumerate(
                sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1)]
            if _find_header(top) is None:
                continue
            rows = [(n, list(v)) for n, v in enumerate(sheet.iter_rows(values_only=True),
                                                       start=1)]
            notes = []
            others = [s.title for s in workbook.worksheets if s is not sheet]
            if others:
                notes.append(f"read sheet '{sheet.title}'; other sheets ignored: "
                             + ", ".join(f"'{t}'" for t in others))
            return TrackerFile(rows, "xlsx", notes)
        # No sheet has a header: report on the first one.
        first = sheets[0] if sheets else None
        rows = ([(n, list(v)) for n, v in enumerate(
            first.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True), start=1)]
            if first is not None and hasattr(first, "iter_rows") else [])
        return TrackerFile(rows, "xlsx")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise TrackerFileError(f"not a readable .xlsx workbook ({type(exc).__name__})"
                               ) from None
    finally:
        workbook.close()


def _read_csv(data: bytes) -> TrackerFile:
    notes = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")  # Excel's "Unicode text" (tab-separated)
    else:
        if b"\x00" in data:
            raise TrackerFileError("not a CSV or .xlsx file (it holds binary data)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Older Excel saves "CSV (Comma delimited)" in the Windows code page.
            text = data.decode("cp1252", errors="replace")
            notes.append("the file is not UTF-8; it was read as Windows-1252")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            rows.append((number, [unescape_csv(cell) for cell in record]))
    except csv.Error as exc:
        raise TrackerFileError(f"not a readable CSV file: row {number + 1}: {exc}") from None
    return TrackerFile(rows, "csv", notes)


def _header_fields(cells: Sequence[Any]) -> list[str | None]:
    return [HEADER_LOOKUP.get(squash(c)) if isinstance(c, str) and squash(c) else None
            for c in cells]


def _find_header(rows: Sequence[tuple[int, list[Any]]]) -> int | None:
    """Index (in ``rows``) of the header: the early row naming the most known columns."""
    best, best_count = None, 0
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = {f for f in _header_fields(cells) if f}
        # A lone known word ("Recommendations" as a title) is not enough unless it is text.
        count = len(known) if len(known) >= 2 or known in ({"text"}, {"action_required"}) else 0
        if count > best_count:
            best, best_count = index, count
    return best


@dataclass
class ParsedRow:
    """One valid row: its number in the file, its Reference and the values it gives.

    ``values`` holds only the columns the file has; None means a blank cell.
    """

    row: int
    reference: str
    reference_given: bool
    values: dict[str, Any]


@dataclass
class ReadResult:
    """What a tracker file says, before the database is consulted."""

    rows: list[ParsedRow]
    fields: tuple[str, ...]  # columns present in the file
    headers: dict[str, str]  # field → header as written in the file
    problems: list[tuple[int, str]]
    notes: list[str]
    kind: str
    sha256: str
    count: int  # data rows in the file, good or bad
    references: set[str] = field(default_factory=set)  # every Reference given, good or bad


def derived_reference(source_report: str | None, kind: str, number: str | None,
                      text: str) -> str:
    """A stable Reference for a row that has none: a hash of what identifies the item."""
    parts = [" ".join((part or "").casefold().split())
             for part in (source_report, kind, number, text)]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return DERIVED_PREFIX + digest[:12].upper()


def read_tracker(path: Path | str) -> ReadResult:
    """Read and check a tracker file; raises TrackerFileError when it cannot be read at all."""
    table = read_table(Path(path))
    notes = list(table.notes)
    header_index = _find_header(table.rows)
    if header_index is None:
        raise TrackerFileError(
            f"no header row in the first {HEADER_SEARCH_ROWS} rows: expected column "
            "headings such as Reference, Recommendation, Action required, Current deadline, "
            "Status")
    header_number, header_cells = table.rows[header_index]
    data_rows = [(n, cells) for n, cells in table.rows[header_index + 1:]
                 if any(cell_text(c) is not None or (isinstance(c, str) and c.strip())
                        for c in cells)]
    problems: list[tuple[int, str]] = []

    columns: dict[int, str] = {}
    headers: dict[str, str] = {}
    unknown: list[str] = []
    for index, (cell, found) in enumerate(zip(header_cells, _header_fields(header_cells),
                                              strict=True)):
        name = " ".join(str(cell).split()) if cell is not None else ""
        if found is None:
            if name:
                unknown.append(f"'{name}'")
            elif any(index < len(cells) and cell_text(cells[index]) is not None
                     for _n, cells in data_rows):
                unknown.append(f"column {column_letter(index)} (no heading)")
            continue
        if found in headers:
            first = next(i for i, f in columns.items() if f == found)
            problems.append((header_number,
                             f"row {header_number}: columns {column_letter(first)} "
                             f"'{headers[found]}' and {column_letter(index)} '{name}' both "
                             f"give {BY_FIELD[found].header}; keep one"))
            continue
        columns[index] = found
        headers[found] = name
    if "text" not in headers and "action_required" in headers:
        # One column of wording: it is the item's text (older exports named it so).
        index = next(i for i, f in columns.items() if f == "action_required")
        columns[index] = "text"
        headers["text"] = headers.pop("action_required")
    if unknown:
        notes.append("columns ignored (not tracker fields): " + ", ".join(unknown))
    if "text" not in headers and "reference" not in headers:
        # Without text new items cannot be made; without references nothing can be updated.
        raise TrackerFileError(
            f"row {header_number}: no column of the items' text and no Reference column "
            "(headings such as " + ", ".join(["Recommendation", "AFI", "Inspectorate text",
                                              "Action required", "Reference", "Ref"]) + ")")
    if problems:
        return ReadResult([], tuple(headers), headers, problems, notes, table.kind,
                          table.sha256, len(data_rows))

    kind_from_header = KIND_FROM_TEXT_HEADER.get(squash(headers.get("text", "")))
    undecided: dict[str, list[int]] = {}
    rows: list[ParsedRow] = []
    seen: dict[str, int] = {}
    references: set[str] = set()
    for number, cells in data_rows:
        row_problems: list[str] = []
        values: dict[str, Any] = {}
        published_year: int | None = None
        for index, name in columns.items():
            raw = cells[index] if index < len(cells) else None
            header = headers[name]
            text = cell_text(raw)
            if text is None:
                values[name] = None
                continue
            if text.casefold() in UNDECIDED and (name in PARSERS or name == "addressees"):
                values[name] = None
                undecided.setdefault(header, []).append(number)
            elif name in TEXT_FIELDS:
                limit = MAX_LENGTHS.get(name)
                if limit and len(text) > limit:
                    row_problems.append(f"{header} is longer than {limit} characters")
                values[name] = text
            elif name == "addressees":
                values[name] = addressee_ids(text)
            elif name == "source_published":
                try:
                    values[name], year = parse_published(raw if not isinstance(raw, str)
                                                         else text)
                except BadValue as bad:
                    row_problems.append(f"{header} '{shown(raw)}' is not {bad} or a year")
                else:
                    published_year = year
            else:
                try:
                    values[name] = PARSERS[name](raw if not isinstance(raw, str) else text)
                except BadValue as bad:
                    row_problems.append(f"{header} '{shown(raw)}' is not {bad}")
        if "addressees" in values and values["addressees"] is None:
            values["addressees"] = []
        _date_the_source(values, published_year, headers, row_problems)
        update_at = values.get("latest_update_at")
        if update_at is not None and values.get("latest_update") is None:
            row_problems.append(f"{headers['latest_update_at']} is given but "
                                f"{headers.get('latest_update', 'the update')} is blank")
        elif update_at is not None and update_at > utc_now():
            row_problems.append(f"{headers['latest_update_at']} "
                                f"'{update_at.date().isoformat()}' is in the future")
        if "text" in headers and values.get("text") is None:
            row_problems.insert(0, f"missing {headers['text']}")
        if values.get("kind") is None and kind_from_header:
            values["kind"] = kind_from_header
        reference = values.pop("reference", None)
        given = reference is not None
        if given:
            references.add(reference)
        if not given and "text" not in headers:
            row_problems.append(f"missing {headers['reference']} (without a column of the "
                                "items' text, every row must name a tracked item)")
        elif not given and values.get("kind") is None:
            row_problems.append(
                f"missing {headers['kind']} (a row without a Reference needs one)"
                if "kind" in headers else
                "no Reference and no Kind column: give the row a Reference or add a Kind")
        superseded_by = values.get("superseded_by")
        if superseded_by is not None:
            status = values.get("status")
            if status is None:
                values["status"] = "superseded"
            elif status != "superseded":
                row_problems.append(
                    f"{headers['superseded_by']} is '{superseded_by}' but {headers['status']} "
                    f"is '{shown(_cell(cells, columns, 'status'))}' (an item superseded by "
                    "another has status superseded)")
            if superseded_by == reference:
                row_problems.append(
                    f"{headers['superseded_by']} '{superseded_by}' is the item itself")
        if row_problems:
            problems.extend((number, f"row {number}: {p}") for p in row_problems)
            continue
        if reference is None:
            reference = derived_reference(values.get("source_report"), values["kind"],
                                          values.get("number"), values["text"])
        if reference in seen:
            problems.append((number, (
                f"row {number}: {headers['reference']} '{reference}' is already used in row "
                f"{seen[reference]}" if given else
                f"row {number}: same source report, kind, number and text as row "
                f"{seen[reference]} (give one of them a Reference)")))
            continue
        seen[reference] = number
        rows.append(ParsedRow(number, reference, given, values))
    for header, numbers in undecided.items():
        how_many = "1 cell" if len(numbers) == 1 else f"{len(numbers)} cells"
        where = "row" if len(numbers) == 1 else "rows"
        notes.append(f"{header}: {how_many} saying 'TBC' or similar read as blank "
                     f"({where} {_row_list(numbers)})")
    fields = tuple(headers)
    return ReadResult(rows, fields, headers, problems, notes, table.kind, table.sha256,
                      len(data_rows), references)


def _date_the_source(values: dict[str, Any], published_year: int | None,
                     headers: dict[str, str], problems: list[str]) -> None:
    """Fill the source report's year from its publication date or its title when the row
    gives none; a year that contradicts the publication date is a problem."""
    given = values.get("source_year")
    if given is not None and published_year is not None and given != published_year:
        problems.append(f"{headers['source_year']} '{given}' is not the year of "
                        f"{headers['source_published']} ({published_year})")
        return
    year = given or published_year or year_in_title(values.get("source_report"))
    if year is not None:
        values["source_year"] = year


def _cell(cells: Sequence[Any], columns: dict[int, str], name: str) -> Any:
    index = next(i for i, f in columns.items() if f == name)
    return cells[index] if index < len(cells) else None


def _row_list(numbers: Sequence[int], limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")
