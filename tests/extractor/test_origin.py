"""Where items come from: the document's voice and the sentences that introduce items."""

from __future__ import annotations

import pytest

from extractor.origin import (
    OWN,
    QUOTING,
    RESPONDING,
    document_voice,
    intro_kind,
    introduction,
    names_earlier_report,
)


@pytest.mark.parametrize(("text", "title", "voice"), [
    # The inspectorate's own report: it makes its items.
    ("We found that the force does not record crime accurately. We recommend that the "
     "force reviews its training.", "An inspection of Eastfield Police", OWN),
    ("Our inspection looked at custody. We make the following recommendations:",
     "Custody inspection", OWN),
    # A service's page: the inspectorate in the third person.
    ("In May 2024 the inspectorate published its report on our service. Below is our progress "
     "against each recommendation.", "Our progress", QUOTING),
    ("HMIC will subsequently produce a report on the force. The report made three areas "
     "for improvement.", "Report to the Audit Committee", QUOTING),
    ("The service underwent an inspection by HMICFRS in the spring. Our action plan follows.",
     "Inspection actions", QUOTING),
    # A commissioner's statutory response stands for the report it answers.
    ("The Police and Crime Commissioner has considered the report. HMIC found ...",
     "Response by the Police and Crime Commissioner to the inspection of Westvale Police",
     RESPONDING),
    # A letter from the inspectorate speaks of "we": its voice is its own.
    ("Between March and May we inspected the service and identified a cause of concern.",
     "Cause of concern revisit letter", OWN),
])
def test_the_voice_of_a_document(text, title, voice):
    assert document_voice(text, title) == voice


@pytest.mark.parametrize(("sentence", "expected"), [
    ("On 2 May we wrote to you with the cause of concern and made the following "
     "recommendations:", "earlier"),
    ("In 2022 the inspectorate identified two causes of concern. The causes of concern were:",
     "earlier"),
    ("The report set out three areas for improvement:", "earlier"),
    ("We make the following recommendations:", "this"),
    ("We have made four new recommendations:", "this"),
    ("To address this cause of concern, we recommend that:", "this"),
    # Not an introduction of items.
    ("We looked at the following areas:", None),
    ("The inspectorate made three recommendations.", None),
])
def test_what_an_introducing_sentence_says(sentence, expected):
    assert introduction(sentence) == expected


@pytest.mark.parametrize(("sentence", "kind"), [
    ("The report included a few broad areas for improvement rather than detailed "
     "recommendations:", "area_for_improvement"),
    ("In 2023 we found two causes of concern. The causes of concern were:", "cause_of_concern"),
    ("We shared the cause of concern and made the following recommendations:",
     "recommendation"),
    ("To address this cause of concern, we recommend that:", "recommendation"),
    ("We looked at the following areas:", None),
])
def test_the_kind_an_introducing_sentence_names(sentence, kind):
    assert intro_kind(sentence) == kind


@pytest.mark.parametrize(("heading", "year", "earlier"), [
    ("Previous recommendations", 2025, True),
    ("Recommendations from our 2022 report", 2025, True),
    ("Our 2023 recommendations", 2025, True),
    ("Our 2025 recommendations", 2025, False),
    ("New recommendations", 2025, False),
    ("Recommendations", 2025, False),
])
def test_headings_that_name_an_earlier_report(heading, year, earlier):
    assert names_earlier_report(heading, year) is earlier
