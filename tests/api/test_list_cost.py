"""The list endpoints cost the same few SQL statements however many reports and drafts there
are, on SQLite and PostgreSQL.

Every statement the app sends to the database during one request is counted (SQLAlchemy's
``before_cursor_execute`` event on the engine, so the caller's token is counted too), with a
few rows and then with many: uploaders, review states, failed reports and reports without
drafts included, so that nothing is read row by row. Each request is made twice and the
second one counted, so that once-a-minute work (the token's last use) is not in the count.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import Engine, event, func, select

from models.db import session_scope
from models.ops.drafts import record_extraction, record_suggestions
from models.ops.users import add_user
from models.tables import Draft, User
from tests.builders.rows import add_item, add_report, extraction, item

LISTS = ("/api/reports", "/api/reports?limit=500", "/api/reports?limit=2&offset=1",
         "/api/inbox", "/api/inbox?limit=500", "/api/inbox?limit=2&offset=1")
#: The statements of one request at most: the caller's token and user, the total, the page,
#: one grouped query for the drafts by state, the files' sizes and the uploaders, and in the
#: inbox the next drafts.
MOST = 6
DECIDED = ("accepted", "edited", "rejected", "linked")


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements sent through ``engine`` while the block runs."""
    sent: list[str] = []

    def record(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def cost(client: FlaskClient, engine: Engine, path: str) -> tuple[int, dict[str, Any]]:
    """How many statements ``GET path`` sends (made once before, uncounted), and its body."""
    assert client.get(path).status_code == 200
    with statements(engine) as sent:
        response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    return len(sent), response.get_json()


def add_reports(engine: Engine, count: int, drafts: int) -> list[int]:
    """``count`` reports, each by its own uploader, with ``drafts`` drafts each (with a
    suggestion): the first pending and the others decided in turn, or every one decided in
    every third report; every fifth report failed, every seventh ready without drafts."""
    ids = []
    with session_scope(engine) as session:
        tracked = add_item(session, text="Forces should review how they record cases.")
        start = session.scalar(select(func.count(User.id)))
        for n in range(count):
            uploader = add_user(session, f"uploader {start + n}", "reviewer", actor="tests")
            if n % 5 == 4:
                report = add_report(session, status="failed", uploaded_by=uploader.id,
                                    error="took longer than 30 s (HMIC_MIN_SECONDS)")
            else:
                report = add_report(session, uploaded_by=uploader.id, title=f"Report {n}")
            ids.append(report.id)
            if n % 7 == 6 or report.status == "failed":
                continue
            made = record_extraction(session, report, extraction(*[
                item(f"Forces should act on matter {n}.{i}.", number=str(i + 1),
                     addressees=["home_office"] if i % 2 else [])
                for i in range(drafts)]))
            for i, draft in enumerate(made):
                record_suggestions(session, draft.id, "found", [
                    {"tracked_id": tracked.id, "relation": "related", "score": 50.0}])
                state = "pending" if i == 0 and n % 3 != 2 else DECIDED[(n + i) % 4]
                if state != "pending":
                    row = session.get(Draft, draft.id)
                    row.review_state, row.reviewed_by = state, "rory"
    return ids


def test_the_report_lists_cost_the_same_for_few_and_many_reports(viewer, engine):
    add_reports(engine, 3, drafts=1)
    few = {path: cost(viewer, engine, path) for path in LISTS}
    add_reports(engine, 40, drafts=6)
    many = {path: cost(viewer, engine, path) for path in LISTS}
    for path in LISTS:
        (before, small), (after, large) = few[path], many[path]
        assert after == before <= MOST, (path, before, after)
        assert large["total"] > small["total"]
    # The pages did grow: 43 reports listed at once, 2 a page; the inbox shows each reason.
    assert len(few["/api/inbox?limit=2&offset=1"][1]["reports"]) == 1
    assert len(many["/api/reports?limit=500"][1]["reports"]) == 43
    assert len(many["/api/inbox?limit=2&offset=1"][1]["reports"]) == 2
    reasons = {r["waiting"] for r in many["/api/inbox?limit=500"][1]["reports"]}
    assert reasons == {"review", "failed", "none_found"}
    assert len({r["uploaded_by"] for r in many["/api/reports?limit=500"][1]["reports"]}) == 43


def test_a_report_costs_the_same_with_one_draft_and_with_many(viewer, engine):
    small, large = add_reports(engine, 1, drafts=1)[0], add_reports(engine, 1, drafts=60)[0]
    for path in ("/api/reports/{}", "/api/reports/{}/drafts",
                 "/api/reports/{}/drafts?review_state=rejected",
                 "/api/reports/{}/drafts?addressee=home_office&for_force=false"):
        (before, one), (after, sixty) = (cost(viewer, engine, path.format(small)),
                                         cost(viewer, engine, path.format(large)))
        assert after == before <= MOST, (path, before, after)
        if "drafts" in path:
            assert len(sixty["drafts"]) > len(one["drafts"]), path
    assert len(cost(viewer, engine, f"/api/reports/{large}/drafts")[1]["drafts"]) == 60
