"""Dependencies between the items of one report, read from their text: many phrasings that
are dependencies, and mentions that are not."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from extractor.dependencies import Dependency, find_dependencies

REC, AFI, COC = "recommendation", "area_for_improvement", "cause_of_concern"


def items_with(text: str, kind: str = REC, number: str = "9") -> list[dict[str, str]]:
    """Items 1-5 of each kind, and the item under test (``kind`` ``number``) saying ``text``."""
    base = [{"kind": k, "number": str(n), "text": f"Forces should do task {k} {n}."}
            for k in (REC, AFI, COC) for n in range(1, 6)]
    return [*base, {"kind": kind, "number": number, "text": text}]


def targets(text: str, **kwargs: str) -> list[tuple[str, str]]:
    return [(d.depends_on_kind, d.depends_on_number) for d in find_dependencies(
        items_with(text, **kwargs))]


@pytest.mark.parametrize("text, expected", [
    ("The force cannot progress this until recommendation 3 is done.", [(REC, "3")]),
    ("Once recommendation 2 has been implemented, forces should audit cases.", [(REC, "2")]),
    ("Following the work in recommendation 1, forces should publish a plan.", [(REC, "1")]),
    ("In conjunction with area for improvement 4, the force should train staff.",
     [(AFI, "4")]),
    ("When recommendation 5 is complete, chief constables should review it.", [(REC, "5")]),
    ("After implementing recommendation 2, forces should check compliance.", [(REC, "2")]),
    ("Building on recommendation 4, forces should extend the scheme.", [(REC, "4")]),
    ("As part of recommendation 1, the force should appoint a lead.", [(REC, "1")]),
    ("Alongside AFI 3, the force should improve supervision.", [(AFI, "3")]),
    ("Subject to recommendation 2, the NPCC should issue guidance.", [(REC, "2")]),
    ("This work is dependent on recommendation 4 being delivered.", [(REC, "4")]),
    ("This depends upon cause of concern 1 being addressed.", [(COC, "1")]),
    ("Having implemented recommendation 3, forces should evaluate it.", [(REC, "3")]),
    ("On completion of recommendation 1, forces should report to their PCC.", [(REC, "1")]),
    ("Further to recommendation 5, forces should share data.", [(REC, "5")]),
    ("Recommendation 2 must be implemented first; then forces should audit.", [(REC, "2")]),
    ("Until recommendations 2 and 3 are implemented, forces should use interim checks.",
     [(REC, "2"), (REC, "3")]),
    ("Once recommendations 1, 2 and 4 are in place, forces should review.",
     [(REC, "1"), (REC, "2"), (REC, "4")]),
    ("Following on from the actions set out in recommendation 3, forces should act.",
     [(REC, "3")]),
    ("In tandem with area for improvement 2, the force should act.", [(AFI, "2")]),
    ("The force should, once\nrecommendation 4 has been met, publish results.", [(REC, "4")]),
    ("Together with Recommendation No. 5, forces should act.", [(REC, "5")]),
])
def test_phrasings_that_state_a_dependency(text, expected):
    assert targets(text) == expected


@pytest.mark.parametrize("text", [
    "Recommendation 3 of our 2019 report has not been implemented.",
    "Following recommendation 3 of our 2019 report, forces should act again.",
    "Once recommendation 2 in our previous inspection is met, forces should act.",
    "Until recommendation 4 from the 2021 thematic report is complete, forces should act.",
    "Following our previous recommendation 2, forces should act.",
    "Following the 2022 report's recommendation 1, forces should act.",
    "Building on recommendation 3 (2020), forces should act.",
    "This recommendation replaces recommendation 3.",
    "Like recommendation 2, this applies to every force.",
    "Forces should act by 31 March 2026.",
    "Forces should review 3 recommendations made by the College of Policing.",
    "Before recommendation 3 is implemented, forces should consult victims.",
])
def test_mentions_that_are_not_dependencies(text):
    assert targets(text) == []


def test_an_item_naming_itself_is_not_a_dependency():
    assert targets("Until recommendation 9 is done, nothing else moves.") == []
    assert targets("Until recommendation 1 is done, nothing else moves.", kind=AFI,
                   number="1") == [(REC, "1")]


def test_dependency_names_both_items_their_index_and_the_phrase():
    items = [
        {"kind": REC, "number": "1", "text": "Forces should set up a register."},
        {"kind": REC, "number": "2",
         "text": "The force cannot progress this until recommendation 1 is done. It should "
                 "then audit it, in conjunction with area for improvement 7."},
    ]
    found = find_dependencies(items)
    assert found == [
        Dependency(item=1, kind=REC, number="2", depends_on_kind=REC, depends_on_number="1",
                   depends_on=0, phrase="until recommendation 1 is done"),
        Dependency(item=1, kind=REC, number="2", depends_on_kind=AFI, depends_on_number="7",
                   depends_on=None, phrase="in conjunction with area for improvement 7"),
    ]
    assert found[0].to_dict()["depends_on"] == 0


def test_items_may_be_objects_and_repeated_mentions_count_once():
    @dataclass
    class Item:
        kind: str
        number: str | None
        text: str

    items = [Item(REC, "1", "Forces should act."),
             Item(REC, "2", "Once recommendation 1 is done, and after recommendation 1 is "
                            "reviewed, forces should act."),
             Item(AFI, None, "Alongside recommendation 2, the force should act.")]
    found = find_dependencies(items)
    assert [(d.item, d.depends_on) for d in found] == [(1, 0), (2, 1)]
    assert found[1].number is None and found[1].kind == AFI


def test_no_items_no_dependencies():
    assert find_dependencies([]) == []
    assert find_dependencies([{"kind": REC, "number": "1", "text": ""}]) == []
