"""Prometheus metrics at ``/metrics`` (viewer role; Prometheus sends a bearer token).

Every figure is read from the database at scrape time (``models.metrics``), plus the
broker's queue length when reports go through Celery, so all web processes agree.

=====================================  =========  ===============================================
name                                   type       meaning
=====================================  =========  ===============================================
hmic_uploads_total                     counter    reports stored
hmic_reports{state}                    gauge      reports by current state
hmic_reports_finished_total{state}     counter    reports finished, by final state (ready, failed)
hmic_processing_seconds                histogram  last processing attempt of each finished report
hmic_stage_seconds{stage}              histogram  each stage of it: reading, layout, items,
                                                  analysis, matching, saving
hmic_queue_depth{source}               gauge      reports queued in the database; messages in the
                                                  broker's queue (Celery only)
hmic_drafts_decided_total{decision}    counter    drafts decided: accepted, edited, rejected, linked
=====================================  =========  ===============================================
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from flask import Blueprint, Response
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.registry import Collector
from prometheus_client.utils import floatToGoString
from sqlalchemy.exc import SQLAlchemyError

from api.auth import requires
from api.errors import ApiError
from api.services import services
from models.metrics import Figures, read_figures
from worker.dispatch import Dispatcher

__all__ = ["BUCKETS", "STAGE_BUCKETS", "TrackerCollector", "bp", "broker_queue_length"]

log = logging.getLogger(__name__)

bp = Blueprint("metrics", __name__)

#: Histogram bounds in seconds: a small report takes about a second, a large one minutes.
BUCKETS = (1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0)
#: Bounds for one stage of processing: most take a fraction of a second.
STAGE_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0)

#: Kombu's Redis transport keeps each priority level of a queue in its own list.
_PRIORITY_SEPARATOR = "\x06\x16"
_PRIORITY_STEPS = (3, 6, 9)


class TrackerCollector(Collector):
    """Builds the metric families from one reading of the database."""

    def __init__(self, figures: Figures, broker_depth: int | None) -> None:
        self.figures = figures
        self.broker_depth = broker_depth

    def collect(self) -> Iterator[Metric]:
        """Yield every family (Prometheus client calls this when rendering)."""
        f = self.figures
        yield CounterMetricFamily("hmic_uploads", "Reports stored.", value=f.uploads)
        reports = GaugeMetricFamily("hmic_reports", "Reports by current state.",
                                    labels=["state"])
        for state, number in f.reports.items():
            reports.add_metric([state], number)
        yield reports
        finished = CounterMetricFamily("hmic_reports_finished",
                                       "Reports finished, by the state they finished in.",
                                       labels=["state"])
        for state, number in f.finished.items():
            finished.add_metric([state], number)
        yield finished
        yield _histogram(f.processing_seconds)
        stages = HistogramMetricFamily(
            "hmic_stage_seconds",
            "Time each stage of a finished report's last processing attempt took, in seconds.",
            labels=["stage"])
        for stage, seconds in f.stage_seconds.items():
            stages.add_metric([stage], _buckets(seconds, STAGE_BUCKETS), sum(seconds))
        yield stages
        depth = GaugeMetricFamily("hmic_queue_depth",
                                  "Reports waiting for a worker: queued in the database, "
                                  "and messages in the broker's queue.", labels=["source"])
        depth.add_metric(["database"], f.queued)
        if self.broker_depth is not None:
            depth.add_metric(["broker"], self.broker_depth)
        yield depth
        decided = CounterMetricFamily("hmic_drafts_decided", "Drafts decided, by decision.",
                                      labels=["decision"])
        for decision, number in f.decided.items():
            decided.add_metric([decision], number)
        yield decided


def _buckets(seconds: list[float], bounds: tuple[float, ...]) -> list[tuple[str, int]]:
    """Cumulative bucket counts, as Prometheus histograms give them."""
    cumulative = [(floatToGoString(bound), sum(1 for s in seconds if s <= bound))
                  for bound in bounds]
    return [*cumulative, ("+Inf", len(seconds))]


def _histogram(seconds: list[float]) -> HistogramMetricFamily:
    return HistogramMetricFamily(
        "hmic_processing_seconds",
        "Time each finished report's last processing attempt took, in seconds.",
        buckets=_buckets(seconds, BUCKETS), sum_value=sum(seconds))


def broker_queue_length(dispatcher: Dispatcher) -> int | None:
    """Messages waiting in the Celery broker's queue; None without a broker (or if it is down)."""
    redis = getattr(dispatcher, "redis", None)
    if dispatcher.mode != "redis" or redis is None:
        return None
    from worker.app import app as celery_app

    name = celery_app.conf.task_default_queue or "celery"
    keys = [name, *(f"{name}{_PRIORITY_SEPARATOR}{step}" for step in _PRIORITY_STEPS)]
    try:
        pipe = redis.pipeline(transaction=False)
        for key in keys:
            pipe.llen(key)
        return sum(pipe.execute())
    except Exception as exc:  # the scrape still reports the database's figures
        log.warning("metrics: cannot read the broker's queue length: %s",
                    " ".join(str(exc).split())[:200])
        return None


@bp.route("/metrics", methods=["GET"])
@requires("viewer")
def metrics() -> Response:
    """The tracker's figures in the Prometheus text format (version 0.0.4)."""
    svc = services()
    try:
        with svc.sessions() as session:
            figures = read_figures(session)
    except SQLAlchemyError as exc:
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())[:200]
        raise ApiError(503, "unavailable", f"database: {reason}") from None
    registry = CollectorRegistry(auto_describe=False)
    registry.register(TrackerCollector(figures, broker_queue_length(svc.dispatcher)))
    return Response(generate_latest(registry), status=200,
                    content_type=CONTENT_TYPE_PLAIN_0_0_4)
