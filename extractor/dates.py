"""Dates as HMICFRS reports print them, and the publication date of a report.

Only British and (rarely) American long forms and numeric day/month/year forms are read:
"31 March 2026", "31st March 2026", "March 31, 2026", "31/03/2026". A month and year
without a day ("March 2026") is a separate form because its meaning depends on context
(a deadline "by March 2026" means the last day of that month).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

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


_PUBLISHED_LABEL = re.compile(
    r"\b(?:(?:first\s+)?published(?:\s+on)?|publication\s+date|date\s+of\s+publication"
    r"|date\s+published)\s*[:\-]?\s*",
    re.IGNORECASE,
)
_LINE_DATE = re.compile(rf"^\s*(?:{FULL_DATE})\s*\.?\s*$", re.IGNORECASE)


def find_publication_date(text: str) -> dt.date | None:
    """The publication date printed on a report's first pages, or None.

    A labelled date wins ("Published: 24 October 2025", "Publication date: 3 March 2025",
    "Date of publication: ...", "Published on ..."). Failing that, a full date standing
    alone on a line (as on a cover) is taken. A month without a day ("October 2025")
    is not a publication date: None rather than a guessed day.
    """
    for label in _PUBLISHED_LABEL.finditer(text):
        rest = text[label.end() : label.end() + 40]
        match = re.match(FULL_DATE, rest, re.IGNORECASE)
        if match:
            found = date_from_match(match)
            if found:
                return found
    for line in text.splitlines():
        match = _LINE_DATE.match(line)
        if match:
            found = date_from_match(match)
            if found:
                return found
    return None
