"""``GET /metrics``: figures read from a database built here, in the Prometheus text format."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from api import create_app
from models.db import session_scope
from models.ops.drafts import confirm_draft, edit_draft, link_draft, record_extraction, reject_draft
from models.ops.reports import (
    add_report,
    fail_report,
    finish_report,
    requeue_report,
    start_processing,
)
from models.tables import AuditEvent, Report
from tests.builders.rows import add_item, extraction, item
from tests.service import REDIS_TEST_URL, api_token, free_port, signed_in

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _set_times(session: Session, report_id: int, started: list[datetime],
               finished: datetime) -> None:
    """Give the report's start_processing events (in order) and its end known times."""
    events = session.scalars(select(AuditEvent.id).where(AuditEvent.entity_type == "reports",
                                                         AuditEvent.entity_id == report_id,
                                                         AuditEvent.action == "start_processing")
                             .order_by(AuditEvent.id)).all()
    assert len(events) == len(started)
    for event_id, at in zip(events, started, strict=True):
        session.execute(update(AuditEvent).where(AuditEvent.id == event_id).values(at=at))
    session.execute(update(Report).where(Report.id == report_id).values(processed_at=finished))


def build_tracker(engine: Engine) -> None:
    """Reports in every state with known processing times, and drafts with each decision.

    Processing times: 0.5 s (ready), 3 s (ready, second attempt after a requeue), 45 s
    (failed), 700 s (ready); one report failed before any attempt; one processing; two
    queued.
    """
    with session_scope(engine) as s:
        reports = [add_report(s, f"r{n}.pdf", f"report {n}".encode(), "tests")[0]
                   for n in range(8)]
        quick, retried, broken, slow, never, running, *queued = reports
        for report in (quick, retried, broken, slow, running):
            start_processing(s, report, "worker")
        requeue_report(s, retried.id, "sweep", "the worker stopped")
        start_processing(s, retried, "worker")
        record_extraction(s, quick, extraction(*(item(f"Forces should do thing {n}.")
                                                     for n in range(5))))
        finish_report(s, quick, "worker", {"reading": 0.2, "items": 0.04, "saving": 0.01})
        finish_report(s, retried, "worker", {"reading": 1.5, "items": 0.3})
        finish_report(s, slow, "worker")  # processed before stages were timed
        fail_report(s, broken, "the file is not a PDF", "worker", {"reading": 0.07})
        fail_report(s, never, "processing was cut off 3 times", "worker")
        s.flush()
        _set_times(s, quick.id, [T0], T0 + timedelta(seconds=0.5))
        _set_times(s, retried.id, [T0, T0 + timedelta(seconds=100)],
                   T0 + timedelta(seconds=103))
        _set_times(s, broken.id, [T0], T0 + timedelta(seconds=45))
        _set_times(s, slow.id, [T0], T0 + timedelta(seconds=700))

        drafts = quick.drafts
        existing = add_item(s)
        confirm_draft(s, drafts[0].id, "rory")
        edit_draft(s, drafts[1].id, {"text": "Forces should do it better."}, "rory")
        confirm_draft(s, drafts[1].id, "rory")
        reject_draft(s, drafts[2].id, "rory", "not for this force")
        link_draft(s, drafts[3].id, existing.id, "same_as", "rory")
        assert {r.status for r in queued} == {"queued"}


def scrape(client: FlaskClient) -> dict[str, dict[tuple, float]]:
    """The metrics as {family: {(sample name, labels...): value}}, checking the format."""
    response = client.get("/metrics")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    families = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        families[family.name] = {(sample.name, *sorted(sample.labels.items())): sample.value
                                 for sample in family.samples}
    return families


def test_metrics_count_what_the_database_holds(engine: Engine, viewer: FlaskClient) -> None:
    build_tracker(engine)
    m = scrape(viewer)
    assert m["hmic_uploads"] == {("hmic_uploads_total",): 8}
    assert m["hmic_reports"] == {
        ("hmic_reports", ("state", "queued")): 2, ("hmic_reports", ("state", "processing")): 1,
        ("hmic_reports", ("state", "ready")): 3, ("hmic_reports", ("state", "failed")): 2}
    assert m["hmic_reports_finished"] == {
        ("hmic_reports_finished_total", ("state", "ready")): 3,
        ("hmic_reports_finished_total", ("state", "failed")): 2}
    assert m["hmic_drafts_decided"] == {
        ("hmic_drafts_decided_total", ("decision", decision)): 1
        for decision in ("accepted", "edited", "rejected", "linked")}
    assert m["hmic_queue_depth"] == {("hmic_queue_depth", ("source", "database")): 2}
    histogram = m["hmic_processing_seconds"]
    buckets = {dict([label])["le"]: value for (name, *labels), value in histogram.items()
               if name.endswith("_bucket") for label in labels}
    assert buckets == {"1.0": 1, "2.0": 1, "5.0": 2, "10.0": 2, "20.0": 2, "30.0": 2,
                       "60.0": 3, "120.0": 3, "300.0": 3, "600.0": 3, "+Inf": 4}
    assert histogram[("hmic_processing_seconds_count",)] == 4
    assert histogram[("hmic_processing_seconds_sum",)] == pytest.approx(0.5 + 3 + 45 + 700)


def test_metrics_time_each_stage_of_the_finished_reports(engine: Engine,
                                                        viewer: FlaskClient) -> None:
    build_tracker(engine)
    stages = scrape(viewer)["hmic_stage_seconds"]

    def bucket(stage: str, le: str) -> float:
        return stages[("hmic_stage_seconds_bucket", ("le", le), ("stage", stage))]

    assert stages[("hmic_stage_seconds_count", ("stage", "reading"))] == 3
    assert stages[("hmic_stage_seconds_sum", ("stage", "reading"))] == pytest.approx(1.77)
    assert [bucket("reading", le) for le in ("0.05", "0.1", "0.25", "2.0", "+Inf")] == [
        0, 1, 2, 3, 3]
    assert stages[("hmic_stage_seconds_count", ("stage", "items"))] == 2
    assert stages[("hmic_stage_seconds_count", ("stage", "saving"))] == 1
    assert bucket("saving", "0.05") == 1
    assert {labels[-1] for (_, *labels) in stages} == {
        ("stage", "reading"), ("stage", "items"), ("stage", "saving")}


def test_an_empty_tracker_reports_zeros(viewer: FlaskClient) -> None:
    m = scrape(viewer)
    assert m["hmic_uploads"] == {("hmic_uploads_total",): 0}
    assert set(m["hmic_reports"].values()) == {0}
    assert len(m["hmic_reports"]) == 4
    assert m["hmic_processing_seconds"][("hmic_processing_seconds_count",)] == 0


def test_metrics_follow_changes_between_scrapes(engine: Engine, viewer: FlaskClient) -> None:
    assert scrape(viewer)["hmic_uploads"] == {("hmic_uploads_total",): 0}
    with session_scope(engine) as s:
        add_report(s, "new.pdf", b"a new report", "tests")
    m = scrape(viewer)
    assert m["hmic_uploads"] == {("hmic_uploads_total",): 1}
    assert m["hmic_queue_depth"][("hmic_queue_depth", ("source", "database"))] == 1


def test_metrics_need_a_caller(anonymous: FlaskClient) -> None:
    response = anonymous.get("/metrics")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthenticated"


def test_a_bad_token_is_refused(app: Flask) -> None:
    response = signed_in(app.test_client(), "not-a-token").get("/metrics")
    assert response.status_code == 401
    assert "hmic_uploads" not in response.get_data(as_text=True)


def _celery_app(engine: Engine, redis_url: str) -> FlaskClient:
    from worker.dispatch import CeleryDispatcher

    app = create_app({"ENGINE": engine, "DISPATCHER": CeleryDispatcher(redis_url)})
    return signed_in(app.test_client(), api_token(engine, "prom", "viewer"))


def test_queue_depth_includes_the_brokers_queue(engine: Engine) -> None:
    from worker.app import app as celery_app

    queue = celery_app.conf.task_default_queue or "celery"
    broker = redis.Redis.from_url(REDIS_TEST_URL)
    broker.delete(queue, f"{queue}\x06\x163")
    try:
        broker.rpush(queue, "one", "two")
        broker.rpush(f"{queue}\x06\x163", "three")
        with session_scope(engine) as s:
            add_report(s, "waiting.pdf", b"a waiting report", "tests")
        m = scrape(_celery_app(engine, REDIS_TEST_URL))
        assert m["hmic_queue_depth"] == {("hmic_queue_depth", ("source", "database")): 1,
                                         ("hmic_queue_depth", ("source", "broker")): 3}
    finally:
        broker.delete(queue, f"{queue}\x06\x163")
        broker.close()


def test_a_broker_that_is_down_leaves_the_database_figures(engine: Engine) -> None:
    m = scrape(_celery_app(engine, f"redis://127.0.0.1:{free_port()}/0"))
    assert m["hmic_queue_depth"] == {("hmic_queue_depth", ("source", "database")): 0}
    assert m["hmic_uploads"] == {("hmic_uploads_total",): 0}

