"""Fine scoring of one new item against one candidate tracked item.

The score (0-100) is the text similarity of the two items' content terms (see
:mod:`matching.text`) plus or minus the signals:

==================  ==========  ==============================================================
signal              points      when
==================  ==========  ==============================================================
text                0-100       half the IDF-weighted cosine of the terms, half the rapidfuzz
                                blend (0.4 token set + 0.3 token sort + 0.3 partial ratio)
                                rescaled so that the ~40 any two English texts reach is 0
same_report_number  +20         same source report and the same number
quotes_number       +8          the new item quotes an earlier report's item with this number
names_item          up to +25   the text names this item ("recommendation 2 of our 2023
                                report"); when several tracked items fit the reference, the
                                points need shared words (full at a cosine of 25)
names_report        +8          the text names this item's report year ("our 2021
                                recommendation on ...") and the two share content
addressees          +3 / +1 /   same or shared bodies told to act (+1 when the only one is
                    -8          chief constables, whom nearly every item addresses) / none in
                                common (the same words told to another body are another item)
kind                +2 / -3     same kind / different kind
superseded          -4          the tracked item is already superseded by another
==================  ==========  ==============================================================

The relation is decided separately, and strictly for "same as":

- **same_as** — the same report and number (a re-issued or corrected copy), or a quote in a
  progress report of the item with the same number and close text, or text similarity at
  least ``Thresholds.same_as`` on token set with a close token sort and cosine; always the
  same kind, no conflicting addressees, and never a later report's own item re-stating it;
- **supersedes** — a later report (later publication or later deadline) re-states the item
  in its own new item: high text similarity, or the text names the item and shares its words;
- **related** — anything else worth showing, including an item that waits on this one
  ("once the Home Office has published the guidance in recommendation 4 of our 2021 report").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from matching.items import ItemText
from matching.settings import Thresholds
from matching.text import (
    Reference,
    content_string,
    content_terms,
    deadline_in,
    depends_cue,
    fold,
    references_in,
)

FUZZ_WEIGHTS = {"token_set": 0.4, "token_sort": 0.3, "partial": 0.3}
FUZZ_FLOOR = 40.0  # what rapidfuzz gives two unrelated texts: rescaled to 0
SAME_REPORT_NUMBER = 20.0
QUOTES_NUMBER = 8.0
NAMES_ITEM = 25.0
NAMES_ITEM_COSINE = 25.0  # cosine an ambiguous reference needs for the full points
NAMES_REPORT = 8.0
SAME_ADDRESSEES = 3.0
COMMON_ONLY = 1.0
DISJOINT_ADDRESSEES = -8.0
SAME_KIND = 2.0
OTHER_KIND = -3.0
SUPERSEDED = -4.0
RESTATES = 60.0  # text similarity from which a later item re-states an earlier one
RESTATES_NAMED = 40.0  # ... when the later item also names it
WAITS_MAX = 80.0  # an item that waits on another re-states it only above this similarity
QUOTE_TEXT = 50.0  # text similarity a quoted item needs before its number counts
QUOTE_SAME_AS = RESTATES  # ... and to be the same item
# Bodies told to act in nearly every item: sharing only these is weak evidence.
COMMON_ADDRESSEES = frozenset({"chief_constables"})


@dataclass(slots=True)
class Prepared:
    """An item with everything scoring needs worked out once."""

    item: ItemText
    terms: tuple[str, ...]  # kept for new items; an index keeps term ids instead
    n_terms: int
    content: str
    deadline: date | None
    year: int | None
    title_key: str | None
    references: list[Reference] = field(default_factory=list)
    waits: str | None = None


def prepare(item: ItemText, with_references: bool = False) -> Prepared:
    """Work out content terms, deadline, year and (for new items) references and cues."""
    terms = content_terms(item.text)
    published = item.source_published
    return Prepared(
        item=item,
        terms=tuple(terms),
        n_terms=len(terms),
        content=content_string(terms),
        deadline=item.deadline or deadline_in(item.text),
        year=published.year if published else None,
        title_key=fold(item.source_title) if item.source_title else None,
        references=references_in(item.text) if with_references else [],
        waits=depends_cue(item.text) if with_references else None,
    )


def cosine(query: dict, doc: dict) -> float:
    """Cosine of two term -> weight maps."""
    dot = sum(w * doc[t] for t, w in query.items() if t in doc)
    if not dot:
        return 0.0
    norm = math.sqrt(sum(w * w for w in query.values()) * sum(w * w for w in doc.values()))
    return dot / norm if norm else 0.0


def text_similarity(new: Prepared, old: Prepared, weights: tuple[dict, dict]) -> dict[str, float]:
    """The text figures for a pair: each rapidfuzz measure, the cosine and their blend."""
    a, b = new.content, old.content
    if not a or not b:
        figures = {"token_set": 0.0, "token_sort": 0.0, "partial": 0.0, "cosine": 0.0}
    else:
        shorter = min(new.n_terms, old.n_terms)
        partial = fuzz.partial_ratio(a, b)
        if shorter < 4:  # a few words fit inside anything: trust the window less
            partial *= shorter / 4
        figures = {
            "token_set": fuzz.token_set_ratio(a, b),
            "token_sort": fuzz.token_sort_ratio(a, b),
            "partial": partial,
            "cosine": 100.0 * cosine(*weights),
        }
    blend = sum(w * figures[k] for k, w in FUZZ_WEIGHTS.items())
    rescaled = max(0.0, (blend - FUZZ_FLOOR) / (100.0 - FUZZ_FLOOR) * 100.0)
    figures["text"] = 0.5 * figures["cosine"] + 0.5 * rescaled
    return {k: round(v, 1) for k, v in figures.items()}


def _kind_name(kind: str | None) -> str:
    return (kind or "item").replace("_", " ")


def _names(ref: Reference, old: Prepared) -> str | None:
    """How ``ref`` points at ``old``: "item" (number and year), "report" (year) or None."""
    if old.year is None or ref.year != old.year:
        return None
    if ref.number is not None:
        kind_ok = ref.kind is None or old.item.kind is None or ref.kind == old.item.kind
        return "item" if kind_ok and ref.number == (old.item.number or "") else None
    return "report"


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _later(new: Prepared, old: Prepared) -> str | None:
    """Why the new item is later than the old one, or None when it is not (or unknown)."""
    a, b = new.item.source_published, old.item.source_published
    if a and b and a > b:
        return f"re-stated in a later report ({a.year} after {b.year})"
    if new.deadline and old.deadline and new.deadline > old.deadline:
        return f"later deadline ({_day(new.deadline)} after {_day(old.deadline)})"
    return None


def compare(new: Prepared, old: Prepared, weights: tuple[dict, dict], thresholds: Thresholds,
            named_count: int = 1) -> tuple[float, str, list[str], dict]:
    """Score, relation, reasons and evidence for ``new`` against tracked ``old``.

    ``weights`` are the two items' term -> IDF maps (any keys, the same for the same term);
    ``named_count`` is how many tracked items fit the reference that names ``old`` (if any).
    """
    figures = text_similarity(new, old, weights)
    text = figures["text"]
    evidence: dict = {"text": figures}
    reasons = [f"text {figures['token_set']:.0f}% alike (token set), "
               f"{figures['cosine']:.0f}% by weighted words"]
    bonus = 0.0
    a, b = new.item, old.item

    same_report_number = bool(new.title_key and new.title_key == old.title_key
                              and a.number and a.number == b.number)
    if same_report_number:
        bonus += SAME_REPORT_NUMBER
        reasons.append(f"same report and number: {_kind_name(b.kind)} {b.number}")
    evidence["same_report_number"] = same_report_number

    quoted = a.origin == "earlier_report"
    quotes_number = bool(quoted and a.number and a.number == b.number and text >= QUOTE_TEXT
                         and not same_report_number)
    if quotes_number:
        bonus += QUOTES_NUMBER
        reasons.append(f"quotes an earlier {_kind_name(b.kind)} {b.number}")
    evidence["quotes_number"] = quotes_number

    named = None
    for ref in new.references:
        how = _names(ref, old)
        if how == "item":
            named = ("item", ref)
            break
        if how == "report" and named is None and figures["cosine"] >= 15:
            named = ("report", ref)
    if named and named[0] == "item":
        share = 1.0 if named_count <= 1 else min(1.0, figures["cosine"] / NAMES_ITEM_COSINE)
        bonus += NAMES_ITEM * share
        reasons.append(f"names {named[1].describe()}"
                       + ("" if named_count <= 1 else f" (one of {named_count} that fit)"))
    elif named:
        bonus += NAMES_REPORT
        reasons.append(f"names {named[1].describe()}")
    evidence["names"] = named[0] if named else None

    new_bodies, old_bodies = set(a.addressees), set(b.addressees)
    shared = [x for x in a.addressees if x in old_bodies]
    addressees_conflict = bool(new_bodies and old_bodies and not shared)
    if shared:
        weak = not set(shared) - COMMON_ADDRESSEES
        bonus += COMMON_ONLY if weak else SAME_ADDRESSEES
        same = new_bodies == old_bodies
        reasons.append(f"{'same' if same else 'shared'} addressees: {', '.join(shared)}")
    elif addressees_conflict:
        bonus += DISJOINT_ADDRESSEES
        reasons.append(f"different addressees: {', '.join(a.addressees)} vs "
                       f"{', '.join(b.addressees)}")
    evidence["addressees"] = {"shared": shared, "conflict": addressees_conflict}

    kind_ok = a.kind is None or b.kind is None or a.kind == b.kind
    if a.kind and b.kind:
        if a.kind == b.kind:
            bonus += SAME_KIND
            reasons.append(f"same kind: {_kind_name(a.kind)}")
        else:
            bonus += OTHER_KIND
            reasons.append(f"different kind: {_kind_name(a.kind)} vs {_kind_name(b.kind)}")
    evidence["same_kind"] = kind_ok

    if b.status == "superseded":
        bonus += SUPERSEDED
        reasons.append("the tracked item is already superseded")

    later = _later(new, old)
    evidence["later"] = bool(later)
    waits = bool(new.waits and named and text < WAITS_MAX)
    if waits:
        reasons.append(f"waits on it: \u201c{new.waits}\u201d")
    evidence["waits_on"] = waits
    restates = bool(later and not quoted and not same_report_number and not waits and (
        text >= RESTATES or (named and named[0] == "item" and text >= RESTATES_NAMED)))
    if restates:
        reasons.append(later)
    evidence["restates"] = restates

    strict = (figures["token_set"] >= thresholds.same_as
              and figures["token_sort"] >= thresholds.same_as - 15
              and figures["cosine"] >= thresholds.same_as - 20
              and kind_ok and not addressees_conflict)
    evidence["strict_text"] = strict
    compatible = kind_ok and not addressees_conflict
    copy = same_report_number and compatible and text >= RESTATES  # corrected or re-issued copy
    quote = quotes_number and compatible and text >= QUOTE_SAME_AS  # a progress report quotes it
    if copy or quote or (strict and (quoted or not later) and not waits):
        relation = "same_as"
    elif restates:
        relation = "supersedes"
    else:
        relation = "related"
    score = max(0.0, min(100.0, text + bonus))
    evidence["bonus"] = round(bonus, 1)
    return score, relation, reasons, evidence
