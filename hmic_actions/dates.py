"""Dates as people write them: the month names, and the forms reports and trackers use.

Reports: British and (rarely) American long forms and numeric day/month/year forms,
"31 March 2026", "31st March 2026", "March 31, 2026", "31/03/2026" (:func:`parse_date`). A
month and year without a day ("March 2026") is a separate form because its meaning depends
on context: a deadline "by March 2026" means the last day of that month
(:func:`parse_month_year`). Trackers: what people type in a spreadsheet cell, which is
looser (:func:`read_written_date`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

#: Month names, lower case, January first.
MONTH_NAMES = tuple(name.lower() for name in calendar.month_name if name)
#: Month names and their abbreviations ("march", "mar", "sept"), lower case, to 1-12.
MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _number
        MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9

# Longest names first so "June" is not read as "Jun" followed by "e".
MONTH_RE = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
YEAR_RE = r"(?:19|20)\d\d"
DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

# Named groups used by parse_date: d (day), m (month name), y (year), and for the
# numeric form nd, nm, ny.
DAY_MONTH_YEAR = rf"(?P<d>{DAY_RE})\s+(?:of\s+)?(?P<m>{MONTH_RE}),?\s+(?P<y>{YEAR_RE})"
MONTH_DAY_YEAR = rf"(?P<m2>{MONTH_RE})\s+(?P<d2>{DAY_RE}),?\s+(?P<y2>{YEAR_RE})"
NUMERIC_DATE = r"(?P<nd>0?[1-9]|[12]\d|3[01])[/.](?P<nm>0?[1-9]|1[0-2])[/.](?P<ny>(?:19|20)\d\d)"
FULL_DATE = rf"(?:{DAY_MONTH_YEAR}|{MONTH_DAY_YEAR}|{NUMERIC_DATE})"
MONTH_YEAR = rf"(?P<om>{MONTH_RE})\s+(?P<oy>{YEAR_RE})"

_FULL_DATE_RX = re.compile(rf"\b{FULL_DATE}\b", re.IGNORECASE)
_MONTH_YEAR_RX = re.compile(rf"\b{MONTH_YEAR}\b", re.IGNORECASE)


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """A date or time as ISO text, None staying None (for JSON)."""
    return value.isoformat() if value is not None else None


def parse_iso_date(value: str | None) -> dt.date | None:
    """The date an ISO text ("2026-03-31") gives, or None for None and for what is not one."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def month_number(name: str) -> int | None:
    """1-12 for an English month name or abbreviation ("Sept.", "march"), else None."""
    return MONTHS.get(name.lower().rstrip("."))


def last_day_of_month(year: int, month: int) -> dt.date:
    """The last calendar day of ``month`` in ``year``."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _int_day(day: str) -> int:
    return int(re.sub(r"\D", "", day))


def date_from_match(match: re.Match[str]) -> dt.date | None:
    """Build a date from a match of ``FULL_DATE``; None when the date does not exist."""
    groups = match.groupdict()
    try:
        if groups.get("d"):
            month = month_number(groups["m"])
            return dt.date(int(groups["y"]), month or 0, _int_day(groups["d"]))
        if groups.get("d2"):
            month = month_number(groups["m2"])
            return dt.date(int(groups["y2"]), month or 0, _int_day(groups["d2"]))
        if groups.get("nd"):
            return dt.date(int(groups["ny"]), int(groups["nm"]), int(groups["nd"]))
    except ValueError:
        return None
    return None


def parse_date(text: str) -> dt.date | None:
    """The date printed in ``text`` if the whole text is one full date, else None."""
    match = _FULL_DATE_RX.fullmatch(text.strip().rstrip("."))
    return date_from_match(match) if match else None


def parse_month_year(text: str) -> tuple[int, int] | None:
    """(year, month) when the whole text is a month and year such as "March 2026"."""
    match = _MONTH_YEAR_RX.fullmatch(text.strip().rstrip("."))
    if not match:
        return None
    month = month_number(match["om"])
    return (int(match["oy"]), month) if month else None



# --------------------------------------------------------------------------- trackers

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_WRITTEN_DAY_MONTH_YEAR = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?[\s\-]+(?:of\s+)?([a-z]+)\.?,?[\s\-]+(\d{4}|\d{2})")
_WRITTEN_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_WRITTEN_MONTH_YEAR = re.compile(r"([a-z]+)\.?[\s\-]+(\d{4})")
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+")


def _full_year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def read_written_date(text: str) -> dt.date:
    """A date as typed in a tracker: ISO, day-first numbers (two-digit years are 20xx), or
    words with an optional weekday; "March 2026" is the last day of March.

    Raises ValueError with what was wrong: not a date, or a month-first numeric date.
    """
    text = _WEEKDAY.sub("", " ".join(text.casefold().split()))
    try:
        if m := _ISO_DATE.fullmatch(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC_DAY_FIRST.fullmatch(text):
            day, month, year = int(m[1]), int(m[2]), _full_year(m[3])
            if month > 12 and day <= 12:
                raise ValueError("a date (dates are read day first, as dd/mm/yyyy)")
            return dt.date(year, month, day)
        if (m := _WRITTEN_DAY_MONTH_YEAR.fullmatch(text)) and month_number(m[2]):
            return dt.date(_full_year(m[3]), MONTHS[m[2]], int(m[1]))
        if (m := _WRITTEN_MONTH_DAY_YEAR.fullmatch(text)) and month_number(m[1]):
            return dt.date(int(m[3]), MONTHS[m[1]], int(m[2]))
        if (m := _WRITTEN_MONTH_YEAR.fullmatch(text)) and month_number(m[1]):
            return last_day_of_month(int(m[2]), MONTHS[m[1]])
    except ValueError as exc:
        if str(exc).startswith("a date"):
            raise
    raise ValueError("a date")


def iso_date_prefix(text: str) -> bool:
    """Whether ``text`` starts with an ISO date ("2026-03-31", "2026-03-31T10:00")."""
    return _ISO_DATE.match(text) is not None


# "2023", "2018/19", "2021-22", "2019–2020": a year or a span of years in a title.
_TITLE_YEAR = re.compile(r"(?<![\d/£$])((?:19|20)\d\d)(?:\s*[/\-–]\s*((?:19|20)?\d\d))?(?![\d%])")


def year_in_title(title: str | None) -> int | None:
    """The year a report's title names, or None: the last year written in it, and the end
    of a span ("PEEL 2018/19" → 2019), since a report on a year is published at its end
    or after it."""
    if not title:
        return None
    years = []
    for match in _TITLE_YEAR.finditer(title):
        start, end = int(match[1]), match[2]
        if end is None:
            years.append(start)
            continue
        ending = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
        # Only a following year makes a span ("2021-22"); "2023-05" is not one.
        years.append(ending if 0 < ending - start <= 2 else start)
    return years[-1] if years else None
