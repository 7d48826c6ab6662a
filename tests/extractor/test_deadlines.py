import datetime as dt

import pytest

from extractor.deadlines import (
    Deadline,
    analyse_deadlines,
    find_deadline_candidates,
    parse_deadline,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "date", "printed"),
    [
        ("By 31 March 2026, all chief constables should review their vetting backlogs.",
         D(2026, 3, 31), "By 31 March 2026"),
        ("By 31st March 2026, the Home Office should publish revised counting rules.",
         D(2026, 3, 31), "By 31st March 2026"),
        ("by 1 April 2025 forces should have adopted the new triage tool.",
         D(2025, 4, 1), "by 1 April 2025"),
        ("Not later than 31 March 2015, every force should publish its plan.",
         D(2015, 3, 31), "Not later than 31 March 2015"),
        ("The College of Policing should, no later than 30 September 2025, revise its guidance.",
         D(2025, 9, 30), "no later than 30 September 2025"),
        ("Forces should complete the audit by no later than 28 February 2027.",
         D(2027, 2, 28), "by no later than 28 February 2027"),
        ("By 30 Sept 2025, forces should appoint a lead.", D(2025, 9, 30), "By 30 Sept 2025"),
        ("By March 31, 2026, the NCA should publish its assessment.",
         D(2026, 3, 31), "By March 31, 2026"),
        ("By 31/03/2026, chief constables should report progress.",
         D(2026, 3, 31), "By 31/03/2026"),
        ("By the 31st of July 2026, forces should train all call handlers.",
         D(2026, 7, 31), "By the 31st of July 2026"),
        ("On or before 1 October 2025, the force should close the backlog.",
         D(2025, 10, 1), "On or before 1 October 2025"),
    ],
)
def test_full_dates(text: str, date: dt.date, printed: str) -> None:
    deadline = parse_deadline(text)
    assert deadline == Deadline(date=date, text=printed)


@pytest.mark.parametrize(
    ("text", "date", "printed"),
    [
        ("By March 2026, the force should introduce a new performance framework.",
         D(2026, 3, 31), "By March 2026"),
        ("By February 2028, chief constables should review the policy.",
         D(2028, 2, 29), "By February 2028"),
        ("The NPCC should, by June 2026, agree a national standard.",
         D(2026, 6, 30), "by June 2026"),
        ("By the end of 2025, all forces should have a problem profile.",
         D(2025, 12, 31), "By the end of 2025"),
        ("Forces should complete this work by the end of June 2026.",
         D(2026, 6, 30), "by the end of June 2026"),
        ("By the end of the 2025/26 financial year, chief constables should audit their data.",
         D(2026, 3, 31), "By the end of the 2025/26 financial year"),
        ("By the end of the 2024-25 financial year, the force should recruit more investigators.",
         D(2025, 3, 31), "By the end of the 2024-25 financial year"),
        ("By the end of the 2026\u201327 financial year, forces should replace the system.",
         D(2027, 3, 31), "By the end of the 2026\u201327 financial year"),
        ("By the end of financial year 2025 to 2026, the Home Office should fund the pilot.",
         D(2026, 3, 31), "By the end of financial year 2025 to 2026"),
        ("By the end of 2025/26, the force should have cleared the backlog.",
         D(2026, 3, 31), "By the end of 2025/26"),
        ("No later than the end of December 2024, forces should publish their data.",
         D(2024, 12, 31), "No later than the end of December 2024"),
    ],
)
def test_month_year_and_period_ends(text: str, date: dt.date, printed: str) -> None:
    deadline = parse_deadline(text)
    assert (deadline.date, deadline.text, deadline.relative, deadline.immediate) == (
        date, printed, None, False,
    )


@pytest.mark.parametrize(
    ("text", "relative", "printed"),
    [
        ("Within six months of this report's publication, the Home Office should consult.",
         "P6M", "Within six months"),
        ("Chief constables should, within 6 months, review their referral processes.",
         "P6M", "within 6 months"),
        ("Within 12 weeks, the force should introduce daily supervision of open cases.",
         "P12W", "Within 12 weeks"),
        ("The force should act on this within 30 days of publication.", "P30D", "within 30 days"),
        ("Within a year, forces should train every supervisor.", "P1Y", "Within a year"),
        ("Forces should agree a joint protocol within one year.", "P1Y", "within one year"),
        ("Within the next eighteen months, the Home Office should legislate.",
         "P18M", "Within the next eighteen months"),
        ("Within two years of this report, police and crime commissioners should commission it.",
         "P2Y", "Within two years"),
        ("Within 10 working days, the force should contact each victim.",
         "P10D", "Within 10 working days"),
    ],
)
def test_relative_deadlines(text: str, relative: str, printed: str) -> None:
    assert parse_deadline(text) == Deadline(relative=relative, text=printed)


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("With immediate effect, all chief constables should stop the practice.",
         "With immediate effect"),
        ("Forces should stop using the old risk form with immediate effect.",
         "with immediate effect"),
        ("The force should immediately review every outstanding suspect.", "immediately"),
        ("Chief constables must immediately make sure that custody records are complete.",
         "immediately"),
        ("The force should, immediately, appoint a senior lead.", "immediately"),
        ("The force should also immediately stop the practice.", "immediately"),
        ("Chief constables should stop this practice immediately.", "immediately"),
        ("The force should take immediate action to reduce the backlog.", "immediate action"),
    ],
)
def test_immediate(text: str, printed: str) -> None:
    assert parse_deadline(text) == Deadline(immediate=True, text=printed)


@pytest.mark.parametrize(
    "text",
    [
        # "immediately" describing something other than the required action.
        "Officers arrested the suspect immediately after the incident. The force should "
        "review how it supervises such arrests.",
        "The force should make sure that officers attend immediately when a child is missing.",
        "Forces should make sure officers record crimes immediately.",
        "The force should review cases that were not immediately allocated.",
        "Victims were not immediately told about the decision.",
        "The force should make sure the risk assessment is immediately available to officers.",
        "The force should immediately after each arrest review the custody record.",
        # Numbers that are not dates or have no trigger.
        "The force has 2,000 officers and should comply with section 41 of the 2023 Act.",
        "Forces should fully adopt the template when preparing their 2025/26 profiles.",
        "As we said in our 2023 report, the force should improve its crime data integrity.",
        "The force should reduce the number of outstanding cases by 2,000.",
        "The force should increase its investigator numbers by 20 per cent.",
        "In March 2024, the force had 312 outstanding cases. The force should reduce these.",
        "The force should record crimes within 24 hours.",
        # A service standard inside the action, not the item's own deadline.
        "Forces should make sure that victims are updated within 28 days of reporting.",
        # Dates in sentences that ask nothing of anyone and do not lead the item.
        "The force did not meet the standard. It had not completed its review by March 2024.",
        "",
    ],
)
def test_not_a_deadline(text: str) -> None:
    assert parse_deadline(text) == Deadline()


def test_the_leading_deadline_governs() -> None:
    text = (
        "By 31 March 2026, the Home Office should introduce a data requirement. "
        "It should then review it by 31 March 2028."
    )
    deadline = parse_deadline(text)
    assert deadline.date == D(2026, 3, 31)
    assert analyse_deadlines(text).conflicting


def test_a_past_date_in_a_descriptive_sentence_does_not_govern() -> None:
    text = (
        "The force had committed to finish its review by 31 March 2024. "
        "By 30 September 2025, the force should complete the review."
    )
    assert parse_deadline(text).date == D(2025, 9, 30)


def test_relative_of_publication_counts_even_in_a_dependent_clause() -> None:
    text = ("The force should make sure that, within six months of this report's publication, "
            "it has a plan.")
    assert parse_deadline(text).relative == "P6M"


def test_a_readable_deadline_is_preferred_to_an_unreadable_one() -> None:
    text = "By the end of the financial year, and no later than 31 March 2026, forces should act."
    assert parse_deadline(text).date == D(2026, 3, 31)


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("By the end of the financial year, forces should publish their plans.",
         "By the end of the financial year"),
        ("By 2027, forces should have replaced their systems.", "By 2027"),
        ("By 31 June 2026, forces should publish their plans.", "By 31 June 2026"),
        ("By spring 2026, the force should recruit more call handlers.", "By spring 2026"),
    ],
)
def test_seen_but_unreadable_deadlines_keep_their_phrase(text: str, printed: str) -> None:
    analysis = analyse_deadlines(text)
    assert analysis.deadline == Deadline(text=printed)
    assert analysis.unparsed_only
    assert not analysis.deadline.found


def test_a_deadline_leading_an_item_without_a_modal_counts() -> None:
    assert parse_deadline("By 31 December 2024, a plan for every force.").date == D(2024, 12, 31)


def test_candidates_carry_offsets_into_the_text() -> None:
    text = "The force should, by June 2026, review its policy."
    (candidate,) = find_deadline_candidates(text)
    assert text[candidate.start : candidate.end] == "by June 2026"
    assert candidate.kind == "date"
