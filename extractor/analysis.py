"""The facts read from one item's clean text: deadline, addressees and how sure we are.

This is the one entry the segmenter calls, once per item::

    facts = analyse_item(text, kind="recommendation", inspected=None)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from extractor.addressees import addressees_from_doc, normalise_quotes
from extractor.deadlines import DeadlineAnalysis
from extractor.nlp import get_nlp
from hmic_actions.vocab import KINDS

FORCES_ID = "chief_constables"

# How much each doubt lowers the certainty of the text analysis (from 1.0).
PENALTIES = {
    "no_directive": 0.15,  # a recommendation or AFI without should/must/need to
    "no_addressee": 0.35,  # nobody found to act
    "addressee_inferred": 0.15,  # nobody is the subject of should/must; taken from context
    "addressee_default": 0.2,  # nobody named at all; a report on one force means that force
    "force_not_resolved": 0.2,  # "the force" told to act, but the document is not on one
    "unknown_body": 0.1,  # a body outside the vocabulary was kept (per body, at most 2)
    "deadline_unread": 0.3,  # a deadline phrase was seen but could not be read
    "deadline_conflict": 0.1,  # several deadlines that disagree
}


@dataclass
class ItemFacts:
    """What the text of one item says, in the contract's terms."""

    deadline: str | None = None  # ISO date
    deadline_text: str | None = None
    immediate: bool = False
    deadline_relative: str | None = None  # ISO 8601 duration
    addressees: list[str] = field(default_factory=list)
    addressees_other: list[str] = field(default_factory=list)
    applies_to_forces: bool = False
    certainty: float = 1.0  # 0-1: how sure the text analysis is
    doubts: list[str] = field(default_factory=list)  # keys of PENALTIES that applied


def analyse_item(text: str, *, kind: str, inspected: str | None = None,
                 names: Sequence[str] = ()) -> ItemFacts:
    """Read the deadline and addressees of one item and say how sure the reading is.

    ``text`` is the item's clean text (label removed, whitespace folded); ``kind`` is one
    of the contract's kinds; ``inspected`` is the id of the organisation the document is
    about, when it is about one force ("chief_constables") or one fire and rescue service
    ("fire_and_rescue_services"): "the force" or "the service" then means it, and so do
    ``names``, the document's own names for it (an abbreviation it defines). In such a
    document an item that names no body at all ("Supervisors should check ...") is taken
    to be for that organisation, with lower certainty; elsewhere a recommendation that tells
    nobody in particular to act ("There should be ...") has no addressee.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown item kind {kind!r}; expected one of {', '.join(KINDS)}")
    nlp = get_nlp()
    doc = nlp(normalise_quotes(text))
    deadlines: DeadlineAnalysis = doc.deadline
    found = addressees_from_doc(doc, nlp.get_pipe("hmic_addressees").vocabulary,
                                inspected=inspected, names=names,
                                guess=kind == "cause_of_concern")
    deadline = deadlines.deadline
    ids, other = list(found.ids), list(found.other)

    doubts: list[str] = []
    if inspected and not ids and not other:
        # In a document on one organisation, an item that names nobody is for it.
        ids = [inspected]
        doubts.append("addressee_default")
    directive = len(doc.spans.get("directives", [])) > 0
    if kind != "cause_of_concern":
        if not directive:
            doubts.append("no_directive")
        if not ids and not other:
            doubts.append("no_addressee")
        elif found.basis not in {"subject", "none"}:
            doubts.append("addressee_inferred")
    elif not ids:
        doubts.append("no_addressee")
    if found.this_body_ignored and not ids:
        doubts.append("force_not_resolved")
    doubts += ["unknown_body"] * min(len(other), 2)
    if deadlines.unparsed_only:
        doubts.append("deadline_unread")
    if deadlines.conflicting:
        doubts.append("deadline_conflict")
    certainty = 1.0 - sum(PENALTIES[d] for d in doubts)
    if kind == "cause_of_concern" and "no_addressee" in doubts:
        certainty += PENALTIES["no_addressee"] / 2  # concerns often name nobody

    return ItemFacts(
        deadline=deadline.date.isoformat() if deadline.date else None,
        deadline_text=deadline.text,
        immediate=deadline.immediate,
        deadline_relative=deadline.relative,
        addressees=ids,
        addressees_other=other,
        applies_to_forces=FORCES_ID in ids,
        certainty=round(min(1.0, max(0.05, certainty)), 3),
        doubts=doubts,
    )
