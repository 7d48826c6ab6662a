"""Text normalisation for matching: content words, deadlines and references to earlier items.

Two items are alike when they ask for the same *thing*, not when they share the phrasing every
inspection report uses. So before any comparison the text loses:

- its deadline phrase ("By 31 March 2026,", "with immediate effect", "within six months of
  this report's publication") — a re-issued item often only moves its deadline;
- the bodies told to act ("all chief constables", "the National Police Chiefs' Council") —
  the addressee signal compares those separately;
- function words and policing boilerplate ("should make sure that", "improve", "relevant",
  "effective") that would make any two items look alike.

What is left are *content terms*: lower-cased, lightly stemmed words ("investigations" and
"investigating" both become "investigat"). Terms feed the inverted index (with IDF weights,
so common topic words count for less) and the rapidfuzz comparisons.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from hmic_actions.dates import MONTH_NAMES, MONTHS, last_day_of_month

_MONTH_RE = "|".join(MONTH_NAMES)

# Bodies told to act; removed as whole phrases before words are split (longest first).
ADDRESSEE_PHRASES = (
    "association of police and crime commissioners", "police and crime commissioners",
    "police and crime commissioner", "local policing bodies", "national police chiefs council",
    "national police chiefs' council", "college of policing", "national crime agency",
    "department for education", "welsh government", "hydrant programme",
    "crown prosecution service", "ministry of justice", "hm prison and probation service",
    "independent office for police conduct", "department of health and social care",
    "nhs england", "local authorities", "police digital service", "law enforcement bodies",
    "law enforcement agencies", "fire and rescue services", "fire and rescue service",
    "chief fire officers", "national fire chiefs council", "national fire chiefs' council",
    "home office", "home secretary", "all chief constables", "chief constables",
    "chief constable", "chief officers", "all police forces", "police forces", "police force",
    "all forces", "the force", "the constabulary", "forces", "npcc", "apcc", "iopc", "nca",
    "cps", "dfe", "hmicfrs", "hmpps",
)
_ADDRESSEE_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for p in sorted(ADDRESSEE_PHRASES, key=len, reverse=True))
    + r")(?:'s?)?(?=\W|$)"
)

_DEADLINE_RES = (
    re.compile(
        r"\b(?:by|before|not later than|no later than)\s+(?:the\s+end\s+of\s+)?"
        rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:(?:{_MONTH_RE})\s+)?\d{{4}}\b"
    ),
    re.compile(r"\bwith immediate effect\b|\bimmediately\b"),
    re.compile(
        r"\bwithin\s+(?:a|an|one|two|three|four|six|nine|twelve|eighteen|\d+)\s+"
        r"(?:days?|weeks?|months?|years?)"
        r"(?:\s+of\s+(?:the\s+)?(?:publication\s+of\s+)?this\s+report(?:'s)?(?:\s+publication)?)?"
    ),
)



def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = _word_set("""
a about above across after again against all along also am among an and any are as at be been
before being below between both but by can could did do does doing done down during each either
else etc even ever every few for from further had has have having he her here hers herself him
himself his how however i if in into is it its itself just least less like many may me might
more most much my myself neither no nor not now of off often on once one only onto or other
others otherwise our ours ourselves out over own per rather same several she so some such than
that the their theirs them themselves then there these they this those though through thus to
too under until up upon us very via was we were what whatever when whenever where whereas
wherever whether which while who whoever whom whose why will with within without would yet you
your yours yourself
""")

# Words every report uses whatever it asks for: they must not make two items look alike.
BOILERPLATE_WORDS = _word_set("""
should must need needs ought make makes making sure ensure ensures ensuring improve improves
improving improved improvement improvements relevant appropriate appropriately effective
effectively efficient efficiently consistent consistently fully properly full proper
continue continues take takes taking step steps action actions necessary able well better
include includes including included consider considers considering particular particularly
recommendation recommendations recommend recommended area areas report reports inspection
inspections inspected inspectorate hmicfrs our police policing constabulary
chief chiefs constable constables officers new existing current currently yet already
work works working together way ways place places put there any all where whether
""")

_IGNORED = STOP_WORDS | BOILERPLATE_WORDS
_WORD_RE = re.compile(r"[a-z0-9]+")
_TRANSLATE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                            "\u2013": " ", "\u2014": " ", "-": " ", "/": " "})


def fold(text: str) -> str:
    """Lower case, straight quotes, dashes and hyphens as spaces, whitespace folded."""
    text = unicodedata.normalize("NFKC", text or "").translate(_TRANSLATE).lower()
    return " ".join(text.split())


def strip_deadline(folded: str) -> str:
    """The folded text without its deadline phrases."""
    for pattern in _DEADLINE_RES:
        folded = pattern.sub(" ", folded)
    return folded


def stem(word: str) -> str:
    """A light suffix stripper: plurals, -ing, -ed, final -e (enough to match rewordings)."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "ion"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            if word[-1] == word[-2] and word[-1] not in "lsz":  # "flagged" -> "flag"
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def content_terms(text: str) -> list[str]:
    """The item's content terms in order (duplicates kept): what the item is about."""
    folded = strip_deadline(fold(text))
    folded = _ADDRESSEE_RE.sub(" ", folded.replace("'s ", " ").replace("s' ", "s "))
    return [stem(w) for w in _WORD_RE.findall(folded)
            if w not in _IGNORED and not w.isdigit() and len(w) > 1]


def content_string(terms: list[str]) -> str:
    """The terms joined by spaces, the string rapidfuzz compares."""
    return " ".join(terms)


# --------------------------------------------------------------------------- deadlines


_DATE_RES = (
    # "31 March 2026"
    re.compile(rf"\b(?:by|before|not later than|no later than)\s+(\d{{1,2}})(?:st|nd|rd|th)?"
               rf"\s+({_MONTH_RE})\s+(\d{{4}})\b"),
    # "by March 2026" / "by the end of March 2026"
    re.compile(rf"\b(?:by|before)\s+(?:the\s+end\s+of\s+)?()({_MONTH_RE})\s+(\d{{4}})\b"),
    # "by the end of 2025"
    re.compile(r"\bby\s+the\s+end\s+of\s+()()(\d{4})\b"),
)


def deadline_in(text: str) -> date | None:
    """The first dated deadline the text states ("By 31 March 2026" -> 2026-03-31), or None."""
    folded = fold(text)
    for pattern in _DATE_RES:
        found = pattern.search(folded)
        if not found:
            continue
        day_text, month_text, year_text = found.groups()
        year = int(year_text)
        month = MONTHS[month_text] if month_text else 12
        try:
            return date(year, month, int(day_text)) if day_text else last_day_of_month(year, month)
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------- references


@dataclass(frozen=True)
class Reference:
    """A mention of an earlier report's item: "recommendation 2 from our 2023 report"."""

    kind: str | None  # recommendation | area_for_improvement | cause_of_concern | None
    number: str | None
    year: int
    topic: str | None  # "our 2021 recommendation on stalking protection orders" -> the topic
    phrase: str

    def describe(self) -> str:
        """How a reason names it: "recommendation 2 of the 2023 report"."""
        kind = (self.kind or "item").replace("_", " ")
        if self.number:
            return f"{kind} {self.number} of the {self.year} report"
        if self.topic:
            return f"the {self.year} {kind} on {self.topic}"
        return f"a {kind} of the {self.year} report"


_KIND_RE = r"(?P<kind>recommendation|area for improvement|cause of concern)s?"
_YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
_OWNER_RE = r"(?:our|the|hmicfrs'?s?|his majesty's inspectorate's)"
_REPORT_RE = r"(?:[\w']+\s+){0,6}?(?:report|inspection|review|progress report)"
_REFERENCE_RES = (
    # "recommendation 2 from/of/in our 2023 report"
    re.compile(rf"\b{_KIND_RE}\s+(?P<number>\d+)\s+(?:from|of|in|made in|of our|in our)\s+"
               rf"{_OWNER_RE}?\s*{_YEAR_RE}\s+{_REPORT_RE}"),
    # "our 2023 report's recommendation 2", "the 2023 inspection's area for improvement 1"
    re.compile(rf"\b{_OWNER_RE}\s+{_YEAR_RE}\s+{_REPORT_RE}(?:'s)?\s+(?:on\s+[^,.;]+?\s+)?"
               rf"{_KIND_RE}\s+(?P<number>\d+)"),
    # "in our 2023 report we made recommendation 4", "in our 2023 report (recommendation 4)"
    re.compile(rf"\b{_OWNER_RE}\s+{_YEAR_RE}\s+{_REPORT_RE}[^.;]{{0,40}}?"
               rf"\(?{_KIND_RE}\s+(?P<number>\d+)\)?"),
    # "our 2021 recommendation on stalking protection orders"
    re.compile(rf"\b{_OWNER_RE}\s+{_YEAR_RE}\s+{_KIND_RE}\s+(?:on|about|that|for)\s+"
               r"(?P<topic>[^,.;()]+)"),
    # "the recommendations in our 2022 report on vetting", "as our 2021 report recommended"
    re.compile(rf"\b(?:in|from|of|as|since)\s+{_OWNER_RE}\s+{_YEAR_RE}\s+{_REPORT_RE}"
               r"(?:\s+(?:on|into|about)\s+(?P<topic>[^,.;()]+))?"),
)

_TOPIC_END = re.compile(r"\s(?:has|have|had|is|are|was|were|should|must|remains?|we)\s")
_KIND_IDS = {"recommendation": "recommendation", "area for improvement": "area_for_improvement",
             "cause of concern": "cause_of_concern"}


def references_in(text: str) -> list[Reference]:
    """The earlier items or reports the text names, most specific first, without repeats."""
    folded = fold(text).replace("\u2019", "'")
    found: list[Reference] = []
    seen_spans: list[tuple[int, int]] = []
    for pattern in _REFERENCE_RES:
        for match in pattern.finditer(folded):
            span = match.span()
            if any(s <= span[0] < e or s < span[1] <= e for s, e in seen_spans):
                continue
            groups = match.groupdict()
            kind = _KIND_IDS.get(groups.get("kind") or "")
            topic = groups.get("topic")
            if topic:
                topic = " ".join(_TOPIC_END.split(topic)[0].split()[:8]) or None
            found.append(Reference(kind=kind, number=groups.get("number"),
                                   year=int(groups["year"]), topic=topic,
                                   phrase=match.group(0)))
            seen_spans.append(span)
    return found


# --------------------------------------------------------------------------- dependency

_DEPENDS_RES = (
    # "once the Home Office has published ...", "when the national data collection is in place"
    re.compile(r"\b(?:once|when|after|following|until)\b[^.;]{0,160}?\b(?:has|have|is|are)\s+"
               r"(?:been\s+)?(?:published|produced|completed|in place|agreed|developed|issued|"
               r"introduced|made|put in place|available|implemented|finished)\b"),
    # "the guidance produced under recommendation 3", "published in response to recommendation 3"
    re.compile(r"\b(?:produced|published|developed|issued|created|agreed)\s+"
               r"(?:under|in response to|following)\s+(?:our\s+)?recommendation\b"),
    # "the strategy that our 2019 report's recommendation 1 asked for"
    re.compile(r"\b(?:asked for|called for)\b"),
)


def depends_cue(text: str) -> str | None:
    """The phrase showing that the item waits on another ("once ... has published"), or None."""
    folded = fold(text)
    for pattern in _DEPENDS_RES:
        found = pattern.search(folded)
        if found:
            words = found.group(0).split()
            return " ".join(words[:8]) + (" ..." if len(words) > 8 else "")
    return None
