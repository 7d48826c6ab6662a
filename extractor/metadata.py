"""Report-level facts: title, publication date, and whether the report is about one force."""

from __future__ import annotations

import datetime as dt
import re

from extractor.layout import Layout, Line
from hmic_actions.dates import FULL_DATE, date_from_match

# "An inspection of Northmoor Police", "PEEL 2025: Eastfield Constabulary".
_FORCE_NAME = re.compile(
    r"\b(?:of|into|on|for|:)\s+(?:the\s+)?(?!National\b|British Transport\b)"
    r"[A-Z][A-Za-z&'\-]+(?:\s+(?:and\s+)?[A-Z][A-Za-z&'\-]+){0,3}\s+"
    r"(?:Police(?!\s+(?:and|Chiefs|Digital|Service of|Federation|forces))|Constabulary)\b"
)
_THE_FORCE = re.compile(r"\bthe force\b", re.IGNORECASE)
_FORCES = re.compile(r"\b(all (police )?forces|chief constables|police forces)\b", re.IGNORECASE)


def find_title(layout: Layout) -> str | None:
    """The largest text on the first page that has text: the report's title as printed."""
    first_page = min((ln.page for ln in layout.lines), default=None)
    if first_page is None:
        return None
    lines = [ln for ln in layout.lines if ln.page == first_page and len(ln.text) > 2]
    if not lines:
        return None
    biggest = max(ln.size for ln in lines)
    title: list[Line] = []
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        if line.size >= biggest - 0.5:
            if title and line.top - title[-1].bottom > biggest * 1.5:
                break
            title.append(line)
        elif title:
            break
    return " ".join(ln.text for ln in title) or None


def find_published(layout: Layout, first_pages: int = 3, last_pages: int = 2) -> str | None:
    """The publication date printed in the report, as ISO.

    Looked for near the start (cover, inside cover) and then at the end, where many
    reports print it with the copyright notice.
    """
    last = layout.page_count - last_pages
    for wanted in (lambda p: p <= first_pages, lambda p: p > last):
        text = "\n".join(ln.text for ln in layout.lines if wanted(ln.page))
        found = find_publication_date(text)
        if found:
            return found.isoformat()
    return None


def is_force_report(layout: Layout, title: str | None) -> bool:
    """Whether the report is about a single force, so "the force" means its chief constable."""
    if title and _FORCE_NAME.search(title):
        return True
    body = " ".join(ln.text for ln in layout.lines)
    return len(_THE_FORCE.findall(body)) >= 3 and len(_THE_FORCE.findall(body)) > len(
        _FORCES.findall(body)
    )


_PUBLISHED_LABEL = re.compile(
    r"\b(?:(?:first\s+)?published(?:\s+on)?|publication\s+date|date\s+of\s+publication"
    r"|date\s+published)\s*[:\-]?\s*",
    re.IGNORECASE,
)
_DATE_ALONE = re.compile(rf"^\s*(?:{FULL_DATE})\s*\.?\s*$", re.IGNORECASE)


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
        match = _DATE_ALONE.match(line)
        if match:
            found = date_from_match(match)
            if found:
                return found
    return None
