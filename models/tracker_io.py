"""Import and export of a force's existing tracker: CSV and Excel (.xlsx) files.

Reading is forgiving about the shape of the file and strict about its values:

- headers are matched case- and punctuation-insensitively against a list of aliases
  ("Recommendation", "CO lead", "Due date", "HMICFRS activity level" ...); the header row is
  found among the first rows, so a title above it does no harm; unknown columns are noted
  and ignored;
- every value is checked, and every problem is reported with its row number as the person
  sees it in the file (the first row of the file is row 1); a file with any problem writes
  nothing.

Importing matches rows to tracked items on their Reference, so re-importing the same file
changes nothing. A row without a Reference gets a stable one derived from its source report,
kind, number and text. Columns missing from the file leave existing values alone.

Exports write every column below, in this order, as CSV (UTF-8 with a byte-order mark, so
Excel reads accents and dashes correctly) or .xlsx (dates as real dates).
"""

from __future__ import annotations

import calendar
import codecs
import csv
import datetime as dt
import hashlib
import io
import os
import re
import tempfile
import tomllib
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from models.ops import audit, snapshot
from models.tables import TrackedItem, utcnow

__all__ = [
    "COLUMNS", "Column", "ImportReport", "ParsedRow", "TrackerFile", "TrackerFileError",
    "derived_reference", "export_tracker", "import_tracker", "read_tracker",
]

# --- the columns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the tracker: the TrackedItem field, its export header and its aliases."""

    field: str
    header: str
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("reference", "Reference",
           ("Ref", "Ref no", "Reference number", "Reference no", "ID", "Item ID",
            "Tracker reference", "Tracker ref", "URN")),
    Column("source_report", "Source report",
           ("Report", "Source", "Origin", "Origin report", "Originating report",
            "Report title", "Report name", "Inspection", "Inspection report",
            "Source inspection")),
    Column("kind", "Kind", ("Type", "Item type", "Recommendation type", "Category")),
    Column("number", "Number",
           ("No", "Num", "Item number", "Item no", "Recommendation number", "Rec no",
            "AFI number", "AFI no")),
    Column("text", "Action required",
           ("Action required (text)", "Action", "Actions required", "Recommendation",
            "Recommendations", "Recommendation/AFI", "Recommendation or AFI", "AFI",
            "Area for improvement", "Text", "Description", "Details", "Recommendation text",
            "Wording")),
    Column("original_deadline", "Original deadline",
           ("Original due date", "Original target date", "Original date")),
    Column("current_deadline", "Current deadline",
           ("Due date", "Deadline", "Target date", "Due", "Due by", "Revised deadline",
            "Revised due date", "Revised target date", "Current due date",
            "Current target date")),
    Column("addressees", "Addressees", ("Addressee", "Addressed to", "Made to", "Directed to")),
    Column("applies_to_forces", "Applies to forces",
           ("Applies to force", "Applies to police forces", "Applies to the force")),
    Column("scope", "Local/National", ("Local or national", "National/Local", "Scope")),
    Column("activity_level", "Activity level",
           ("Level", "HMICFRS activity level", "Follow-up level", "Follow-up activity level",
            "HMICFRS level", "HMICFRS follow-up level")),
    Column("paf_area", "PAF area",
           ("PAF", "PAF question", "PAF question area", "PAF alignment",
            "PEEL Assessment Framework area")),
    Column("chief_officer_lead", "Chief Officer lead",
           ("CO lead", "Chief officer", "Chief Officer responsible", "Executive lead",
            "Chief Officer owner")),
    Column("delivery_lead", "Delivery lead",
           ("Lead", "Owner", "Action owner", "Delivery owner", "Responsible officer")),
    # A RAG rating says how likely delivery is, so it is read as the delivery confidence.
    Column("delivery_confidence", "Delivery confidence",
           ("Confidence", "RAG", "RAG status", "RAG rating", "Delivery RAG")),
    Column("status", "Status", ("Current status", "Progress status", "State")),
    Column("superseded_by", "Superseded by (reference)",
           ("Superseded by", "Superseded by ref", "Replaced by")),
    Column("created_at", "Created", ("Created at", "Date created", "Date added", "Added")),
    Column("updated_at", "Updated",
           ("Updated at", "Last updated", "Date updated", "Last modified", "Modified")),
)

BY_FIELD = {c.field: c for c in COLUMNS}
# Fields compared to decide whether a row changes a tracked item (timestamps are not).
CONTENT_FIELDS = tuple(c.field for c in COLUMNS
                       if c.field not in ("reference", "created_at", "updated_at"))
# A blank cell in these columns keeps the tracked item's value (a new item takes a default);
# in the others a blank cell clears the value.
BLANK_KEEPS = ("kind", "original_deadline", "applies_to_forces", "scope", "status")

MAX_LENGTHS = {"reference": 50, "number": 20, "chief_officer_lead": 200,
               "delivery_lead": 200}
HEADER_SEARCH_ROWS = 20
DERIVED_PREFIX = "IMP-"


def _key(text: str) -> str:
    """A header or value reduced to lower-case letters and digits ("CO lead" → "colead")."""
    return re.sub(r"[^0-9a-z]", "", text.casefold().replace("&", "and"))


HEADER_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.field, *_column.aliases):
        HEADER_LOOKUP.setdefault(_key(_name), _column.field)

# --- value vocabularies --------------------------------------------------------------------

KIND_LABELS = {"recommendation": "Recommendation", "area_for_improvement": "Area for improvement",
               "cause_of_concern": "Cause of concern", "super_complaint": "Super-complaint"}
KIND_VALUES = {
    "recommendation": ("recommendation", "recommendations", "rec", "recs"),
    "area_for_improvement": ("area_for_improvement", "areas for improvement", "afi", "afis",
                             "area for improvement (AFI)"),
    "cause_of_concern": ("cause_of_concern", "causes of concern", "coc"),
    "super_complaint": ("super_complaint", "super complaints", "super-complaint recommendation"),
}
STATUS_LABELS = {"open": "Open", "in_progress": "In progress", "completed": "Completed",
                 "closed": "Closed", "superseded": "Superseded"}
STATUS_VALUES = {
    "open": ("open", "new", "not started", "not yet started", "incomplete"),
    "in_progress": ("in_progress", "ongoing", "started", "underway", "in hand"),
    "completed": ("completed", "complete", "done", "achieved", "delivered"),
    "closed": ("closed",),
    "superseded": ("superseded",),
}
SCOPE_LABELS = {"local": "Local", "national": "National"}
SCOPE_VALUES = {"local": ("local", "l", "force", "force specific"),
                "national": ("national", "n", "all forces")}
CONFIDENCE_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}
CONFIDENCE_VALUES = {"high": ("high", "h", "green", "g"),
                     "medium": ("medium", "med", "m", "amber", "a"),
                     "low": ("low", "l", "red", "r")}
YES_NO = {True: ("yes", "y", "true", "t", "1"), False: ("no", "n", "false", "f", "0")}
# The text column's header alone can say the kind ("AFI" column of an AFI-only tracker).
KIND_FROM_TEXT_HEADER = {"recommendation": "recommendation", "recommendations": "recommendation",
                         "afi": "area_for_improvement",
                         "areaforimprovement": "area_for_improvement"}


def _value_lookup(values: dict[Any, tuple[str, ...]], labels: dict[Any, str] | None = None
                  ) -> dict[str, Any]:
    lookup: dict[str, Any] = {}
    for canonical, words in values.items():
        for word in (*words, (labels or {}).get(canonical, "")):
            if word:
                lookup[_key(word)] = canonical
    return lookup


KIND_LOOKUP = _value_lookup(KIND_VALUES, KIND_LABELS)
STATUS_LOOKUP = _value_lookup(STATUS_VALUES, STATUS_LABELS)
SCOPE_LOOKUP = _value_lookup(SCOPE_VALUES, SCOPE_LABELS)
CONFIDENCE_LOOKUP = _value_lookup(CONFIDENCE_VALUES, CONFIDENCE_LABELS)
YES_NO_LOOKUP = _value_lookup(YES_NO)

# Cells that mean "nothing here" in any column.
BLANKS = {"", "-", "–", "—", "n/a", "na", "none", "null", "nil", "#n/a"}
# Cells that mean "not decided yet": blank in a typed column (with a note), kept as text
# in a free-text column.
UNDECIDED = {"tbc", "tba", "tbd", "unknown", "not known", "not set", "to be confirmed"}

# --- addressees ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Vocabulary:
    lookup: dict[str, str]  # normalised id, name, alias or acronym → id
    names: dict[str, str]  # id → name
    comma_names: frozenset[str]  # names and aliases with a comma in them, case-folded


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@lru_cache(maxsize=1)
def _addressee_vocabulary() -> _Vocabulary:
    """The extractor's addressee vocabulary, read for matching names in cells.

    Reads the packaged ``addressees.toml`` and the file named by ``HMIC_ADDRESSEES_FILE``
    (if set) directly, without loading the language pipeline.
    """
    import extractor

    files = [Path(extractor.__file__).resolve().parent / "data" / "addressees.toml"]
    extra = os.environ.get("HMIC_ADDRESSEES_FILE", "").strip()
    if extra:
        files.append(Path(extra))
    lookup: dict[str, str] = {}
    names: dict[str, str] = {}
    comma_names: set[str] = set()

    def add(word: Any, body_id: str) -> None:
        if isinstance(word, str) and _key(word):
            lookup.setdefault(_key(word), body_id)
            if "," in word:
                comma_names.add(_fold(word))

    for path in files:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise TrackerFileError(f"addressee vocabulary {path}: cannot read it ({exc})"
                                   ) from exc
        for body in data.get("body", []):
            body_id = body.get("id")
            if not isinstance(body_id, str):
                continue
            if isinstance(body.get("name"), str):
                names[body_id] = body["name"]
            else:
                names.setdefault(body_id, body_id)
            for word in (body_id, names[body_id], *body.get("aliases", []),
                         *body.get("acronyms", [])):
                add(word, body_id)
        # "The force" in a force's own tracker is that force.
        this_body = data.get("this_body", {})
        if isinstance(this_body.get("id"), str):
            for word in this_body.get("aliases", []):
                add(word, this_body["id"])
    return _Vocabulary(lookup, names, frozenset(comma_names))


def _addressee_ids(value: str) -> list[str]:
    """Addressees from a cell: separated by semicolons or line breaks, else by commas.

    Known bodies (by id, name, alias or acronym) become their ids; others stay verbatim.
    """
    vocabulary = _addressee_vocabulary()
    if re.search(r"[;\n]", value):
        parts = re.split(r"[;\n]", value)
    elif _fold(value) in vocabulary.comma_names:
        parts = [value]  # one name with commas in it ("police, fire and crime commissioners")
    else:
        parts = value.split(",")
    found = [vocabulary.lookup.get(_key(part), part.strip()) for part in parts if part.strip()]
    return list(dict.fromkeys(found))


def _addressee_cell(addressees: Sequence[str]) -> str:
    """Known bodies by name, others verbatim, joined by "; " (read back to the same list)."""
    names = _addressee_vocabulary().names
    parts = [names.get(a, a) for a in addressees]
    cell = "; ".join(parts)
    # A lone name containing a comma would be split at the comma when read back.
    return cell + ";" if len(parts) == 1 and "," in cell else cell


# --- reading files -------------------------------------------------------------------------


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
    if data.startswith(b"%PDF-"):
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
            rows.append((number, [_unescape_csv(cell) for cell in record]))
    except csv.Error as exc:
        raise TrackerFileError(f"not a readable CSV file: row {number + 1}: {exc}") from None
    return TrackerFile(rows, "csv", notes)


# Excel runs a cell that starts with one of these as a formula, so CSV exports put a "'"
# before such text and before text that itself starts with "'"; reading removes it again.
FORMULA_START = ("=", "+", "-", "@", "'")


def _escape_csv(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _unescape_csv(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


# --- headers -------------------------------------------------------------------------------


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header_fields(cells: Sequence[Any]) -> list[str | None]:
    return [HEADER_LOOKUP.get(_key(c)) if isinstance(c, str) and _key(c) else None
            for c in cells]


def _find_header(rows: Sequence[tuple[int, list[Any]]]) -> int | None:
    """Index (in ``rows``) of the header: the early row naming the most known columns."""
    best, best_count = None, 0
    for index, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = {f for f in _header_fields(cells) if f}
        # A lone known word ("Recommendations" as a title) is not enough unless it is text.
        count = len(known) if len(known) >= 2 or known == {"text"} else 0
        if count > best_count:
            best, best_count = index, count
    return best


# --- parsing values ------------------------------------------------------------------------


class _Bad(Exception):
    """A cell's value is wrong: the message completes "<Header> '<value>' is not ..."."""


def _shown(value: Any) -> str:
    """A cell value as the person would recognise it in a message."""
    if isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ")
        text = text.removesuffix(" 00:00:00")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: Any) -> str | None:
    """A cell as text: stripped, line breaks as \\n, control characters removed; None if blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "Yes" if value else "No"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = (value.date().isoformat() if value.time() == dt.time()
                else value.isoformat(sep=" "))
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return None if text.casefold() in BLANKS else text


MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr)
               if name})
MONTHS["sept"] = 9

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-]+(?:of\s+)?([a-z]+)\.?,?[\s\-]+"
                             r"(\d{4}|\d{2})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_MONTH_YEAR = re.compile(r"([a-z]+)\.?[\s\-]+(\d{4})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?")
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+")
EXCEL_SERIAL_RANGE = (25569, 73051)  # 1970-01-01 .. 2099-12-31 as Excel day numbers


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _date_from_text(text: str) -> dt.date:
    """A date written as ISO, day-first numbers, or words; "March 2026" is its last day."""
    text = _WEEKDAY.sub("", " ".join(text.casefold().split()))
    try:
        if m := _ISO_DATE.fullmatch(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC_DATE.fullmatch(text):
            day, month, year = int(m[1]), int(m[2]), _year(m[3])
            if month > 12 and day <= 12:
                raise _Bad("a date (dates are read day first, as dd/mm/yyyy)")
            return dt.date(year, month, day)
        if (m := _DAY_MONTH_YEAR.fullmatch(text)) and m[2] in MONTHS:
            return dt.date(_year(m[3]), MONTHS[m[2]], int(m[1]))
        if (m := _MONTH_DAY_YEAR.fullmatch(text)) and m[1] in MONTHS:
            return dt.date(int(m[3]), MONTHS[m[1]], int(m[2]))
        if (m := _MONTH_YEAR.fullmatch(text)) and m[1] in MONTHS:
            year, month = int(m[2]), MONTHS[m[1]]
            return dt.date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        pass
    raise _Bad("a date")


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if EXCEL_SERIAL_RANGE[0] <= value <= EXCEL_SERIAL_RANGE[1]:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        raise _Bad("a date")
    text = str(value).strip()
    # A date with a time, as Excel writes dates in CSV ("31/03/2026 00:00"): the day counts.
    parts = text.rsplit(" ", 1)
    if len(parts) == 2 and _TIME.fullmatch(parts[1]):
        text = parts[0]
    if "T" in text and _ISO_DATE.match(text):
        text = text.split("T", 1)[0]
    return _date_from_text(text)


def _parse_timestamp(value: Any) -> dt.datetime:
    """A date and time; times without a zone are UTC (exports write UTC)."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not EXCEL_SERIAL_RANGE[0] <= value <= EXCEL_SERIAL_RANGE[1]:
            raise _Bad("a date and time")
        moment = dt.datetime(1899, 12, 30) + dt.timedelta(days=value)
    else:
        text = " ".join(str(value).split())
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            date_part, _, time_part = text.partition(" ")
            time_match = _TIME.fullmatch(time_part) if time_part else None
            if time_part and time_match is None:
                date_part, time_part = text, ""  # "31 March 2026": all of it is the date
            try:
                day = _date_from_text(date_part)
            except _Bad:
                raise _Bad("a date and time") from None
            if time_match:
                try:
                    clock = dt.time(int(time_match[1]), int(time_match[2]),
                                    int(time_match[3] or 0),
                                    int((time_match[4] or "0").ljust(6, "0")))
                except ValueError:
                    raise _Bad("a date and time") from None
            else:
                clock = dt.time()
            moment = dt.datetime.combine(day, clock)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _one_of(lookup: dict[str, Any], what: str) -> Any:
    def parse(value: Any) -> Any:
        text = _text(value) or ""
        found = lookup.get(_key(text))
        if found is None:
            raise _Bad(what)
        return found
    return parse


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    found = YES_NO_LOOKUP.get(_key(str(value)))
    if found is None:
        raise _Bad("yes or no")
    return found


def _parse_level(value: Any) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value in (1, 2, 3, 4):
            return int(value)
        raise _Bad("an activity level from 1 to 4")
    m = re.fullmatch(r"(?:level|lvl|l)?\s*([1-4])(?:\.0)?", " ".join(str(value).casefold().split()))
    if m is None:
        raise _Bad("an activity level from 1 to 4")
    return int(m[1])


def _parse_paf(value: Any) -> str:
    text = _text(value) or ""
    # "6a", "PAF 6A", "6 (a)", "6a - Protecting vulnerable people"; not "6.1" or "61".
    m = re.match(r"(?:paf\s*(?:area)?\s*)?([1-9])\s*\(?([a-h])?\)?(?=$|\s|[-–:])",
                 text.casefold())
    if m is None:
        raise _Bad("a PAF area such as 6a")
    return m[1] + (m[2] or "")


def _parse_kind(value: Any) -> str:
    found = KIND_LOOKUP.get(_key(_text(value) or ""))
    if found is None:
        raise _Bad("one of Recommendation, Area for improvement (AFI), Cause of concern, "
                   "Super-complaint")
    return found


PARSERS = {
    "kind": _parse_kind,
    "original_deadline": _parse_date,
    "current_deadline": _parse_date,
    "applies_to_forces": _parse_bool,
    "scope": _one_of(SCOPE_LOOKUP, "local or national"),
    "activity_level": _parse_level,
    "paf_area": _parse_paf,
    "delivery_confidence": _one_of(CONFIDENCE_LOOKUP,
                                   "one of high, medium, low (or green, amber, red)"),
    "status": _one_of(STATUS_LOOKUP, "one of open, in progress, completed, closed, superseded"),
    "created_at": _parse_timestamp,
    "updated_at": _parse_timestamp,
}
TEXT_FIELDS = ("reference", "source_report", "number", "text", "chief_officer_lead",
               "delivery_lead", "superseded_by")


# --- rows ----------------------------------------------------------------------------------


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
            "headings such as Reference, Action required, Current deadline, Status")
    header_number, header_cells = table.rows[header_index]
    data_rows = [(n, cells) for n, cells in table.rows[header_index + 1:]
                 if any(_text(c) is not None or (isinstance(c, str) and c.strip())
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
            elif any(index < len(cells) and _text(cells[index]) is not None
                     for _n, cells in data_rows):
                unknown.append(f"column {_column_letter(index)} (no heading)")
            continue
        if found in headers:
            first = next(i for i, f in columns.items() if f == found)
            problems.append((header_number,
                             f"row {header_number}: columns {_column_letter(first)} "
                             f"'{headers[found]}' and {_column_letter(index)} '{name}' both "
                             f"give {BY_FIELD[found].header}; keep one"))
            continue
        columns[index] = found
        headers[found] = name
    if unknown:
        notes.append("columns ignored (not tracker fields): " + ", ".join(unknown))
    if "text" not in headers and "reference" not in headers:
        # Without text new items cannot be made; without references nothing can be updated.
        raise TrackerFileError(
            f"row {header_number}: no Action required column and no Reference column "
            "(headings such as " + ", ".join(["Action required", *BY_FIELD["text"].aliases[1:4],
                                              "Reference", "Ref"]) + ")")
    if problems:
        return ReadResult([], tuple(headers), headers, problems, notes, table.kind,
                          table.sha256, len(data_rows))

    kind_from_header = KIND_FROM_TEXT_HEADER.get(_key(headers.get("text", "")))
    undecided: dict[str, list[int]] = {}
    rows: list[ParsedRow] = []
    seen: dict[str, int] = {}
    references: set[str] = set()
    for number, cells in data_rows:
        row_problems: list[str] = []
        values: dict[str, Any] = {}
        for index, name in columns.items():
            raw = cells[index] if index < len(cells) else None
            header = headers[name]
            text = _text(raw)
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
                values[name] = _addressee_ids(text)
            else:
                try:
                    values[name] = PARSERS[name](raw if not isinstance(raw, str) else text)
                except _Bad as bad:
                    row_problems.append(f"{header} '{_shown(raw)}' is not {bad}")
        if "addressees" in values and values["addressees"] is None:
            values["addressees"] = []
        if "text" in headers and values.get("text") is None:
            row_problems.insert(0, f"missing {headers['text']}")
        if values.get("kind") is None and kind_from_header:
            values["kind"] = kind_from_header
        reference = values.pop("reference", None)
        given = reference is not None
        if given:
            references.add(reference)
        if not given and "text" not in headers:
            row_problems.append(f"missing {headers['reference']} (without an Action required "
                                "column, every row must name a tracked item)")
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
                    f"is '{_shown(_cell(cells, columns, 'status'))}' (an item superseded by "
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


def _cell(cells: Sequence[Any], columns: dict[int, str], name: str) -> Any:
    index = next(i for i, f in columns.items() if f == name)
    return cells[index] if index < len(cells) else None


def _row_list(numbers: Sequence[int], limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown + (f" and {len(numbers) - limit} more" if len(numbers) > limit else "")


# --- importing -----------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did, or would do (dry run), or why it wrote nothing."""

    source: str
    dry_run: bool = False
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
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
        if self.error is not None:
            return f"{self.source}: {self.error}; nothing written"
        if self.problems:
            count = len(self.problems)
            return (f"{self.source}: {count} problem{'s' if count != 1 else ''} in "
                    f"{self.rows} rows; nothing written")
        counts = f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"
        if self.dry_run:
            return f"{self.source}: {self.rows} rows would give {counts} (dry run, nothing written)"
        return f"{self.source}: {self.rows} rows: {counts}"


def _source_title(item: TrackedItem) -> str | None:
    if item.source_report:
        return item.source_report
    if item.report is not None:
        return item.report.title or item.report.file_name
    return None


def item_values(item: TrackedItem) -> dict[str, Any]:
    """A tracked item's content as the tracker columns show it (superseded_by as a Reference)."""
    values = {name: getattr(item, name) for name in CONTENT_FIELDS
              if name not in ("source_report", "superseded_by", "addressees")}
    values["source_report"] = _source_title(item)
    values["addressees"] = list(item.addressees or [])
    values["superseded_by"] = item.superseded_by.reference if item.superseded_by else None
    return values


def _load(session: Session, references: Iterable[str]) -> dict[str, TrackedItem]:
    refs = sorted(set(references))
    found: dict[str, TrackedItem] = {}
    for start in range(0, len(refs), 500):
        statement = (select(TrackedItem)
                     .where(TrackedItem.reference.in_(refs[start:start + 500]))
                     .options(selectinload(TrackedItem.superseded_by),
                              selectinload(TrackedItem.report)))
        found.update((item.reference, item) for item in session.scalars(statement))
    return found


def _new_values(row: ParsedRow, now: dt.datetime) -> dict[str, Any]:
    """The fields of a new tracked item for ``row``: the file's values, defaults elsewhere."""
    given = row.values
    addressees = given.get("addressees") or []
    values: dict[str, Any] = {
        "source_report": given.get("source_report"),
        "kind": given["kind"],
        "number": given.get("number"),
        "text": given["text"],
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


@dataclass
class _Plan:
    creates: list[ParsedRow] = field(default_factory=list)
    updates: list[tuple[TrackedItem, dict[str, Any]]] = field(default_factory=list)
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
        else:
            plan.unchanged += 1
    return plan, known


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
    report.new, report.updated, report.unchanged = (
        len(plan.creates), len(plan.updates), plan.unchanged)
    if dry_run:
        return report

    now = utcnow()
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
    for item in created.values():
        audit(session, actor, "import_item", item, after=snapshot(item))
    for (item, _changes_made), before in zip(plan.updates, befores, strict=True):
        audit(session, actor, "import_update", item, before=before, after=snapshot(item))
    audit(session, actor, "import_tracker", entity_type="tracker", after={
        "file": path.name, "sha256": read.sha256, "format": read.kind, "rows": report.rows,
        "new": report.new, "updated": report.updated, "unchanged": report.unchanged,
        "notes": report.notes})
    session.flush()
    return report


# --- exporting -----------------------------------------------------------------------------

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
        KIND_LABELS.get(item.kind, item.kind),
        item.number,
        item.text,
        item.original_deadline,
        item.current_deadline,
        _addressee_cell(values["addressees"]) or None,
        "Yes" if item.applies_to_forces else "No",
        SCOPE_LABELS.get(item.scope, item.scope),
        item.activity_level,
        item.paf_area,
        item.chief_officer_lead,
        item.delivery_lead,
        CONFIDENCE_LABELS.get(item.delivery_confidence or "", item.delivery_confidence),
        STATUS_LABELS.get(item.status, item.status),
        values["superseded_by"],
        _utc_naive(item.created_at),
        _utc_naive(item.updated_at),
    ]


def _items(session: Session) -> Iterator[TrackedItem]:
    statement = (select(TrackedItem).order_by(TrackedItem.id)
                 .options(selectinload(TrackedItem.superseded_by),
                          selectinload(TrackedItem.report))
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
        return _escape_csv(value)
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
    widths = {"Reference": 16, "Source report": 40, "Action required": 80,
              "Addressees": 30, "Chief Officer lead": 24, "Delivery lead": 24,
              "Superseded by (reference)": 16, "Created": 20, "Updated": 20}
    for index, column in enumerate(COLUMNS):
        sheet.column_dimensions[_column_letter(index)].width = widths.get(column.header, 14)
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
    text_index = [c.field for c in COLUMNS].index("text")
    for item in items:
        row = [cell(v) for v in export_values(item)]
        row[text_index].alignment = wrap
        sheet.append(row)
        count += 1
    sheet.auto_filter.ref = f"A1:{_column_letter(len(COLUMNS) - 1)}{count + 1}"
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
