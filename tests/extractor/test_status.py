import pytest

from extractor.status import STATUS_WORDS, parse_status
from hmic_actions.vocab import EXTRACTED_STATUSES as STATUSES


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Status: Incomplete", "incomplete"),
        ("Status: In progress", "in_progress"),
        ("Status: Completed", "completed"),
        ("Status: Complete", "completed"),
        ("Status: Closed", "closed"),
        ("Status: Superseded", "superseded"),
        ("Status: Closed - superseded", "superseded"),
        ("Status: Closed \u2013 superseded by recommendation 4", "superseded"),
        ("Closed (superseded)", "superseded"),
        ("STATUS: IN PROGRESS", "in_progress"),
        ("Status:Completed", "completed"),
        ("Status - Met", "completed"),
        ("Current status: Achieved", "completed"),
        ("Status: Discharged", "closed"),
        ("Status: Partially met", "in_progress"),
        ("Status: Ongoing", "in_progress"),
        ("Status: Not met", "incomplete"),
        ("Status: Not started", "incomplete"),
        ("Status: Withdrawn", "closed"),
        ("Incomplete", "incomplete"),
        ("In progress.", "in_progress"),
        ("  Completed  ", "completed"),
        ("Incomplete \u2013 see new recommendation 2", "incomplete"),
    ],
)
def test_status_lines(line: str, expected: str) -> None:
    assert parse_status(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Status: For information",
        "Status: Open to the public",
        "The force has completed the work it set out in its plan last year and more.",
        "Completely",
        "Metropolitan",
        "",
    ],
)
def test_not_a_status(line: str) -> None:
    assert parse_status(line) is None


def test_mapping_only_produces_contract_statuses() -> None:
    assert set(STATUS_WORDS.values()) <= set(STATUSES)
