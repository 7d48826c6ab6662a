"""The pipeline task run in this process, on SQLite and PostgreSQL (no broker needed).

The same function runs inside Celery workers and the embedded worker; here it is called
directly and through ``process_report.apply`` (which is what the embedded mode does).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError

from models.db import session_scope
from models.ops.drafts import confirm_draft
from models.ops.reports import add_report, set_progress, start_processing
from models.tables import AuditEvent, Draft, Report, TrackedItem
from tests.builders.samples import corrupt_pdf, samples
from worker import leases, pipeline, runtime, tasks
from worker.dispatch import EmbeddedDispatcher
from worker.index import tracked_index


@pytest.fixture
def worker_runtime(engine: Engine) -> Iterator[Engine]:
    """The task module set to use the test database (and no broker)."""
    runtime.configure(engine=engine, dispatcher=EmbeddedDispatcher(runner=tasks.run_here))
    yield engine
    runtime.configure()


def upload(engine: Engine, name: str, content: bytes) -> int:
    with session_scope(engine) as session:
        report, created = add_report(session, name, content, "tester")
        assert created
        return report.id


def sample(name: str):
    return next(s for s in samples() if s.name == name)


def state(engine: Engine, report_id: int) -> tuple[Report, list[Draft], list[str]]:
    with session_scope(engine) as session:
        report = session.get(Report, report_id)
        drafts = list(session.scalars(select(Draft).where(Draft.report_id == report_id)
                                      .order_by(Draft.position)))
        actions = list(session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity_type == "reports", AuditEvent.entity_id == report_id)
            .order_by(AuditEvent.id)))
        return report, drafts, actions


def test_a_report_becomes_ready_with_its_drafts_suggestions_and_progress(worker_runtime: Engine,
                                                                        caplog):
    doc = sample("progress_stalking.pdf")
    report_id = upload(worker_runtime, doc.name, doc.content)
    with caplog.at_level("INFO", logger="worker.pipeline"):
        outcome = pipeline.process(report_id)
    assert outcome["outcome"] == "ready" and outcome["drafts"] == doc.items
    report, drafts, actions = state(worker_runtime, report_id)
    assert report.status == "ready" and report.error is None
    assert (report.progress_stage, report.progress_done, report.progress_total) == (
        "done", report.page_count, report.page_count)
    assert report.page_count == 4 and report.title and report.processed_at is not None
    assert [d.position for d in drafts] == list(range(1, doc.items + 1))
    # Matching ran for every draft (nothing is tracked yet) and a PAF area was suggested.
    assert {d.match_state for d in drafts} == {"no_candidate"}
    assert {d.match_reason for d in drafts} == {"no tracked items to match against"}
    assert all(d.paf_suggestion and "area" in d.paf_suggestion for d in drafts)
    assert actions == ["upload_report", "start_processing", "record_extraction", "report_ready"]
    # The seconds each stage took, in the order they ran, kept with the report and logged.
    stages = ["reading", "layout", "items", "analysis", "matching", "saving"]
    assert list(report.stage_seconds) == stages
    assert all(0 <= report.stage_seconds[s] < 60 for s in stages)
    [ready] = [r.getMessage() for r in caplog.records if " ready, " in r.getMessage()]
    each = ", ".join(rf"{stage} \d+\.\d\d s" for stage in stages)
    assert re.fullmatch(rf"report {report_id}: ready, {doc.items} drafts in \d+\.\d\d s "
                        rf"\({each}\)", ready), ready


def test_drafts_get_suggestions_from_the_tracked_items(worker_runtime: Engine):
    doc = sample("progress_stalking.pdf")
    first = upload(worker_runtime, doc.name, doc.content)
    pipeline.process(first)
    _, drafts, _ = state(worker_runtime, first)
    with session_scope(worker_runtime) as session:  # the force tracks what that report said
        tracked = [confirm_draft(session, d.id, "lead").id for d in drafts]
    again = doc.content + b"\n%re-issued\n%%EOF\n"
    second = upload(worker_runtime, "stalking-reissued.pdf", again)
    assert pipeline.process(second)["outcome"] == "ready"
    _, redrafts, _ = state(worker_runtime, second)
    assert [d.match_state for d in redrafts] == ["found"] * doc.items
    assert [d.suggestions[0]["tracked_id"] for d in redrafts] == tracked
    assert {d.suggestions[0]["relation"] for d in redrafts} == {"same_as"}


def test_running_twice_adds_nothing_and_a_ready_report_is_skipped(worker_runtime: Engine):
    doc = sample("custody_eastfield.pdf")
    report_id = upload(worker_runtime, doc.name, doc.content)
    assert pipeline.process(report_id)["outcome"] == "ready"
    again = pipeline.process(report_id)
    assert again["outcome"] == "skipped" and again["reason"] == "already ready"
    report, drafts, actions = state(worker_runtime, report_id)
    assert len(drafts) == doc.items and actions.count("start_processing") == 1


def test_a_report_another_process_holds_is_left_to_it(worker_runtime: Engine):
    doc = sample("custody_eastfield.pdf")
    report_id = upload(worker_runtime, doc.name, doc.content)
    holder = leases.acquire(worker_runtime, report_id)
    assert holder is not None
    try:
        outcome = pipeline.process(report_id)
    finally:
        holder.release()
    assert outcome["outcome"] == "skipped"
    report, drafts, _ = state(worker_runtime, report_id)
    assert report.status == "queued" and drafts == []


def test_a_corrupt_pdf_fails_with_its_reason_and_is_not_retried(worker_runtime: Engine):
    report_id = upload(worker_runtime, "broken.pdf", corrupt_pdf())
    outcome = pipeline.process(report_id)
    assert outcome["outcome"] == "failed"
    report, drafts, actions = state(worker_runtime, report_id)
    assert report.status == "failed" and drafts == []
    assert report.error.startswith("broken.pdf: is corrupt")
    assert "\n" not in report.error
    assert pipeline.process(report_id)["reason"] == "already failed"
    assert actions[-1] == "report_failed"


def test_a_report_cut_off_too_often_fails_instead_of_looping(worker_runtime: Engine):
    doc = sample("custody_eastfield.pdf")
    report_id = upload(worker_runtime, doc.name, doc.content)
    with session_scope(worker_runtime) as session:
        report = session.get(Report, report_id)
        for _ in range(pipeline.settings.max_attempts):  # each start "killed" before the end
            start_processing(session, report, "worker")
        set_progress(session, report_id, "reading", 2, 4)
    assert pipeline.process(report_id)["outcome"] == "failed"
    report, drafts, _ = state(worker_runtime, report_id)
    assert report.status == "failed" and drafts == []
    assert f"cut off {pipeline.settings.max_attempts} times" in report.error
    assert "reading 2 of 4" in report.error and "HMIC_MAX_ATTEMPTS" in report.error


def test_the_soft_time_limit_fails_the_report_with_a_reason(worker_runtime: Engine, monkeypatch):
    doc = sample("custody_eastfield.pdf")
    report_id = upload(worker_runtime, doc.name, doc.content)

    def too_slow(*_args):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(pipeline, "_match", too_slow)
    assert pipeline.process(report_id)["outcome"] == "failed"
    report, drafts, _ = state(worker_runtime, report_id)
    assert report.error.startswith("took longer than") and "while matching" in report.error
    assert "HMIC_TASK_SOFT_SECONDS" in report.error and drafts == []


def test_the_pipeline_keeps_the_soft_time_limit_itself(worker_runtime: Engine, monkeypatch):
    # Without Celery's signal (it may not come: see pipeline._ProgressWriter) the report
    # still fails at the limit, at the next step of reading.
    doc = sample("peel_northmoor.pdf")
    report_id = upload(worker_runtime, doc.name, doc.content)
    monkeypatch.setattr(pipeline, "settings",
                        dataclasses.replace(pipeline.settings, soft_seconds=0.001))
    assert pipeline.process(report_id)["outcome"] == "failed"
    report, drafts, _ = state(worker_runtime, report_id)
    assert report.error == "took longer than 0.001 s while reading (HMIC_TASK_SOFT_SECONDS)"
    assert drafts == []


def test_an_unexpected_error_fails_the_report_and_says_where(worker_runtime: Engine, monkeypatch):
    doc = sample("custody_eastfield.pdf")
    report_id = upload(worker_runtime, doc.name, doc.content)

    def broken(*_args):
        raise ValueError("index\nexploded")

    monkeypatch.setattr(pipeline, "_match", broken)
    pipeline.process(report_id)
    report, _, _ = state(worker_runtime, report_id)
    assert report.status == "failed"
    assert report.error == "unexpected error while matching: ValueError: index exploded"


def test_a_transient_database_error_is_retried_then_the_report_is_ready(worker_runtime: Engine,
                                                                        monkeypatch):
    doc = sample("custody_eastfield.pdf")
    report_id = upload(worker_runtime, doc.name, doc.content)
    real_match = pipeline._match
    calls = []

    def flaky(*args):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        return real_match(*args)

    monkeypatch.setattr(pipeline, "_match", flaky)
    result = tasks.process_report.apply(args=(report_id,))
    assert result.successful() and result.result["outcome"] == "ready"
    assert len(calls) == 2
    report, drafts, actions = state(worker_runtime, report_id)
    assert report.status == "ready" and len(drafts) == doc.items
    assert actions.count("start_processing") == 2  # the retry started afresh
    with session_scope(worker_runtime) as session:
        assert session.scalar(select(func.count(TrackedItem.id))) == 0


def test_the_index_of_tracked_items_is_reused_until_they_change(worker_runtime: Engine):
    from tests.builders.rows import add_item

    with session_scope(worker_runtime) as session:
        first = add_item(session, text="Forces should record every stalking report.").id
    index = tracked_index(worker_runtime)
    assert tracked_index(worker_runtime) is index and len(index) == 1
    with session_scope(worker_runtime) as session:
        session.get(TrackedItem, first).text = "Forces should publish their custody data."
    edited = tracked_index(worker_runtime)
    assert edited is index and "custody" in edited.get(first).text  # updated in place
    with session_scope(worker_runtime) as session:
        second = add_item(session).id
    added = tracked_index(worker_runtime)
    assert second in added and len(added) == 2
    with session_scope(worker_runtime) as session:
        session.delete(session.get(TrackedItem, second))
    assert second not in tracked_index(worker_runtime)
