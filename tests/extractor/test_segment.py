"""Finding items: labels, sections, lists, statuses and origins."""

from __future__ import annotations

import pytest

from extractor.status import parse_status
from tests.builders.reports import read_items


def _summary(items):
    return [(i.kind, i.number, i.origin) for i in items]


def test_heading_and_inline_labels(report):
    pdf = report()
    pdf.heading("Recommendation 1")
    pdf.lines("By 31 March 2026, chief constables should review their stalking policies.")
    pdf.lines("Recommendation 2: The College of Policing should update its guidance.")
    pdf.lines("Recommendation 3 was accepted by the Home Office in full last year.")
    pdf.lines("Recommendation 4 By 30 June 2026, the NCA should publish its assessment.")
    pdf.lines("Recommendation 5 The Home Office accepted in full in its response.")
    pdf.heading("Area for improvement 1", size=11)
    pdf.lines("The force should improve how it supervises investigations.")
    pdf.lines("Area for improvement: The force should make sure victims are kept informed.")
    items = read_items(pdf.save())
    assert _summary(items) == [
        ("recommendation", "1", "this_report"),
        ("recommendation", "2", "this_report"),
        ("recommendation", "4", "this_report"),
        ("area_for_improvement", "1", "this_report"),
        ("area_for_improvement", None, "this_report"),
    ]
    assert items[1].text == "The College of Policing should update its guidance."


def test_a_recommendations_section_with_a_numbered_list(report):
    pdf = report()
    pdf.heading("Recommendations")
    pdf.lines("We make three recommendations.")
    pdf.lines("1. By March 2026, chief constables should adopt the new definition.")
    pdf.lines("2. By the end of 2026, the Home Office should collect custody data:")
    pdf.bullet("on the age of each detained child; and")
    pdf.bullet("on the length of each detention.")
    pdf.lines("3. Within six months, the NPCC lead should publish guidance.")
    pdf.heading("About the inspection")
    pdf.lines("Forces should note that this paragraph is not a recommendation.")
    items = read_items(pdf.save())
    assert [(i.number, i.text) for i in items] == [
        ("1", "By March 2026, chief constables should adopt the new definition."),
        ("2", "By the end of 2026, the Home Office should collect custody data: on the age of "
              "each detained child; and on the length of each detention."),
        ("3", "Within six months, the NPCC lead should publish guidance."),
    ]


def test_an_areas_for_improvement_list_without_numbers(report):
    pdf = report()
    pdf.heading("Areas for improvement")
    pdf.bullet("The force should make sure that it records all crime accurately.")
    pdf.bullet("The force should improve the quality of its risk assessments.")
    items = read_items(pdf.save())
    assert _summary(items) == [("area_for_improvement", None, "this_report")] * 2
    assert items[1].text == "The force should improve the quality of its risk assessments."


def test_cause_of_concern_is_followed_by_its_recommendation(report):
    pdf = report()
    pdf.heading("Cause of concern")
    pdf.lines("The force does not identify and safeguard vulnerable children quickly enough.")
    pdf.heading("Recommendation", size=11)
    pdf.lines("Within three months, the force should:")
    pdf.bullet("review every open case involving a missing child; and")
    pdf.bullet("train its call handlers to recognise exploitation.")
    pdf.lines("The rest of this chapter describes what we found.")
    items = read_items(pdf.save())
    assert _summary(items) == [("cause_of_concern", None, "this_report"),
                               ("recommendation", None, "this_report")]
    assert items[0].text.startswith("The force does not identify")
    assert items[1].text == ("Within three months, the force should: review every open case "
                             "involving a missing child; and train its call handlers to "
                             "recognise exploitation.")


def test_progress_report_statuses_and_origins(report):
    pdf = report()
    pdf.heading("Recommendations from our 2023 report")
    pdf.heading("Recommendation 1", size=11)
    pdf.lines("By 31 December 2024, chief constables should adopt the definition.")
    pdf.lines("Status: Incomplete")
    pdf.heading("Recommendation 2", size=11)
    pdf.lines("With immediate effect, chief constables should stop using victim-blaming terms.")
    pdf.lines("Status: Completed")
    pdf.heading("Recommendations in this report")
    pdf.heading("Recommendation 1", size=11)
    pdf.lines("By 31 March 2026, chief constables should use the new profile template.")
    items = read_items(pdf.save())
    assert _summary(items) == [("recommendation", "1", "earlier_report"),
                               ("recommendation", "2", "earlier_report"),
                               ("recommendation", "1", "this_report")]
    assert [i.status_text for i in items] == ["Incomplete", "Completed", None]
    assert "Status" not in items[0].text


def test_a_status_line_marks_an_item_as_quoted_from_an_earlier_report(report):
    pdf = report()
    pdf.heading("Recommendation 5")
    pdf.lines("By 31 March 2025, the Home Office should stop collecting the old data return.")
    pdf.lines("Status: In progress")
    (item,) = read_items(pdf.save())
    assert item.origin == "earlier_report"


def test_narrative_mentioning_recommendations_is_not_an_item(report):
    pdf = report()
    pdf.heading("Summary")
    pdf.lines("We made no recommendations in this report. Our previous recommendations remain.")
    pdf.lines("Recommendations made in 2022 should be read alongside this report.")
    assert read_items(pdf.save()) == []


def test_an_item_repeated_in_a_summary_is_kept_once(report):
    pdf = report()
    pdf.heading("Summary of recommendations")
    pdf.heading("Recommendation 1", size=11)
    pdf.lines("By 31 March 2026, chief constables should review their vetting decisions.")
    pdf.page_break()
    pdf.heading("Vetting")
    pdf.lines("Narrative about vetting in forces.")
    pdf.heading("Recommendation 1", size=11)
    pdf.lines("By 31 March 2026, chief constables should review their vetting decisions.")
    items = read_items(pdf.save())
    assert len(items) == 1 and items[0].page == 1


def test_a_paragraph_that_goes_on_with_the_item_belongs_to_it(report):
    pdf = report()
    pdf.heading("Recommendation 2")
    pdf.lines("By 31 October 2026, chief constables should improve how they manage suspects.")
    pdf.lines("This should include:")
    pdf.bullet("setting a date for every suspect to be interviewed; and")
    pdf.bullet("reviewing bail decisions each month.")
    pdf.lines("We found that forces do this well when they have the staff.")
    (item,) = read_items(pdf.save())
    assert item.text == ("By 31 October 2026, chief constables should improve how they manage "
                         "suspects. This should include: setting a date for every suspect to be "
                         "interviewed; and reviewing bail decisions each month.")


def test_a_sentence_broken_by_a_stray_paragraph_break_is_one_item(report):
    pdf = report()
    pdf.heading("Recommendations in this report")
    pdf.lines("We make two new recommendations.")
    pdf.heading("Recommendation 1", size=11)
    pdf.lines("By 30 April 2027, every police force and the other agencies that")
    pdf.lines("share intelligence with them should agree one way of recording a missing child.")
    pdf.heading("Recommendation 2", size=11)
    pdf.lines("By 30 June 2027, chief constables should use that way of recording in their "
              "systems.")
    pdf.lines("Recommendation 2 builds on the first.")
    items = read_items(pdf.save())
    assert [(i.number, i.origin) for i in items] == [("1", "this_report"), ("2", "this_report")]
    assert items[0].text == ("By 30 April 2027, every police force and the other agencies that "
                             "share intelligence with them should agree one way of recording a "
                             "missing child.")
    # A new sentence (a capital letter) after a finished one is not taken.
    assert items[1].text.endswith("in their systems.")


def test_a_short_last_line_and_slight_space_end_the_paragraph(report):
    pdf = report()
    pdf.heading("Recommendation 1")
    pdf.canvas.setFont("Helvetica", 10.5)
    lines = ["By 31 March 2026, chief constables should make sure that every victim of",
             "stalking gets a risk assessment.",
             "Many victims told us that nobody had asked them about the behaviour they faced,",
             "and that they had to explain it again to every officer."]
    y = pdf.y
    for n, text in enumerate(lines):
        pdf.canvas.drawString(72, y, text)
        y -= 14 + (3 if n == 1 else 0)  # only 3 points of paragraph spacing
    (item,) = read_items(pdf.save())
    assert item.text.endswith("gets a risk assessment.")


def test_an_unnumbered_repeat_of_an_item_is_kept_once_with_its_number(report):
    pdf = report()
    pdf.heading("Areas for improvement")
    pdf.bullet("The force should make sure it records all reported crime accurately.")
    pdf.heading("Crime recording")
    pdf.heading("Area for improvement 3", size=11)
    pdf.lines("The force should make sure it records all reported crime accurately.")
    items = read_items(pdf.save())
    assert [(i.number, i.page) for i in items] == [("3", 1)]


def test_statuses_printed_inside_the_paragraph(report):
    pdf = report()
    pdf.heading("Recommendation 1")
    pdf.lines("By 31 August 2024, the force should attend incidents on time. Status: Partially met")
    pdf.heading("Recommendation 2")
    pdf.lines("Status: Met - By 31 August 2024, the force should review every risk assessment.")
    pdf.heading("Area for improvement 1")
    pdf.lines("Not met. The force should share information with its partners.")
    items = read_items(pdf.save())
    assert [(i.origin, i.status_text) for i in items] == [
        ("earlier_report", "Partially met"), ("earlier_report", "Met"),
        ("earlier_report", "Not met")]
    assert [i.text for i in items] == [
        "By 31 August 2024, the force should attend incidents on time.",
        "By 31 August 2024, the force should review every risk assessment.",
        "The force should share information with its partners."]


def test_a_qualified_label_and_a_dated_heading_set_the_origin(report):
    from extractor.segment import find_items
    from tests.builders.reports import read_layout

    pdf = report()
    pdf.heading("Our 2023 recommendations")
    pdf.heading("Recommendation 1", size=11)
    pdf.lines("By 31 March 2024, the force should review its stalking cases.")
    pdf.heading("New cause of concern")
    pdf.lines("The force is not doing enough to protect victims of stalking.")
    items = find_items(read_layout(pdf.save()), published_year=2025)
    assert [(i.kind, i.origin) for i in items] == [("recommendation", "earlier_report"),
                                                   ("cause_of_concern", "this_report")]


def test_an_indented_list_without_bullet_glyphs_belongs_to_the_item(report):
    pdf = report()
    pdf.heading("Area for improvement 2")
    pdf.lines("The force should make sure that:")
    pdf.lines("its call handlers assess every caller's vulnerability; and", indent=18)
    pdf.lines("callers are told when the police will arrive.", indent=18)
    pdf.lines("The rest of this chapter describes our findings.")
    (item,) = read_items(pdf.save())
    assert item.text == ("The force should make sure that: its call handlers assess every "
                         "caller's vulnerability; and callers are told when the police will "
                         "arrive.")


def test_narrative_at_another_indent_after_a_page_break_is_not_the_item(report):
    pdf = report(header=None)
    pdf.lines(*["Narrative about the inspection that fills up the first page."] * 44)
    pdf.heading("Recommendation 3")
    pdf.lines("By 31 December 2024, the force should consider a protection notice in every",
              "case in which the conditions are met", indent=22)
    pdf.page_break()
    pdf.lines("The force issued 23 notices in the year, fewer than the year before.")
    (item,) = read_items(pdf.save())
    assert item.text.endswith("conditions are met")


def test_a_numbered_chapter_heading_ends_a_numbered_list_of_recommendations(report):
    pdf = report()
    pdf.heading("Our recommendations")
    pdf.lines("1. By March 2026, chief constables should adopt the new definition.")
    pdf.lines("2. The Home Office should fund the national training programme.")
    pdf.heading("1. Identifying children at risk")
    pdf.lines("Officers often missed the signs of exploitation, and supervisors rarely noticed.")
    items = read_items(pdf.save())
    assert [i.number for i in items] == ["1", "2"]


def test_paragraphs_explaining_areas_for_improvement_are_not_items(report):
    pdf = report()
    pdf.heading("Causes of concern and areas for improvement")
    pdf.lines("If we find a serious shortcoming, we report a cause of concern, and the force "
              "should act on it.")
    pdf.lines("An area for improvement is a shortcoming that the force should address.")
    pdf.lines("The force should make sure that it answers emergency calls promptly.")
    items = read_items(pdf.save())
    assert [(i.kind, i.text) for i in items] == [
        ("area_for_improvement",
         "The force should make sure that it answers emergency calls promptly.")]


def test_an_abridged_summary_gives_way_to_the_full_item(report):
    pdf = report()
    pdf.heading("Summary of recommendations")
    pdf.lines("Recommendation 1: Chief constables should review their vetting decisions.")
    pdf.page_break()
    pdf.heading("Vetting")
    pdf.heading("Recommendation 1", size=11)
    pdf.lines("By 31 March 2026, chief constables should review their vetting decisions made "
              "since 2020, and record the reasons for each decision to grant clearance.")
    (item,) = read_items(pdf.save())
    assert item.page == 2 and item.text.startswith("By 31 March 2026")


def test_a_label_with_a_note_on_its_source(report):
    from extractor.segment import find_items
    from tests.builders.reports import read_layout

    pdf = report()
    pdf.heading("Recommendation 3 (2022 report)")
    pdf.lines("By 31 March 2023, chief constables should review their custody healthcare.")
    pdf.heading("Recommendation 1 (new)")
    pdf.lines("By 31 March 2026, chief constables should audit their custody records.")
    items = find_items(read_layout(pdf.save()), published_year=2025)
    assert [(i.number, i.origin) for i in items] == [("3", "earlier_report"),
                                                     ("1", "this_report")]


# --- items quoted from an earlier publication and items introduced by a sentence -----------


def test_a_letter_quotes_the_items_it_made_before(report):
    pdf = report()
    pdf.heading("Letter information", size=12)
    pdf.lines("In 2024 we inspected the service and found a cause of concern. On 3 May 2024",
              "we wrote to you and made the following recommendation:")
    pdf.heading("Cause of concern", size=11)
    pdf.lines("The service has not kept its records of high-risk premises up to date.")
    pdf.lines("Within 42 days, the service should set out how it will:")
    pdf.bullet("check every record on its list; and")
    pdf.bullet("train the staff who keep it.")
    pdf.lines("You sent us an action plan in June. We revisited the service in March 2025.")
    pdf.lines("We looked at the following areas:")
    pdf.bullet("records of high-risk premises;")
    pdf.bullet("training for staff.")
    items = read_items(pdf.save())
    assert _summary(items) == [("cause_of_concern", None, "earlier_report"),
                               ("recommendation", None, "earlier_report")]
    assert items[1].text == ("Within 42 days, the service should set out how it will: check "
                             "every record on its list; and train the staff who keep it.")


def test_a_background_part_quotes(report):
    pdf = report()
    pdf.heading("Background", size=12)
    pdf.lines("During our last inspection we identified a cause of concern.")
    pdf.heading("Cause of concern", size=11)
    pdf.lines("The force does not supervise its investigations well enough.")
    pdf.heading("Our findings", size=12)
    pdf.lines("The force has made good progress.")
    assert _summary(read_items(pdf.save())) == [("cause_of_concern", None, "earlier_report")]


def test_a_paper_lists_the_items_a_report_made(report):
    pdf = report(header="Audit committee")
    pdf.heading("Report to the Audit Committee")
    pdf.heading("RECOMMENDATION", size=11)
    pdf.lines("The Committee is asked to note this report.")
    pdf.lines("The inspectorate published its report on the force in May. It set out two",
              "areas for improvement:")
    pdf.bullet("The force should answer its non-emergency calls more quickly.")
    pdf.bullet("The force should tell callers when an officer will be late.")
    pdf.lines("The report also made one recommendation:")
    pdf.bullet("By 30 June 2026, the force should audit its call handling.")
    items = read_items(pdf.save())
    assert _summary(items) == [("area_for_improvement", None, "earlier_report"),
                               ("area_for_improvement", None, "earlier_report"),
                               ("recommendation", None, "earlier_report")]
    assert items[0].text == "The force should answer its non-emergency calls more quickly."


def test_new_items_after_quoted_ones_are_this_reports(report):
    pdf = report()
    pdf.lines("In 2023 we made the following recommendation:")
    pdf.heading("Recommendation 1", size=11)
    pdf.lines("The force should review its custody staffing.")
    pdf.lines("The force has done so.")
    pdf.lines("We make the following new recommendation:")
    pdf.heading("Recommendation 1", size=11)
    pdf.lines("The force should publish its custody data.")
    assert _summary(read_items(pdf.save())) == [("recommendation", "1", "earlier_report"),
                                                ("recommendation", "1", "this_report")]


def test_an_inline_concern_ends_where_its_introduction_starts(report):
    pdf = report(header="Our service")
    pdf.lines("The inspectorate inspected our service in 2024.")
    pdf.lines("The concern was: the service could not show that it checks its hydrants. As a",
              "result, the inspectorate made two recommendations:")
    pdf.lines("Recommendation 1: The service should check every hydrant each year.")
    pdf.lines("Recommendation 2: The service should record each check.")
    items = read_items(pdf.save())
    assert _summary(items) == [("cause_of_concern", None, "earlier_report"),
                               ("recommendation", "1", "earlier_report"),
                               ("recommendation", "2", "earlier_report")]
    assert items[0].text == "the service could not show that it checks its hydrants."


def test_what_a_committee_is_asked_to_do_is_not_an_item(report):
    pdf = report()
    pdf.heading("Recommendation", size=11)
    pdf.lines("The Board is asked to approve the action plan.")
    pdf.heading("Recommendations")
    pdf.lines("Members are invited to note the contents of this report.")
    assert read_items(pdf.save()) == []


@pytest.mark.parametrize(("sentence", "status"), [
    ("This recommendation has been discharged.", "closed"),
    ("We found that the recommendation has not been discharged.", "incomplete"),
])
def test_a_sentence_after_a_quoted_item_gives_its_status(report, sentence, status):
    pdf = report()
    pdf.lines("In 2023 we made the following recommendation:")
    pdf.heading("Recommendation", size=11)
    pdf.lines("The force should review its use of stop and search.")
    pdf.lines(sentence)
    [item] = read_items(pdf.save())
    assert item.origin == "earlier_report" and parse_status(item.status_text) == status


def test_an_action_line_gives_a_status_only_when_it_is_one(report):
    pdf = report()
    pdf.heading("Recommendation 3")
    pdf.lines("By 1 June 2023, chief fire officers should review their data.")
    pdf.lines("Action: Complete")
    pdf.heading("Recommendation 4")
    pdf.lines("With immediate effect, chief fire officers should notify us of allegations.")
    pdf.lines("Action: notifications are made as allegations arise.")
    first, second = read_items(pdf.save())
    assert parse_status(first.status_text) == "completed"
    assert second.status_text is None


def test_a_list_entry_with_a_second_paragraph_is_one_item(report):
    pdf = report()
    pdf.lines("We recommend that:")
    pdf.lines("1. By June 2026, the NPCC should publish guidance on evidence from shops.")
    pdf.lines("Police and crime commissioners should fund partnerships that follow it.",
              indent=14)
    pdf.lines("2. By June 2026, chief constables should adopt that guidance.")
    items = read_items(pdf.save())
    assert [(i.number, i.origin) for i in items] == [("1", "this_report"), ("2", "this_report")]
    assert items[0].text.endswith("Police and crime commissioners should fund partnerships "
                                  "that follow it.")
