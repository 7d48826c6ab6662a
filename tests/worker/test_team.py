"""Team mode with the real thing: Redis, PostgreSQL and `hmic-actions worker` processes.

Two worker processes (Celery, prefork, one child each) take reports uploaded through the
API from the Redis at 127.0.0.1:6379 (database 15, flushed) and write to a fresh
PostgreSQL database. Workers are killed with SIGKILL in the middle of a report to show
that nothing is lost or duplicated.
"""

from __future__ import annotations

import io
import os
import signal
from collections.abc import Iterator

import pytest
import redis
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from api import create_app
from extractor import extract_file
from models.db import make_engine, session_scope
from models.migrate import upgrade
from models.tables import AuditEvent, Draft, Report, TrackedItem
from tests.builders.samples import build_long_report, corrupt_pdf, distinct_samples, samples
from tests.service import REDIS_TEST_URL, Processes, api_token, processes, signed_in, wait_for
from worker.dispatch import MARKER_PREFIX, CeleryDispatcher

WORKERS = ("w1", "w2")


class Team:
    """The database, the API client (a reviewer's) and the worker processes of one module."""

    def __init__(self, engine: Engine, client: FlaskClient, procs: Processes,
                 token: str) -> None:
        self.engine = engine
        self.client = client
        self.procs = procs
        self.token = token

    def start_worker(self, name: str) -> None:
        self.procs.start(name, "worker", "--concurrency", "1", "--name", f"{name}@test")
        self.procs.wait_logged(name, "ready.")

    def ensure_workers(self) -> None:
        for name in WORKERS:
            if name not in self.procs.procs:
                self.start_worker(name)

    def upload(self, name: str, content: bytes) -> int:
        response = self.client.post("/api/reports", data={"file": (io.BytesIO(content), name)},
                                    content_type="multipart/form-data")
        assert response.status_code == 202, response.get_data(as_text=True)
        return response.get_json()["id"]

    def report(self, report_id: int) -> dict:
        return self.client.get(f"/api/reports/{report_id}").get_json()

    def settled(self, report_ids: list[int]) -> dict[int, dict]:
        reports = {rid: self.report(rid) for rid in report_ids}
        busy = [r for r in reports.values() if r["status"] in ("queued", "processing")]
        return {} if busy else reports

    def wait_settled(self, report_ids: list[int], timeout: float) -> dict[int, dict]:
        return wait_for(lambda: self.settled(report_ids), timeout,
                        f"{len(report_ids)} reports to be ready or failed", interval=0.25)

    def drafts(self, report_id: int) -> list[Draft]:
        with session_scope(self.engine) as session:
            return list(session.scalars(select(Draft).where(Draft.report_id == report_id)
                                        .order_by(Draft.position)))

    def events(self, report_id: int, action: str) -> list[AuditEvent]:
        with session_scope(self.engine) as session:
            return list(session.scalars(select(AuditEvent).where(
                AuditEvent.entity_type == "reports", AuditEvent.entity_id == report_id,
                AuditEvent.action == action).order_by(AuditEvent.id)))


@pytest.fixture(scope="module")
def team(databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:
    client = redis.Redis.from_url(REDIS_TEST_URL)
    client.ping()
    client.flushdb()
    url = databases.new_url("postgresql")
    engine = make_engine(url)
    upgrade(engine=engine)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HMIC_", "CELERY"))}
    env.update(REDIS_URL=REDIS_TEST_URL, DATABASE_URL=url, HMIC_SWEEP_SECONDS="1",
               HMIC_QUEUED_GRACE_SECONDS="2", HMIC_PROGRESS_SECONDS="0.1")
    app = create_app({"ENGINE": engine, "DISPATCHER": CeleryDispatcher(REDIS_TEST_URL)})
    token = api_token(engine, "rory", "reviewer")
    with processes(tmp_path_factory.mktemp("workers"), env) as procs:
        team = Team(engine, signed_in(app.test_client(), token), procs, token)
        team.ensure_workers()
        yield team
    engine.dispose()
    databases.drop(url)
    client.flushdb()
    client.close()


@pytest.fixture
def workers(team: Team) -> Team:
    """Both workers running (a test before may have killed one)."""
    team.ensure_workers()
    return team


def test_twenty_reports_through_two_workers_and_a_corrupt_one_fails(workers: Team):
    # The force already tracks what one sample says: its drafts must find those items.
    known = samples()[0]
    with session_scope(workers.engine) as session:
        tracked = {}
        for i, item in enumerate(extract_file_items(known.content), start=1):
            row = TrackedItem(reference=f"OLD-{i}", kind=item["kind"], number=item["number"],
                              text=item["text"], scope="national", status="open")
            session.add(row)
            session.flush()
            tracked[i] = row.id
    files = distinct_samples(20)
    assert len({f.content for f in files}) == 20
    ids = [workers.upload(f.name, f.content) for f in files]
    broken = workers.upload("broken.pdf", corrupt_pdf())

    reports = workers.wait_settled([*ids, broken], timeout=180)
    assert reports[broken]["status"] == "failed"
    assert reports[broken]["error"].startswith("broken.pdf: is corrupt")
    for report_id, sample in zip(ids, files, strict=True):
        assert reports[report_id]["status"] == "ready", reports[report_id]
        drafts = workers.drafts(report_id)
        # Every item once: positions 1..n, as many as the sample's expected items.
        assert [d.position for d in drafts] == list(range(1, sample.items + 1)), sample.name
        assert reports[report_id]["drafts"]["total"] == sample.items
        assert len(workers.events(report_id, "report_ready")) == 1
    # The reports known to the tracker got their items as same_as suggestions.
    for report_id, sample in zip(ids, files, strict=True):
        if sample.content.startswith(known.content):
            suggestions = [d.suggestions[0]["tracked_id"] for d in workers.drafts(report_id)]
            assert suggestions == [tracked[i] for i in range(1, known.items + 1)]
    # Both workers did their share.
    started_by = {e.after["worker"].split("@")[0] for rid in ids
                  for e in workers.events(rid, "start_processing")}
    assert started_by == {"w1", "w2"}


def extract_file_items(content: bytes) -> list[dict]:
    """The items of a PDF (as the contract's dicts), read directly by the extractor."""
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        return extract_file(handle.name).to_dict()["items"]


def test_a_report_sent_several_times_is_processed_once(workers: Team):
    doc = distinct_samples(40)[-1]
    report_id = workers.upload(doc.name, doc.content)
    dispatcher = CeleryDispatcher(REDIS_TEST_URL)
    for _ in range(3):  # redelivery, or a sweep racing the upload
        dispatcher.send(report_id)
    workers.wait_settled([report_id], timeout=60)
    assert workers.report(report_id)["status"] == "ready"
    assert len(workers.drafts(report_id)) == doc.items
    assert len(workers.events(report_id, "report_ready")) == 1
    assert len(workers.events(report_id, "record_extraction")) == 1


def test_an_upload_while_the_broker_is_down_is_queued_once_it_is_back(workers: Team):
    down = create_app({"ENGINE": workers.engine,
                       "DISPATCHER": CeleryDispatcher("redis://127.0.0.1:1/0")})
    doc = distinct_samples(41)[-1]
    response = signed_in(down.test_client(), workers.token).post(
        "/api/reports", data={"file": (io.BytesIO(doc.content), doc.name)},
        content_type="multipart/form-data")
    assert response.status_code == 202 and response.get_json()["status"] == "queued"
    report_id = response.get_json()["id"]
    assert not redis.Redis.from_url(REDIS_TEST_URL).exists(f"{MARKER_PREFIX}{report_id}")
    # The workers' sweep finds it queued with no message on its way and sends it.
    workers.wait_settled([report_id], timeout=60)
    assert workers.report(report_id)["status"] == "ready"
    assert len(workers.drafts(report_id)) == doc.items


@pytest.fixture(scope="module")
def long_reports(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[bytes, int]]:
    """Two different 100-page reports and their item counts (read directly)."""
    path = build_long_report(tmp_path_factory.mktemp("long") / "long.pdf", 100)
    content = path.read_bytes()
    items = len(extract_file(path).items)
    return [(content + f"\n%variant {n}\n%%EOF\n".encode(), items) for n in range(2)]


def wait_mid_task(team: Team, report_id: int) -> AuditEvent:
    """Wait until the report is being read, past its first pages; its start event."""
    def reading() -> bool:
        body = team.report(report_id)
        progress = body["progress"]
        return (body["status"] == "processing" and progress["stage"] == "reading"
                and progress["done"] >= 3)

    wait_for(reading, 60, f"report {report_id} to be read", interval=0.05)
    return team.events(report_id, "start_processing")[-1]


def assert_ready_once(team: Team, report_id: int, items: int) -> None:
    body = team.wait_settled([report_id], timeout=90)[report_id]
    assert body["status"] == "ready", body
    assert [d.position for d in team.drafts(report_id)] == list(range(1, items + 1))
    assert len(team.events(report_id, "report_ready")) == 1
    assert len(team.events(report_id, "start_processing")) == 2


def test_a_worker_killed_mid_task_leaves_the_report_to_the_other(workers: Team,
                                                                 long_reports):
    content, items = long_reports[0]
    report_id = workers.upload("long-report.pdf", content)
    start = wait_mid_task(workers, report_id)
    victim = start.after["worker"].split("@")[0]
    workers.procs.kill(victim)  # SIGKILL to the worker and its children
    # The dead worker's lease went with it; the survivor's sweep sends the report again.
    assert_ready_once(workers, report_id, items)
    restarted = workers.events(report_id, "start_processing")[-1].after["worker"]
    assert restarted.split("@")[0] != victim
    with session_scope(workers.engine) as session:
        assert session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "requeue_report", AuditEvent.entity_id == report_id)) == 1


def test_a_worker_process_killed_mid_task_is_handed_out_again(workers: Team, long_reports):
    content, items = long_reports[1]
    report_id = workers.upload("long-report-2.pdf", content)
    start = wait_mid_task(workers, report_id)
    # Kill only the pool process running the task: its worker sees it lost and puts the
    # message back (reject_on_worker_lost); if the sweep is quicker, it sends the report.
    os.kill(start.after["pid"], signal.SIGKILL)
    assert_ready_once(workers, report_id, items)


def test_the_reports_table_is_consistent(workers: Team):
    """Every report the tests made has settled, and no two drafts share a position."""
    with session_scope(workers.engine) as session:
        unsettled = session.scalar(select(func.count(Report.id)).where(
            Report.status.in_(("queued", "processing"))))
        duplicates = session.execute(select(Draft.report_id, Draft.position).group_by(
            Draft.report_id, Draft.position).having(func.count(Draft.id) > 1)).all()
        assert unsettled == 0 and duplicates == []


def test_drafts_read_before_the_tracker_are_matched_again_by_a_worker(workers: Team):
    doc = distinct_samples(43)[-1]
    report_id = workers.upload(doc.name, doc.content)
    workers.wait_settled([report_id], timeout=60)
    assert {d.match_state for d in workers.drafts(report_id)} <= {"no_candidate", "found"}
    with session_scope(workers.engine) as session:  # the tracker arrives afterwards
        tracked = []
        for i, item in enumerate(extract_file_items(doc.content), start=1):
            row = TrackedItem(reference=f"LATE-{i}", kind=item["kind"], number=item["number"],
                              text=item["text"], scope="national", status="open")
            session.add(row)
            session.flush()
            tracked.append(row.id)
    response = workers.client.post(f"/api/reports/{report_id}/rematch")
    assert response.status_code == 202

    def matched() -> bool:
        # Each draft finds an item with its own words (another test's tracker may hold the
        # same words under another reference).
        texts = {}
        with session_scope(workers.engine) as session:
            for draft in session.scalars(select(Draft).where(Draft.report_id == report_id)):
                top = draft.suggestions[0] if draft.suggestions else None
                texts[draft.text] = (session.get(TrackedItem, top["tracked_id"]).text
                                     if top and top["relation"] == "same_as" else None)
        return all(draft == found for draft, found in texts.items())

    wait_for(matched, 60, "the drafts to be matched against the late tracker", interval=0.25)
    assert all(d.match_reason is None for d in workers.drafts(report_id))
    assert len(tracked) == len(workers.drafts(report_id))
