"""The domain vocabulary: phrases read as one term, weights, and bodies close or wider."""

from __future__ import annotations

from pathlib import Path

import pytest

from matching.text import content_terms
from matching.vocabulary import DATA, load_vocabulary, vocabulary


@pytest.mark.parametrize("text", [
    "Forces should check the flags on their RMS.",
    "Forces should check the flags on their record management systems.",
    "Forces should check the flags on their police records.",
    "Forces should check the flags on their records management system.",
])
def test_the_names_of_one_thing_are_one_term(text: str) -> None:
    assert "record_management_system" in content_terms(text)


def test_a_phrase_is_matched_in_its_plural_and_other_forms() -> None:
    assert content_terms("strategic assessments") == content_terms("a problem profile")
    assert content_terms("the CSE profile") == content_terms("child sexual exploitation profile")


def test_an_acronym_counts_only_as_printed() -> None:
    assert content_terms("officers should follow APP") == ["follow", "guidanc"]
    assert "guidanc" not in content_terms("a reporting app for victims")


def test_bodies_in_a_group_marked_ignore_are_dropped_like_bodies_told_to_act() -> None:
    assert content_terms("constabularies should publish data") == ["publish", "data"]


def test_generic_words_count_less_and_phrases_and_names_more() -> None:
    words = vocabulary()
    assert words.term_weight("data") < words.term_weight("stalk") < words.term_weight(
        "record_management_system") < words.term_weight("#operat_clearwat")


def test_forces_and_the_bodies_they_act_through_are_close_but_peers_are_not() -> None:
    words = vocabulary()
    assert words.close_bodies("npcc", "chief_constables")
    assert words.close_bodies("chief_constables", "hydrant_programme")
    assert not words.close_bodies("npcc", "college_of_policing")
    assert words.covers("law_enforcement_bodies", "nca")
    assert not words.covers("nca", "law_enforcement_bodies")


def test_the_packaged_file_is_the_one_read() -> None:
    assert DATA.name == "synonyms.toml" and DATA.is_file()
    assert load_vocabulary(DATA) is vocabulary()


def test_a_group_without_a_term_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "words.toml"
    bad.write_text('[[group]]\nphrases = ["a", "b"]\n')
    with pytest.raises(ValueError, match="term must be a string"):
        load_vocabulary(bad)
