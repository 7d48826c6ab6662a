"""Relating the items of one report to each other."""

from __future__ import annotations

import pytest

from matching import within_report
from tests.builders.matching import DEFAULTS, item

REPORT = "Vetting: a thematic inspection"
MAKES = item("R1", "By 31 March 2026, the College of Policing should develop guidance on how "
             "forces reassess the vetting of officers who are subject to complaints.",
             number="1", addressees=["college_of_policing"], title=REPORT)
USES = item("R2", "By 30 September 2026, chief constables should use the College of Policing's "
            "guidance to reassess the vetting of officers who are subject to complaints.",
            number="2", title=REPORT)
OTHER = item("R3", "By 31 March 2026, chief constables should publish the number of officers "
             "dismissed for misconduct each year.", number="3", title=REPORT)
SAME_WORDS = item("R4", "By 31 March 2027, chief constables should reassess the vetting of "
                  "officers who are subject to complaints.", number="4", title=REPORT)


def test_an_item_using_what_another_asks_for_depends_on_it() -> None:
    found = within_report([MAKES, USES, OTHER], thresholds=DEFAULTS)
    assert set(found) == {"R1", "R2", "R3"}
    top = found["R2"][0]
    assert (top.tracked_id, top.relation) == ("R1", "depends_on")
    assert any("uses the guidance that item asks the College of Policing to develop" in r
               for r in top.reasons)
    assert all(s.relation != "depends_on" for s in found["R1"])  # not the other way round


def test_items_of_one_report_are_never_the_same_or_superseding() -> None:
    found = within_report([MAKES, USES, OTHER, SAME_WORDS], thresholds=DEFAULTS)
    relations = {s.relation for suggestions in found.values() for s in suggestions}
    assert relations <= {"depends_on", "related"}
    assert any(s.tracked_id == "R2" for s in found["R4"])  # the same words: related


def test_top_limits_the_suggestions_and_an_item_alone_has_none() -> None:
    found = within_report([MAKES, USES, OTHER, SAME_WORDS], top=1, thresholds=DEFAULTS)
    assert all(len(s) <= 1 for s in found.values())
    assert within_report([OTHER], thresholds=DEFAULTS) == {"R3": []}


def test_two_items_with_one_id_are_refused() -> None:
    with pytest.raises(ValueError, match="already indexed"):
        within_report([MAKES, MAKES], thresholds=DEFAULTS)
