"""Fine scoring of one new item against one candidate tracked item.

The score (0-100) is the text similarity of the two items' content terms (see
:mod:`matching.text`) plus or minus the signals:

==================  ==========  ==============================================================
signal              points      when
==================  ==========  ==============================================================
text                0-100       0.4 weighted-word cosine + 0.35 rapidfuzz blend (0.4 token set
                                + 0.3 token sort + 0.3 partial ratio, rescaled so that the ~40
                                any two English texts reach is 0) + containment both ways:
                                0.15 the smaller share of either item's weighted words found
                                in the other, 0.1 the larger share once the shared words weigh
                                ``SHARED_MASS``
shared_names        up to +20   both name the same programme, operation or document (+14 for
                                the first, +4 for each further; less for a name many tracked
                                items share)
same_report_number  +20         same source report and the same number
quotes_number       +8          the new item quotes an earlier report's item with this number
names_item          up to +25   the text names this item ("recommendation 2 of our 2023
                                report"); when several tracked items fit the reference, the
                                closest in words (or the one making what the new item uses)
                                gets them all, the others need shared words
names_topic         +15         the text names the item by year and topic ("our 2021
                                recommendation on reviewing certificates")
names_report        +8          the text names this item's report year and the two share words
asks_again          +8          the old item's first ask is all in the new item
uses_what_it_makes  +10         the new item uses what the old one asks a body to produce
addressees          +3 / +1 /   same or shared bodies told to act (+1 when the only one is
                    -8          chief constables, whom nearly every item addresses) / none in
                                common and not close (not counted when one item uses what the
                                other asks another body to produce)
kind                +2 / -3     same kind / different kind
superseded          -4          the tracked item is already superseded by another
==================  ==========  ==============================================================

The relation is decided separately, and strictly for "same as":

- **same_as** — the same report and number (a re-issued or corrected copy), or a quote in a
  progress report of the item with the same number and close text, or text similarity at
  least ``Thresholds.same_as`` on token set with a close token sort and cosine; always the
  same kind, no conflicting addressees, and never a later report's own item re-stating it;
- **depends_on** — the new item uses what the old one asks a body to produce (the same kind
  of thing, and the producer named or the two about the same thing), or waits on the item it
  names ("once the Home Office has published the guidance in recommendation 4 of our 2021
  report");
- **supersedes** — a later report (or a later deadline) re-states the item in its own new
  item: high text similarity, or the text names the item and shares its words, or a later
  report (by year) asks again what the item first asked of the same, more or some of the same
  addressees, by a later date when the items have dates;
- **related** — anything else worth showing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz

from hmic_actions.bodies import current_vocabulary
from matching.depends import Dependency, Thing, as_written, cues, dependency
from matching.items import ItemText
from matching.settings import Thresholds
from matching.text import (
    NamedTerm,
    Reference,
    bodies_told,
    content_string,
    content_terms,
    deadline_in,
    depends_cue,
    fold,
    head_ask,
    name_keys,
    named_terms,
    references_in,
)
from matching.vocabulary import vocabulary

FUZZ_WEIGHTS = {"token_set": 0.4, "token_sort": 0.3, "partial": 0.3}
FUZZ_FLOOR = 40.0  # what rapidfuzz gives two unrelated texts: rescaled to 0
# The text figure: weighted-word cosine, the rapidfuzz blend, and containment both ways (the
# smaller share always; the larger share too once the shared words weigh enough, so that a
# long item cannot hide what it shares with a short one, but two or three common words in a
# short item do not make it look contained).
TEXT_WEIGHTS = {"cosine": 0.4, "fuzz": 0.35, "contained_min": 0.15, "contained_max": 0.1}
SHARED_MASS = 15.0  # weight of shared words from which the larger share counts in full
SAME_REPORT_NUMBER = 20.0
QUOTES_NUMBER = 8.0
NAMES_ITEM = 25.0
NAMES_ITEM_COSINE = 25.0  # cosine an ambiguous reference needs for the full points
NAMES_REPORT = 8.0
NAMES_TOPIC = 15.0  # the text names the item by its report's year and its topic
SHARED_NAME = 14.0  # both name the same rare programme, operation or document ...
SHARED_NAME_MORE = 4.0  # ... and for each further name they share
SHARED_NAME_MAX = 20.0
SHARED_NAME_RARE = 3  # a name in at most this many tracked items counts in full
SAME_ADDRESSEES = 3.0
COMMON_ONLY = 1.0
DISJOINT_ADDRESSEES = -8.0
ASKS_AGAIN = 8.0  # the old item's first ask is all in the new item
SAME_KIND = 2.0
OTHER_KIND = -3.0
SUPERSEDED = -4.0
USES_WHAT_IT_MAKES = 10.0  # the new item uses what the tracked one asks a body to produce
RESTATES = 60.0  # text similarity from which a later item re-states an earlier one
RESTATES_NAMED = 40.0  # ... when the later item also names it
ASKED_AGAIN = 90.0  # share of the old item's first ask a later report's item must repeat
WAITS_MAX = 80.0  # an item that waits on another re-states it only above this similarity
QUOTE_TEXT = 50.0  # text similarity a quoted item needs before its number counts
QUOTE_SAME_AS = RESTATES  # ... and to be the same item
DEPENDS_COSINE = 20.0  # weighted-word cosine two items need to be about the same thing
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
    names: tuple[NamedTerm, ...] = ()
    keys: tuple[str, ...] = ()  # the names' keys, compared like terms
    head: tuple = ()  # the terms of its first ask (an index keeps term ids instead)
    references: list[Reference] = field(default_factory=list)
    waits: str | None = None
    made: tuple[Thing, ...] = ()
    used: tuple[Thing, ...] = ()
    term_keys: dict | None = None  # term -> its key in the weights (set by an index)
    # The bodies told to act: the item's own list, else those its text tells to act (a
    # force's tracker often has no addressee column).
    addressees: list[str] = field(default_factory=list)


def prepare(item: ItemText, with_references: bool = False) -> Prepared:
    """Work out content terms, names, deadline, year, what the item asks to be produced, and
    (for new items, ``with_references``) references, dependency cues and what it uses."""
    terms = content_terms(item.text)
    addressees = list(item.addressees) or bodies_told(item.text)
    names = tuple(named_terms(item.text, addressees or None))
    made, used = cues(item.text)
    return Prepared(
        item=item,
        terms=tuple(terms),
        n_terms=len(terms),
        content=content_string(terms),
        deadline=item.deadline or deadline_in(item.text),
        year=item.year,
        title_key=fold(item.source_title) if item.source_title else None,
        names=names,
        keys=tuple(name_keys(names)),
        head=tuple(dict.fromkeys(content_terms(head_ask(item.text)))),
        references=references_in(item.text) if with_references else [],
        waits=depends_cue(item.text) if with_references else None,
        made=tuple(made),
        used=tuple(used) if with_references else (),
        addressees=addressees,
    )


def cosine(query: dict, doc: dict) -> float:
    """Cosine of two term -> weight maps."""
    dot = sum(w * doc[t] for t, w in query.items() if t in doc)
    if not dot:
        return 0.0
    norm = math.sqrt(sum(w * w for w in query.values()) * sum(w * w for w in doc.values()))
    return dot / norm if norm else 0.0


def contained(part: dict, whole: dict) -> float:
    """The share of ``part``'s weight whose terms ``whole`` has too (0-1)."""
    total = sum(part.values())
    return sum(w for t, w in part.items() if t in whole) / total if total else 0.0


def text_similarity(new: Prepared, old: Prepared, weights: tuple[dict, dict]) -> dict[str, float]:
    """The text figures for a pair: each rapidfuzz measure, the weighted-word cosine, how
    much of each item's weighted words the other has ("new_in_old", "old_in_new"), and
    their blend ("text")."""
    a, b = new.content, old.content
    if not a or not b:
        figures = {"token_set": 0.0, "token_sort": 0.0, "partial": 0.0}
    else:
        shorter = min(new.n_terms, old.n_terms)
        partial = fuzz.partial_ratio(a, b)
        if shorter < 4:  # a few words fit inside anything: trust the window less
            partial *= shorter / 4
        figures = {
            "token_set": fuzz.token_set_ratio(a, b),
            "token_sort": fuzz.token_sort_ratio(a, b),
            "partial": partial,
        }
    query, doc = weights
    figures["cosine"] = 100.0 * cosine(query, doc)
    figures["new_in_old"] = 100.0 * contained(query, doc)
    figures["old_in_new"] = 100.0 * contained(doc, query)
    # The old item's first ask found in the new item: is this the same ask again?
    head = {t: doc[t] for t in old.head if t in doc}
    figures["old_ask_in_new"] = 100.0 * contained(head, query) if head else 0.0
    blend = sum(w * figures[k] for k, w in FUZZ_WEIGHTS.items())
    rescaled = max(0.0, (blend - FUZZ_FLOOR) / (100.0 - FUZZ_FLOOR) * 100.0)
    shares = (figures["new_in_old"], figures["old_in_new"])
    mass = sum(w for t, w in query.items() if t in doc)
    figures["text"] = (TEXT_WEIGHTS["cosine"] * figures["cosine"]
                       + TEXT_WEIGHTS["fuzz"] * rescaled
                       + TEXT_WEIGHTS["contained_min"] * min(shares)
                       + TEXT_WEIGHTS["contained_max"] * max(shares)
                       * min(1.0, mass / SHARED_MASS))
    return {k: round(v, 1) for k, v in figures.items()}


def _kind_name(kind: str | None) -> str:
    return (kind or "item").replace("_", " ")


def _topic_in(ref: Reference, new: Prepared, doc: dict) -> bool:
    """Whether the old item (its weights ``doc``) has the words of the topic ``ref`` names
    ("our 2021 recommendation on reviewing certificates")."""
    if not ref.topic:
        return False
    keys = new.term_keys or {}
    terms = [keys.get(t, t) for t in content_terms(ref.topic)]
    return bool(terms) and all(t in doc for t in terms)


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


def later_report(new: Prepared, old: Prepared) -> str | None:
    """Why the new item's report is later than the old one's, or None (not later, unknown)."""
    a, b = new.item.source_published, old.item.source_published
    if a and b:
        return f"re-stated in a later report ({a.year} after {b.year})" if a > b else None
    if new.year and old.year and new.year > old.year:
        return f"re-stated in a later report ({new.year} after {old.year})"
    return None


def later_deadline(new: Prepared, old: Prepared) -> str | None:
    """Why the new item's deadline is later than the old one's, or None."""
    if new.deadline and old.deadline and new.deadline > old.deadline:
        return f"later deadline ({_day(new.deadline)} after {_day(old.deadline)})"
    return None


def _earlier(new: Prepared, old: Prepared) -> bool:
    """Whether the new item's report is known to come before the old one's."""
    a, b = new.item.source_published, old.item.source_published
    if a and b:
        return a < b
    return bool(new.year and old.year and new.year < old.year)


@dataclass(frozen=True)
class Scope:
    """How two items' addressees compare: ``how`` is same | wider | narrower | shared |
    close | different | unknown; ``shared`` the bodies both name."""

    how: str
    shared: tuple[str, ...]
    added: tuple[str, ...] = ()


def addressee_scope(new: list[str], old: list[str]) -> Scope:
    """Compare the bodies told to act: the same, more (wider: every old body is a new one or
    within one, "law enforcement bodies" taking in the National Crime Agency), fewer, some
    in common, close (forces and the national policing bodies acting for them), different."""
    if not new or not old:
        return Scope("unknown", ())
    vocab = vocabulary()
    shared = tuple(x for x in new if any(vocab.covers(x, y) or vocab.covers(y, x)
                                         for y in old))
    if set(new) == set(old):
        return Scope("same", shared)
    if not shared:
        close = any(vocab.close_bodies(x, y) for x in new for y in old)
        return Scope("close" if close else "different", ())
    if all(any(vocab.covers(x, y) for x in new) for y in old):
        added = tuple(x for x in new if not any(vocab.covers(x, y) or vocab.covers(y, x)
                                                for y in old))
        return Scope("wider", shared, added)
    if all(any(vocab.covers(y, x) for y in old) for x in new):
        return Scope("narrower", shared)
    return Scope("shared", shared)


def _addressee_reason(scope: Scope, new: list[str], old: list[str]) -> str:
    if scope.how == "same":
        return f"same addressees: {', '.join(scope.shared)}"
    if scope.how == "wider":
        added = f", and now {', '.join(scope.added)}" if scope.added else ""
        return f"wider addressees: {', '.join(scope.shared)}{added}"
    if scope.how == "close":
        return f"addressees that work together: {', '.join(new)} and {', '.join(old)}"
    if scope.how == "different":
        return f"different addressees: {', '.join(new)} vs {', '.join(old)}"
    return f"shared addressees: {', '.join(scope.shared)}"


def _shared_names(new: Prepared, old: Prepared, name_df: Mapping[str, int] | None
                  ) -> tuple[float, list[str]]:
    """Points for the named things both items mention (rarer names count more), and the
    names as the new item writes them."""
    old_keys = set(old.keys)
    shared: list[tuple[float, str]] = []
    for name in new.names:
        keys = [name.key, *name.aliases]
        hit = [k for k in keys if k in old_keys]
        if not hit:
            continue
        df = min((name_df or {}).get(k, 1) for k in hit)
        shared.append((min(1.0, SHARED_NAME_RARE / max(df, 1)), name.name))
    if not shared:
        return 0.0, []
    shared.sort(reverse=True)
    points = SHARED_NAME * shared[0][0] + sum(SHARED_NAME_MORE * r for r, _ in shared[1:])
    return min(SHARED_NAME_MAX, points), [n for _, n in shared]


def _clip(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _body_name(body_id: str) -> str:
    """A body as a sentence names it: "the College of Policing", "chief constables"."""
    name = (current_vocabulary().name_of(body_id) or body_id.replace("_", " ")).split(" (")[0]
    if name.endswith("s"):  # "Chief constables", "Local authorities"
        return name[0].lower() + name[1:]
    return name if name.startswith("NHS") else "the " + name


def _body_names(ids: list[str]) -> str:
    names = [_body_name(i) for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _dependency_reason(found: Dependency, producers: list[str], text: str) -> str:
    verb = found.made.verb.split()[0]
    asked = (f"that item asks {_body_names(producers)} to {verb}" if producers
             else "that item asks for")
    return (f"uses the {found.used.noun} {asked} "
            f"(\u201c{as_written(found.used.phrase, text)}\u201d)")


def compare(new: Prepared, old: Prepared, weights: tuple[dict, dict], thresholds: Thresholds,
            named_count: int = 1, name_df: Mapping[str, int] | None = None,
            named_closest: bool = False) -> tuple[float, str, list[str], dict]:
    """Score, relation, reasons and evidence for ``new`` against tracked ``old``.

    ``weights`` are the two items' term -> weight maps (any keys, the same for the same
    term); ``named_count`` is how many tracked items fit the reference that names ``old``
    (if any), and ``named_closest`` whether ``old`` is the closest of them in words;
    ``name_df`` how many tracked items have each name key.
    """
    figures = text_similarity(new, old, weights)
    text = figures["text"]
    evidence: dict = {"text": figures}
    reasons = [f"text {figures['token_set']:.0f}% alike (token set), "
               f"{figures['cosine']:.0f}% by weighted words"]
    bonus = 0.0
    a, b = new.item, old.item

    name_points, shared_names = _shared_names(new, old, name_df)
    if shared_names:
        bonus += name_points
        reasons.append(f"both name {', '.join(shared_names)}")
    evidence["shared_names"] = shared_names

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
        if how == "report" and named is None and _topic_in(ref, new, weights[1]):
            named = ("topic", ref)
        elif how == "report" and named is None and figures["cosine"] >= 15:
            named = ("report", ref)
    if named and named[0] == "item":
        # Several tracked items may fit "recommendation 3 of our 2023 report": the closest
        # in words, or the one making what the new item uses, is the one meant.
        makes_it = any(u.family == m.family for u in new.used for m in old.made)
        share = (1.0 if named_count <= 1 or named_closest or makes_it
                 else min(1.0, figures["cosine"] / NAMES_ITEM_COSINE))
        bonus += NAMES_ITEM * share
        reasons.append(f"names {named[1].describe()}" + (
            "" if named_count <= 1 else
            f" (the closest of {named_count} that fit)" if share == 1.0 else
            f" (one of {named_count} that fit)"))
    elif named:
        bonus += NAMES_TOPIC if named[0] == "topic" else NAMES_REPORT
        reasons.append(f"names {named[1].describe()}")
    evidence["names"] = named[0] if named else None

    scope = addressee_scope(new.addressees, old.addressees)
    addressees_conflict = scope.how == "different"
    evidence["addressees"] = {"shared": list(scope.shared), "conflict": addressees_conflict,
                              "scope": scope.how}

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

    same_report = bool(new.title_key and new.title_key == old.title_key)
    report_later, deadline_later = later_report(new, old), later_deadline(new, old)
    if same_report:  # items of one report do not re-state each other
        report_later = deadline_later = None
    later = report_later or deadline_later
    evidence["later"] = bool(later)
    waits = bool(new.waits and named and text < WAITS_MAX)
    if waits:
        reasons.append(f"waits on it: \u201c{new.waits}\u201d")
    evidence["waits_on"] = waits

    uses = None
    if new.used and old.made and not quoted and not _earlier(new, old):
        alike = figures["cosine"] >= DEPENDS_COSINE or bool(shared_names)
        uses = dependency(new.used, old.made, old.addressees, alike)
    if uses:
        bonus += USES_WHAT_IT_MAKES
        reasons.append(_dependency_reason(uses, old.addressees, a.text))
    evidence["uses_what_it_makes"] = bool(uses)
    depends = waits or bool(uses)

    # Bodies told to act: shared ones count for the pair; other bodies against it, unless
    # one item uses what the other asks another body to produce (then that is expected).
    # Bodies that work together (forces and the NPCC's programmes) count neither way.
    if scope.shared:
        weak = not set(scope.shared) - COMMON_ADDRESSEES
        bonus += COMMON_ONLY if weak else SAME_ADDRESSEES
    elif addressees_conflict and not depends:
        bonus += DISJOINT_ADDRESSEES
    if scope.how != "unknown":
        reasons.append(_addressee_reason(scope, new.addressees, old.addressees))

    asks_again = figures["old_ask_in_new"] >= ASKED_AGAIN and len(old.head) >= 2
    if asks_again:
        bonus += ASKS_AGAIN
        reasons.append(f"asks again what it asked: \u201c{_clip(head_ask(b.text))}\u201d")
    evidence["asks_again"] = asks_again
    restated = bool(later and not quoted and not same_report_number and not depends
                    and scope.how not in ("different", "close") and (
                        text >= RESTATES
                        or (named and named[0] == "item" and text >= RESTATES_NAMED)))
    # A later report asking the same of the same (or more) bodies, by a later date when the
    # items have dates (areas for improvement usually have none).
    undated = new.deadline is None and old.deadline is None
    asked_again = bool(report_later and (deadline_later or undated) and not quoted
                       and not depends and not same_report_number and kind_ok and scope.shared
                       and asks_again)
    restates = restated or asked_again
    if restates:
        reasons.append(later)
        if report_later and deadline_later and later != deadline_later:
            reasons.append(deadline_later)
        if asked_again and not restated:
            reasons.append("the same ask of " + (
                "the same addressees" if scope.how == "same" else
                "more addressees" if scope.how == "wider" else
                "some of the same addressees") + (", by a later date" if deadline_later
                                                  else " in a later report"))
    evidence["restates"] = restates

    strict = (figures["token_set"] >= thresholds.same_as
              and figures["token_sort"] >= thresholds.same_as - 15
              and figures["cosine"] >= thresholds.same_as - 20
              and kind_ok and not addressees_conflict)
    evidence["strict_text"] = strict
    compatible = kind_ok and not addressees_conflict
    copy = same_report_number and compatible and text >= RESTATES  # corrected or re-issued copy
    quote = quotes_number and compatible and text >= QUOTE_SAME_AS  # a progress report quotes it
    if copy or quote or (strict and (quoted or not later) and not depends):
        relation = "same_as"
    elif depends:
        relation = "depends_on"
    elif restates:
        relation = "supersedes"
    else:
        relation = "related"
    score = max(0.0, min(100.0, text + bonus))
    evidence["bonus"] = round(bonus, 1)
    return score, relation, reasons, evidence
