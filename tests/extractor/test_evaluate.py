"""The accuracy scorer: matching, precision/recall/F1, field accuracy and the printed report."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from extractor.errors import ExtractionError
from extractor.evaluate import (
    FIELDS,
    EvaluationReport,
    evaluate_dir,
    format_report,
    match_items,
    score_sample,
)
from extractor.schema import validate_extraction

TEXTS = [
    "By 31 March 2026, chief constables should make sure that every report of stalking "
    "is recorded as a crime at the first point of contact.",
    "The Home Office and the College of Policing should publish guidance on the use of "
    "protection orders for victims of domestic abuse.",
    "The force should improve how it supervises investigations so that victims are kept "
    "informed about the progress of their case.",
]


def item(text: str = TEXTS[0], **fields) -> dict:
    base = {
        "kind": "recommendation",
        "number": "1",
        "origin": "this_report",
        "text": text,
        "deadline": None,
        "deadline_text": None,
        "immediate": False,
        "addressees": ["chief_constables"],
        "addressees_other": [],
        "deadline_relative": None,
        "applies_to_forces": True,
        "status": None,
        "page": 4,
        "confidence": 0.9,
    }
    base.update(fields)
    return base


def doc(*items: dict, title="A thematic inspection", published="2025-10-24", pages=20) -> dict:
    return {
        "schema": "hmic-actions/extraction@1",
        "report": {"title": title, "published": published, "pages": pages, "sha256": "0" * 64},
        "items": list(items),
    }


def three() -> dict:
    return doc(
        item(TEXTS[0], number="1", deadline="2026-03-31", deadline_text="By 31 March 2026"),
        item(
            TEXTS[1],
            number="2",
            addressees=["home_office", "college_of_policing"],
            applies_to_forces=False,
            page=5,
        ),
        item(TEXTS[2], kind="area_for_improvement", number=None, page=9),
    )


# --------------------------------------------------------------------------- matching


def test_perfect_match():
    expected = three()
    actual = copy.deepcopy(expected)
    actual["items"].reverse()  # order does not matter
    actual["items"][0]["confidence"] = 0.2  # nor does confidence
    score = score_sample(expected, actual, name="perfect")
    assert (score.matched, score.precision, score.recall, score.f1) == (3, 1.0, 1.0, 1.0)
    assert all(t.correct == t.total == 3 for t in score.fields.values())
    assert score.report == {"title": True, "published": True, "pages": True}
    assert not score.missed and not score.spurious and not score.wrong
    assert score.perfect


def test_text_compared_lower_cased_and_whitespace_folded():
    expected = three()
    actual = copy.deepcopy(expected)
    actual["items"][0]["text"] = "  " + TEXTS[0].upper().replace(" ", "\n  ")
    assert score_sample(expected, actual).perfect


def test_a_missed_item():
    expected = three()
    actual = copy.deepcopy(expected)
    del actual["items"][1]
    score = score_sample(expected, actual)
    assert (score.matched, score.expected_items, score.actual_items) == (2, 3, 2)
    assert score.precision == 1.0
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(0.8)
    assert len(score.missed) == 1 and score.missed[0].startswith("recommendation 2 (p. 5)")
    assert '"The Home Office and the College of Policing should' in score.missed[0]
    assert not score.spurious and not score.perfect


def test_a_spurious_item():
    expected = three()
    actual = copy.deepcopy(expected)
    actual["items"].append(
        item("Recommendations ........ 5", number=None, page=2, addressees=[])
    )
    score = score_sample(expected, actual)
    assert score.precision == pytest.approx(3 / 4) and score.recall == 1.0
    assert score.spurious == ['recommendation (unnumbered) (p. 2): "Recommendations ........ 5"']
    assert not score.missed and not score.perfect


@pytest.mark.parametrize(
    ("field", "change", "expected_shown"),
    [
        ("deadline", {"deadline": "2026-04-30"}, {"deadline": "2026-03-31",
                                                  "deadline_relative": None,
                                                  "deadline_text": "By 31 March 2026"}),
        ("deadline", {"deadline_text": "By March 2026"}, None),
        ("deadline", {"deadline": None, "deadline_relative": "P6M"}, None),
        ("immediate", {"immediate": True}, False),
        ("addressees", {"addressees": ["chief_constables", "npcc"]}, None),
        ("addressees", {"addressees_other": ["the regional board"]}, None),
        ("applies_to_forces", {"applies_to_forces": False}, True),
        ("status", {"status": "completed"}, None),
        ("page", {"page": 5}, 4),
        ("text", {"text": TEXTS[0][:80]}, TEXTS[0]),
        ("text", {"text": TEXTS[0] + " " + TEXTS[2]}, TEXTS[0]),
    ],
)
def test_a_wrong_field(field, change, expected_shown):
    expected = three()
    actual = copy.deepcopy(expected)
    actual["items"][0].update(change)
    score = score_sample(expected, actual)
    assert score.matched == 3 and score.f1 == 1.0  # still found
    assert score.fields[field].correct == 2 and score.fields[field].total == 3
    assert all(score.fields[f].correct == 3 for f in FIELDS if f != field)
    assert [w.field for w in score.wrong] == [field]
    assert score.wrong[0].item.startswith("recommendation 1 (p. 4)")
    if expected_shown is not None:
        assert score.wrong[0].expected == expected_shown
    assert not score.perfect


def test_addressees_compared_as_sets():
    expected = doc(item(addressees=["chief_constables", "home_office"],
                        addressees_other=["The Regional Board", "a panel"]))
    actual = doc(item(addressees=["home_office", "chief_constables"],
                      addressees_other=["a  panel", "the regional board"]))
    assert score_sample(expected, actual).fields["addressees"].correct == 1


@pytest.mark.parametrize(
    "change",
    [{"number": "2"}, {"number": None}, {"origin": "earlier_report"},
     {"kind": "area_for_improvement"}],
)
def test_number_origin_or_kind_disagreement_is_no_match(change):
    expected = doc(item())
    actual = doc(item(**change))
    score = score_sample(expected, actual)
    assert score.matched == 0
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)
    assert len(score.missed) == 1 and len(score.spurious) == 1


def test_different_text_is_no_match_but_a_near_miss():
    score = score_sample(doc(item(TEXTS[0])), doc(item(TEXTS[1])))
    assert score.matched == 0
    [(missed, found, similarity)] = score.near_misses
    assert missed == score.missed[0] and found == score.spurious[0]
    assert similarity < 90
    text = format_report(EvaluationReport(samples=[score]))
    assert f"closest found, text similarity {similarity:g} < 90: {found}" in text


def test_no_near_miss_across_numbers():
    score = score_sample(doc(item(TEXTS[0])), doc(item(TEXTS[1], number="2")))
    assert score.near_misses == []


def test_matching_is_one_to_one_and_best_first():
    near = TEXTS[0].replace("every report of stalking", "each stalking report")
    expected = doc(item(near, page=4), item(TEXTS[0], page=4))
    pairs = match_items(expected["items"], [item(TEXTS[0], page=4)])
    assert [(i, j) for i, j, _ in pairs] == [(1, 0)]  # the exact text wins
    score = score_sample(expected, doc(item(TEXTS[0])))
    assert score.matched == 1 and len(score.missed) == 1 and not score.spurious


def test_duplicates_pair_once_each():
    expected = doc(item(page=3), item(page=7))
    actual = doc(item(page=7), item(page=3))
    score = score_sample(expected, actual)
    assert score.matched == 2 and score.fields["page"].correct == 2


def test_report_block_agreement():
    expected = three()
    actual = copy.deepcopy(expected)
    actual["report"].update(title="a  THEMATIC inspection", published="2025-10-25", pages=21)
    score = score_sample(expected, actual)
    assert score.report == {"title": True, "published": False, "pages": False}
    assert {m.field for m in score.report_wrong} == {"published", "pages"}
    assert not score.perfect


def test_empty_expectation_and_nothing_found_is_perfect():
    score = score_sample(doc(), doc())
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    assert score.perfect


# --------------------------------------------------------------------------- directories


def write_sample(directory: Path, stem: str, expected: dict, actual: dict | None) -> None:
    (directory / f"{stem}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (directory / f"{stem}.expected.json").write_text(json.dumps(expected), encoding="utf-8")
    if actual is not None:
        (directory / f"{stem}.actual.json").write_text(json.dumps(actual), encoding="utf-8")


def fake_extract(path: Path) -> dict:
    """Stands in for the extractor: reads what it 'found' from a sidecar file."""
    sidecar = path.with_suffix(".actual.json")
    if not sidecar.exists():
        raise ExtractionError("is encrypted (password-protected)")
    return json.loads(sidecar.read_text(encoding="utf-8"))


def test_evaluate_dir_scores_every_pair(tmp_path):
    good = three()
    write_sample(tmp_path, "a-thematic", good, good)
    flawed = copy.deepcopy(good)
    del flawed["items"][2]
    flawed["items"][0]["deadline"] = None
    write_sample(tmp_path, "b-peel", good, flawed)
    write_sample(tmp_path, "c-broken", good, None)
    (tmp_path / "d-lonely.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "e-orphan.expected.json").write_text("{}", encoding="utf-8")

    seen = []
    report = evaluate_dir(tmp_path, lambda p: seen.append(p.name) or fake_extract(p))
    assert seen == ["a-thematic.pdf", "b-peel.pdf", "c-broken.pdf"]
    assert [s.name for s in report.samples] == ["a-thematic", "b-peel", "c-broken"]
    a, b, c = report.samples
    assert a.perfect and not b.perfect and not c.perfect
    assert c.error == "is encrypted (password-protected)" and c.matched == 0
    assert report.unpaired == [
        "d-lonely.pdf (no d-lonely.expected.json)",
        "e-orphan.expected.json (no e-orphan.pdf)",
    ]
    assert (report.expected_items, report.actual_items, report.matched) == (9, 5, 5)
    assert report.precision == 1.0 and report.recall == pytest.approx(5 / 9)
    assert report.fields["deadline"].correct == 4 and report.fields["deadline"].total == 5
    assert report.report["title"].correct == 2 and report.report["title"].total == 3
    assert not report.perfect


def test_evaluate_dir_checks_the_schema_when_asked(tmp_path):
    good = three()
    bad = copy.deepcopy(good)
    bad["items"][0]["status"] = "done"
    write_sample(tmp_path, "s", good, bad)
    without = evaluate_dir(tmp_path, fake_extract)
    assert without.samples[0].schema_problems == []
    checked = evaluate_dir(tmp_path, fake_extract, validate=validate_extraction)
    assert checked.samples[0].schema_problems[0].startswith("$.items[0].status:")
    assert not checked.perfect


def test_evaluate_dir_all_perfect(tmp_path):
    write_sample(tmp_path, "one", three(), three())
    report = evaluate_dir(tmp_path, fake_extract, validate=validate_extraction)
    assert report.perfect and report.f1 == 1.0


# --------------------------------------------------------------------------- printing


def test_format_report_lists_scores_and_what_to_fix(tmp_path):
    good = three()
    flawed = copy.deepcopy(good)
    del flawed["items"][1]
    flawed["items"][0]["page"] = 6
    flawed["items"].append(item("Contents page entry that is not an item at all", number="9"))
    write_sample(tmp_path, "peel-force", good, flawed)
    write_sample(tmp_path, "thematic", good, good)
    text = format_report(evaluate_dir(tmp_path, fake_extract))
    lines = text.splitlines()
    assert lines[0].split() == ["sample", "expected", "found", "matched", "precision",
                                "recall", "F1"]
    assert any(line.split() == ["peel-force", "3", "3", "2", "66.7%", "66.7%", "66.7%"]
               for line in lines)
    assert any(line.split() == ["thematic", "3", "3", "3", "100.0%", "100.0%", "100.0%"]
               for line in lines)
    assert any(line.split() == ["overall", "6", "6", "5", "83.3%", "83.3%", "83.3%"]
               for line in lines)
    assert any(line.split() == ["page", "80.0%", "(4/5)"] for line in lines)
    assert any(line.split() == ["deadline", "100.0%", "(5/5)"] for line in lines)
    assert any(line.split()[:2] == ["published", "100.0%"] for line in lines)
    problems = text[text.index("to fix:"):]
    assert "peel-force:" in problems and "thematic:" not in problems
    assert "missed    recommendation 2 (p. 5)" in problems
    assert 'spurious  recommendation 9 (p. 4): "Contents page entry' in problems
    assert "wrong page in recommendation 1 (p. 4)" in problems
    assert "expected 4" in problems and "got      6" in problems
    assert lines[-1] == "1 of 2 samples imperfect"


def test_format_report_when_perfect_and_when_empty():
    assert "no samples found" in format_report(EvaluationReport())
    score = score_sample(three(), three(), name="x")
    text = format_report(EvaluationReport(samples=[score]))
    assert text.splitlines()[-1] == "all samples perfect"
    assert "to fix:" not in text


def test_format_report_shows_failed_extractions(tmp_path):
    write_sample(tmp_path, "locked", three(), None)
    text = format_report(evaluate_dir(tmp_path, fake_extract))
    assert "extraction failed: is encrypted (password-protected)" in text
