"""Deadlines of recommendations and areas for improvement.

A deadline is only read from a trigger phrase: "by", "not later than", "no later than",
"on or before" followed by a date, "by the end of ...", "within <n> <unit>", "with
immediate effect", or "immediately" modifying the required action. Numbers that are not
introduced by a trigger ("2,000 officers", "section 41", "our 2023 report", "the 2025/26
profile") never become deadlines.

A trigger counts only where it governs what the item asks for: inside a sentence that
tells someone to act (should / must / need to / ought to), or at the very start of the
item. When several triggers count, the first one that could be read wins; the leading
deadline is the one that governs the item in HMICFRS style.

Rules chosen where the conventions are silent:

- "by March 2026" and "by the end of March 2026" mean the last day of that month.
- "by the end of the 2025/26 financial year" (also "2025-26", "2025 to 2026",
  "financial year 2025/26", and "by the end of 2025/26") means 31 March of the second year.
- "by 2026" (a year alone) and "by the end of the financial year" (no year) are seen as
  deadline phrases but have no date: the phrase is kept in ``text`` and ``date`` is None.
- "within 10 working days" is read as P10D (calendar days); a person confirms due dates.
- "should take immediate action/steps" counts as immediate, like "should immediately".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from hmic_actions.dates import (
    FULL_DATE,
    MONTH_RE,
    YEAR_RE,
    date_from_match,
    last_day_of_month,
    month_number,
)


@dataclass(frozen=True)
class Deadline:
    """The deadline that governs one item."""

    date: dt.date | None = None
    text: str | None = None
    relative: str | None = None  # ISO 8601 duration, e.g. "P6M"
    immediate: bool = False

    @property
    def found(self) -> bool:
        """True when the item has a readable deadline (date, relative or immediate)."""
        return self.date is not None or self.relative is not None or self.immediate


@dataclass(frozen=True)
class Candidate:
    """One deadline phrase found in a text, with its character offsets."""

    start: int
    end: int
    deadline: Deadline
    kind: str  # "date", "relative", "immediate" or "unparsed"


@dataclass
class DeadlineAnalysis:
    """The governing deadline and the evidence behind it."""

    deadline: Deadline
    candidates: list[Candidate] = field(default_factory=list)  # those that count, in order
    conflicting: bool = False  # several readable deadlines that disagree

    @property
    def unparsed_only(self) -> bool:
        """A deadline phrase was seen but none could be read into a date or duration."""
        return bool(self.candidates) and not self.deadline.found


NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "eighteen": 18,
    "twenty": 20, "twenty-one": 21, "twenty-four": 24, "twenty-eight": 28, "thirty": 30,
    "thirty-six": 36, "forty-five": 45, "sixty": 60, "ninety": 90,
}
UNIT_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y"}

_BY = r"(?:by(?:\s+no\s+later\s+than)?|not\s+later\s+than|no\s+later\s+than|on\s+or\s+before)"
_FY = (
    rf"(?:(?P<fa>{YEAR_RE})\s*(?:/|-|–|—|to)\s*(?P<fb>\d\d(?:\d\d)?)(?:\s+financial\s+year)?"
    rf"|financial\s+year\s+(?P<fc>{YEAR_RE})\s*(?:/|-|–|—|to)\s*(?P<fd>\d\d(?:\d\d)?))"
)
_NUMBER = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_ADVERBS = r"(?:(?:now|also|therefore|then|further|both)\s+|,\s*)*"
_TEMPORAL_NEXT = {
    "after", "afterwards", "before", "following", "upon", "on", "once", "when", "whenever",
    "if", "prior", "available", "apparent", "obvious", "clear", "adjacent", "preceding",
}
_BE_WORDS = {"is", "are", "was", "were", "be", "been", "being", "not", "had", "has", "have"}
# Words that open a clause describing something other than the required action itself:
# "should make sure that victims are contacted immediately" is a service standard.
_SUBORDINATE = {
    "that", "which", "who", "whom", "whose", "when", "where", "how", "what", "why",
    "whether", "if", "sure", "ensure", "ensures", "so", "because", "until",
}
# "within 28 days of arrest" after "make sure that" is a service standard, but "within six
# months of this report's publication" is always the item's own deadline.
_OWN_DEADLINE_OBJECT = re.compile(
    r"\s*of\s+(?:the\s+)?(?:this|our|publication|date|its|the\s+publication)", re.IGNORECASE
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(rf"\b{_BY}\s+(?:the\s+)?{FULL_DATE}", re.IGNORECASE)),
    ("fy", re.compile(rf"\b{_BY}\s+the\s+end\s+of\s+(?:the\s+)?{_FY}", re.IGNORECASE)),
    (
        "month",
        re.compile(
            rf"\b{_BY}\s+(?:the\s+end\s+of\s+)?(?P<om>{MONTH_RE}),?\s+(?P<oy>{YEAR_RE})\b"
            r"(?!\s*[/–—-]\s*\d)",
            re.IGNORECASE,
        ),
    ),
    (
        "year_end",
        re.compile(
            rf"\b{_BY}\s+the\s+end\s+of\s+(?:the\s+)?(?:calendar\s+year\s+)?(?P<ey>{YEAR_RE})\b"
            r"(?!\s*(?:[/–—-]|to\s+\d)|\s+financial)",
            re.IGNORECASE,
        ),
    ),
    (
        "unparsed",
        re.compile(
            rf"\b{_BY}\s+the\s+end\s+of\s+(?:the\s+|this\s+)?(?:current\s+|next\s+)?"
            r"(?:(?:financial|calendar)\s+)?year\b"
            rf"|\b{_BY}\s+(?:the\s+(?:end|start)\s+of\s+)?(?:spring|summer|autumn|winter)\s+"
            rf"{YEAR_RE}\b"
            rf"|\b{_BY}\s+{YEAR_RE}(?=\s*[,.;:)]|\s*$)",
            re.IGNORECASE,
        ),
    ),
    (
        "relative",
        re.compile(
            rf"\bwithin\s+(?:the\s+next\s+|a\s+period\s+of\s+)?(?P<n>\d{{1,3}}|{_NUMBER})\s+"
            r"(?:(?:calendar|working)\s+)?(?P<u>day|week|month|year)s?\b",
            re.IGNORECASE,
        ),
    ),
    ("immediate", re.compile(r"\bwith\s+immediate\s+effect\b", re.IGNORECASE)),
    (
        "after_modal",
        re.compile(
            rf"\b(?:should|must|ought\s+to|needs?\s+to)\s+{_ADVERBS}(?P<w>immediately)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "immediate_action",
        re.compile(
            r"\b(?:should|must)\s+(?:also\s+)?take\s+(?P<w>immediate\s+(?:action|steps))\b",
            re.IGNORECASE,
        ),
    ),
    ("adverb", re.compile(r"\bimmediately\b", re.IGNORECASE)),
]

_DIRECTIVE = re.compile(r"\b(?:should|must|ought\s+to|needs?\s+to)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z(\"']|\s*$)|;|\n\s*\n")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        spans.append((start, end.end()))
        start = end.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _fy_end(match: re.Match[str]) -> dt.date | None:
    first = match["fa"] or match["fc"]
    second = match["fb"] or match["fd"]
    start = int(first)
    end = int(second) if len(second) == 4 else (start // 100) * 100 + int(second)
    if end != start + 1:
        return None
    return dt.date(end, 3, 31)


def _relative(match: re.Match[str]) -> str | None:
    number = match["n"].lower()
    count = int(number) if number.isdigit() else NUMBER_WORDS.get(number)
    if not count:
        return None
    return f"P{count}{UNIT_CODES[match['u'].lower()]}"


def _governs_action(text: str, start: int, sentence: tuple[int, int]) -> bool:
    """False when the phrase sits in a clause that hangs off the required action."""
    words = [w.lower() for w in _WORD.findall(text[sentence[0] : start])]
    modals = [i for i, w in enumerate(words) if w in {"should", "must", "need", "needs", "ought"}]
    if not modals:
        return True  # the phrase leads the clause, before the required action
    return not any(w in _SUBORDINATE for w in words[modals[-1] + 1 :])


def _adverb_governs(text: str, match: re.Match[str], sentence: tuple[int, int]) -> bool:
    """Whether a free-standing "immediately" modifies the action the item requires."""
    before_words = _WORD.findall(text[sentence[0] : match.start()])
    after = _WORD.findall(text[match.end() : sentence[1]])
    if after and after[0].lower() in _TEMPORAL_NEXT:
        return False
    if not before_words:
        # "Immediately, the force should ..." leading its sentence.
        return bool(re.match(r"\s*,", text[match.end() :])) and bool(
            _DIRECTIVE.search(text, match.end(), sentence[1])
        )
    if before_words[-1].lower() in _BE_WORDS:
        return False
    lowered = [w.lower() for w in before_words]
    for back, word in enumerate(reversed(lowered)):
        if back > 10 or word in _SUBORDINATE:
            return False
        if word in {"should", "must"} or (word in {"need", "needs", "ought"}):
            return True
    return False


def _candidate(kind: str, match: re.Match[str], text: str, sentence: tuple[int, int]):
    start, end = match.start(), match.end()
    printed = text[start:end]
    if kind == "date":
        date = date_from_match(match)
        if date is None:
            return Candidate(start, end, Deadline(text=printed), "unparsed")
        return Candidate(start, end, Deadline(date=date, text=printed), "date")
    if kind in {"fy", "month", "year_end"}:
        if kind == "fy":
            date = _fy_end(match)
        elif kind == "month":
            month = month_number(match["om"])
            date = last_day_of_month(int(match["oy"]), month) if month else None
        else:
            date = dt.date(int(match["ey"]), 12, 31)
        return Candidate(start, end, Deadline(date=date, text=printed),
                         "date" if date else "unparsed")
    if kind == "unparsed":
        return Candidate(start, end, Deadline(text=printed), "unparsed")
    if kind == "relative":
        relative = _relative(match)
        if relative is None:
            return None
        own = _OWN_DEADLINE_OBJECT.match(text, end)
        if not own and not _governs_action(text, start, sentence):
            return None
        return Candidate(start, end, Deadline(text=printed, relative=relative), "relative")
    if kind == "immediate":
        return Candidate(start, end, Deadline(text=printed, immediate=True), "immediate")
    if kind in {"after_modal", "immediate_action"}:
        after = _WORD.findall(text[match.end() : sentence[1]])
        if after and after[0].lower() in _TEMPORAL_NEXT:
            return None
        start, end = match.start("w"), match.end("w")
        return Candidate(start, end, Deadline(text=text[start:end], immediate=True), "immediate")
    if kind == "adverb":
        if not _adverb_governs(text, match, sentence):
            return None
        return Candidate(start, end, Deadline(text=printed, immediate=True), "immediate")
    return None


def find_deadline_candidates(text: str) -> list[Candidate]:
    """Every deadline phrase in ``text`` that governs what the item asks for, in order.

    Overlapping phrases are resolved in favour of the one that starts first, then the
    longest (so "by the end of June 2026" is one phrase, not also "June 2026").
    """
    sentences = _sentences(text)
    directive_sentences = {s for s in sentences if _DIRECTIVE.search(text, s[0], s[1])}
    lead = len(text) - len(text.lstrip())
    found: list[Candidate] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            sentence = next((s for s in sentences if s[0] <= match.start() < s[1]), sentences[-1])
            leading = match.start() <= lead + 1
            if sentence not in directive_sentences and not leading:
                continue
            candidate = _candidate(kind, match, text, sentence)
            if candidate is not None:
                found.append(candidate)
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Candidate] = []
    for candidate in found:
        if kept and candidate.start < kept[-1].end:
            continue
        kept.append(candidate)
    return kept


def analyse_deadlines(text: str) -> DeadlineAnalysis:
    """The governing deadline of an item's text with the phrases that support it."""
    candidates = find_deadline_candidates(text)
    readable = [c for c in candidates if c.kind != "unparsed"]
    if readable:
        chosen = readable[0].deadline
    elif candidates:
        chosen = candidates[0].deadline
    else:
        chosen = Deadline()
    values = {(c.deadline.date, c.deadline.relative, c.deadline.immediate) for c in readable}
    return DeadlineAnalysis(deadline=chosen, candidates=candidates, conflicting=len(values) > 1)


def parse_deadline(text: str) -> Deadline:
    """The deadline that governs an item, read from its clean text.

    >>> parse_deadline("By 31 March 2026, all chief constables should ...").date
    datetime.date(2026, 3, 31)
    """
    return analyse_deadlines(text).deadline
