"""PEEL Assessment Framework area suggestion."""

from __future__ import annotations

import tomllib
from pathlib import Path

from matching.paf import DATA, evaluate_paf, load_cases, suggest_paf_area

CASES = Path(__file__).resolve().parents[2] / "samples" / "paf" / "areas.json"
AREAS = {f"{q}{letter}" for q, letters in
         {1: "abcde", 2: "abc", 3: "abc", 4: "abc", 5: "abc", 6: "abc", 7: "ab", 8: "ab",
          9: "abcdef"}.items() for letter in letters}


def test_the_data_file_holds_every_area_of_the_framework() -> None:
    data = tomllib.loads(DATA.read_text())
    assert {a["id"] for a in data["area"]} == AREAS
    for area in data["area"]:
        assert area["id"] == f"{area['question']}{area['letter']}"
        assert area["title"] and area["keywords"]
    assert {q["number"] for q in data["question"]} == set(range(1, 10))


def test_top_1_accuracy_on_the_labelled_set_is_at_least_80_percent() -> None:
    cases = load_cases(CASES)
    assert len(cases) >= 60
    assert {c["area"] for c in cases} == AREAS  # every area is tested
    evaluation = evaluate_paf(cases)
    assert evaluation.top1_accuracy >= 0.8, evaluation.misses
    assert evaluation.top3_accuracy >= evaluation.top1_accuracy


def test_suggestion_gives_the_area_title_and_reason_with_ranked_alternatives() -> None:
    result = suggest_paf_area("The force should improve the supervision of investigations "
                              "and make sure investigation plans are set.")
    assert result.area == "6b"
    assert result.title == "High-quality investigations"
    assert result.reason.startswith("mentions: ")
    assert "supervision" in result.reason and "investigation plans" in result.reason
    scores = [result.score] + [a.score for a in result.alternatives]
    assert scores == sorted(scores, reverse=True) and 1 <= len(result.alternatives) <= 3
    assert result.to_dict()["alternatives"][0]["area"] == result.alternatives[0].area


def test_custody_words_decide_between_custody_areas() -> None:
    assert suggest_paf_area("Strip searches in custody should be authorised and recorded.").area \
        == "9e"
    assert suggest_paf_area("Detainees should see healthcare staff promptly.").area == "9f"


def test_no_area_when_no_phrase_is_found() -> None:
    result = suggest_paf_area("Lorem ipsum dolor sit amet.")
    assert result.area is None and result.score == 0 and result.alternatives == []
