"""Bands, margins, the top few candidates, and "no candidate" apart from "failed"."""

from __future__ import annotations

import json

import pytest

from matching import scoring
from matching.index import MatchIndex
from matching.items import ItemText
from matching.settings import Thresholds
from tests.builders.matching import DEFAULTS, background, item

CUSTODY = "The force should make sure that cells are free of ligature points and kept clean."


def test_the_top_few_candidates_best_first_with_margins() -> None:
    tracked = [
        item("T1", CUSTODY),
        item("T2", "The force should make sure that custody cells are kept clean."),
        item("T3", "The force should remove ligature points from its custody suites."),
        *background(),
    ]
    result = MatchIndex(tracked, thresholds=DEFAULTS).suggest(item("N1", CUSTODY), top=3)
    assert result.state == "found"
    scores = [c.score for c in result.candidates]
    assert [c.tracked_id for c in result.candidates][0] == "T1"
    assert scores == sorted(scores, reverse=True) and len(scores) <= 3
    top, second = result.candidates[0], result.candidates[1]
    assert top.margin == pytest.approx(top.score - second.score, abs=0.11)
    assert all(c.margin <= 0 for c in result.candidates[1:])
    assert top.band == "suggest_link"
    assert all(c.band != "suggest_link" for c in result.candidates[1:])


def test_two_equal_candidates_need_a_look_instead_of_a_suggested_link() -> None:
    tracked = [item("T1", CUSTODY), item("T2", CUSTODY), *background()]
    result = MatchIndex(tracked, thresholds=DEFAULTS).suggest(item("N1", CUSTODY))
    assert result.top.score >= DEFAULTS.link
    assert result.top.margin == 0
    assert {c.band for c in result.candidates[:2]} == {"needs_look"}


@pytest.mark.parametrize(("score", "margin", "band"), [
    (95, 30, "suggest_link"), (95, 2, "needs_look"), (60, 5, "suggest_link"),
    (59.9, 50, "needs_look"), (40, None, "needs_look"), (39.9, None, "new_item"),
])
def test_band_edges(score: float, margin: float | None, band: str) -> None:
    assert Thresholds(link=60, look=40, margin=5).band(score, margin) == band


def test_a_weak_candidate_is_in_the_new_item_band() -> None:
    tracked = [item("T1", "The force should make sure that custody cells are inspected daily "
                          "and that detainees are offered reading material."), *background()]
    result = MatchIndex(tracked, thresholds=DEFAULTS).suggest(
        item("N1", "The force should offer detainees a shower after 24 hours in custody."))
    assert result.state == "found"
    assert result.top.band == "new_item" and result.band == "new_item"


def test_no_candidate_when_nothing_tracked_is_close() -> None:
    index = MatchIndex(background(), thresholds=DEFAULTS)
    result = index.suggest(item("N1", "Forces should evaluate drone pilots' licences yearly."))
    assert result.state == "no_candidate" and result.candidates == []
    assert result.band == "new_item" and result.reason


def test_no_candidate_when_nothing_is_tracked() -> None:
    result = MatchIndex(thresholds=DEFAULTS).suggest(item("N1", CUSTODY))
    assert result.state == "no_candidate"
    assert result.reason == "no tracked items to match against"


def test_no_candidate_for_an_item_of_boilerplate_only() -> None:
    index = MatchIndex([item("T1", CUSTODY), *background()], thresholds=DEFAULTS)
    result = index.suggest(item("N1", "All chief constables should make sure that their forces "
                                      "take appropriate action."))
    assert result.state == "no_candidate"
    assert result.reason == "the text has no distinctive words"


@pytest.mark.parametrize("bad", [item("N1", ""), item("N1", "   "), "not an item"])
def test_failed_for_an_item_that_cannot_be_matched(bad) -> None:
    result = MatchIndex([item("T1", CUSTODY)], thresholds=DEFAULTS).suggest(bad)
    assert result.state == "failed" and result.reason
    assert result.band is None and result.candidates == []


def test_failed_with_the_reason_when_scoring_breaks(monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("scorer exploded\non two lines")

    monkeypatch.setattr("matching.index.compare", broken)
    result = MatchIndex([item("T1", CUSTODY)], thresholds=DEFAULTS).suggest(item("N1", CUSTODY))
    assert result.state == "failed"
    assert result.reason == "RuntimeError: scorer exploded on two lines"
    assert scoring.compare is not broken


def test_results_serialise_to_json_and_back() -> None:
    from matching.items import Suggestion

    result = MatchIndex([item("T1", CUSTODY)], thresholds=DEFAULTS).suggest(item("N1", CUSTODY))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["state"] == "found" and data["band"] == "suggest_link"
    again = Suggestion.from_dict(data["candidates"][0])
    assert again.tracked_id == "T1" and again.relation == "same_as"
    assert again.reasons == result.top.reasons


def test_item_text_from_dict_reads_iso_dates_and_rejects_bad_ones() -> None:
    parsed = ItemText.from_dict({"id": 7, "text": "x", "number": 3,
                                 "source_published": "2024-03-12", "deadline": "2026-03-31"})
    assert parsed.number == "3" and parsed.source_published.year == 2024
    assert ItemText.from_dict(parsed.to_dict()) == parsed
    with pytest.raises(ValueError, match="source_published"):
        ItemText.from_dict({"id": 1, "text": "x", "source_published": "March 2024"})


def test_a_clearly_closest_candidate_under_the_floor_is_still_shown() -> None:
    tracked = [item("T1", "The force should make sure that officers give victims of burglary "
                          "crime prevention advice at the scene."),
               *[item(f"B{i}", text) for i, text in enumerate([
                   "The force should answer 101 calls from victims of crime promptly.",
                   "The force should review the healthcare of victims of crime in custody.",
                   "The force should audit its vetting decisions about crime.",
                   "The force should train call handlers to advise victims of crime.",
                   "The force should publish its stop and search data on crime.",
                   "The force should make sure that victims of crime hear about their case."])]]
    new = item("N1", "The force should make sure that people whose homes are burgled get advice "
                     "on preventing crime, and that scenes are examined.")
    thresholds = Thresholds(floor=60, look=60, link=60)  # a floor above the pair's score
    result = MatchIndex(tracked, thresholds=thresholds).suggest(new)
    top = result.top
    assert top is not None and top.tracked_id == "T1"
    assert top.score < thresholds.floor and top.band == "new_item"
    assert top.evidence["clearly_closest"] is True
    assert any(r.startswith("clearly the closest of the") for r in top.reasons)
    assert len(result.candidates) == 1  # only the clear one is shown under the floor


def test_a_weak_candidate_not_clearly_ahead_stays_under_the_floor() -> None:
    tracked = [item(f"T{i}", f"The force should review burglary case {i} files.")
               for i in range(6)]
    thresholds = Thresholds(floor=35, look=40, link=60)
    result = MatchIndex(tracked, thresholds=thresholds).suggest(
        item("N1", "The force should check burglary files for forensic gaps."))
    assert result.state == "no_candidate"
