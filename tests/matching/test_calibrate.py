"""Calibration: how thresholds fare on people's decisions about suggestions."""

from __future__ import annotations

import json

import pytest

from matching.calibrate import calibrate, format_report, load_decisions
from matching.settings import Thresholds

T = Thresholds(link=60, look=40, margin=5)


def decision(score: float, chosen: str, suggested: str = "related", band: str | None = None,
             **extra) -> dict:
    return {"score": score, "chosen_relation": chosen, "suggested_relation": suggested,
            "band": band, **extra}


def test_counts_by_band_and_what_people_chose() -> None:
    report = calibrate([
        decision(90, "same_as", "same_as", "suggest_link", margin=30),
        decision(85, "supersedes", "supersedes", "suggest_link", margin=20),
        decision(70, "none", "related", "suggest_link", margin=10),
        decision(50, "related", "related", "needs_look"),
        decision(45, "none", "related", "needs_look"),
        decision(30, "depends_on", "related", "new_item"),
        decision(20, "none", "related", "new_item"),
    ], T)
    assert report.decisions == 7 and report.linked == 4 and report.not_linked == 3
    assert report.by_band["suggest_link"] == {"linked": 2, "not_linked": 1}
    assert report.by_band["needs_look"] == {"linked": 1, "not_linked": 1}
    assert report.by_band["new_item"] == {"linked": 1, "not_linked": 1}
    assert report.link_precision == pytest.approx(2 / 3)
    assert report.links_missed == 1 and report.links_caught == pytest.approx(3 / 4)
    assert report.relation_agreement == 1.0  # related -> depends_on counts as agreeing
    assert report.false_same_as == 0 and report.same_as_suggested == 1
    assert report.band_changes == 0


def test_a_rejected_same_as_is_counted_and_bands_follow_the_thresholds() -> None:
    report = calibrate([decision(95, "related", "same_as", "suggest_link", margin=40),
                        decision(62, "related", "related", "needs_look", margin=1)], T)
    assert report.false_same_as == 1 and report.same_as_suggested == 1
    assert report.relation_agreement == 0.5
    # 62 with a lead of 1 is below the margin: still needs a look, recorded band unchanged
    assert report.by_band["needs_look"]["linked"] == 1 and report.band_changes == 0
    looser = calibrate([decision(62, "related", band="needs_look", margin=1)],
                       Thresholds(link=60, look=40, margin=0))
    assert looser.by_band["suggest_link"]["linked"] == 1 and looser.band_changes == 1


def test_margin_is_read_from_the_evidence_of_an_exported_decision() -> None:
    report = calibrate([decision(80, "same_as", "same_as", evidence={"margin": 1.0})], T)
    assert report.by_band["needs_look"]["linked"] == 1


def test_proposes_thresholds_from_enough_decisions() -> None:
    decisions = ([decision(s, "same_as", "same_as") for s in range(70, 100, 2)]
                 + [decision(s, "none") for s in range(10, 50, 4)]
                 + [decision(55, "related"), decision(58, "none")])
    report = calibrate(decisions, T)
    assert report.proposed["link"] == 70  # everything from 70 was accepted
    assert report.proposed["look"] <= 55
    assert "proposed from the decisions: HMIC_MATCH_LINK=70" in format_report(report)


def test_too_few_decisions_propose_nothing() -> None:
    report = calibrate([decision(90, "same_as", "same_as")], T)
    assert report.proposed == {"link": None, "look": None}
    assert "too few decisions" in format_report(report)


@pytest.mark.parametrize(("record", "message"), [
    ({"score": "high", "chosen_relation": "none"}, "decision 1: score 'high' is not a number"),
    ({"score": 150, "chosen_relation": "none"}, "decision 1: score 150"),
    ({"score": 50, "chosen_relation": "maybe"}, "decision 1: chosen_relation 'maybe'"),
    ({"score": 50, "chosen_relation": "none", "band": "top"}, "decision 1: band 'top'"),
])
def test_bad_decisions_are_reported_by_position(record: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        calibrate([record], T)


def test_load_decisions_from_a_list_or_an_object(tmp_path) -> None:
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([decision(70, "none")]))
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"decisions": [decision(70, "none"), decision(80, "same_as")]}))
    assert len(load_decisions(listed)) == 1 and len(load_decisions(wrapped)) == 2
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_decisions(broken)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"rows": []}))
    with pytest.raises(ValueError, match="expected a list of decisions"):
        load_decisions(other)
