"""word_diff: the word-level difference between two texts (a tracked item and a draft)."""

from __future__ import annotations

import random

import pytest

from hmic_actions.words import word_diff


def side(runs: list[dict[str, str]], keep: str) -> str:
    """One side's text rebuilt from the runs (``keep`` is "delete" for old, "insert" for new)."""
    return " ".join(r["text"] for r in runs if r["op"] in ("equal", keep))


def test_identical_texts_are_one_equal_run():
    assert word_diff("Forces should act.", "Forces should act.") == [
        {"op": "equal", "text": "Forces should act."}]


def test_a_changed_deadline_is_a_delete_then_an_insert_between_equal_runs():
    old = "By 31 March 2025, forces should review their vetting."
    new = "By 30 September 2026, forces should review their vetting."
    assert word_diff(old, new) == [
        {"op": "equal", "text": "By"},
        {"op": "delete", "text": "31 March 2025,"},
        {"op": "insert", "text": "30 September 2026,"},
        {"op": "equal", "text": "forces should review their vetting."},
    ]


def test_added_and_removed_words():
    assert word_diff("Forces should review custody records.",
                     "Forces should promptly review records.") == [
        {"op": "equal", "text": "Forces should"},
        {"op": "insert", "text": "promptly"},
        {"op": "equal", "text": "review"},
        {"op": "delete", "text": "custody"},
        {"op": "equal", "text": "records."},
    ]


def test_whitespace_is_normalised_and_does_not_count_as_a_change():
    assert word_diff("Forces  should\n act.", " Forces should act. ") == [
        {"op": "equal", "text": "Forces should act."}]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("", "", []),
    ("", "New item text.", [{"op": "insert", "text": "New item text."}]),
    ("Old item text.", "   ", [{"op": "delete", "text": "Old item text."}]),
])
def test_empty_sides(old, new, expected):
    assert word_diff(old, new) == expected


def test_case_and_punctuation_are_differences():
    assert word_diff("forces should act", "Forces should act.") == [
        {"op": "delete", "text": "forces"}, {"op": "insert", "text": "Forces"},
        {"op": "equal", "text": "should"},
        {"op": "delete", "text": "act"}, {"op": "insert", "text": "act."}]


def test_repeated_words_are_not_junked():
    # With autojunk a word repeated in more than 1% of a 200+ word text would be ignored.
    words = ["the"] * 150 + [f"w{i}" for i in range(100)]
    old = " ".join(words)
    new = " ".join([*words[:120], "changed", *words[120:]])
    runs = word_diff(old, new)
    assert [r["op"] for r in runs] == ["equal", "insert", "equal"]
    assert runs[1]["text"] == "changed"


def test_runs_always_rebuild_both_sides_and_never_repeat_an_op():
    rng = random.Random(7)
    vocabulary = ["forces", "should", "review", "the", "plan", "for", "custody", "and",
                  "vetting", "by", "2026"]
    for _ in range(200):
        old = " ".join(rng.choices(vocabulary, k=rng.randint(0, 15)))
        new = " ".join(rng.choices(vocabulary, k=rng.randint(0, 15)))
        runs = word_diff(old, new)
        assert side(runs, "delete") == old
        assert side(runs, "insert") == new
        assert all(a["op"] != b["op"] for a, b in zip(runs, runs[1:], strict=False))
        assert all(r["text"] and r["op"] in ("equal", "insert", "delete") for r in runs)
