"""The columns of a force's tracker and how a cell's value is read and written: pure, no
database.

Headers are matched case- and punctuation-insensitively against each column's aliases
("Recommendation", "CO lead", "Due date", "HMICFRS activity level" ...). Kinds, statuses,
scopes and confidences take their words and labels from ``hmic_actions.vocab``, addressees
from ``hmic_actions.bodies``, dates from ``hmic_actions.dates``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hmic_actions.bodies import extra_vocabulary_files, vocabulary_with
from hmic_actions.dates import iso_date_prefix, read_written_date, year_in_title
from hmic_actions.vocab import (
    ACTIVITY_LEVELS,
    CONFIDENCE_LABELS,
    ITEM_STATUSES,
    KIND_LABELS,
    SCOPE_LABELS,
    STATUS_FROM_EXTRACTION,
    STATUS_LABELS,
    STATUS_WORDS,
    TRACKER_STATUS_WORDS,
)

if TYPE_CHECKING:
    from models.tables import TrackedItem

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
            "Source inspection", "Where it came from", "Originated from")),
    Column("source_published", "Published",
           ("Publication date", "Date published", "Report date", "Report published",
            "Source published", "Published date", "Date of publication", "Date of report",
            "Report publication date")),
    Column("source_year", "Year",
           ("Report year", "Publication year", "Year published", "Year of report",
            "Inspection year")),
    Column("kind", "Kind", ("Type", "Item type", "Recommendation type", "Category")),
    Column("number", "Number",
           ("No", "Num", "Item number", "Item no", "Recommendation number", "Rec no",
            "AFI number", "AFI no")),
    # The inspectorate's words, as published.
    Column("text", "Inspectorate text",
           ("Text (as published)", "HMICFRS text", "HMIC text", "HMICFRS wording",
            "Inspectorate wording", "Recommendation", "Recommendations", "Recommendation/AFI",
            "Recommendation or AFI", "Recommendation/AFI text", "AFI", "Area for improvement",
            "Areas for improvement", "HMICFRS recommendation", "Cause of concern", "Item",
            "Item text", "Text", "Description", "Details", "Recommendation text", "Wording",
            "Action required (text)")),
    # The force's own statement of what it must do.
    Column("action_required", "Action required",
           ("Actions required", "Action", "Actions", "Force action", "Force actions",
            "Required action", "What action is required", "Action to be taken",
            "Actions to be taken", "Planned action", "Planned actions", "Action plan")),
    Column("original_deadline", "Original deadline",
           ("Original due date", "Original target date", "Original date")),
    Column("current_deadline", "Current deadline",
           ("Due date", "Deadline", "Target date", "Due", "Due by", "Revised deadline",
            "Revised due date", "Revised target date", "Current due date",
            "Current target date", "Completion date", "Target completion date")),
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
            "Chief Officer owner", "Chief officer lead (CO)", "Strategic lead")),
    Column("delivery_lead", "Delivery lead",
           ("Lead", "Owner", "Action owner", "Delivery owner", "Responsible officer",
            "Lead officer", "Tactical lead")),
    # A RAG rating says how likely delivery is, so it is read as the delivery confidence.
    Column("delivery_confidence", "Delivery confidence",
           ("Confidence", "RAG", "RAG status", "RAG rating", "Delivery RAG",
            "Delivery confidence level", "Confidence level")),
    Column("status", "Status", ("Current status", "Progress status", "State")),
    Column("evidence", "Evidence",
           ("Closure evidence", "Closing evidence", "Evidence of completion",
            "Evidence for closure", "Evidence of closure", "Completion evidence",
            "Evidence to close")),
    # The newest progress update: added to the item's updates when it is new to the item.
    Column("latest_update", "Latest update",
           ("Update", "Updates", "Latest progress", "Latest position", "Progress",
            "Progress update", "Progress updates", "Force update", "Current position",
            "Status update", "Comments", "Comment", "Commentary", "Update/comments",
            "Progress/comments", "Progress notes")),
    Column("latest_update_at", "Latest update date",
           ("Update date", "Date of update", "Last update date", "Date of last update",
            "Progress date", "Update on")),
    Column("latest_update_by", "Latest update by",
           ("Update by", "Updated by", "Update author", "Update provided by",
            "Update from")),
    Column("superseded_by", "Superseded by (reference)",
           ("Superseded by", "Superseded by ref", "Replaced by")),
    Column("created_at", "Created", ("Created at", "Date created", "Date added", "Added")),
    Column("updated_at", "Updated",
           ("Updated at", "Last updated", "Date updated", "Last modified", "Modified")),
)


BY_FIELD = {c.field: c for c in COLUMNS}
# The columns of the newest progress update: updates are added, never compared or changed.
UPDATE_FIELDS = ("latest_update", "latest_update_at", "latest_update_by")
# Fields compared to decide whether a row changes a tracked item (timestamps are not).
CONTENT_FIELDS = tuple(c.field for c in COLUMNS
                       if c.field not in ("reference", "created_at", "updated_at",
                                          *UPDATE_FIELDS))
# A blank cell in these columns keeps the tracked item's value (a new item takes a default);
# in the others a blank cell clears the value.
BLANK_KEEPS = ("kind", "original_deadline", "applies_to_forces", "scope", "status",
               "source_published", "source_year", "evidence")
MAX_LENGTHS = {"reference": 50, "number": 20, "chief_officer_lead": 200,
               "delivery_lead": 200, "latest_update_by": 100, "latest_update": 10_000}
HEADER_SEARCH_ROWS = 20
DERIVED_PREFIX = "IMP-"


def squash(text: str) -> str:
    """A header or value reduced to lower-case letters and digits ("CO lead" → "colead")."""
    return re.sub(r"[^0-9a-z]", "", text.casefold().replace("&", "and"))


HEADER_LOOKUP: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.field, *_column.aliases):
        HEADER_LOOKUP.setdefault(squash(_name), _column.field)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- value vocabularies --------------------------------------------------------------------

KIND_VALUES = {
    "recommendation": ("recommendation", "recommendations", "rec", "recs"),
    "area_for_improvement": ("area_for_improvement", "areas for improvement", "afi", "afis",
                             "area for improvement (AFI)"),
    "cause_of_concern": ("cause_of_concern", "causes of concern", "coc"),
    "super_complaint": ("super_complaint", "super complaints", "super-complaint recommendation"),
}
SCOPE_VALUES = {"local": ("local", "l", "force", "force specific"),
                "national": ("national", "n", "all forces")}
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
                lookup[squash(word)] = canonical
    return lookup


def _status_words() -> dict[str, str]:
    """Every word for a tracked item's status: the statuses and their labels, the words
    reports use (``STATUS_WORDS``, mapped as for a quoted item) and trackers' own."""
    words = {status: status for status in ITEM_STATUSES}
    words.update({STATUS_LABELS[status]: status for status in ITEM_STATUSES})
    words.update({word: STATUS_FROM_EXTRACTION[status] for word, status in STATUS_WORDS.items()})
    words.update(TRACKER_STATUS_WORDS)
    return words


KIND_LOOKUP = _value_lookup(KIND_VALUES, KIND_LABELS)
STATUS_LOOKUP = {squash(word): status for word, status in _status_words().items()}
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
class _Names:
    lookup: dict[str, str]  # squashed id, name, alias or acronym → id
    names: dict[str, str]  # id → name
    comma_names: frozenset[str]  # names and aliases with a comma in them, case-folded


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@lru_cache(maxsize=4)
def _names_with(files: tuple[Path, ...]) -> _Names:
    vocabulary = vocabulary_with(files)
    lookup: dict[str, str] = {}
    comma_names: set[str] = set()
    for spelling, body_id in vocabulary.spellings():
        if squash(spelling):
            lookup.setdefault(squash(spelling), body_id)
            if "," in spelling:
                comma_names.add(_fold(spelling))
    names = {body.id: body.name for body in vocabulary.bodies}
    return _Names(lookup, names, frozenset(comma_names))


def _addressee_names() -> _Names:
    """The addressee vocabulary (``hmic_actions.bodies``) as the tracker reads names in cells."""
    return _names_with(extra_vocabulary_files())


def addressee_ids(value: str) -> list[str]:
    """Addressees from a cell: separated by semicolons or line breaks, else by commas.

    Known bodies (by id, name, alias or acronym) become their ids; others stay verbatim.
    """
    vocabulary = _addressee_names()
    if re.search(r"[;\n]", value):
        parts = re.split(r"[;\n]", value)
    elif _fold(value) in vocabulary.comma_names:
        parts = [value]  # one name with commas in it ("police, fire and crime commissioners")
    else:
        parts = value.split(",")
    found = [vocabulary.lookup.get(squash(part), part.strip()) for part in parts if part.strip()]
    return list(dict.fromkeys(found))


def addressee_id(name: str) -> str:
    """The id of the body ``name`` names (by id, name, alias or acronym), else ``name``."""
    return _addressee_names().lookup.get(squash(name), name)


def addressee_cell(addressees: Sequence[str]) -> str:
    """Known bodies by name, others verbatim, joined by "; " (read back to the same list)."""
    names = _addressee_names().names
    parts = [names.get(a, a) for a in addressees]
    cell = "; ".join(parts)
    # A lone name containing a comma would be split at the comma when read back.
    return cell + ";" if len(parts) == 1 and "," in cell else cell


# --- parsing values ------------------------------------------------------------------------


class BadValue(Exception):
    """A cell's value is wrong: the message completes "<Header> '<value>' is not ..."."""


def shown(value: Any) -> str:
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


def cell_text(value: Any) -> str | None:
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


_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?")
EXCEL_SERIAL_RANGE = (25569, 73051)  # 1970-01-01 .. 2099-12-31 as Excel day numbers
YEAR_RANGE = (1990, 2099)


def _date_from_text(text: str) -> dt.date:
    try:
        return read_written_date(text)
    except ValueError as exc:
        raise BadValue(str(exc)) from None


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if EXCEL_SERIAL_RANGE[0] <= value <= EXCEL_SERIAL_RANGE[1]:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        raise BadValue("a date")
    text = str(value).strip()
    # A date with a time, as Excel writes dates in CSV ("31/03/2026 00:00"): the day counts.
    parts = text.rsplit(" ", 1)
    if len(parts) == 2 and _TIME.fullmatch(parts[1]):
        text = parts[0]
    if "T" in text and iso_date_prefix(text):
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
            raise BadValue("a date and time")
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
            except BadValue:
                raise BadValue("a date and time") from None
            if time_match:
                try:
                    clock = dt.time(int(time_match[1]), int(time_match[2]),
                                    int(time_match[3] or 0),
                                    int((time_match[4] or "0").ljust(6, "0")))
                except ValueError:
                    raise BadValue("a date and time") from None
            else:
                clock = dt.time()
            moment = dt.datetime.combine(day, clock)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _one_of(lookup: dict[str, Any], what: str) -> Any:
    def parse(value: Any) -> Any:
        text = cell_text(value) or ""
        found = lookup.get(squash(text))
        if found is None:
            raise BadValue(what)
        return found
    return parse


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    found = YES_NO_LOOKUP.get(squash(str(value)))
    if found is None:
        raise BadValue("yes or no")
    return found


def _parse_level(value: Any) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value in ACTIVITY_LEVELS:
            return int(value)
        raise BadValue("an activity level from 1 to 4")
    m = re.fullmatch(r"(?:level|lvl|l)?\s*([1-4])(?:\.0)?", " ".join(str(value).casefold().split()))
    if m is None:
        raise BadValue("an activity level from 1 to 4")
    return int(m[1])


def _parse_paf(value: Any) -> str:
    text = cell_text(value) or ""
    # "6a", "PAF 6A", "6 (a)", "6a - Protecting vulnerable people"; not "6.1" or "61".
    m = re.match(r"(?:paf\s*(?:area)?\s*)?([1-9])\s*\(?([a-h])?\)?(?=$|\s|[-–:])",
                 text.casefold())
    if m is None:
        raise BadValue("a PAF area such as 6a")
    return m[1] + (m[2] or "")


def _parse_kind(value: Any) -> str:
    found = KIND_LOOKUP.get(squash(cell_text(value) or ""))
    if found is None:
        raise BadValue("one of Recommendation, Area for improvement (AFI), Cause of concern, "
                   "Super-complaint")
    return found


_YEAR_CELL = re.compile(r"(?:fy\s*)?(?:19|20)\d\d(?:\s*[/\-–]\s*(?:(?:19|20)?\d\d))?")


def _parse_year(value: Any) -> int:
    """A year ("2023"), or a span of years ("2018/19", "FY 2021-22": the year it ends)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            return int(value)
        raise BadValue("a year such as 2023")
    text = " ".join((cell_text(value) or "").casefold().split())
    year = year_in_title(text) if _YEAR_CELL.fullmatch(text) else None
    if year is None or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise BadValue("a year such as 2023")
    return year


def parse_published(value: Any) -> tuple[dt.date | None, int]:
    """A publication date, or only its year ("2023", "2018/19"): (date or None, year)."""
    try:
        year = _parse_year(value)
    except BadValue:
        day = _parse_date(value)
        return day, day.year
    return None, year


PARSERS = {
    "kind": _parse_kind,
    "source_year": _parse_year,
    "latest_update_at": _parse_timestamp,
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
TEXT_FIELDS = ("reference", "source_report", "number", "text", "action_required",
               "chief_officer_lead", "delivery_lead", "evidence", "latest_update",
               "latest_update_by", "superseded_by")


# Excel runs a cell that starts with one of these as a formula, so CSV exports put a "'"
# before such text and before text that itself starts with "'"; reading removes it again.
FORMULA_START = ("=", "+", "-", "@", "'")


def escape_csv(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def unescape_csv(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def _source_title(item: TrackedItem) -> str | None:
    if item.source_report:
        return item.source_report
    if item.report is not None:
        return item.report.title or item.report.file_name
    return None


def item_values(item: TrackedItem) -> dict[str, Any]:
    """A tracked item's content as the tracker columns show it (superseded_by as a Reference,
    the newest progress update in the latest_update columns)."""
    values = {name: getattr(item, name) for name in CONTENT_FIELDS
              if name not in ("source_report", "superseded_by", "addressees")}
    latest = item.latest_update
    values["latest_update"] = latest.text if latest else None
    values["latest_update_at"] = latest.at if latest else None
    values["latest_update_by"] = latest.author if latest else None
    values["source_report"] = _source_title(item)
    values["addressees"] = list(item.addressees or [])
    values["superseded_by"] = item.superseded_by.reference if item.superseded_by else None
    return values
