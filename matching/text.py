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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from hmic_actions.bodies import current_vocabulary
from hmic_actions.dates import MONTH_NAMES, MONTHS, last_day_of_month
from matching.vocabulary import vocabulary
from matching.words import WORD_RE, fold, stem

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
__all__ = ["fold", "stem"]  # re-exported from matching.words for the modules that read text


def strip_deadline(folded: str) -> str:
    """The folded text without its deadline phrases."""
    for pattern in _DEADLINE_RES:
        folded = pattern.sub(" ", folded)
    return folded


def expand_acronyms(text: str) -> str:
    """The text with the vocabulary's acronyms, as printed, written out ("RMS" -> "record
    management system"), so that they read as the phrases they stand for."""
    vocab = vocabulary()
    if vocab.acronym_re is None:
        return text or ""
    return vocab.acronym_re.sub(lambda m: vocab.acronyms[m.group(1)], text or "")


def content_terms(text: str) -> list[str]:
    """The item's content terms in order (duplicates kept): what the item is about."""
    folded = strip_deadline(fold(expand_acronyms(text)))
    folded = _ADDRESSEE_RE.sub(" ", folded.replace("'s ", " ").replace("s' ", "s "))
    return group_phrases(WORD_RE.findall(folded))


def group_phrases(words: list[str]) -> list[str]:
    """Stems of ``words`` with the vocabulary's phrases read as one term each, without
    function words, boilerplate, numbers and single letters."""
    phrases = vocabulary().phrases
    stemmed = [stem(w) for w in words]
    terms: list[str] = []
    i, n = 0, len(words)
    while i < n:
        for sequence, term in phrases.get(stemmed[i], ()):
            end = i + len(sequence)
            if end <= n and tuple(stemmed[i:end]) == sequence:
                if term is not None:
                    terms.append(term)
                i = end
                break
        else:
            word = words[i]
            if word not in _IGNORED and not word.isdigit() and len(word) > 1:
                terms.append(stemmed[i])
            i += 1
    return terms


# The first thing an item asks: from its first "should"/"must" to the end of that clause.
_HEAD_RE = re.compile(r"\b(?:should|must)\b(.*?)(?:[.;]|,\s*(?:and|so|each|including|which|but|"
                      r"or)\b|\bso that\b|\bwhich\b|$)", re.DOTALL)


def head_ask(text: str) -> str:
    """The words of the first thing the item asks ("make sure that each force has a
    problem profile for stalking"), or the whole text when it asks nothing with "should"
    or "must"."""
    found = _HEAD_RE.search(text or "")
    return found.group(1).strip() if found and found.group(1).strip() else (text or "")


def content_string(terms: list[str]) -> str:
    """The terms joined by spaces, the string rapidfuzz compares."""
    return " ".join(terms)


# --------------------------------------------------------------------------- named terms

# A run of capitalised words, joined by the small words names use: "Independent Inquiry into
# Child Sexual Abuse", "Strategic Assessment of Serious and Organised Crime".
_CAPITAL = r"[A-Z][\w&'\u2019]*(?:-[A-Za-z][\w']*)*"
_NAME_RUN = re.compile(rf"{_CAPITAL}(?:\s+(?:(?:of|and|for|into|on|the|in|to|&)\s+)*{_CAPITAL})*")
_JOINERS = frozenset({"of", "and", "for", "into", "on", "the", "in", "to", "&"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]*[A-Z0-9]s?$")
_FORCE_WORDS = frozenset({"police", "constabulary"})
_CAPITALS = re.compile(r"[A-Z]")
_LETTERS = re.compile(r"[A-Za-z]")
_SUBJECT_AFTER = re.compile(r"^(?:'s?)?(?:\s*,\s*|\s+and\s+|\s+or\s+|\s+)?(?:[^.;]{0,80}?\s)?"
                            r"(?:should|must)\b")


# The part of an item before its first ask: where the bodies told to act are named.
_SUBJECT_RE = re.compile(r"^(.*?)\b(?:should|must|needs?\s+to|is\s+to|are\s+to)\b",
                         re.IGNORECASE | re.DOTALL)
_FORCE_SUBJECT = re.compile(r"\b(?:the\s+(?:force|constabulary)|(?:all\s+)?(?:police\s+)?"
                            r"forces)\b", re.IGNORECASE)


def bodies_told(text: str) -> list[str]:
    """The bodies an item tells to act, read from the words before its first "should" or
    "must" (for items whose addressees are not given): known bodies by id, and the force or
    forces as chief constables, who answer for them."""
    subject = _SUBJECT_RE.match(text or "")
    if subject is None:
        return []
    spellings, pattern = body_pattern()
    found = [spellings.get(fold(m.group(0)).removeprefix("the ").strip(),
                           spellings.get(fold(m.group(0))))
             for m in pattern.finditer(subject.group(1))]
    ids = [body for body in found if body]
    if _FORCE_SUBJECT.search(subject.group(1)):
        ids.append("chief_constables")
    return list(dict.fromkeys(ids))


@dataclass(frozen=True)
class NamedTerm:
    """A named thing in an item's text: ``key`` for comparing ("#operat_clearwat"), and the
    name as written for reasons ("Operation Clearwater")."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()  # further keys: a long name's initials ("#iicsa")


@lru_cache(maxsize=1)
def body_pattern() -> tuple[dict[str, str], re.Pattern[str]]:
    """Folded spelling of every body told to act -> its id, and a pattern finding them."""
    spellings = {fold(spelling): body_id
                 for spelling, body_id in current_vocabulary().spellings() if len(spelling) > 2}
    pattern = re.compile(r"(?<![\w'])(?:the\s+)?(?:" + "|".join(
        re.escape(s).replace(r"\ ", r"\s+") for s in sorted(spellings, key=len, reverse=True))
        + r")(?![\w-])", re.IGNORECASE)
    return spellings, pattern


def _name_key(words: Iterable[str]) -> str:
    return "#" + "_".join(stem(fold(w).replace("'", "")) for w in words)


def _pieces(run: str) -> list[tuple[str, str | None]]:
    """A run of capitalised words cut into (text, body id) pieces: the bodies it names and
    the stretches between them; each acronym stands alone."""
    spellings, pattern = body_pattern()
    pieces: list[tuple[str, str | None]] = []
    last = 0
    for match in pattern.finditer(run):
        pieces.append((run[last:match.start()], None))
        found = re.sub(r"^the\s+", "", match.group(0), flags=re.IGNORECASE)
        pieces.append((found, spellings.get(fold(found))))
        last = match.end()
    pieces.append((run[last:], None))
    cut: list[tuple[str, str | None]] = []
    heads = vocabulary().name_heads
    for text, body in pieces:
        if body is not None:
            cut.append((text, body))
            continue
        words: list[str] = []
        for word in text.split():
            if words and words[-1] == "and" and word.lower() in heads:
                # "Project Lantern and Operation Kestrel": two names
                cut.append((" ".join(words[:-1]), None))
                words = []
            if _ACRONYM.match(word.rstrip("'\u2019s")) and len(word) >= 2:
                cut.append((" ".join(words), None))
                cut.append((word, None))
                words = []
            else:
                words.append(word)
        cut.append((" ".join(words), None))
    return [(text, body) for text, body in cut if text.strip()]


def _trim(words: list[str], not_names: frozenset[str]) -> list[str]:
    """Without the words that open sentences and dates or join names, at either end; empty
    for a police force's name."""
    words = [re.sub(r"['\u2019]s?$", "", w) for w in words]
    while words and (words[0].lower() in not_names or words[0].lower() in _JOINERS):
        words.pop(0)
    while words and (words[-1].lower() in not_names or words[-1].lower() in _JOINERS):
        if words[-1].lower() in _FORCE_WORDS:
            return []  # "Northmoor Police": a force, not a named thing
        words.pop()
    return [w for w in words if w]


def named_terms(text: str, addressees: Iterable[str] | None = None) -> list[NamedTerm]:
    """The named things ``text`` mentions, in order, each once.

    A name is a run of two or more capitalised words ("Operation Clearwater", "the Harbour
    Programme"), not counting the words that open sentences and dates, or an acronym that is
    not one of the vocabulary's ("MAPPA" is read as its phrase) and not a body's. A police
    force's name is not a named thing, nor is a body told to act — unless its name is that of
    a programme or the like ("the Harbour Programme's template") and it is not one of the
    item's ``addressees`` (when they are not known: not the subject of "should").
    """
    text = text or ""
    capitals, letters = len(_CAPITALS.findall(text)), len(_LETTERS.findall(text))
    if not letters or capitals > 0.5 * letters:
        return []  # a text in capitals has no names to tell apart
    vocab = vocabulary()
    told = set(addressees or ())
    found: dict[str, NamedTerm] = {}
    for match in _NAME_RUN.finditer(text):
        for piece, body in _pieces(match.group(0)):
            words = _trim(piece.split(), vocab.not_names)
            capitals = [w for w in words if w.lower() not in _JOINERS]
            if not capitals:
                continue
            if body is not None:
                if not vocab.name_heads & {w.lower() for w in capitals} or body in told:
                    continue
                after = text[match.start() + match.group(0).find(piece) + len(piece):]
                if not told and _SUBJECT_AFTER.match(after):
                    continue
            elif len(capitals) == 1 and not (_ACRONYM.match(words[0]) and len(words[0]) >= 2
                                             and words[0] not in vocab.acronyms):
                continue
            if len(capitals) == 1:
                key, aliases = "#" + fold(words[0]), ()
            else:
                key = _name_key(capitals)
                initials = "".join(w[0] for w in capitals).lower()
                aliases = ("#" + initials,) if len(capitals) >= 3 else ()
            if key not in found:
                found[key] = NamedTerm(key=key, name=" ".join(words), aliases=aliases)
    return list(found.values())


def name_keys(names: Iterable[NamedTerm]) -> list[str]:
    """Every key the names are compared by (their own and their initials)."""
    keys: list[str] = []
    for name in names:
        keys.append(name.key)
        keys.extend(name.aliases)
    return list(dict.fromkeys(keys))


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
        """How a reason names it: "recommendation 2 of the 2023 report", "an area for
        improvement of the 2022 report", "the 2013 report"."""
        kind = (self.kind or "").replace("_", " ")
        if self.number:
            return f"{kind or 'item'} {self.number} of the {self.year} report"
        if self.topic:
            return f"the {self.year} {kind or 'report'} on {self.topic}"
        if kind:
            return f"{article(kind)} {kind} of the {self.year} report"
        return f"the {self.year} report"


def article(noun: str) -> str:
    """ "a" or "an" before ``noun`` as it is spoken ("an item", "an area", "a recommendation")."""
    return "an" if noun[:1].lower() in "aeiou" else "a"


_KIND_RE = r"(?P<kind>recommendation|area for improvement|cause of concern)s?"
_YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
# The inspectorate by name: "HMIC's", "HMICFRS's", "the inspectorate's", "His Majesty's
# Inspectorate of Constabulary's".
_INSPECTORATE_RE = (r"(?:hmic(?:frs)?(?:'s?)?|(?:the\s+)?inspectorate's|(?:his|her)\s+majesty's\s+"
                    r"inspectorate(?:\s+of\s+constabulary(?:\s+and\s+fire\s+(?:&|and)\s+rescue"
                    r"\s+services)?)?(?:'s)?)")
_OWNER_RE = rf"(?:our|the|{_INSPECTORATE_RE})"
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
    # "HMIC's 2013 report on crime data", "the inspectorate's 2021 inspection"
    re.compile(rf"(?<![\w']){_INSPECTORATE_RE}\s+{_YEAR_RE}\s+{_REPORT_RE}"
               r"(?:\s+(?:on|into|about)\s+(?P<topic>[^,.;()]+))?"),
    # "the 2013 HMIC report", "the 2019 HMICFRS inspection of custody"
    re.compile(rf"\bthe\s+{_YEAR_RE}\s+(?:hmic(?:frs)?|inspectorate)\s+{_REPORT_RE}"
               r"(?:\s+(?:on|into|about|of)\s+(?P<topic>[^,.;()]+))?"),
    # "HMIC (2014)", "HMICFRS (2019)"
    re.compile(rf"\bhmic(?:frs)?\s*\(\s*{_YEAR_RE}\s*\)"),
)

_TOPIC_END = re.compile(r"\s(?:has|have|had|is|are|was|were|should|must|remains?|we|found|finds|"
                        r"recommended|said|showed|identified|highlighted)(?:\s|$)")
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
