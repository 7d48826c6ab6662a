"""Report-level facts: title, publication date, and whether the report is about one force."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hmic_actions.dates import FULL_DATE, date_from_match

if TYPE_CHECKING:  # only read here; not imported, so that the facts load on their own
    from extractor.layout import Layout, Line

# "An inspection of Northmoor Police", "Custody services in Westford Police", "PEEL 2025:
# Eastfield Constabulary", "PEEL: police
# effectiveness, efficiency and legitimacy 2018/19 \u2013 Eastfield Constabulary".
_FORCE_NAME = re.compile(
    r"(?:\b(?:of|into|on|for|in|at)|:|\s[-\u2013\u2014])\s+(?:the\s+)?"
    r"(?!National\b|British Transport\b)"
    r"[A-Z][A-Za-z&'\-]+(?:\s+(?:and\s+)?[A-Z][A-Za-z&'\-]+){0,3}\s+"
    r"(?:Police(?!\s+(?:and|Chiefs|Digital|Service of|Federation|forces))|Constabulary)\b"
)
# A publisher's mark set large on a cover ("HMICFRS") is not the title.
_LOGO = re.compile(r"^[A-Z&]{2,10}$")
_THE_FORCE = re.compile(r"\bthe force\b", re.IGNORECASE)
_FORCES = re.compile(r"\b(all (police )?forces|chief constables|police forces)\b", re.IGNORECASE)


def find_title(layout: Layout) -> str | None:
    """The largest text on the first page that has text: the report's title as printed."""
    first_page = min((ln.page for ln in layout.lines), default=None)
    if first_page is None:
        return None
    lines = [ln for ln in layout.lines if ln.page == first_page and len(ln.text) > 2
             and not _LOGO.match(ln.text)]
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


@dataclass(frozen=True)
class Inspected:
    """The organisation a document is about: one police force or one fire and rescue
    service, with the document's own short names for it ("SFRS")."""

    body_id: str  # chief_constables | fire_and_rescue_services
    name: str | None = None  # as printed: "Surrey Fire and Rescue Service"
    names: tuple[str, ...] = ()


# "Essex County Fire and Rescue Service", "Royal Berkshire Fire & Rescue Service".
_SERVICE_NAME = re.compile(
    r"\b((?:(?!(?:Chief|Officer|Dear|To|From|The|Our|Your|Each|Every|All|National)\b)"
    r"[A-Z][a-z][\w'’-]*\s+(?:(?:and|of|&)\s+)?){1,4})Fire\s+(?:and|&)\s+Rescue\s+Service\b")
_THE_SERVICE = re.compile(r"\bthe service\b", re.IGNORECASE)
_SHORT_NAME_WORDS = {"and", "of", "the", "&"}


def find_inspected(layout: Layout, title: str | None) -> Inspected | None:
    """The force or fire and rescue service the document is about, if it is about one.

    A named service in the title, or one named again and again in the text while "the
    service" is spoken of, makes it a fire and rescue service's document; a named force in
    the title, or "the force" spoken of more than forces in general, a force's.
    """
    body = " ".join(ln.text for ln in layout.lines)
    # A service's name holds "Rescue": lines without it are not searched.
    services = [m.group(0) for ln in layout.lines if "Rescue" in ln.text
                for m in _SERVICE_NAME.finditer(ln.text)]
    in_title = _SERVICE_NAME.search(title or "")
    if in_title:
        named = in_title.group(0)
        return Inspected("fire_and_rescue_services", named, _short_names(named, body))
    if services:
        named, count = Counter(services).most_common(1)[0]
        short = _short_names(named, body)
        said = len(_THE_SERVICE.findall(body)) + sum(
            len(re.findall(rf"(?<![\w-]){re.escape(s)}(?![\w-])", body)) for s in short)
        if count + said >= 4:
            return Inspected("fire_and_rescue_services", named, short)
    force = _FORCE_NAME.search(title or "")
    if force or (len(_THE_FORCE.findall(body)) >= 3
                 and len(_THE_FORCE.findall(body)) > len(_FORCES.findall(body))):
        name = force.group(0).split(None, 1)[1] if force else None
        return Inspected("chief_constables", name, _short_names(name, body) if name else ())
    return None


def _short_names(name: str, body: str) -> tuple[str, ...]:
    """Short names the document uses for ``name``: one it defines in brackets after it
    ("Surrey Fire and Rescue Service (SFRS)"), and its initials where they stand alone in
    the text ("ECFRS")."""
    found = []
    defined = re.search(rf"{re.escape(name)}\s*\(([A-Z][A-Za-z&]{{1,9}})\)", body)
    if defined:
        found.append(defined.group(1))
    initials = "".join(w[0].upper() for w in re.findall(r"[\w'’-]+", name)
                       if w.lower() not in _SHORT_NAME_WORDS)
    if len(initials) >= 3 and re.search(rf"(?<![\w-]){initials}(?![\w-])", body):
        found.append(initials)
    return tuple(dict.fromkeys(found))


# The date of the document itself, where it says so: a letter's or a response's date sent,
# a committee paper's meeting date.
_OWN_DATE_LABEL = re.compile(
    r"\b(?:date\s+(?:of\s+)?(?:response|meeting|report|letter)(?:\s+sent)?"
    r"|(?:response|letter|report)\s+(?:sent|dated?)|date\s+sent|sent\s+on"
    r"|meeting\s+date)\s*[:\-]?\s*", re.IGNORECASE)
_PUBLISHED_LABEL = re.compile(
    r"\b(?:(?:first\s+)?published(?:\s+on)?|publication\s+date|date\s+of\s+publication"
    r"|date\s+published)\s*[:\-]?\s*",
    re.IGNORECASE,
)
_DATE_ALONE = re.compile(rf"^\s*(?:{FULL_DATE})\s*\.?\s*$", re.IGNORECASE)


def find_publication_date(text: str) -> dt.date | None:
    """The publication date printed on a report's first pages, or None.

    A date the document gives as its own wins ("Sent on ...", "Date response sent: ...",
    "Date of meeting: ..."), then a publication date ("Published: 24 October 2025",
    "Publication date: 3 March 2025", "Date of publication: ...", "Published on ..."). Failing
    that, a full date standing
    alone on a line (as on a cover) is taken. A month without a day ("October 2025")
    is not a publication date: None rather than a guessed day.
    """
    for labels in (_OWN_DATE_LABEL, _PUBLISHED_LABEL):
        for label in labels.finditer(text):
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
