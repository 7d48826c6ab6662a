"""The ``hmic-actions match`` commands, through the installed executable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CLI = str(Path(sys.executable).parent / "hmic-actions")


def run(*args: str, env: dict | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("HMIC_MATCH_")}
    return subprocess.run([CLI, "match", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env={**environ, **(env or {})})


def test_evaluate_prints_the_figures_and_meets_the_targets() -> None:
    done = run("evaluate")
    assert done.returncode == 0, done.stderr
    assert "precision@1" in done.stdout and "false same_as         0.0%" in done.stdout
    assert "suggest_link" in done.stdout and "new_item" in done.stdout


def test_evaluate_json_and_an_explicit_file() -> None:
    done = run("evaluate", str(REPO / "samples" / "matching" / "gold.json"), "--json")
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["precision_at_1"] >= 0.9 and figures["false_same_as"] == 0
    assert figures["thresholds"]["link"] == 60


def test_evaluate_fails_the_targets_with_status_1_when_thresholds_let_everything_in() -> None:
    done = run("evaluate", env={"HMIC_MATCH_LOOK": "0", "HMIC_MATCH_FLOOR": "0"})
    assert done.returncode == 1
    assert "precision@1" in done.stdout


def test_a_bad_threshold_is_one_line_and_status_2() -> None:
    done = run("evaluate", env={"HMIC_MATCH_LINK": "lots"})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("hmic-actions: error: HMIC_MATCH_LINK='lots' is not a number from "
                           "0 to 100\n")


def test_missing_and_malformed_files_are_one_line_and_status_2(tmp_path) -> None:
    done = run("evaluate", str(tmp_path / "nope.json"))
    assert done.returncode == 2
    assert done.stderr.strip().endswith("nope.json: no such file")
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    for action in ("evaluate", "calibrate", "paf"):
        done = run(action, str(bad))
        assert done.returncode == 2, action
        assert len(done.stderr.strip().splitlines()) == 1 and "not valid JSON" in done.stderr


def test_calibrate_reports_on_a_file_of_decisions(tmp_path) -> None:
    decisions = [{"score": s, "band": "suggest_link", "suggested_relation": "same_as",
                  "chosen_relation": "same_as", "evidence": {"margin": 20}} for s in (90, 95)]
    decisions += [{"score": 45, "band": "needs_look", "suggested_relation": "related",
                   "chosen_relation": "none"}]
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps(decisions))
    done = run("calibrate", str(path))
    assert done.returncode == 0, done.stderr
    assert "decisions: 3 (2 linked, 1 not linked)" in done.stdout
    assert "suggested links accepted: 100.0%" in done.stdout
    as_json = json.loads(run("calibrate", str(path), "--json").stdout)
    assert as_json["by_band"]["needs_look"] == {"linked": 0, "not_linked": 1}


def test_calibrate_names_a_bad_decision(tmp_path) -> None:
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps([{"score": 50, "chosen_relation": "perhaps"}]))
    done = run("calibrate", str(path))
    assert done.returncode == 2
    assert "decision 1: chosen_relation 'perhaps'" in done.stderr


def test_paf_scores_the_labelled_set_and_suggests_for_one_text() -> None:
    done = run("paf")
    assert done.returncode == 0, done.stderr
    accuracy = float(done.stdout.split("top-1 ")[1].split("%")[0])
    assert accuracy >= 80
    one = run("paf", "--text", "Strip searches in custody should be recorded.")
    assert one.returncode == 0 and one.stdout.startswith("9e  ")
    as_json = json.loads(run("paf", "--text", "Answer 999 calls quickly.", "--json").stdout)
    assert as_json["area"] == "5a"


def test_calibrate_reads_the_decisions_recorded_in_the_tracker(tmp_path) -> None:
    from matching import ItemText, MatchIndex
    from models import migrate
    from models.db import make_engine, session_scope
    from models.ops.drafts import link_draft, record_extraction, record_suggestions
    from tests.builders.rows import add_item, add_report, extraction, item

    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    text = "By 31 March 2026, chief constables should audit every stalking case file."
    with session_scope(engine) as session:
        old = add_item(session, text=text.replace("2026", "2024"), addressees=["chief_constables"])
        report = add_report(session)
        (draft,) = record_extraction(session, report, extraction(item(text)))
        index = MatchIndex([ItemText(id=old.id, text=old.text, kind=old.kind,
                                     addressees=["chief_constables"])])
        result = index.suggest(ItemText(id="new", text=text, kind="recommendation"))
        record_suggestions(session, draft.id, result.state, result.candidates)
        link_draft(session, draft.id, old.id, "same_as", "reviewer")
    engine.dispose()

    done = run("calibrate", env={"DATABASE_URL": url})
    assert done.returncode == 0, done.stderr
    assert "decisions: 1 (1 linked, 0 not linked)" in done.stdout
