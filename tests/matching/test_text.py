"""Normalisation: content terms, deadlines, references to earlier items and dependency cues."""

from __future__ import annotations

from datetime import date

import pytest

from matching.text import content_terms, deadline_in, depends_cue, references_in, stem


def test_content_terms_drop_deadline_bodies_and_boilerplate() -> None:
    terms = content_terms("By 31 March 2026, all chief constables should make sure that their "
                          "forces record every report of stalking as a stalking offence.")
    assert terms == ["record", "stalk", "stalk", "offenc"]


def test_content_terms_drop_national_bodies_and_relative_deadlines() -> None:
    terms = content_terms("Within six months of this report's publication, the National Police "
                          "Chiefs' Council and the College of Policing should publish guidance "
                          "on domestic abuse.")
    assert terms == ["publish", "guidanc", "domestic", "abus"]


def test_text_of_only_boilerplate_has_no_content_terms() -> None:
    assert content_terms("All chief constables should make sure that their forces take "
                         "appropriate and effective action to improve.") == []


@pytest.mark.parametrize(("word", "expected"), [
    ("investigations", "investigat"), ("investigating", "investigat"), ("flagged", "flag"),
    ("flags", "flag"), ("policies", "policy"), ("called", "call"), ("process", "process"),
])
def test_stem_folds_common_suffixes(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("By 31 March 2026, chief constables should ...", date(2026, 3, 31)),
    ("Not later than 1 June 2015, the force should ...", date(2015, 6, 1)),
    ("The force should do this by March 2026.", date(2026, 3, 31)),
    ("By the end of 2025, forces should ...", date(2025, 12, 31)),
    ("By the end of February 2024, forces should ...", date(2024, 2, 29)),
    ("With immediate effect, chief constables should ...", None),
    ("Within six months, the force should ...", None),
])
def test_deadline_in(text: str, expected: date | None) -> None:
    assert deadline_in(text) == expected


@pytest.mark.parametrize(("text", "kind", "number", "year", "topic"), [
    ("in line with recommendation 2 from our 2023 report, chief constables should",
     "recommendation", "2", 2023, None),
    ("using the guidance in our 2023 report's recommendation 4", "recommendation", "4", 2023, None),
    ("as area for improvement 1 of the 2022 inspection required", "area_for_improvement", "1",
     2022, None),
    ("Our 2021 recommendation on stalking protection orders has not been met.",
     "recommendation", None, 2021, "stalking protection orders"),
    ("as our 2021 report recommended, chief constables should", None, None, 2021, None),
])
def test_references_in(text: str, kind: str | None, number: str | None, year: int,
                       topic: str | None) -> None:
    [ref] = references_in(text)
    assert (ref.kind, ref.number, ref.year, ref.topic) == (kind, number, year, topic)


def test_reference_describes_itself_for_a_reason() -> None:
    [ref] = references_in("recommendation 2 from our 2023 report")
    assert ref.describe() == "recommendation 2 of the 2023 report"


def test_no_reference_in_an_ordinary_item() -> None:
    assert references_in("By 31 March 2024, forces should review 2023 data on stalking.") == []


@pytest.mark.parametrize("text", [
    "Once the Home Office has published the guidance, chief constables should adopt it.",
    "When the national data collection is in place, forces should publish their figures.",
    "Forces should use the guidance produced under recommendation 3 of our 2022 report.",
])
def test_depends_cue_finds_an_item_that_waits_on_another(text: str) -> None:
    assert depends_cue(text)


def test_depends_cue_is_none_for_a_plain_item() -> None:
    assert depends_cue("By 31 March 2026, forces should publish their stalking figures.") is None
