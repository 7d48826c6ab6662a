"""Normalisation: content terms, deadlines, references to earlier items and dependency cues."""

from __future__ import annotations

from datetime import date

import pytest

from matching.text import (
    article,
    content_terms,
    deadline_in,
    depends_cue,
    head_ask,
    named_terms,
    references_in,
    stem,
)


def test_content_terms_drop_deadline_bodies_and_boilerplate() -> None:
    terms = content_terms("By 31 March 2026, each chief constable should make sure that the "
                          "force records every report of stalking as a stalking offence.")
    assert terms == ["record", "stalk", "stalk", "offenc"]


def test_content_terms_drop_national_bodies_and_relative_deadlines() -> None:
    terms = content_terms("Within three months of this report's publication, the College of "
                          "Policing and the National Police Chiefs' Council should publish "
                          "guidance on domestic abuse.")
    assert terms == ["publish", "guidanc", "domestic_abus"]


def test_text_of_only_boilerplate_has_no_content_terms() -> None:
    assert content_terms("Every chief constable should make sure that the force takes "
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


@pytest.mark.parametrize(("text", "year", "topic"), [
    ("As HMIC's 2013 report on crime data found, forces should act.", 2013, "crime data"),
    ("as HMICFRS's 2019 report recommended, chief constables should", 2019, None),
    ("The inspectorate's 2021 report found that vetting was weak.", 2021, None),
    ("HMIC (2014) found that crime recording was poor.", 2014, None),
    ("the 2016 HMIC inspection of custody showed delays", 2016, "custody"),
])
def test_references_to_the_inspectorates_report_of_a_year(text: str, year: int,
                                                           topic: str | None) -> None:
    [ref] = references_in(text)
    assert (ref.kind, ref.number, ref.year, ref.topic) == (None, None, year, topic)


def test_a_numbered_item_of_the_inspectorates_report() -> None:
    [ref] = references_in("in line with recommendation 3 of HMIC's 2013 report, forces should")
    assert (ref.kind, ref.number, ref.year) == ("recommendation", "3", 2013)


@pytest.mark.parametrize(("text", "described"), [
    ("as our 2023 report recommended", "the 2023 report"),
    ("the recommendations in our 2022 report", "the 2022 report"),
    ("our 2021 recommendation on stalking orders", "the 2021 recommendation on stalking orders"),
    ("our 2022 area for improvement on call handling",
     "the 2022 area for improvement on call handling"),
])
def test_references_read_as_plain_english(text: str, described: str) -> None:
    [ref] = references_in(text)
    assert ref.describe() == described


def test_an_article_fits_the_word() -> None:
    assert [article(w) for w in ("item", "area for improvement", "recommendation")] == [
        "an", "an", "a"]


def test_named_things_operations_programmes_documents_and_acronyms() -> None:
    text = ("The force should work with the Harbour Programme, extend Operation Clearwater "
            "to every district, follow the Independent Review of Custody Standards and report "
            "to MOSAIC.")
    names = named_terms(text, ["chief_constables"])
    assert [n.name for n in names] == ["Harbour Programme", "Operation Clearwater",
                                       "Independent Review of Custody Standards", "MOSAIC"]
    assert names[2].aliases == ("#ircs",)


def test_forces_and_bodies_told_to_act_are_not_named_things() -> None:
    text = ("By 31 March 2026, the College of Policing and Northmoor Police should review "
            "how the National Crime Agency shares intelligence.")
    assert named_terms(text, ["college_of_policing", "chief_constables"]) == []


def test_a_programme_that_is_a_body_is_named_unless_it_is_told_to_act() -> None:
    uses = "Chief constables should use the Hydrant Programme's template."
    makes = "The Hydrant Programme should publish a template."
    assert [n.name for n in named_terms(uses, ["chief_constables"])] == ["Hydrant Programme"]
    assert named_terms(makes, ["hydrant_programme"]) == []
    assert named_terms(makes) == []  # addressees unknown: the subject of "should"


def test_a_text_in_capitals_has_no_names() -> None:
    assert named_terms("THE FORCE SHOULD REVIEW OPERATION CLEARWATER") == []


def test_the_first_ask_of_an_item() -> None:
    assert head_ask("By 2026, forces should have problem profiles for stalking, each of which "
                    "should include partner data.") == "have problem profiles for stalking"
    assert head_ask("Stalking is rising.") == "Stalking is rising."


@pytest.mark.parametrize(("text", "bodies"), [
    ("By 31 December 2026, all chief constables should review their policies.",
     ["chief_constables"]),
    ("The force should publish its data.", ["chief_constables"]),
    ("By 2027, the Home Office and all police forces should agree a definition.",
     ["home_office", "chief_constables"]),
    ("The NPCC lead and the College of Policing must publish guidance.",
     ["npcc", "college_of_policing"]),
    # Bodies named after the ask are not told to act.
    ("Forces should use the Home Office toolkit.", ["chief_constables"]),
    ("A sentence that asks nothing of the Home Office.", []),
])
def test_the_bodies_an_item_tells_to_act_are_read_from_its_subject(text, bodies):
    from matching.text import bodies_told

    assert bodies_told(text) == bodies


def test_a_tracked_item_without_addressees_is_compared_by_the_bodies_it_names():
    from matching import ItemText, MatchIndex

    old = ItemText(id=1, text="By 31 March 2024, chief constables should audit how they record "
                   "missing children.", source_year=2023)
    other = ItemText(id=2, text="By 31 March 2024, the Home Office should audit how it records "
                     "missing children data.", source_year=2023)
    new = ItemText(id="new:1", text="By 31 March 2026, chief constables should audit again how "
                   "they record missing children.", addressees=["chief_constables"],
                   source_year=2025)
    top = MatchIndex([old, other]).suggest(new).top
    assert top.tracked_id == 1
    assert any(r.startswith("same addressees") for r in top.reasons), top.reasons
