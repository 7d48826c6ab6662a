"""References without a race: reviewers accepting different drafts at the same moment, over
real HTTP, on SQLite (in WAL mode, as the service runs it) and PostgreSQL.

The app is served by a real threaded server; every request of a round is released at once
by a barrier, so the decisions really overlap. Each gets its own reference, all of them
answered 200, and no reference is given twice, nor one of an item removed meanwhile.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from werkzeug.serving import make_server

from api import create_app
from models.db import session_scope
from models.ops.drafts import confirm_draft, record_extraction
from models.ops.undo import undo_decision
from models.tables import ReferenceCounter, TrackedItem
from tests.api.test_reports import RecordingQueue
from tests.builders.rows import add_item, add_report, extraction, item
from tests.service import api_token

REVIEWERS = 8


@dataclass
class Server:
    """The app on a real threaded HTTP server, and a reviewer token per thread."""

    url: str
    tokens: list[str]


@pytest.fixture
def wal(engine: Engine) -> Iterator[None]:
    """SQLite in WAL mode for the test (the journal mode of the database file is put back)."""
    if engine.dialect.name != "sqlite":
        yield
        return
    with engine.connect() as connection:
        before = connection.scalar(text("PRAGMA journal_mode"))
        assert connection.scalar(text("PRAGMA journal_mode=WAL")) == "wal"
    yield
    engine.dispose()
    with engine.connect() as connection:
        connection.execute(text(f"PRAGMA journal_mode={before}"))


@pytest.fixture
def server(engine: Engine, wal: None) -> Iterator[Server]:
    app = create_app({"ENGINE": engine, "DISPATCHER": RecordingQueue()})
    tokens = [api_token(engine, f"reviewer {n}", "reviewer") for n in range(REVIEWERS)]
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{http.server_port}", tokens)
    finally:
        http.shutdown()
        thread.join(10)


def post(url: str, token: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def accept_at_once(server: Server, draft_ids: list[int]) -> list[tuple[int, dict[str, Any]]]:
    """POST /api/drafts/<id>/accept for every draft, one thread each, all released at once."""
    barrier = threading.Barrier(len(draft_ids))
    answers: list[tuple[int, dict[str, Any]] | None] = [None] * len(draft_ids)

    def accept(n: int, draft_id: int) -> None:
        barrier.wait(timeout=30)
        answers[n] = post(f"{server.url}/api/drafts/{draft_id}/accept",
                          server.tokens[n % len(server.tokens)], {"version": 1})

    threads = [threading.Thread(target=accept, args=(n, draft_id))
               for n, draft_id in enumerate(draft_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert all(answer is not None for answer in answers), "a request never came back"
    return [answer for answer in answers if answer is not None]


def report_with_drafts(engine: Engine, count: int, published: date) -> list[int]:
    """A ready report of ``published`` with ``count`` pending drafts; their ids."""
    with session_scope(engine) as session:
        report = add_report(session, title="Case files: a national inspection",
                            published=published)
        drafts = record_extraction(session, report, extraction(*(
            item(f"Chief constables should review case file {n} every month.", number=str(n))
            for n in range(1, count + 1)), published=published))
        return [draft.id for draft in drafts]


def references(engine: Engine) -> list[str]:
    with session_scope(engine) as session:
        return sorted(session.scalars(select(TrackedItem.reference)))


def test_reviewers_accepting_at_the_same_moment_get_different_references(
        engine: Engine, server: Server) -> None:
    drafts = report_with_drafts(engine, 2 * REVIEWERS, date(2025, 10, 24))
    given: list[str] = []
    for round_of in (drafts[:REVIEWERS], drafts[REVIEWERS:]):
        answers = accept_at_once(server, round_of)
        assert [status for status, _body in answers] == [200] * len(round_of), answers
        given += [body["tracked_item"]["reference"] for _status, body in answers]
    assert len(set(given)) == len(given) == 2 * REVIEWERS
    assert sorted(given) == references(engine) == [
        f"HMI-2025-{n:04d}" for n in range(1, 2 * REVIEWERS + 1)]
    with session_scope(engine) as session:
        assert session.get(ReferenceCounter, "HMI-2025").last_number == 2 * REVIEWERS


def test_at_the_same_moment_no_reference_in_use_or_removed_is_given_again(
        engine: Engine, server: Server) -> None:
    drafts = report_with_drafts(engine, REVIEWERS + 1, date(2026, 1, 15))
    with session_scope(engine) as session:
        # An item imported with a reference of the year, and one accepted then undone.
        add_item(session, reference="HMI-2026-0007")
        removed = confirm_draft(session, drafts[-1], "tests").reference
        undo_decision(session, drafts[-1], "tests")
    assert removed == "HMI-2026-0008"
    answers = accept_at_once(server, drafts[:REVIEWERS])
    assert [status for status, _body in answers] == [200] * REVIEWERS, answers
    given = sorted(body["tracked_item"]["reference"] for _status, body in answers)
    assert given == [f"HMI-2026-{n:04d}" for n in range(9, 9 + REVIEWERS)]
    assert references(engine) == ["HMI-2026-0007", *given]
