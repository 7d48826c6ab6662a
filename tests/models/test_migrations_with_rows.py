"""Migrations on databases that hold rows, on both databases, from every earlier revision.

At a revision, every table the schema has then gets several rows (``tests.builders.
schema_rows``); after the upgrade to head every row is still there with every value it had,
the new columns hold what their revision promises (``PROMISES``; a new column no revision
says it fills stays NULL, and a NOT NULL one has a value in every old row), the models read
every row and write new ones, and a downgrade to the revision and an upgrade again give the
same rows. The revisions are read from the migration scripts: a new one is covered as soon
as it is shipped; what its upgrade does to the rows already there goes in ``PROMISES``.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from models import migrate
from models.db import make_engine
from models.migrate import current, head, upgrade
from models.tables import Base, Draft, Report, TrackedItem
from tests.builders.schema_rows import (
    LONG_TEXT,
    ROWS,
    Rows,
    allowed_values,
    differences,
    fill,
    normalise,
    reflect,
    reversible,
    revisions,
    row_for,
    shape,
    snapshot,
)

REVISIONS = revisions()
#: Every revision but head: the database is made at it, filled, then upgraded.
EARLIER = REVISIONS[:-1]

Shape = dict[str, dict[str, tuple[str, bool]]]


# --------------------------------------------------------------------------- promises


@dataclass(frozen=True)
class Promise:
    """What a revision's upgrade does to the rows already there.

    ``fills`` names the new columns it gives old rows a value (every other new column must
    be NULL in them); ``check(before, after)`` is given the rows as they were at the
    revision upgraded from and as they are after the upgrade.
    """

    fills: frozenset[tuple[str, str]] = frozenset()
    check: Callable[[Rows, Rows], None] | None = None


#: The year each title the rows hold names, worked out by hand (the last year written,
#: and the end of a span: "2018/19" is 2019).
TITLE_YEARS: dict[str, int | None] = {
    "PEEL 2018/19: an inspection of Dyfed-Powys Police": 2019,
    "Crime data integrity 2016": 2016,
    "Heddlu Gogledd Cymru — ‘arolygiad’ 2020": 2020,
    "Stalking: a joint thematic (2021–22)": 2022,
    "A report without a year — ŵŷ": None,
    "PEEL 2023–25: an inspection of Dyfed-Powys Police": 2025,
    "State of policing: the annual assessment of policing in England and Wales 2023": 2023,
    "Ymchwiliad i Heddlu Gogledd Cymru": None,
    "Stalking and harassment: a thematic inspection — " + LONG_TEXT: None,
    "An inspection of vetting, misconduct and misogyny in the police service (2022–23)": 2023,
}


def _no_api_tokens_made_up(before: Rows, after: Rows) -> None:
    assert after["api_tokens"] == {}


def _items_dated_and_drafts_without_siblings(before: Rows, after: Rows) -> None:
    """0004: an old item gets its report's publication date and year, else the year its
    source report's title names (the item's own text, else the uploaded report's title),
    else stays undated; old drafts relate to no other draft; no progress update is made up.
    """
    ways = set()
    for key, item in before["tracked_items"].items():
        report = before["reports"].get((item["source_report_id"],))
        published = report["published"] if report else None
        if published is not None:
            expected, way = (published, published.year), "publication"
        else:
            title = item["source_report"] or (report["title"] if report else None)
            if title and title not in TITLE_YEARS:
                raise AssertionError(f"no known year for the title {title!r}: add it")
            year = TITLE_YEARS[title] if title else None
            expected, way = (None, year), ("title" if year else "undated")
        now = after["tracked_items"][key]
        assert (now["source_published"], now["source_year"]) == expected, (
            f"tracked item {key} ({way}): source {item['source_report']!r}, report {report}")
        ways.add(way)
    # The rows give each way of dating an item at least once.
    assert ways == {"publication", "title", "undated"}
    for key in before["drafts"]:
        assert after["drafts"][key]["sibling_suggestions"] == []
    assert after["progress_updates"] == {}


def _counters_start_at_the_highest_reference(before: Rows, after: Rows) -> None:
    """0005: each HMI-<year> prefix in use (by a tracked item, or by one removed) gets a
    counter at its highest number; old drafts were not added by hand (added_by NULL)."""
    used = [item["reference"] for item in before["tracked_items"].values()]
    used += [(event["before"] or {}).get("reference")
             for event in before["audit_events"].values()
             if event["action"] == "remove_item" and isinstance(event["before"], dict)]
    highest: dict[str, int] = {}
    for reference in used:
        match = re.fullmatch(r"(HMI-\d{4})-(\d+)", reference or "")
        if match:
            highest[match[1]] = max(int(match[2]), highest.get(match[1], 0))
    assert highest, "the rows hold no HMI reference: the counters are not put to the test"
    assert after["reference_counters"] == {
        (prefix,): {"prefix": prefix, "last_number": number}
        for prefix, number in highest.items()}


def _every_old_report_is_a_pdf_and_drafts_keep_their_page(before: Rows, after: Rows) -> None:
    """0008: every report before it was a PDF; drafts keep their pages and have no location."""
    assert before["reports"], "the rows hold no report: the revision is not put to the test"
    assert {row["file_format"] for row in after["reports"].values()} == {"pdf"}
    assert before["drafts"], "the rows hold no draft: the revision is not put to the test"
    for key, row in before["drafts"].items():
        assert after["drafts"][key]["page"] == row["page"] is not None
        assert after["drafts"][key]["location"] is None


PROMISES: dict[str, Promise] = {
    "0002": Promise(check=_no_api_tokens_made_up),
    # 0003 adds drafts.match_reason, NULL in old drafts: nothing to promise.
    "0004": Promise(
        fills=frozenset({("tracked_items", "source_published"),
                         ("tracked_items", "source_year"),
                         ("drafts", "sibling_suggestions")}),
        check=_items_dated_and_drafts_without_siblings),
    "0005": Promise(check=_counters_start_at_the_highest_reference),
    # 0006 adds reports.stage_seconds, NULL in old reports: nothing to promise.
    # 0007 adds an index on drafts (review_state, report_id, position): no row changes.
    "0008": Promise(fills=frozenset({("reports", "file_format")}),
                    check=_every_old_report_is_a_pdf_and_drafts_keep_their_page),
}


def after(revision: str) -> list[str]:
    """The revisions an upgrade from ``revision`` to head applies."""
    shipped = revisions()
    return shipped[shipped.index(revision) + 1:]


def upgrade_problems(before: Rows, shape_before: Shape, rows: Rows, shape_now: Shape,
                     applied: list[str]) -> list[str]:
    """What is wrong with ``rows`` after the upgrade through ``applied``: old rows or values
    lost or changed, new columns in old rows not as promised; a failed check raises."""
    problems = differences(before, rows)
    promised = {c for revision in applied for c in PROMISES.get(revision, Promise()).fills}
    for table, old_rows in before.items():
        added = {c: nullable for c, (_type, nullable) in shape_now.get(table, {}).items()
                 if c not in shape_before[table]}
        for column, nullable in sorted(added.items()):
            for key in old_rows:
                value = rows[table][key][column]
                if not nullable and value is None:
                    problems.append(f"{table} {key} {column}: NOT NULL but empty")
                elif (table, column) not in promised and value is not None:
                    problems.append(f"{table} {key} {column}: holds {value!r}, though no "
                                    f"revision in PROMISES says it fills the column")
    for revision in applied:
        check = PROMISES.get(revision, Promise()).check
        if check is not None:
            check(before, rows)
    return problems


# --------------------------------------------------------------------------- the steps


@pytest.fixture
def rows_engine(empty_db_url: str) -> Iterator[Engine]:
    """An engine on a brand-new database (dropped after the test)."""
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database back to ``revision`` (``models.migrate.downgrade``)."""
    assert migrate.downgrade(revision, engine=engine) == (None if revision == "base"
                                                          else revision)


@dataclass
class Upgraded:
    written: Rows
    shape: Shape
    problems: list[str] = field(default_factory=list)


def upgraded_with_rows(engine: Engine, revision: str) -> Upgraded:
    """The database made at ``revision``, filled, and upgraded to head."""
    assert upgrade(engine=engine, revision=revision) == revision
    at_revision = shape(engine)
    written = fill(engine)
    assert set(written) == set(at_revision)
    assert all(len(rows) >= ROWS for rows in written.values())
    # The rows read back as written: the comparison below compares like with like.
    assert differences(written, snapshot(engine)) == []
    assert upgrade(engine=engine) == head()
    problems = upgrade_problems(written, at_revision, snapshot(engine), shape(engine),
                                after(revision))
    return Upgraded(written, at_revision, problems)


def projected(rows: Rows, onto: Shape) -> Rows:
    """``rows`` with only the tables and columns of ``onto``."""
    return {table: {key: {c: v for c, v in row.items() if c in onto[table]}
                    for key, row in rows[table].items()}
            for table in onto}


def _mappers() -> list[Any]:
    order = [t.name for t in Base.metadata.sorted_tables]
    return sorted(Base.registry.mappers, key=lambda m: order.index(m.local_table.name))


def models_read(engine: Engine) -> list[str]:
    """Load every row of every table through the models, touch every attribute, and say
    where a value differs from what the database holds."""
    rows = snapshot(engine)
    problems = []
    with Session(engine) as session:
        for mapper in _mappers():
            table = mapper.local_table.name
            loaded = session.scalars(select(mapper.class_)).all()
            if len(loaded) != len(rows[table]):
                problems.append(f"{table}: {len(loaded)} loaded of {len(rows[table])}")
            properties = [name for name, member in vars(mapper.class_).items()
                          if isinstance(member, property)]
            for obj in loaded:
                for attribute in mapper.attrs:
                    getattr(obj, attribute.key)
                for name in properties:
                    getattr(obj, name)
                key = tuple(mapper.primary_key_from_instance(obj))
                for attribute in mapper.column_attrs:
                    column = attribute.columns[0].name
                    value = normalise(getattr(obj, attribute.key))
                    if value != rows[table][key][column]:
                        problems.append(f"{table} {key} {column}: the model reads {value!r}, "
                                        f"the database holds {rows[table][key][column]!r}")
    return problems


def write_through_models(engine: Engine) -> None:
    """A new tracked item superseding an old one and a draft for it, made through the
    models; then one new row in every table, each pointing at the rows made before it."""
    with Session(engine, expire_on_commit=False) as session:
        report = session.scalars(select(Report).order_by(Report.id)).first()
        old = session.scalars(select(TrackedItem).where(TrackedItem.superseded_by_id.is_(None))
                              .order_by(TrackedItem.id)).first()
        assert report is not None and old is not None
        version = old.version
        item = TrackedItem(reference="PEEL-2026-NEW-1", kind="recommendation",
                           text="Chief constables should review vetting — ‘again’ ŵ.",
                           addressees=["Chief constables"], report=report, scope="local")
        old.superseded_by, old.status = item, "superseded"
        position = session.scalar(select(func.max(Draft.position))
                                  .where(Draft.report_id == report.id)) or 0
        draft = Draft(report=report, position=position + 1, kind="area_for_improvement",
                      text="The force should train call handlers.", tracked_item=item, page=2)
        session.add_all([item, draft])
        session.commit()
        assert old.version == version + 1

        made = []
        parents: dict[str, list[dict[str, Any]]] = {}
        for mapper in _mappers():
            table = mapper.local_table
            versioned = mapper.version_id_col
            row = row_for(table, 0, 9, parents, skip=lambda c, v=versioned: (
                c.default is not None or c.server_default is not None or c is v))
            values = {mapper.get_property_by_column(table.c[name]).key: normalise(value)
                      for name, value in row.items()}
            obj = mapper.class_(**values)
            session.add(obj)
            session.flush()
            made.append((mapper.class_, mapper.primary_key_from_instance(obj), values))
            parents[table.name] = [{c.name: getattr(obj, mapper.get_property_by_column(c).key)
                                    for c in table.columns}]
        session.commit()
        item_id, draft_id, old_id = item.id, draft.id, old.id

    with Session(engine) as session:
        assert session.get(TrackedItem, old_id).superseded_by_id == item_id
        assert session.get(Draft, draft_id).tracked_item.reference == "PEEL-2026-NEW-1"
        for cls, key, values in made:
            obj = session.get(cls, key)
            assert obj is not None, (cls, key)
            assert {k: normalise(getattr(obj, k)) for k in values} == values


# --------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("revision", EARLIER)
def test_an_upgrade_keeps_every_row_and_value(revision: str, rows_engine: Engine) -> None:
    upgraded = upgraded_with_rows(rows_engine, revision)
    assert current(engine=rows_engine) == head()
    assert upgraded.problems == []


@pytest.mark.parametrize("revision", EARLIER)
def test_a_downgrade_and_upgrade_again_give_the_same_rows(revision: str,
                                                          rows_engine: Engine) -> None:
    assert reversible(revision), f"a revision after {revision} has no downgrade"
    upgraded = upgraded_with_rows(rows_engine, revision)
    at_head = snapshot(rows_engine)
    downgrade(rows_engine, revision)
    assert current(engine=rows_engine) == revision
    assert shape(rows_engine) == upgraded.shape
    assert differences(upgraded.written, snapshot(rows_engine)) == []
    assert upgrade(engine=rows_engine) == head()
    assert differences(at_head, snapshot(rows_engine)) == []


@pytest.mark.parametrize("revision", EARLIER)
def test_the_models_read_and_write_the_upgraded_rows(revision: str,
                                                     rows_engine: Engine) -> None:
    upgraded = upgraded_with_rows(rows_engine, revision)
    assert models_read(rows_engine) == []
    write_through_models(rows_engine)
    assert models_read(rows_engine) == []
    if reversible(revision):
        # Down again with rows the models wrote, in the new columns and tables too.
        kept = projected(snapshot(rows_engine), upgraded.shape)
        downgrade(rows_engine, revision)
        assert differences(kept, snapshot(rows_engine)) == []
        assert upgrade(engine=rows_engine) == head()
        assert differences(kept, snapshot(rows_engine)) == []


def test_rows_written_at_every_revision_survive_each_step(rows_engine: Engine) -> None:
    expected: Rows = {}
    for batch, revision in enumerate(REVISIONS):
        shape_before = shape(rows_engine)
        assert upgrade(engine=rows_engine, revision=revision) == revision
        rows = snapshot(rows_engine)
        assert upgrade_problems(expected, shape_before, rows, shape(rows_engine),
                                [revision]) == []
        expected = rows
        for table, written in fill(rows_engine, batch).items():
            expected[table].update(written)
        assert differences(expected, snapshot(rows_engine)) == []
    assert models_read(rows_engine) == []
    write_through_models(rows_engine)
    # All the way down with rows in every table, and up again.
    downgrade(rows_engine, "base")
    assert current(engine=rows_engine) is None
    assert shape(rows_engine) == {}
    assert upgrade(engine=rows_engine) == head()
    assert all(rows == {} for rows in snapshot(rows_engine).values())


def test_the_rows_hold_awkward_values(rows_engine: Engine) -> None:
    upgrade(engine=rows_engine)
    written = fill(rows_engine)
    with rows_engine.connect() as connection:
        assert set(written) == set(reflect(connection))
    values = [v for rows in written.values() for row in rows.values() for v in row.values()]
    texts = [v for v in values if isinstance(v, str)]
    assert None in values and "" in texts
    assert any(not v.isascii() for v in texts) and max(map(len, texts)) > 10_000
    assert any(isinstance(v, list) and v for v in values)
    assert any(isinstance(v, dict) and v for v in values)
    assert any(isinstance(v, bytes) and b"\x00" in v for v in values)
    assert date(2028, 2, 29) in values
    assert any(isinstance(v, datetime) and v.microsecond for v in values)
    items = written["tracked_items"]
    chain = [min(items)]
    while items[chain[-1]]["superseded_by_id"] is not None:
        chain.append((items[chain[-1]]["superseded_by_id"],))
    assert len(chain) == 3


def test_the_comparison_notices_a_lost_row_and_a_changed_value(rows_engine: Engine) -> None:
    upgrade(engine=rows_engine)
    written = fill(rows_engine)
    with rows_engine.connect() as connection:
        tables = reflect(connection)
    items, drafts, decisions = (tables[t] for t in ("tracked_items", "drafts",
                                                    "match_decisions"))
    lost = min(written["match_decisions"])
    item, draft = min(written["tracked_items"]), min(written["drafts"])
    with rows_engine.begin() as connection:
        connection.execute(decisions.delete().where(decisions.c.id == lost[0]))
        connection.execute(items.update().where(items.c.id == item[0])
                           .values(text=items.c.text + "!"))
        connection.execute(drafts.update().where(drafts.c.id == draft[0])
                           .values(confidence=drafts.c.confidence + 1e-9))
    rows = snapshot(rows_engine)
    found = differences(written, rows)
    assert {line.split(":")[0] for line in found} == {
        f"match_decisions {lost}", f"tracked_items {item} text", f"drafts {draft} confidence"}
    # A value of another type, a column or a table gone, a row that appeared.
    rows["drafts"][draft]["immediate"] = int(rows["drafts"][draft]["immediate"])
    del rows["drafts"][draft]["text"]
    del rows["links"]
    rows["users"][(999,)] = {}
    assert len(differences(written, rows)) == 7


def test_a_revision_that_loses_rows_is_caught(rows_engine: Engine, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = migrate.MIGRATIONS
    copy = tmp_path / "migrations"
    shutil.copytree(shipped, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "versions" / "9999_careless.py").write_text(textwrap.dedent(f'''\
        """A careless revision.

        Revision ID: 9999
        Revises: {head()}
        """
        import sqlalchemy as sa
        from alembic import op

        revision = "9999"
        down_revision = "{head()}"


        def upgrade():
            op.execute("DELETE FROM links WHERE id = (SELECT MIN(id) FROM links)")
            op.execute("UPDATE users SET name = name || '!' WHERE id = 1")
            op.add_column("reports", sa.Column("note", sa.Text(), nullable=True))
            op.execute("UPDATE reports SET note = 'made up'")


        def downgrade():
            pass
        '''), "utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS", copy)
    assert revisions()[-1] == "9999" and not reversible(EARLIER[-1])
    problems = upgraded_with_rows(rows_engine, REVISIONS[-1]).problems
    assert "links (1,): the row is gone" in problems
    assert any(p.startswith("users (1,) name: 'Priya Shah' became 'Priya Shah!'")
               for p in problems)
    assert sum("reports" in p and "note: holds 'made up'" in p for p in problems) == ROWS


def test_every_promise_names_a_shipped_revision_and_a_column_of_head() -> None:
    assert set(PROMISES) <= set(REVISIONS)
    columns = {(t.name, c.name) for t in Base.metadata.sorted_tables for c in t.columns}
    assert {c for p in PROMISES.values() for c in p.fills} <= columns


def test_the_checks_of_the_tables_are_read() -> None:
    # Each database gives a CHECK constraint back in its own words.
    assert allowed_values("role IN ('admin', 'lead')", ["role", "name"]) == (
        "role", ["admin", "lead"])
    assert allowed_values("((role)::text = ANY ((ARRAY['admin'::character varying, "
                          "'lead'::character varying])::text[]))", ["role"]) == (
        "role", ["admin", "lead"])
    assert allowed_values("delivery_confidence::text = ANY (ARRAY['high'::character varying]"
                          "::text[])", ["text", "delivery_confidence"]) == (
        "delivery_confidence", ["high"])
    assert allowed_values("((activity_level >= 1) AND (activity_level <= 4))",
                          ["activity_level", "level"]) == ("activity_level", [1, 2, 3, 4])
    assert allowed_values("activity_level BETWEEN 1 AND 4", ["activity_level"]) == (
        "activity_level", [1, 2, 3, 4])
    assert allowed_values("a < b", ["a", "b"]) == (None, [])
