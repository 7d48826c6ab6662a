"""The extractor on the samples, as a user runs it and as the scorer measures it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import extract_file
from extractor.evaluate import score_sample
from extractor.schema import validate_extraction
from tests.builders.samples import SAMPLES

CLI = str(Path(sys.executable).parent / "hmic-actions")
PDFS = sorted(SAMPLES.glob("*.pdf"))


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_every_sample_is_extracted_exactly_and_matches_the_schema(pdf: Path) -> None:
    actual = extract_file(pdf).to_dict()
    validate_extraction(actual)
    expected = json.loads((SAMPLES / f"{pdf.stem}.expected.json").read_text())
    score = score_sample(expected, actual, name=pdf.stem)
    assert score.perfect, score


def test_evaluate_command_reports_every_sample_perfect() -> None:
    run = subprocess.run([CLI, "evaluate", str(SAMPLES)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "all samples perfect" in run.stdout
    assert "overall" in run.stdout and "100.0%" in run.stdout


def test_extract_prints_a_readable_table() -> None:
    run = subprocess.run([CLI, "extract", str(SAMPLES / "progress_stalking.pdf")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stderr == ""
    lines = run.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("kind"))
    assert lines[header].split() == ["kind", "no.", "origin", "deadline", "addressees", "page",
                                     "text"]
    rows = lines[header + 1:]
    assert any("earlier" in row and "[incomplete]" in row for row in rows)
    assert any(row.startswith("Rec") and " this " in row for row in rows)


def test_extract_json_prints_the_contract() -> None:
    run = subprocess.run([CLI, "extract", "--json", str(SAMPLES / "custody_eastfield.pdf")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stderr == ""
    data = json.loads(run.stdout)
    validate_extraction(data)
    assert data["schema"] == "hmic-actions/extraction@1"
    assert data["report"]["pages"] == 4 and len(data["report"]["sha256"]) == 64
    kinds = {item["kind"] for item in data["items"]}
    assert kinds == {"cause_of_concern", "recommendation", "area_for_improvement"}


def test_evaluate_exits_1_when_a_sample_is_wrong(tmp_path: Path) -> None:
    sample = "custody_eastfield"
    (tmp_path / f"{sample}.pdf").write_bytes((SAMPLES / f"{sample}.pdf").read_bytes())
    expected = json.loads((SAMPLES / f"{sample}.expected.json").read_text())
    expected["items"][0]["deadline"] = "2030-01-01"
    (tmp_path / f"{sample}.expected.json").write_text(json.dumps(expected))
    run = subprocess.run([CLI, "evaluate", str(tmp_path)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 1
    assert "wrong deadline" in run.stdout
