"""An incremental index of tracked items and the search for a new item's best candidates.

Search runs in two steps:

1. **Prefilter** (inverted index): each content term keeps a compact array of the slots of
   the items that contain it. A new item's terms add ``idf(term)**2`` to those slots (numpy
   over the arrays), divided by the square root of each item's term count; the best
   ``Thresholds.prefilter`` slots go on, together with the items the text names explicitly
   ("recommendation 2 of our 2023 report") and items from the same report with the same
   number, which the prefilter could miss.
2. **Fine scoring** (:mod:`matching.scoring`): rapidfuzz measures, weighted cosine and the
   signals, on those few candidates only.

Memory grows linearly with the items: per item its text record, its content string and one
4-byte slot entry per distinct content term (stop words and boilerplate are never indexed).
``remove`` takes the item's slot out of its terms' arrays at once and the slot is reused, so
nothing accumulates however often items change (a word no item uses any more keeps an empty
array: the vocabulary only grows with new words).
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator

import numpy as np

from matching.items import ItemText, MatchResult, Suggestion
from matching.scoring import Prepared, compare, cosine, prepare
from matching.settings import Thresholds
from matching.text import fold
from matching.vocabulary import vocabulary

# A best candidate under the floor is still shown when it is clearly the closest: at least
# CLEAR_MIN points and CLEAR_LEAD times the runner-up's score. On the gold set
# (samples/matching/gold.json) no unrelated item's best candidate under the floor leads its
# runner-up by more than 1.7 times, so such a lead marks a reworded item's right match.
CLEAR_MIN = 12.0
CLEAR_LEAD = 2.0
CLEAR_FIELD = 5  # ... among at least this many candidates compared


class MatchIndex:
    """Tracked items, searchable for the candidates a new item may link to."""

    def __init__(self, items: Iterable[ItemText] = (), thresholds: Thresholds | None = None):
        self.thresholds = thresholds or Thresholds.from_env()
        self._term_ids: dict[str, int] = {}
        self._postings: list[array] = []  # term id -> slots (array of int32)
        self._docs: list[Prepared | None] = []  # slot -> prepared item
        self._doc_terms: list[array | None] = []  # slot -> distinct term ids
        self._norm = array("f")  # slot -> 1/sqrt(distinct terms), 0 for a free slot
        self._prior = array("f")  # term id -> how much the term counts beside its rarity
        self._is_name = array("b")  # term id -> 1 for a name's key ("#operat_clearwat")
        self._slot_of: dict[str | int, int] = {}
        self._free: list[int] = []
        self._by_number_year: dict[tuple[str, int], set[int]] = defaultdict(set)
        self._by_title_number: dict[tuple[str, str], set[int]] = defaultdict(set)
        self._titles: dict[str, str] = {}  # one copy of each report title key
        for item in items:
            self.add(item)

    # ----------------------------------------------------------------- contents

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._slot_of

    def __iter__(self) -> Iterator[ItemText]:
        return (doc.item for doc in self._docs if doc is not None)

    def get(self, item_id: str | int) -> ItemText | None:
        slot = self._slot_of.get(item_id)
        return None if slot is None else self._docs[slot].item

    def add(self, item: ItemText) -> None:
        """Index a tracked item. Raises ValueError if its id is already indexed."""
        if item.id in self._slot_of:
            raise ValueError(f"item {item.id!r} is already indexed (use update)")
        doc = prepare(item)
        term_ids = array("i", sorted({self._term_id(t) for t in (*doc.terms, *doc.keys)}))
        doc.terms = ()  # the term ids stand for them
        doc.head = array("i", (self._term_ids[t] for t in doc.head if t in self._term_ids))
        if doc.title_key:
            doc.title_key = self._titles.setdefault(doc.title_key, doc.title_key)
        if self._free:
            slot = self._free.pop()
            self._docs[slot], self._doc_terms[slot] = doc, term_ids
            self._norm[slot] = _norm(len(term_ids))
        else:
            slot = len(self._docs)
            self._docs.append(doc)
            self._doc_terms.append(term_ids)
            self._norm.append(_norm(len(term_ids)))
        for term in term_ids:
            self._postings[term].append(slot)
        self._slot_of[item.id] = slot
        for key, table in self._keys(doc):
            table[key].add(slot)

    def remove(self, item_id: str | int) -> None:
        """Take an item out of the index. Raises KeyError if it is not there."""
        slot = self._slot_of.pop(item_id)
        doc, term_ids = self._docs[slot], self._doc_terms[slot]
        for term in term_ids:
            self._postings[term].remove(slot)
        for key, table in self._keys(doc):
            table[key].discard(slot)
            if not table[key]:
                del table[key]
        self._docs[slot] = self._doc_terms[slot] = None
        self._norm[slot] = 0.0
        self._free.append(slot)

    def update(self, item: ItemText) -> None:
        """Replace the indexed item with the same id (or add it if it is new)."""
        if item.id in self._slot_of:
            self.remove(item.id)
        self.add(item)

    def _term_id(self, term: str) -> int:
        term_id = self._term_ids.get(term)
        if term_id is None:
            term_id = self._term_ids[term] = len(self._postings)
            self._postings.append(array("i"))
            self._prior.append(vocabulary().term_weight(term))
            self._is_name.append(term.startswith("#"))
        return term_id

    def _keys(self, doc: Prepared):
        number = doc.item.number
        if number and doc.year is not None:
            yield (number, doc.year), self._by_number_year
        if number and doc.title_key:
            yield (doc.title_key, number), self._by_title_number

    # ----------------------------------------------------------------- search

    def _idf(self, term_id: int | None) -> float:
        df = len(self._postings[term_id]) if term_id is not None else 0
        return math.log((len(self._slot_of) + 1) / (df + 0.5))

    def _weight(self, term_id: int) -> float:
        """A term's weight: its rarity (IDF) times how much its kind of word counts."""
        return self._idf(term_id) * self._prior[term_id]

    def _prefilter(self, query: Prepared, limit: int) -> list[int]:
        """The slots of the ``limit`` items sharing the most weighted terms with ``query``."""
        term_ids = {self._term_ids[t] for t in (*query.terms, *query.keys)
                    if t in self._term_ids}
        term_ids = [t for t in term_ids if len(self._postings[t])]
        if not term_ids:
            return []
        scores = np.zeros(len(self._docs), dtype=np.float32)
        for term in term_ids:
            slots = np.frombuffer(self._postings[term], dtype=np.int32)
            scores[slots] += self._weight(term) ** 2
        scores *= np.frombuffer(self._norm, dtype=np.float32)
        if np.count_nonzero(scores) <= limit:
            return np.flatnonzero(scores).tolist()
        # The smallest of the negated scores: numpy's introselect is far slower picking the
        # largest when most entries are equal zeros.
        return np.argpartition(-scores, limit)[:limit].tolist()

    def _query_weights(self, terms: Iterable[str]) -> dict[int | str, float]:
        """Weight per distinct term, keyed by term id (by the term itself if not indexed)."""
        weights: dict[int | str, float] = {}
        priors = vocabulary()
        for term in terms:
            term_id = self._term_ids.get(term)
            weights[term if term_id is None else term_id] = (
                self._idf(None) * priors.term_weight(term) if term_id is None
                else self._weight(term_id))
        return weights

    def _doc_weights(self, slot: int) -> dict[int, float]:
        """The tracked item's term weights (its names' keys left out: they count through
        the shared-name signal)."""
        return {t: self._weight(t) for t in self._doc_terms[slot] if not self._is_name[t]}

    def _name_df(self, keys: Iterable[str]) -> dict[int | str, int]:
        """How many tracked items have each name key, keyed as the weights are."""
        found: dict[int | str, int] = {}
        for key in keys:
            term_id = self._term_ids.get(key)
            found[key] = 0 if term_id is None else len(self._postings[term_id])
        return found

    def suggest(self, item: ItemText, top: int = 5) -> MatchResult:
        """The best ``top`` candidates among the tracked items for new ``item``.

        Never raises for a bad item: the result's state is "failed" with the reason.
        """
        try:
            return self._suggest(item, top)
        except Exception as exc:  # one bad draft must not stop a report's matching
            return MatchResult(state="failed",
                               reason=f"{type(exc).__name__}: {' '.join(str(exc).split())}")

    def suggest_many(self, items: Iterable[ItemText], top: int = 5) -> list[MatchResult]:
        return [self.suggest(item, top) for item in items]

    def _suggest(self, item: ItemText, top: int) -> MatchResult:
        if not isinstance(item, ItemText):
            return MatchResult(state="failed",
                               reason=f"expected an ItemText, got {type(item).__name__}")
        if not isinstance(item.text, str) or not item.text.strip():
            return MatchResult(state="failed", reason="the item has no text to match")
        if not self._slot_of:
            return MatchResult(state="no_candidate", reason="no tracked items to match against")
        query = prepare(item, with_references=True)
        query.term_keys = {t: self._term_ids.get(t, t) for t in query.terms}
        slots = set(self._prefilter(query, self.thresholds.prefilter))
        for ref in query.references:
            if ref.number is not None:
                slots |= self._by_number_year.get((ref.number, ref.year), set())
        if item.number and item.source_title:
            slots |= self._by_title_number.get((fold(item.source_title), item.number), set())
        slots.discard(self._slot_of.get(item.id, -1))  # an item is not its own candidate
        if not slots:
            reason = ("the text has no distinctive words" if not query.terms
                      else "no tracked item shares its distinctive words")
            return MatchResult(state="no_candidate", reason=reason)

        query_weights = self._query_weights(query.terms)
        name_df = self._name_df(query.keys)
        doc_weights = {slot: self._doc_weights(slot) for slot in slots}
        named_counts: dict[tuple[str, int], int] = {}
        closest: set[int] = set()
        for ref in query.references:
            fitting = self._by_number_year.get((ref.number, ref.year), set()) & slots
            if ref.number is None or not fitting:
                continue
            named_counts[(ref.number, ref.year)] = len(fitting)
            # Of several items that fit the reference, the one closest in words is meant.
            closest.add(max(sorted(fitting), key=lambda s: cosine(query_weights,
                                                                  doc_weights[s])))
        scored = []
        for slot in slots:
            doc = self._docs[slot]
            named_count = named_counts.get((doc.item.number, doc.year), 1)
            score, relation, reasons, evidence = compare(
                query, doc, (query_weights, doc_weights[slot]), self.thresholds,
                named_count=named_count, name_df=name_df, named_closest=slot in closest)
            scored.append((score, str(doc.item.id), slot, relation, reasons, evidence))
        scored.sort(key=lambda s: (-s[0], s[1]))
        best_score = scored[0][0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        clear = (best_score < self.thresholds.floor and best_score >= CLEAR_MIN
                 and best_score >= CLEAR_LEAD * runner_up and len(scored) >= CLEAR_FIELD)
        if clear:
            scored[0][4].append(
                f"clearly the closest of the {len(scored)} tracked items compared"
                + (f" ({best_score / runner_up:.1f} times the next best score)"
                   if runner_up else ""))
            scored[0][5]["clearly_closest"] = True
        candidates = []
        for rank, (score, _, slot, relation, reasons, evidence) in enumerate(scored[:top]):
            if score < self.thresholds.floor and not (clear and rank == 0):
                break
            margin = score - (runner_up if rank == 0 else best_score)
            evidence["margin"] = round(margin, 1)
            candidates.append(Suggestion(
                tracked_id=self._docs[slot].item.id, score=round(score, 1), relation=relation,
                band=self.thresholds.band(score, margin), reasons=reasons, evidence=evidence,
                margin=round(margin, 1)))
        if not candidates:
            return MatchResult(state="no_candidate",
                               reason=f"no tracked item scores {self.thresholds.floor:g} or more")
        return MatchResult(state="found", candidates=candidates)


def _norm(term_count: int) -> float:
    return 1.0 / math.sqrt(term_count) if term_count else 0.0
