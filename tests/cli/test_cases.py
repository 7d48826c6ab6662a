"""``hmic-actions cases export`` on SQLite and PostgreSQL: a report reviewed on the tracker
becomes a case ``hmic-actions evaluate`` scores, and every refusal is one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from extractor import extract_file
from models.db import session_scope
from models.ops import reports as report_ops
from models.ops.drafts import confirm_draft, edit_draft, record_extraction, reject_draft
from models.tables import Report
from tests.service import REPO, hmic

SAMPLE = REPO / "samples" / "peel_northmoor.pdf"


def reviewed_sample(engine: Engine, decide: bool = True, sample: Path = SAMPLE) -> int:
    """The sample report uploaded, extracted as the worker does, every draft accepted as it
    was found (unless ``decide`` is false); the report's id."""
    found = extract_file(sample)
    with session_scope(engine) as session:
        report = report_ops.add_report(session, sample.name, sample.read_bytes(), "Priya")[0]
        report_ops.start_processing(session, report, "worker")
        drafts = record_extraction(session, report, found, "worker")
        report_ops.finish_report(session, report, "worker")
        if decide:
            for draft in drafts:
                confirm_draft(session, draft.id, "ana")
        return report.id


def export(db_url: str, cwd: Path, *args: str):
    return hmic("cases", "export", *args, cwd=cwd, DATABASE_URL=db_url)


def one_line_error(done, *parts: str) -> None:
    assert done.returncode == 2, done.stdout
    assert done.stdout == "" and done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("hmic-actions: error: ")
    for part in parts:
        assert part in done.stderr


def test_a_report_accepted_as_found_is_a_perfect_case(engine: Engine, db_url: str,
                                                      tmp_path: Path) -> None:
    report_id = reviewed_sample(engine)
    done = export(db_url, tmp_path, str(report_id), "cases")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("cases/peel_northmoor.pdf and peel_northmoor.expected.json "
                           "written: 7 items (0 added by hand, 0 left out as not items, "
                           "0 pending)\n")
    written = json.loads((tmp_path / "cases" / "peel_northmoor.expected.json").read_text())
    gold = json.loads((REPO / "samples" / "peel_northmoor.expected.json").read_text())
    assert written["report"] == gold["report"]
    assert [{k: v for k, v in i.items() if k != "review"} for i in written["items"]] == \
        gold["items"]
    scored = hmic("evaluate", "cases", cwd=tmp_path)
    assert scored.returncode == 0, scored.stdout + scored.stderr
    assert "all samples perfect" in scored.stdout
    assert "peel_northmoor         7      7        7     100.0%   100.0%   100.0%" in \
        scored.stdout


@pytest.mark.parametrize("name", ["web_page_kingsway_frs.html", "word_peel_kingsmere.docx"])
def test_a_word_document_or_a_web_page_is_a_case_in_its_own_format(
        engine: Engine, db_url: str, tmp_path: Path, name: str) -> None:
    sample = REPO / "samples" / name
    report_id = reviewed_sample(engine, sample=sample)
    done = export(db_url, tmp_path, str(report_id), "cases")
    assert done.returncode == 0, done.stderr
    stem = name.rsplit(".", 1)[0]
    assert done.stdout.startswith(f"cases/{name} and {stem}.expected.json written: ")
    assert (tmp_path / "cases" / name).read_bytes() == sample.read_bytes()
    written = json.loads((tmp_path / "cases" / f"{stem}.expected.json").read_text())
    assert written["report"]["pages"] is None
    assert all(item["page"] is None for item in written["items"])
    scored = hmic("evaluate", "cases", cwd=tmp_path)
    assert scored.returncode == 0, scored.stdout + scored.stderr
    assert "all samples perfect" in scored.stdout and f"{name} " in scored.stdout


def test_a_review_that_changed_things_scores_them(engine: Engine, db_url: str,
                                                  tmp_path: Path) -> None:
    report_id = reviewed_sample(engine, decide=False)
    with session_scope(engine) as session:
        report = session.get(Report, report_id)
        first, second, *rest = report.drafts
        reject_draft(session, first.id, "ana", "Not an item (read in error)")
        edit_draft(session, second.id, {"text": "The force should improve how it supervises "
                                                "investigations."}, "ana")
        for draft in [second, *rest]:
            confirm_draft(session, draft.id, "ana")
    assert export(db_url, tmp_path, str(report_id), "cases").returncode == 0
    scored = hmic("evaluate", "cases", cwd=tmp_path)
    assert scored.returncode == 1
    assert "1 of 1 samples imperfect" in scored.stdout
    assert "spurious  area for improvement 1 (p. 3)" in scored.stdout
    assert "missed    area for improvement 1 (p. 4)" in scored.stdout


def test_refusals_are_one_line(engine: Engine, db_url: str, tmp_path: Path) -> None:
    report_id = reviewed_sample(engine, decide=False)
    one_line_error(export(db_url, tmp_path, "999", "cases"), "report 999 does not exist")
    one_line_error(export(db_url, tmp_path, str(report_id), "cases"),
                   "has 7 pending drafts", "(--include-pending)")
    assert not (tmp_path / "cases").exists()
    assert export(db_url, tmp_path, str(report_id), "cases", "--include-pending",
                  "--name", "pending").returncode == 0
    one_line_error(export(db_url, tmp_path, str(report_id), "cases", "--include-pending",
                          "--name", "pending"),
                   "pending.pdf already exists", "(--force overwrites it)")
    assert export(db_url, tmp_path, str(report_id), "cases", "--include-pending",
                  "--name", "pending", "--force").returncode == 0
    (tmp_path / "a-file").write_text("in the way")
    one_line_error(export(db_url, tmp_path, str(report_id), "a-file/cases",
                          "--include-pending"), "a-file/cases: cannot make the folder")
    with session_scope(engine) as session:
        queued = report_ops.add_report(session, "queued.pdf", b"%PDF-1.7 queued", "P")[0]
        queued_id = queued.id
    one_line_error(export(db_url, tmp_path, str(queued_id), "cases"),
                   f"report {queued_id} is queued: only a ready report")
    assert sorted(p.name for p in (tmp_path / "cases").iterdir()) == [
        "pending.expected.json", "pending.pdf"]


@pytest.mark.parametrize("args", [["cases"], ["cases", "export"], ["cases", "export", "x", "d"]])
def test_a_command_line_that_is_wrong_is_refused(tmp_path: Path, args: list[str]) -> None:
    done = hmic(*args, cwd=tmp_path)
    assert done.returncode == 2 and "usage: hmic-actions cases" in done.stderr
