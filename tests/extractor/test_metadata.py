import datetime as dt

import pytest

from extractor.metadata import Inspected, find_inspected, find_publication_date, find_title
from tests.builders.reports import read_layout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An inspection of child protection arrangements\nPublished: 24 October 2025\n",
         dt.date(2025, 10, 24)),
        ("Publication date: 3 March 2025", dt.date(2025, 3, 3)),
        ("Date of publication: 17 July 2024", dt.date(2024, 7, 17)),
        ("This report was published on 9 January 2023.", dt.date(2023, 1, 9)),
        ("Published on 24 October 2025", dt.date(2025, 10, 24)),
        ("PUBLISHED 2 December 2024", dt.date(2024, 12, 2)),
        ("First published: 1st September 2022", dt.date(2022, 9, 1)),
        ("Publication date - 14/02/2025", dt.date(2025, 2, 14)),
        # A full date alone on a line, as on a cover.
        ("PEEL 2025\nPolice effectiveness and efficiency\n24 October 2025\nContents",
         dt.date(2025, 10, 24)),
    ],
)
def test_publication_date(text: str, expected: dt.date) -> None:
    assert find_publication_date(text) == expected


def test_labelled_date_wins_over_other_dates() -> None:
    text = "Fieldwork ended\n12 May 2025\nThe inspection\nPublished: 3 September 2025"
    assert find_publication_date(text) == dt.date(2025, 9, 3)


@pytest.mark.parametrize(
    "text",
    [
        "An inspection of the police response to stalking\nOctober 2025\n",
        "Published: October 2025",
        "We inspected the force between 3 March 2025 and 14 March 2025.",
        "Published: 31 June 2025",
        "The force had 2,000 officers in 2023.",
        "",
    ],
)
def test_no_publication_date(text: str) -> None:
    assert find_publication_date(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    # A document's own date comes before the date of the report it is about.
    ("Date inspection published: 4 February 2025\nDate response sent: 3 March 2025",
     dt.date(2025, 3, 3)),
    ("Report to the Audit Committee\nDate of meeting: 18 September 2025",
     dt.date(2025, 9, 18)),
    ("Sent on 12 April 2024", dt.date(2024, 4, 12)),
])
def test_a_documents_own_date(text, expected):
    assert find_publication_date(text) == expected


def _layout(report, title: str, *paragraphs: str):
    pdf = report(header=None)
    pdf.heading(title, size=20)
    for paragraph in paragraphs:
        pdf.lines(paragraph)
    return read_layout(pdf.save())


def test_a_document_about_one_fire_and_rescue_service(report):
    layout = _layout(report, "Harbury Fire and Rescue Service: our inspection actions",
                     "Harbury Fire and Rescue Service (HBFRS) was inspected in 2024.",
                     "HBFRS has written an action plan.")
    inspected = find_inspected(layout, find_title(layout))
    assert inspected == Inspected("fire_and_rescue_services",
                                  "Harbury Fire and Rescue Service", ("HBFRS",))


def test_a_service_named_again_and_again_makes_a_services_document(report):
    layout = _layout(report, "Cause of concern revisit letter",
                     "To: the chief fire officer, Tolworth Fire and Rescue Service.",
                     "We inspected Tolworth Fire and Rescue Service in 2023.",
                     "The service has made progress. The service has a new plan.")
    assert find_inspected(layout, find_title(layout)).body_id == "fire_and_rescue_services"


def test_a_report_on_one_force_and_a_national_one(report):
    force = _layout(report, "PEEL 2025: An inspection of Marshfield Police",
                    "The force answers calls promptly.")
    national = _layout(report, "A thematic inspection of fraud",
                       "Forces do not record fraud consistently. Chief constables should act.")
    assert find_inspected(force, find_title(force)) == Inspected(
        "chief_constables", "Marshfield Police", ())
    assert find_inspected(national, find_title(national)) is None


@pytest.mark.parametrize(("title", "force"), [
    ("PEEL: Police effectiveness, efficiency and legitimacy 2018/19 \u2013 Northshire "
     "Constabulary", "Northshire Constabulary"),
    ("PEEL: police effectiveness, efficiency and legitimacy 2016 - Westmarch Police",
     "Westmarch Police"),
    ("PEEL 2021/22 \u2014 Harbury and Dale Constabulary", "Harbury and Dale Constabulary"),
])
def test_a_force_named_after_a_dash_at_the_end_of_the_title(report, title, force):
    layout = _layout(report, title, "The constabulary should review how it answers calls.")
    assert find_inspected(layout, find_title(layout)) == Inspected(
        "chief_constables", force, ())


@pytest.mark.parametrize("title", [
    "Child protection \u2013 the police response in England and Wales",
    "Digital evidence \u2013 a review of the Police Digital Service",
])
def test_a_dash_before_no_force_name_is_not_a_force(report, title):
    layout = _layout(report, title, "Forces should review how they answer calls. "
                     "Chief constables should act. Forces should report back.")
    assert find_inspected(layout, find_title(layout)) is None


def test_the_constabulary_of_a_force_named_after_a_dash_is_told_to_act(report):
    from extractor.pipeline import extract_document

    pdf = report(header=None)
    pdf.heading("PEEL: Police effectiveness, efficiency and legitimacy 2018/19 \u2013 "
                "Marlow Vale Constabulary", size=20)
    pdf.heading("Area for improvement 1", size=11)
    pdf.lines("The constabulary should improve how it supervises investigations of burglary.")
    extraction = extract_document(pdf.save())
    [item] = extraction.items
    assert item.addressees == ["chief_constables"]
    assert item.applies_to_forces is True
