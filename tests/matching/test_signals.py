"""Each scoring signal, its effect on the relation and the reason a person reads."""

from __future__ import annotations

from datetime import date

from matching.index import MatchIndex
from matching.items import ItemText, MatchResult, Suggestion
from tests.builders.matching import DEFAULTS, background, item

SPO = ("By 31 March 2022, chief constables should make sure that officers consider applying "
       "for a stalking protection order in every case where the legal test is met.")
STALKING_2021 = "Stalking: an inspection of the police response"
PROGRESS_2025 = "Stalking: a progress inspection"


def suggest(tracked, new, **kwargs) -> MatchResult:
    return MatchIndex([*tracked, *background()], thresholds=DEFAULTS).suggest(new, **kwargs)


def candidate(result: MatchResult, tracked_id: str) -> Suggestion:
    return next(c for c in result.candidates if c.tracked_id == tracked_id)


def test_text_similarity_reason_and_evidence() -> None:
    result = suggest([item("T1", SPO)], item("N1", SPO))
    top = result.top
    assert top.reasons[0] == "text 100% alike (token set), 100% by weighted words"
    figures = top.evidence["text"]
    assert figures["token_set"] == figures["token_sort"] == figures["cosine"] == 100.0
    assert top.relation == "same_as" and top.band == "suggest_link"


def test_same_report_and_number_makes_a_reworded_copy_the_same_item() -> None:
    old = item("T1", SPO, number="3", title=STALKING_2021, published=date(2021, 3, 1))
    reworded = item("N1", "By 31 March 2022, chief constables should make sure officers think "
                    "about a stalking protection order whenever the legal test is met.",
                    number="3", title=STALKING_2021, published=date(2021, 3, 1))
    top = suggest([old], reworded).top
    assert top.relation == "same_as"
    assert "same report and number: recommendation 3" in top.reasons
    assert top.evidence["same_report_number"] is True


def test_a_progress_report_quoting_the_item_is_the_same_item() -> None:
    old = item("T1", SPO, number="3", title=STALKING_2021, published=date(2021, 3, 1))
    quote = item("N1", SPO.replace("applying for", "seeking"), number="3",
                 origin="earlier_report", title=PROGRESS_2025, published=date(2025, 2, 1))
    top = suggest([old], quote).top
    assert top.relation == "same_as"
    assert "quotes an earlier recommendation 3" in top.reasons


def test_a_later_report_restating_the_item_supersedes_it() -> None:
    old = item("T1", SPO, number="3", title=STALKING_2021, published=date(2021, 3, 1))
    new = item("N1", "By 31 October 2025, chief constables should make sure that officers "
               "consider applying for a stalking protection order in every stalking case where "
               "the legal test is met, and monitor breaches.", number="1",
               title=PROGRESS_2025, published=date(2025, 2, 1))
    top = suggest([old], new).top
    assert top.relation == "supersedes"
    assert "re-stated in a later report (2025 after 2021)" in top.reasons


def test_a_later_deadline_alone_marks_a_restatement_when_dates_are_unknown() -> None:
    old = item("T1", SPO)
    new = item("N1", SPO.replace("By 31 March 2022", "By 30 September 2026"))
    top = suggest([old], new).top
    assert top.relation == "supersedes"
    assert "later deadline (30 September 2026 after 31 March 2022)" in top.reasons


def test_naming_an_earlier_recommendation_finds_it_despite_different_words() -> None:
    old = item("T1", "By 31 March 2022, the Home Office should publish statutory guidance on "
               "stalking protection orders.", number="4", addressees=["home_office"],
               title=STALKING_2021, published=date(2021, 3, 1))
    decoy = item("T2", "By 31 March 2022, chief constables should review custody healthcare "
                 "contracts.", number="4", title="Custody: an inspection",
                 published=date(2021, 6, 1))
    new = item("N1", "Once the Home Office has published the guidance on stalking protection "
               "orders that recommendation 4 from our 2021 report asked for, chief constables "
               "should update their force policies.",
               title=PROGRESS_2025, published=date(2025, 2, 1))
    result = suggest([old, decoy], new)
    assert result.top.tracked_id == "T1"
    assert any(r.startswith("names recommendation 4 of the 2021 report")
               for r in result.top.reasons)
    assert result.top.evidence["names"] == "item"
    # it waits on the named item rather than re-stating it: it depends on it
    assert result.top.relation == "depends_on"
    assert any(r.startswith("waits on it") for r in result.top.reasons)
    decoy_score = candidate(result, "T2").score if any(
        c.tracked_id == "T2" for c in result.candidates) else 0.0
    assert result.top.score > decoy_score + 20


def test_naming_an_earlier_report_by_year_and_topic() -> None:
    old = item("T1", "Chief constables should make sure that certificates are reviewed promptly "
               "when information shows a holder may no longer be suitable.",
               title="Firearms licensing", published=date(2021, 9, 1))
    new = item("N1", "Our 2021 recommendation on reviewing certificates has not been met. "
               "Chief constables should make sure officers check certificates at domestic "
               "abuse incidents.", published=date(2024, 6, 1))
    top = suggest([old], new).top
    assert any(r.startswith("names the 2021 recommendation on reviewing certificates")
               for r in top.reasons)
    assert top.evidence["names"] == "topic"


def test_shared_and_different_addressees() -> None:
    text = "should develop a national strategy for roads policing enforcement."
    npcc = item("T1", "The National Police Chiefs' Council " + text, addressees=["npcc"])
    college = item("T2", "The College of Policing " + text, addressees=["college_of_policing"])
    new = item("N1", "The National Police Chiefs' Council " + text, addressees=["npcc"])
    result = suggest([npcc, college], new)
    assert result.top.tracked_id == "T1"
    assert "same addressees: npcc" in result.top.reasons
    other = candidate(result, "T2")
    assert "different addressees: npcc vs college_of_policing" in other.reasons
    assert other.relation != "same_as"  # the same words addressed to another body
    assert result.top.score - other.score >= DEFAULTS.margin
    assert result.top.band == "suggest_link"


def test_same_and_different_kind() -> None:
    text = "The force should improve how it supervises investigations of burglary."
    afi = item("T1", text, kind="area_for_improvement")
    rec = item("T2", text, kind="recommendation")
    result = suggest([afi, rec], item("N1", text, kind="area_for_improvement"))
    assert result.top.tracked_id == "T1"
    assert "same kind: area for improvement" in result.top.reasons
    other = candidate(result, "T2")
    assert "different kind: area for improvement vs recommendation" in other.reasons
    assert other.relation != "same_as"


def test_an_item_already_superseded_ranks_below_its_successor() -> None:
    text = "The force should answer 101 calls promptly and reduce abandoned calls."
    result = suggest([item("T1", text, status="superseded", kind="area_for_improvement"),
                      item("T2", text, status="open", kind="area_for_improvement")],
                     item("N1", text, kind="area_for_improvement"))
    assert result.top.tracked_id == "T2"
    assert "the tracked item is already superseded" in candidate(result, "T1").reasons


LONG_AFI = ("The force should make sure that it understands the exploitation of vulnerable adults "
            "in its area. This includes working more closely with adult social care, reviewing "
            "how call handlers recognise repeat callers at risk, visiting people whose homes have "
            "been taken over by drug dealers, and continuing Operation Clearwater, its scheme "
            "with the council and local businesses to protect people in the night-time economy.")


def test_a_named_initiative_shared_with_a_long_item_is_its_own_signal() -> None:
    old = item("T1", LONG_AFI, kind="area_for_improvement", title="PEEL 2022: Northmoor Police",
               published=date(2022, 6, 1))
    new = item("N1", "The force should evaluate whether Operation Clearwater has reduced harm "
               "at night.", kind="area_for_improvement",
               title="PEEL 2025: Northmoor Police", published=date(2025, 6, 1))
    top = suggest([old], new).top
    assert top.tracked_id == "T1"
    assert "both name Operation Clearwater" in top.reasons
    assert top.evidence["shared_names"] == ["Operation Clearwater"]
    assert top.score >= DEFAULTS.floor
    text = top.evidence["text"]
    assert text["new_in_old"] > text["old_in_new"]  # containment is measured both ways


def test_a_common_name_counts_for_less_than_a_rare_one() -> None:
    base = "chief constables should report on Project Lantern and vetting delays."
    tracked = [item(f"T{i}", f"By 31 March 2024, {base}") for i in range(12)]
    rare = item("R1", "By 31 March 2024, chief constables should report on Operation Kestrel.")
    new = item("N1", "Chief constables should evaluate Project Lantern and Operation Kestrel.")
    result = suggest([*tracked, rare], new, top=20)
    lantern = candidate(result, "T0").evidence
    kestrel = candidate(result, "R1").evidence
    assert lantern["shared_names"] == ["Project Lantern"]
    assert kestrel["shared_names"] == ["Operation Kestrel"]
    assert candidate(result, "R1").score > candidate(result, "T0").score


ASK = ("By 31 December 2022, chief constables should make sure that each force has a problem "
       "profile for stalking, which should draw on what partner agencies know and be renewed "
       "annually.")


def test_a_later_report_asking_again_with_a_later_deadline_supersedes() -> None:
    old = item("T1", ASK, number="2", title="Stalking: an inspection (2021)")
    new = item("N1", "By 30 June 2026, all police forces should follow the national template the "
               "next time they prepare their stalking problem profiles.", number="1",
               title="Stalking: a progress report (2025)")
    top = suggest([old], new).top
    assert top.relation == "supersedes"
    assert "re-stated in a later report (2025 after 2021)" in top.reasons
    assert "later deadline (30 June 2026 after 31 December 2022)" in top.reasons
    assert any(r.startswith("asks again what it asked: \u201cmake sure that each force has a "
                            "problem profile for stalking") for r in top.reasons)
    assert "the same ask of the same addressees, by a later date" in top.reasons


def test_wider_addressees_and_a_later_deadline_in_a_later_report_supersede() -> None:
    old = item("T1", "By 31 March 2023, the National Crime Agency should agree how it counts "
               "victims of labour exploitation.", addressees=["nca"], source_year=2022)
    new = item("N1", "By 31 March 2026, the Home Office and all law enforcement bodies should "
               "agree how they count victims of labour exploitation.",
               addressees=["home_office", "law_enforcement_bodies"], source_year=2025)
    top = suggest([old], new).top
    assert top.relation == "supersedes"
    assert "wider addressees: law_enforcement_bodies, and now home_office" in top.reasons


def test_the_same_words_to_another_body_never_supersede() -> None:
    old = item("T1", ASK, addressees=["college_of_policing"], source_year=2021)
    new = item("N1", ASK.replace("2022", "2026"), source_year=2025)
    top = suggest([old], new).top
    assert top.relation == "related"
    assert top.evidence["addressees"]["conflict"] is True


def test_a_quote_in_a_progress_report_stays_the_same_item() -> None:
    old = item("T1", ASK, number="2", title="Stalking: an inspection", source_year=2021)
    quote = item("N1", ASK, number="2", origin="earlier_report",
                 title="Stalking: a progress report (2025)")
    top = suggest([old], quote).top
    assert top.relation == "same_as"


def test_using_what_a_tracked_item_asks_a_body_to_produce_depends_on_it() -> None:
    old = item("T1", "By 31 March 2024, the College of Policing should develop a template for "
               "recording the welfare checks made on detainees at risk of self-harm.",
               addressees=["college_of_policing"], source_year=2023)
    new = item("N1", "By 30 September 2026, chief constables should make sure that custody "
               "officers use the College of Policing's template when they record welfare checks "
               "on detainees at risk of self-harm.", source_year=2025)
    top = suggest([old], new).top
    assert top.relation == "depends_on"
    assert any(r.startswith("uses the template that item asks the College of Policing to "
                            "develop") for r in top.reasons)
    assert top.evidence["uses_what_it_makes"] is True
    assert not any(r.startswith("different addressees") and "-8" in r for r in top.reasons)


def test_a_template_for_something_else_is_not_depended_on() -> None:
    old = item("T1", "By 31 March 2024, the College of Policing should develop a template for "
               "recording the welfare checks made on detainees at risk of self-harm.",
               addressees=["college_of_policing"], source_year=2023)
    new = item("N1", "By 31 March 2026, chief constables should make sure that officers use a "
               "template to record the checks they make on seized vehicles.", source_year=2025)
    result = suggest([old], new)
    assert all(c.relation != "depends_on" for c in result.candidates)


def test_the_year_of_a_tracked_item_can_come_from_its_title_or_a_year_column() -> None:
    old = ItemText(id="T1", text=SPO, kind="recommendation", number="3",
                   addressees=["chief_constables"], source_title="Stalking 2021: an inspection")
    assert old.year == 2021
    new = item("N1", SPO.replace("By 31 March 2022", "By 31 October 2025") + " Breaches "
               "should be monitored.", number="1", title="Stalking: a progress report",
               source_year=2025)
    top = suggest([old], new).top
    assert top.relation == "supersedes"
    assert "re-stated in a later report (2025 after 2021)" in top.reasons
