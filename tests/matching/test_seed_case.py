"""A real case: a force's paper quoting a 2023 national report's items and the six new
recommendations of its 2025 progress report, matched against the 2023 items tracked among
about a thousand look-alike items.

The paper is read at test time from the shared seed folder (``HMIC_SEED_DIR``, by default
``../shared/seed`` beside the repository); none of its sentences is kept here. The test fails
when the file is missing: the case is part of what matching is held to.
"""

from __future__ import annotations

import pytest

from extractor.analysis import analyse_item
from matching import ItemText, MatchIndex, within_report
from matching.settings import Thresholds
from tests.builders.distractors import distractors
from tests.builders.seed import DEPENDS, EXPECTED, SeedItem, seed_case


def _items(blocks: list[SeedItem], prefix: str, title: str, year: int,
           origin: str = "this_report") -> list[ItemText]:
    items = []
    for block in blocks:
        facts = analyse_item(block.text, kind=block.kind)
        items.append(ItemText(
            id=prefix + block.key, text=block.text, kind=block.kind, number=block.number,
            origin=origin, addressees=facts.addressees, source_title=title, source_year=year,
            status=block.status if origin == "earlier_report" else None))
    return items


@pytest.fixture(scope="module")
def case():
    seed = seed_case()
    old = _items(seed.old, "O", seed.old_title, 2023)
    new = _items(seed.new, "N", seed.new_title, 2025)
    quoted = _items(seed.old, "Q", seed.new_title, 2025, origin="earlier_report")
    tracked = old + [ItemText.from_dict(d) for d in distractors(1000, seed=2024)]
    return {"old": old, "new": new, "quoted": quoted,
            "index": MatchIndex(tracked, thresholds=Thresholds())}


def test_the_paper_holds_ten_earlier_items_and_six_new_ones(case) -> None:
    old, new = case["old"], case["new"]
    assert [o.id for o in old] == [f"O{n}" for n in range(1, 10)] + ["OAFI"]
    assert [n.id for n in new] == [f"N{n}" for n in range(1, 7)]
    assert all(o.year == 2023 and n.year == 2025 for o in old for n in new)
    # the extractor's addressees: forces as chief constables, the programme as itself
    by_id = {n.id: n for n in new}
    assert by_id["N2"].addressees == ["chief_constables"]
    assert by_id["N3"].addressees == ["hydrant_programme"]


@pytest.mark.parametrize("new_id", sorted(EXPECTED))
def test_each_new_recommendation_finds_its_earlier_item(case, new_id: str) -> None:
    item = next(n for n in case["new"] if n.id == new_id)
    result = case["index"].suggest(item)
    expected_id, relation = EXPECTED[new_id]
    assert result.top is not None, result.reason
    assert (result.top.tracked_id, result.top.relation) == (expected_id, relation), (
        [(c.tracked_id, c.score, c.relation, c.reasons) for c in result.candidates])
    assert result.top.score >= Thresholds().floor or result.top.evidence.get("clearly_closest")


def test_six_of_six_right_and_no_false_same_as(case) -> None:
    results = [case["index"].suggest(n) for n in case["new"]]
    right = sum((r.top.tracked_id, r.top.relation) == EXPECTED[n.id]
                for n, r in zip(case["new"], results, strict=True) if r.top)
    assert right == 6
    assert not [c for r in results for c in r.candidates if c.relation == "same_as"]


def test_reasons_explain_the_supersedes_and_the_shared_operation(case) -> None:
    by_id = {n.id: n for n in case["new"]}
    restated = case["index"].suggest(by_id["N2"]).top
    assert "re-stated in a later report (2025 after 2023)" in restated.reasons
    assert any(r.startswith("later deadline (31 March 2026 after") for r in restated.reasons)
    shared = case["index"].suggest(by_id["N6"]).top
    assert any(r.startswith("both name Operation") for r in shared.reasons)


def test_within_the_new_report_the_use_of_guidance_depends_on_its_making(case) -> None:
    related = within_report(case["new"])
    assert set(related) == {n.id for n in case["new"]}
    depends = [(item_id, s.tracked_id) for item_id, found in related.items() for s in found
               if s.relation == "depends_on"]
    assert DEPENDS in depends
    assert DEPENDS[::-1] not in depends
    assert all(s.relation in ("depends_on", "related") for found in related.values()
               for s in found)
    reason = next(r for r in related["N4"][0].reasons if r.startswith("uses the guidance"))
    assert "asks the Hydrant Programme to develop" in reason


def test_the_earlier_items_quoted_again_are_the_same_items(case) -> None:
    for quoted in case["quoted"]:
        result = case["index"].suggest(quoted)
        assert result.top is not None, quoted.id
        assert (result.top.tracked_id, result.top.relation) == ("O" + quoted.id[1:],
                                                                "same_as"), result.top.reasons
        assert [c for c in result.candidates[1:] if c.relation == "same_as"] == []
