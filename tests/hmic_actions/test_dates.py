import datetime as dt

import pytest

from hmic_actions.dates import (
    last_day_of_month,
    month_number,
    parse_date,
    parse_month_year,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31 March 2026", dt.date(2026, 3, 31)),
        ("1st April 2025", dt.date(2025, 4, 1)),
        ("March 31, 2026", dt.date(2026, 3, 31)),
        ("29 Feb 2024", dt.date(2024, 2, 29)),
        ("29 February 2025", None),
        ("March 2026", None),
        ("31/03/2026", dt.date(2026, 3, 31)),
        ("the 2025/26 profile", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_month_helpers() -> None:
    assert parse_month_year("June 2026") == (2026, 6)
    assert parse_month_year("31 June 2026") is None
    assert month_number("Sept.") == 9
    assert month_number("Smarch") is None
    assert last_day_of_month(2024, 2) == dt.date(2024, 2, 29)
    assert last_day_of_month(2025, 12) == dt.date(2025, 12, 31)
