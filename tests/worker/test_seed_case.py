"""The seed case through the real upload path, on SQLite and PostgreSQL.

The force's tracker (the 2023 report's ten items among a thousand look-alikes of other
reports) is imported from a CSV file; the progress report, laid out as a PDF from the
paper's own text read at test time, is uploaded through the API and read by the embedded
worker. Its drafts must be: the ten earlier items quoted again, each the same as its tracked
item; the six new recommendations, each with the right earlier item and relation at the top;
the dependency of one new recommendation on another; and no false same_as.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select

from api import create_app
from hmic_actions.vocab import KIND_LABELS
from models.db import session_scope
from models.tables import Draft, TrackedItem
from models.tracker.importing import import_tracker
from samples.layout import Doc, Theme, cover
from tests.builders.distractors import distractors
from tests.builders.seed import DEPENDS, EXPECTED, LABEL, NEW_HEADING, OLD_HEADING, seed_case
from tests.service import api_token, signed_in, wait_for
from worker import runtime, tasks
from worker.dispatch import EmbeddedDispatcher

HEADERS = ("Ref", "Type", "No", "Recommendation", "Addressed to", "Report", "Year", "Due date",
           "Status")


def progress_report_pdf(path: Path) -> Path:
    """The progress report as a publication lays it out: a cover, the earlier items with
    their status, then the new recommendations (the paper's words, read at test time)."""
    seed = seed_case()
    theme = Theme(size=10.5, leading=14, para_gap=6, h_sizes=(18, 13, 11), h_color="#1d3557",
                  header="Group-based child sexual exploitation: progress report",
                  footer_left="HMICFRS", margin_x=64)
    doc = Doc(theme, seed.new_title)
    cover(doc, seed.new_title, "Published: 30 September 2025", kicker="Progress report")
    for line in seed.section:
        if not line:
            continue
        if OLD_HEADING.match(line) or NEW_HEADING.match(line):
            doc.heading(line)
        elif LABEL.match(line):
            doc.heading(line, level=3, outline=False)
        elif line.startswith("Status:"):
            doc.para(f"**{line}**", before=4)
        else:
            doc.para(line)
    return doc.save(path)


def tracker_csv(path: Path) -> Path:
    """The force's tracker: the 2023 report's items and a thousand items of other reports."""
    seed = seed_case()
    rows = [{"Ref": f"CSE-2023-{item.key}", "Type": KIND_LABELS[item.kind],
             "No": item.number or "", "Recommendation": item.text,
             "Addressed to": "", "Report": seed.old_title, "Year": "2023", "Due date": "",
             "Status": "In progress"} for item in seed.old]
    for other in distractors(1000, seed=2024):
        rows.append({"Ref": f"D-{other['id']}", "Type": KIND_LABELS[other["kind"]],
                     "No": other["number"] or "", "Recommendation": other["text"],
                     "Addressed to": "; ".join(other["addressees"]),
                     "Report": other["source_title"] or "", "Year": other["source_year"] or "",
                     "Due date": other["deadline"] or "", "Status": "Open"})
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=HEADERS)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def app(engine: Engine) -> Iterator[Flask]:
    dispatcher = EmbeddedDispatcher(runner=tasks.run_here, rematcher=tasks.rematch_here)
    runtime.configure(engine=engine, dispatcher=dispatcher)
    yield create_app({"ENGINE": engine, "DISPATCHER": dispatcher})
    dispatcher.stop(timeout=30)
    runtime.configure()


@pytest.fixture
def reviewer(app: Flask, engine: Engine) -> FlaskClient:
    return signed_in(app.test_client(), api_token(engine, "rory", "reviewer"))


def uploaded(client: FlaskClient, path: Path) -> int:
    response = client.post("/api/reports", data={"file": (io.BytesIO(path.read_bytes()),
                                                          path.name)},
                           content_type="multipart/form-data")
    assert response.status_code == 202, response.get_data(as_text=True)
    report_id = response.get_json()["id"]

    def ready() -> bool:
        report = client.get(f"/api/reports/{report_id}").get_json()
        assert report["status"] != "failed", report
        return report["status"] == "ready"

    wait_for(ready, 120, "the progress report to be read", interval=0.2)
    return report_id


def test_the_seed_case_through_upload(engine: Engine, reviewer: FlaskClient,
                                      tmp_path: Path) -> None:
    with session_scope(engine) as session:
        imported = import_tracker(session, tracker_csv(tmp_path / "tracker.csv"), "Pat Policy")
    assert imported.ok and imported.new == 1010, imported.problems[:3]
    report_id = uploaded(reviewer, progress_report_pdf(tmp_path / "progress.pdf"))

    with session_scope(engine) as session:
        refs = {i.id: i.reference for i in session.scalars(select(TrackedItem))}
        drafts = list(session.scalars(select(Draft).where(Draft.report_id == report_id)
                                      .order_by(Draft.position)))
    quoted = {d.number or "AFI": d for d in drafts if d.origin == "earlier_report"}
    new = {f"N{d.number}": d for d in drafts if d.origin == "this_report"}
    assert sorted(quoted) == sorted(item.key for item in seed_case().old)
    assert sorted(new) == sorted(EXPECTED)

    def top(draft: Draft) -> tuple[str, str]:
        best = draft.suggestions[0]
        return refs[best["tracked_id"]], best["relation"]

    # The earlier items quoted again: each the same as its tracked item, with its status.
    for key, draft in quoted.items():
        assert top(draft) == (f"CSE-2023-{key}", "same_as"), (key, draft.suggestions[:2])
        assert draft.status is not None
    # The six new recommendations: the right earlier item and relation, and never same_as.
    got = {key: top(draft) for key, draft in new.items()}
    assert got == {key: (f"CSE-2023-{old[1:]}", relation)
                   for key, (old, relation) in EXPECTED.items()}
    assert not [s for d in new.values() for s in d.suggestions if s["relation"] == "same_as"]
    # The dependency between two new recommendations of the report.
    user, maker = (new[key] for key in DEPENDS)
    assert [(s["draft_id"], s["relation"]) for s in user.sibling_suggestions] == [
        (maker.id, "depends_on")]
    assert all(s["reasons"] for s in user.sibling_suggestions)

    # Confirming a quoted item as an update changes the tracked item, with its history.
    done = next(d for d in quoted.values() if d.status == "completed")
    item_id = done.suggestions[0]["tracked_id"]
    response = reviewer.post(f"/api/drafts/{done.id}/link", json={
        "version": done.version, "tracked_item_id": item_id, "relation": "same_as"})
    assert response.status_code == 200, response.get_data(as_text=True)
    item = reviewer.get(f"/api/tracked-items/{item_id}").get_json()
    assert item["status"] == "completed" and item["evidence"]
    history = reviewer.get(f"/api/tracked-items/{item_id}/history").get_json()["events"]
    assert history[-1]["action"] == "restated_in_report"
    assert history[-1]["after"]["changes"]["status"] == ["in_progress", "completed"]

    # Once the guidance-making recommendation is tracked, the other is offered as depending
    # on it (the worker matches the report's pending drafts again after the decision).
    response = reviewer.post(f"/api/drafts/{maker.id}/accept", json={"version": maker.version})
    assert response.status_code == 200, response.get_data(as_text=True)
    made = response.get_json()["tracked_item"]["id"]

    def offered() -> bool:
        with session_scope(engine) as session:
            again = session.get(Draft, user.id)
            return any(s["tracked_id"] == made and s["relation"] == "depends_on"
                       for s in again.suggestions)

    wait_for(offered, 60, "the dependency on the accepted recommendation to be offered",
             interval=0.2)
