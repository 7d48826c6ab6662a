"""Where an item comes from: made by the document read, or quoted from an earlier one.

Three kinds of evidence, from the widest to the closest:

- **The document's voice.** The inspectorate's own reports speak of their items in the
  first person ("we recommend", "we make six recommendations"). A paper by someone else — a
  committee report, a force's or a service's progress page or tracker, a web page — speaks
  of the inspectorate in the third person as the one that inspected, published or made
  recommendations ("HMICFRS published its report", "HMIC will produce"); every item it
  holds is quoted. A police and crime commissioner's statutory response (or a force's)
  stands for the report it answers: its items keep this report as their origin.
- **The sentence that introduces items.** "On 13 September we issued the cause of concern
  and made the following recommendations:" introduces quoted items; "We make the following
  recommendations:" this document's own. A heading such as "Background" or "Our 2023
  recommendations" (in a 2025 report) opens a part that quotes.
- **The item itself**: a status printed with it, or a label qualified as "Previous".
"""

from __future__ import annotations

import re

QUOTING, RESPONDING, OWN = "quoting", "responding", "own"

_INSPECTORATE = (
    r"(?:HMICFRS|HMIC|HMI|the inspectorate|(?:His|Her) Majesty's Inspectorate"
    r"(?: of Constabulary)?(?: and Fire (?:&|and) Rescue Services)?|HM Inspectorate"
    r"(?: of Constabulary)?(?: and Fire (?:&|and) Rescue Services)?)")
# The inspectorate in the third person, as the one that inspected, reported or recommended:
# what a paper by someone else says of it.
_THIRD_PERSON = re.compile(
    rf"\b{_INSPECTORATE}(?:'s)?\)?,?\s+(?:\w+\s+){{0,2}}?"
    r"(?:published|produced|made|issued|identified|highlighted|inspected|carried out|found"
    r"|set out|recommended|reported|visited|undertook|rated|graded|judged|gave)\b"
    rf"|\b(?:report|recommendations?|inspection|findings|feedback) (?:received )?from "
    rf"{_INSPECTORATE}\b"
    rf"|\b(?:underwent|received) an? (?:\w+\s+){{0,3}}inspection by {_INSPECTORATE}",
    re.IGNORECASE)
# ... and, weaker, the inspectorate spoken of at all ("HMIC will publish", "the HMIC report"):
# enough only in a paper that names itself as one (below).
_MENTIONED = re.compile(rf"\b{_INSPECTORATE}(?:'s)?\)?\s+(?:\w+\s+){{0,2}}?(?:will|report|"
                        r"reports|activity|inspection|inspections|update)\b", re.IGNORECASE)
# A paper that says what it is: a committee's or a board's, a progress page, an action plan.
_PAPER = re.compile(
    r"\b(?:report to the|agenda item|committee|panel|board|progress|update|action plan"
    r"|actions|our response|improvement plan|tracker)\b", re.IGNORECASE)
# The inspectorate speaking of its own items.
_FIRST_PERSON = re.compile(
    r"\bwe (?:now |therefore |also )?recommend\b"
    r"|\bwe (?:make|are making|have made) (?:the following|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|\d+|a|an)\b[^.]{0,40}\b(?:recommendations?|areas? for improvement)\b"
    r"|\bour (?:new )?recommendations? (?:is|are)\b", re.IGNORECASE)
_RESPONSE_TITLE = re.compile(
    r"\bresponse\b|\bsection 55\b|\bcomments? (?:on|in response to)\b", re.IGNORECASE)
_RESPONDER = re.compile(
    r"\bpolice(?:,| and)? (?:fire and )?crime commissioner|\bPF?CC\b|\bsection 55\b"
    r"|\bchief constable'?s? response\b", re.IGNORECASE)

# Words in a heading that say the part quotes an earlier report.
EARLIER = re.compile(
    r"\b(previous|earlier|original|prior|last|past|outstanding|background)\b"
    r"|\b(from|in) (our|the|its|their) (19|20)\d\d\b|\b(19|20)\d\d (report|inspection)\b"
    r"|\bprogress (against|on|with)\b",
    re.IGNORECASE,
)
THIS_REPORT = re.compile(r"\b(this|new|current) (report|inspection|recommendations?)\b|\bnew\b",
                         re.IGNORECASE)
# A heading that opens a part about an earlier inspection, with no items in its name.
EARLIER_PART = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:background|context|the (?:original|earlier|previous) "
    r"(?:inspection|report)|what we found (?:in|at|during) (?:our|the) (?:last|previous|earlier)"
    r"(?: inspection)?)\b", re.IGNORECASE)

_KINDS = (r"(?:recommendations?|areas? for improvement|afis?|causes? of concern"
          r"|concerns?)")
_MENTIONS_ITEMS = re.compile(rf"\b{_KINDS}\b|\brecommend(?:ed)? that\b", re.IGNORECASE)
_MADE_BEFORE = re.compile(
    r"(?<!\bhave )(?<!\bhas )(?<!\bwill )(?<!\bto )\b(?:made|issued|identified|set out|included"
    r"|highlighted|raised|gave|listed|contained|published|produced|shared|found|were|was"
    r"|recommended)\b", re.IGNORECASE)
# When it was done: a year, a month, "our last inspection", "the report" ...
_TIME_BEFORE = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December|spring|summer|autumn|winter)\b|\b(?:last|previous|earlier"
    r"|original|first|prior|that|the|its|their|our) (?:inspection|report|visit|letter)\b"
    r"|\bago\b|\bat the time\b", re.IGNORECASE)
_MADE_NOW = re.compile(
    r"\bwe (?:now |therefore |also )?(?:recommend|make|are making|have made)\b"
    r"|\b(?:new|further|additional) (?:recommendations?|areas? for improvement"
    r"|causes? of concern)\b", re.IGNORECASE)


def document_voice(text: str, title: str | None = None) -> str:
    """OWN for the inspectorate's own documents, QUOTING for papers by others that quote its
    items, RESPONDING for a statutory response that stands for the report it answers.

    ``text`` is the document's body text; ``title`` its title as printed.
    """
    head = f"{title or ''} {text[:3000]}"
    if _RESPONSE_TITLE.search(title or "") and _RESPONDER.search(head):
        return RESPONDING
    if _FIRST_PERSON.search(text):
        return OWN
    paper = _PAPER.search(f"{title or ''} {text[:600]}")
    if _THIRD_PERSON.search(text) or (paper and _MENTIONED.search(text)):
        return QUOTING
    return OWN


def introduces_items(sentence: str) -> bool:
    """Whether a sentence ends in ":" and speaks of items: what follows it are items."""
    return sentence.rstrip().endswith(":") and bool(_MENTIONS_ITEMS.search(sentence))


def introduction(text: str) -> str | None:
    """What a paragraph ending in ":" says of the items after it: "earlier" (made before:
    said in the past tense, with a time it was done — "On 2 May we issued the cause of
    concern and made the following recommendations:"), "this" (made now), or None when it
    introduces no items or does not say."""
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip())[-1]
    if not introduces_items(sentence):
        return None
    if _MADE_NOW.search(sentence):
        return "this"
    if _MADE_BEFORE.search(sentence):
        return "earlier" if _TIME_BEFORE.search(text) else None
    return "this"


def intro_kind(text: str) -> str | None:
    """The kind of item a sentence ending in ":" introduces: the kind it names after "the
    following" (or before "were:"), else the first it names; None when it names none."""
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip())[-1]
    if re.search(r"\brecommend(?:ed)? that\s*:?\s*$", sentence, re.IGNORECASE):
        return "recommendation"
    found = None
    for pattern in (rf"\b({_KINDS})\s+(?:were|are|was|is)\s*:",
                    rf"\bfollowing\s+(?:\w+\s+){{0,2}}?({_KINDS})\b",
                    rf"\b(?:these|those)\s+(?:\w+\s+){{0,2}}?({_KINDS})\b",
                    rf"\b({_KINDS})\b"):
        found = re.search(pattern, sentence, re.IGNORECASE)
        if found:
            break
    if found is None:
        return None
    word = found.group(1).lower()
    if word.startswith(("area", "afi")):
        return "area_for_improvement"
    if word.startswith(("cause", "concern")):
        return "cause_of_concern"
    return "recommendation"


def names_earlier_report(text: str, published_year: int | None) -> bool:
    """Whether a heading says the part quotes an earlier report ("Previous recommendations",
    "Recommendations from our 2022 report", a year before this report's)."""
    if THIS_REPORT.search(text):
        return False
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text)]
    older = published_year is not None and any(y < published_year for y in years)
    return bool(EARLIER.search(text)) or older
