"""Matching pending drafts again, on SQLite and PostgreSQL: after the tracker arrives late,
after a decision, idempotently, and through the embedded worker's queue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from hmic_actions.vocab import KIND_LABELS
from matching import ItemText
from models.db import session_scope
from models.ops.drafts import confirm_draft
from models.ops.reports import add_report
from models.tables import AuditEvent, Draft, TrackedItem
from models.tracker.importing import import_tracker
from tests.builders.samples import samples
from tests.builders.trackers import write_tracker
from tests.service import wait_for
from worker import pipeline, runtime, tasks
from worker.dispatch import EmbeddedDispatcher
from worker.rematch import rematch_pending


@pytest.fixture
def dispatcher(engine: Engine) -> Iterator[EmbeddedDispatcher]:
    queue = EmbeddedDispatcher(runner=tasks.run_here, rematcher=tasks.rematch_here)
    runtime.configure(engine=engine, dispatcher=queue)
    yield queue
    queue.stop(timeout=10)
    runtime.configure()


def read_report(engine: Engine, name: str) -> tuple[int, list[Draft]]:
    doc = next(s for s in samples() if s.name == name)
    with session_scope(engine) as session:
        report_id = add_report(session, doc.name, doc.content, "tester")[0].id
    assert pipeline.process(report_id)["outcome"] == "ready"
    return report_id, drafts_of(engine, report_id)


def drafts_of(engine: Engine, report_id: int) -> list[Draft]:
    with session_scope(engine) as session:
        return list(session.scalars(select(Draft).where(Draft.report_id == report_id)
                                    .order_by(Draft.position)))


def test_a_report_read_before_the_tracker_is_matched_once_the_tracker_is_imported(
        engine: Engine, dispatcher: EmbeddedDispatcher, tmp_path: Path) -> None:
    report_id, drafts = read_report(engine, "progress_stalking.pdf")
    assert {d.match_reason for d in drafts} == {"no tracked items to match against"}
    rows = [{"ref": f"ST-{d.position}", "kind": KIND_LABELS[d.kind], "number": d.number,
             "text": d.text} for d in drafts]
    path = write_tracker(tmp_path / "tracker.csv", rows,
                         {"ref": "Ref", "kind": "Type", "number": "No", "text": "Recommendation"})
    with session_scope(engine) as session:
        assert import_tracker(session, path, "Pat Policy").new == len(drafts)
    assert rematch_pending(engine) == len(drafts)
    after = drafts_of(engine, report_id)
    assert all(d.match_state == "found" and d.match_reason is None for d in after)
    assert [d.suggestions[0]["relation"] for d in after] == ["same_as"] * len(drafts)
    # Nothing changed since: running it again writes nothing.
    with session_scope(engine) as session:
        events = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    assert rematch_pending(engine) == 0
    assert rematch_pending(engine, report_id) == 0
    with session_scope(engine) as session:
        assert session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc())
                              .limit(1)) == events


def test_a_decision_gets_the_other_drafts_matched_again_by_the_embedded_worker(
        engine: Engine, dispatcher: EmbeddedDispatcher) -> None:
    first_id, pending = read_report(engine, "progress_stalking.pdf")
    with session_scope(engine) as session:
        made = confirm_draft(session, pending[0].id, "rory")
        made_id = made.id
    dispatcher.rematch(first_id)
    dispatcher.rematch(first_id)  # asked twice before it runs: done once
    wait_for(dispatcher.idle, 60, "the embedded worker to match again", interval=0.1)
    others = drafts_of(engine, first_id)[1:]
    # The others were matched against the item the first became (nothing was tracked
    # before), and none is offered as that item itself.
    assert all(d.match_reason != "no tracked items to match against" for d in others)
    assert not any(s["tracked_id"] == made_id and s["relation"] == "same_as"
                   for d in others for s in d.suggestions)


def test_the_index_follows_the_tracker_item_by_item(engine: Engine) -> None:
    from models.ops.items import edit_item
    from tests.builders.rows import add_item
    from worker.index import tracked_index

    with session_scope(engine) as session:
        first = add_item(session, text="Forces should audit stalking cases.").id
        second = add_item(session, text="Forces should train call handlers.").id
    index = tracked_index(engine)
    assert {i.id for i in index} == {first, second}
    assert tracked_index(engine) is index  # nothing changed
    with session_scope(engine) as session:
        third = add_item(session, text="Forces should publish vetting data.").id
        edit_item(session, first, {"delivery_lead": "DI Rao"}, "lena")
        session.get(TrackedItem, second).text = "Forces should train every call handler."
        session.flush()
        session.delete(session.get(TrackedItem, first))
    again = tracked_index(engine)
    assert again is index  # brought up to date, not rebuilt
    assert {i.id for i in again} == {second, third}
    assert again.get(second).text == "Forces should train every call handler."
    suggestion = again.suggest(ItemText(id="new:1", text="Forces should publish vetting data."))
    assert suggestion.top is not None and suggestion.top.tracked_id == third
