"""The extractor on the development corpus: real publications, each with its expected
extraction (``CASE/report.pdf`` and ``CASE/gold.json``), kept beside the repository.

A floor against regressions: the figures reached on it may not fall. ``HMIC_CORPUS_DIR``
names the corpus; by default it is ``../shared/corpus`` beside the checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractor import extract_file
from extractor.evaluate import FIELDS, HIGH_CONFIDENCE, EvaluationReport, evaluate_dir
from extractor.schema import validate_extraction

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("HMIC_CORPUS_DIR") or REPO.parent / "shared" / "corpus")

# The figures reached; raise them as the extractor improves.
F1_FLOOR = 1.0
FIELD_FLOOR = 0.95
CONFIDENT_FLOOR = 0.97


@pytest.fixture(scope="module")
def scored() -> EvaluationReport:
    if not CORPUS.is_dir():
        pytest.fail(f"the development corpus is not at {CORPUS} (set HMIC_CORPUS_DIR)")
    report = evaluate_dir(CORPUS, lambda p: extract_file(p).to_dict(),
                          validate=validate_extraction)
    assert len(report.samples) >= 10 and not report.unpaired
    return report


def test_every_item_of_the_corpus_is_found_with_its_origin(scored: EvaluationReport) -> None:
    assert scored.f1 >= F1_FLOOR, [(s.name, s.missed, s.spurious) for s in scored.samples]
    assert all(not s.schema_problems and s.error is None for s in scored.samples)


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_of_the_corpus(scored: EvaluationReport, field: str) -> None:
    tally = scored.fields[field]
    wrong = [(s.name, w.item) for s in scored.samples for w in s.wrong if w.field == field]
    assert tally.accuracy >= FIELD_FLOOR, wrong


def test_high_confidence_means_right(scored: EvaluationReport) -> None:
    confident = scored.confident
    assert confident.total > 0
    assert confident.accuracy >= CONFIDENT_FLOOR, f"confidence >= {HIGH_CONFIDENCE}"
