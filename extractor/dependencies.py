"""Find where one item of a report says it depends on another item of the same report.

Reports sometimes order their items: "once recommendation 2 has been implemented, chief
constables should …", "the force cannot progress this until recommendation 3 is done",
"in conjunction with area for improvement 4". ``find_dependencies`` reads each item's text
for a mention of another item (kind and number) next to a phrase that makes it a
dependency. A mention of an item of an earlier report ("recommendation 3 of our 2019
report", "our previous recommendation 3") is not a dependency, nor is a bare mention with
no such phrase, nor an item naming itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Dependency", "find_dependencies"]

_NUM = r"\d{1,3}[a-z]?"
_REFERENCE = re.compile(
    r"\b(?P<kind>recommendations?|areas?\s+for\s+improvement|afis?|causes?\s+of\s+concern)"
    rf"\s+(?:(?:no\.?|number)\s*)?(?P<numbers>{_NUM}(?:\s*(?:,|&|and|or|and/or)\s*{_NUM})*)\b",
    re.IGNORECASE)
_NUMBER = re.compile(_NUM, re.IGNORECASE)

# Phrases that, just before a mention, make it a dependency. Words such as "the work in"
# or "implementing" may sit between the phrase and the mention.
_CUES = (
    r"until", r"till", r"unless", r"once", r"when", r"after", r"following",
    r"following\s+on\s+from", r"further\s+to", r"building\s+on", r"builds?\s+on",
    r"as\s+part\s+of", r"alongside", r"in\s+conjunction\s+with", r"in\s+tandem\s+with",
    r"together\s+with", r"jointly\s+with", r"subject\s+to", r"dependent\s+(?:up)?on",
    r"depends?\s+(?:up)?on", r"depending\s+(?:up)?on", r"relies\s+on", r"rely\s+on",
    r"reliant\s+on", r"contingent\s+(?:up)?on", r"conditional\s+(?:up)?on",
    r"having\s+(?:implemented|completed|met|achieved)",
    r"on\s+(?:the\s+)?completion\s+of", r"upon\s+(?:the\s+)?completion\s+of",
    r"informed\s+by",
)
_FILLER = (r"(?:the|this|that|these|its|our|their|all|any|work|works|activity|activities|"
           r"action|actions|progress|changes|steps|improvements|plan|plans|in|on|of|from|"
           r"under|to|for|by|with|set\s+out|made|described|required|needed|implementing|"
           r"implementation|completing|completion|delivering|delivery|meeting|achieving|"
           r"addressing|agreed|taken|carried\s+out|done|has|have|been|is|are|was|were)")
_BEFORE = re.compile(rf"\b(?P<cue>{'|'.join(_CUES)})(?:\s+{_FILLER}){{0,6}}\s+$", re.IGNORECASE)
# Mentions followed by these are dependencies too: "recommendation 2 must be met first".
_AFTER = re.compile(
    r"^\s*(?:(?:must|should|needs?\s+to|has\s+to|have\s+to)\s+be\s+"
    r"(?:implemented|completed|done|met|achieved|delivered|in\s+place|finished)\s+"
    r"(?:first|beforehand|before)"
    r"|(?:is|are)\s+a\s+(?:pre-?requisite|precondition|pre-condition))",
    re.IGNORECASE)
# Said of the mention after a cue: "until recommendation 2 has been fully implemented".
_DONE = re.compile(
    r"^\s+(?:is|are|has\s+been|have\s+been|was|were)\s+(?:fully\s+|properly\s+)?"
    r"(?:done|complete|completed|implemented|in\s+place|met|achieved|delivered|finished|"
    r"addressed|resolved)\b", re.IGNORECASE)
# A mention of another report's item: "of our 2019 report", "in the previous inspection".
_ELSEWHERE_AFTER = re.compile(
    r"^\s*(?:\(\s*\d{4}\s*\)|(?:of|in|from|made\s+in|within)\s+(?!this\b)"
    r"(?:our|the|an?|its|their|his|her|hmicfrs'?s?|hmic'?s?)\b[^.;:]{0,50}?"
    r"\b(?:report|inspection|review|revisit|publication|thematic))",
    re.IGNORECASE)
_ELSEWHERE_BEFORE = re.compile(
    r"\b(?:previous|earlier|former|prior|last\s+year'?s|original|\d{4}(?:\s+\w+){0,2}'s"
    r"|\d{4}|report'?s)\s+$", re.IGNORECASE)
# The end of the last sentence or clause before a mention bounds where a cue may be.
_CLAUSE_END = re.compile(r"[.;:!?]\s+|\n\s*\n")
_LOOKBACK = 120


@dataclass(frozen=True)
class Dependency:
    """Item ``item`` (its index in the list given) depends on item ``depends_on_kind`` number
    ``depends_on_number``; ``depends_on`` is that item's index when it is in the list.

    ``phrase`` is the words of the text that say so.
    """

    item: int
    kind: str
    number: str | None
    depends_on_kind: str
    depends_on_number: str
    depends_on: int | None
    phrase: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _field(item: Any, name: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(name)
    return getattr(item, name, None)


def _kind(word: str) -> str:
    word = " ".join(word.lower().split())
    if word.startswith("recommendation"):
        return "recommendation"
    if word.startswith("cause"):
        return "cause_of_concern"
    return "area_for_improvement"


def _norm_number(number: Any) -> str | None:
    if number is None:
        return None
    text = str(number).strip().lower().rstrip(".")
    return text or None


def _mentions(text: str) -> Iterable[tuple[re.Match[str], str, list[str]]]:
    for match in _REFERENCE.finditer(text):
        kind = _kind(match.group("kind"))
        numbers = [n.lower() for n in _NUMBER.findall(match.group("numbers"))]
        yield match, kind, numbers


def _clause_start(text: str, position: int) -> int:
    start = max(0, position - _LOOKBACK)
    ends = list(_CLAUSE_END.finditer(text, start, position))
    return ends[-1].end() if ends else start


def find_dependencies(items: Iterable[Any]) -> list[Dependency]:
    """The dependencies between ``items`` (mappings or objects with kind, number, text).

    Each is the index of the dependent item, the kind and number it depends on (and that
    item's index when it is among ``items``), and the phrase that says so. An item that
    names the same item twice gives one dependency.
    """
    listed = list(items)
    index = {(str(_field(it, "kind")), _norm_number(_field(it, "number"))): i
             for i, it in reversed(list(enumerate(listed)))}
    found: list[Dependency] = []
    for i, item in enumerate(listed):
        text = " ".join(str(_field(item, "text") or "").split())
        own = (str(_field(item, "kind")), _norm_number(_field(item, "number")))
        seen: set[tuple[str, str]] = set()
        for match, kind, numbers in _mentions(text):
            prefix = text[_clause_start(text, match.start()):match.start()]
            rest = text[match.end():]
            if _ELSEWHERE_AFTER.match(rest) or _ELSEWHERE_BEFORE.search(prefix):
                continue
            before = _BEFORE.search(prefix)
            after = _AFTER.match(rest)
            if before is None and after is None:
                continue
            start = match.start() - len(prefix) + before.start() if before else match.start()
            done = _DONE.match(rest)
            tail = after or done
            end = match.end() + tail.end() if tail else match.end()
            phrase = text[start:end].strip(" ,")
            for number in numbers:
                key = (kind, number)
                if key == own or key in seen:
                    continue
                seen.add(key)
                found.append(Dependency(
                    item=i, kind=own[0], number=_field(item, "number"), depends_on_kind=kind,
                    depends_on_number=number, depends_on=index.get(key), phrase=phrase))
    return found
