import datetime as dt

import pytest

from extractor.metadata import find_publication_date


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
