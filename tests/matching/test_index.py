"""The incremental index: add, remove, update, and the memory it keeps."""

from __future__ import annotations

import pytest

from matching.index import MatchIndex
from matching.scoring import prepare
from matching.settings import Thresholds
from tests.builders.matching import DEFAULTS, background, item

STALKING = ("By 31 March 2022, chief constables should make sure that officers consider a "
            "stalking protection order in every case where the legal test is met.")
FRAUD = ("By 31 March 2020, chief constables should make sure that vulnerable victims of fraud "
         "are identified and receive a safeguarding visit.")


def postings_size(index: MatchIndex) -> int:
    return sum(len(p) for p in index._postings)


def test_added_item_is_found_and_removed_item_is_not() -> None:
    index = MatchIndex(background(), thresholds=DEFAULTS)
    query = item("N1", STALKING)
    assert index.suggest(query).state == "no_candidate"

    index.add(item("T1", STALKING))
    found = index.suggest(query)
    assert found.state == "found" and found.top.tracked_id == "T1"
    assert len(index) == 4 and "T1" in index and index.get("T1").text == STALKING

    index.remove("T1")
    assert "T1" not in index and len(index) == 3
    assert index.suggest(query).state == "no_candidate"


def test_update_replaces_the_text_it_is_matched_on() -> None:
    index = MatchIndex([item("T1", STALKING), *background()], thresholds=DEFAULTS)
    index.update(item("T1", FRAUD))
    assert index.suggest(item("N1", STALKING)).state == "no_candidate"
    assert index.suggest(item("N2", FRAUD)).top.tracked_id == "T1"


def test_update_of_an_unknown_id_adds_it() -> None:
    index = MatchIndex(thresholds=DEFAULTS)
    index.update(item("T9", FRAUD))
    assert index.suggest(item("N", FRAUD)).top.tracked_id == "T9"


def test_adding_an_indexed_id_again_is_refused() -> None:
    index = MatchIndex([item("T1", STALKING)], thresholds=DEFAULTS)
    with pytest.raises(ValueError, match="already indexed"):
        index.add(item("T1", FRAUD))


def test_removing_an_unknown_id_raises_key_error() -> None:
    with pytest.raises(KeyError):
        MatchIndex(thresholds=DEFAULTS).remove("nope")


def test_memory_does_not_grow_when_items_change() -> None:
    index = MatchIndex(background(), thresholds=DEFAULTS)
    index.add(item("T1", STALKING))
    slots, postings = len(index._docs), postings_size(index)
    for round_ in range(201):  # ends on the text it started with
        index.update(item("T1", FRAUD if round_ % 2 else STALKING))
        index.add(item("T2", FRAUD))
        index.remove("T2")
    assert len(index._docs) <= slots + 1  # freed slots are reused
    assert postings_size(index) == postings
    assert postings_size(index) == sum(len(t) for t in index._doc_terms if t is not None)


def test_boilerplate_is_never_indexed() -> None:
    index = MatchIndex([item("T1", STALKING)], thresholds=DEFAULTS)
    for word in ("should", "chief", "constables", "make", "sure", "that", "the"):
        assert word not in index._term_ids


def test_an_item_is_not_its_own_candidate() -> None:
    index = MatchIndex([item("T1", STALKING), *background()], thresholds=DEFAULTS)
    assert index.suggest(item("T1", STALKING)).state == "no_candidate"


def test_prefilter_passes_on_only_the_configured_number_of_candidates() -> None:
    tracked = [item(f"T{i}", f"Forces should review stalking case number {i} carefully.")
               for i in range(40)]
    index = MatchIndex(tracked, thresholds=Thresholds(prefilter=7))
    query = prepare(item("N", "Forces should review stalking cases."))
    assert len(index._prefilter(query, 7)) == 7
    result = index.suggest(item("N", "Forces should review stalking cases."), top=20)
    assert len(result.candidates) <= 7


def test_iterating_gives_the_indexed_items() -> None:
    index = MatchIndex(background(), thresholds=DEFAULTS)
    index.remove("B2")
    assert sorted(i.id for i in index) == ["B1", "B3"]
