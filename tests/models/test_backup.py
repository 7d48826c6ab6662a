"""Dump and restore: every row comes back equal, on each backend and across them."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from models import backup
from models.db import make_engine, session_scope
from models.migrate import head, upgrade
from models.ops.audit import snapshot
from models.ops.drafts import confirm_draft, record_extraction
from models.ops.reports import add_report
from models.tables import Base, Draft, Report, TrackedItem
from tests.builders.rows import extraction, fill_every_table, item
from tests.conftest import DB_BACKENDS, Databases


def rows(engine: Engine) -> dict[str, list[list]]:
    """Every table's rows as the dump encodes them (ids, timestamps, bytes, JSON text)."""
    with engine.connect() as connection:
        return {t.name: list(backup.encoded_rows(connection, t))
                for t in Base.metadata.sorted_tables}


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {t.name: connection.scalar(select(func.count()).select_from(t))
                for t in Base.metadata.sorted_tables}


@pytest.fixture
def new_database(databases: Databases) -> Iterator:
    """Makes upgraded, empty databases on a backend; disposes and drops them afterwards."""
    made: list[tuple[str, Engine]] = []

    def make(backend: str, migrate: bool = True) -> Engine:
        url = databases.new_url(backend)
        engine = make_engine(url)
        if migrate:
            upgrade(engine=engine)
        made.append((url, engine))
        return engine

    yield make
    for url, engine in made:
        engine.dispose()
        databases.drop(url)


def accept_a_new_upload(engine: Engine) -> None:
    """A new report and a confirmed draft work after a restore (ids do not collide)."""
    accepted = select(func.count(Draft.id)).where(Draft.review_state == "accepted")
    with session_scope(engine) as s:
        highest = s.scalar(select(func.max(TrackedItem.id)))
        before = s.scalar(accepted)
        report, created = add_report(s, "after.pdf", b"%PDF after restore", "Lena Lead")
        assert created
        drafts = record_extraction(s, report, extraction(item("Forces should adapt.")))
        made = confirm_draft(s, drafts[0].id, "Lena Lead")
        assert made.id > highest
        assert report.id == s.scalar(select(func.max(Report.id)))
    with session_scope(engine) as s:
        assert s.scalar(accepted) == before + 1


def test_round_trip_on_one_backend(engine: Engine, new_database, db_backend: str,
                                   tmp_path: Path) -> None:
    fill_every_table(engine)
    path = tmp_path / "tracker.jsonl.gz"
    written = backup.dump(engine, path)
    assert written.revision == head()
    assert written.rows == counts(engine)
    assert all(written.rows.values()), written.rows  # every table has rows
    target = new_database(db_backend)
    restored = backup.restore(target, path)
    assert restored.rows == written.rows
    assert rows(target) == rows(engine)
    accept_a_new_upload(target)


@pytest.mark.parametrize(("source", "target"), [DB_BACKENDS, DB_BACKENDS[::-1]])
def test_round_trip_across_backends(source: str, target: str, new_database,
                                    tmp_path: Path) -> None:
    original = new_database(source)
    fill_every_table(original)
    there, back = new_database(target), new_database(source)
    backup.dump(original, tmp_path / "one.gz")
    backup.restore(there, tmp_path / "one.gz")
    assert rows(there) == rows(original)
    backup.dump(there, tmp_path / "two.gz")
    backup.restore(back, tmp_path / "two.gz")
    assert rows(back) == rows(original)
    accept_a_new_upload(there)


def test_orm_reads_the_same_after_restore(engine: Engine, new_database, db_backend: str,
                                          tmp_path: Path) -> None:
    fill_every_table(engine)
    backup.dump(engine, tmp_path / "d.gz")
    target = new_database(db_backend)
    backup.restore(target, tmp_path / "d.gz")
    with session_scope(engine) as a, session_scope(target) as b:
        for model in (Report, Draft, TrackedItem):
            left = [snapshot(r) for r in a.scalars(select(model).order_by(model.id))]
            right = [snapshot(r) for r in b.scalars(select(model).order_by(model.id))]
            assert left == right
        contents = [r.file.content for r in b.scalars(select(Report).order_by(Report.id))]
        assert b"%PDF old \x00\xff\xfe bytes" in contents


def test_restore_refuses_a_database_that_is_not_empty(engine: Engine, tmp_path: Path) -> None:
    fill_every_table(engine)
    backup.dump(engine, tmp_path / "d.gz")
    before = rows(engine)
    with pytest.raises(backup.BackupError, match="the database is not empty"):
        backup.restore(engine, tmp_path / "d.gz")
    assert rows(engine) == before


def _rewrite(source: Path, target: Path, change) -> None:
    lines = gzip.decompress(source.read_bytes()).decode().splitlines()
    target.write_bytes(gzip.compress(("\n".join(change(lines)) + "\n").encode()))


def test_restore_refuses_a_dump_of_another_revision(engine: Engine, new_database,
                                                     db_backend: str, tmp_path: Path) -> None:
    fill_every_table(engine)
    backup.dump(engine, tmp_path / "d.gz")

    def older(lines: list[str]) -> list[str]:
        header = json.loads(lines[0])
        header["revision"] = "0001"
        return [json.dumps(header), *lines[1:]]

    _rewrite(tmp_path / "d.gz", tmp_path / "old.gz", older)
    target = new_database(db_backend)
    with pytest.raises(backup.BackupError,
                       match=f"dump is of schema revision 0001, the database is at {head()}"):
        backup.restore(target, tmp_path / "old.gz")
    assert set(counts(target).values()) == {0}


@pytest.mark.parametrize("damage", ["cut", "bad_timestamp", "bad_bytes", "wrong_width",
                                    "broken_reference", "not_json"])
def test_a_damaged_dump_writes_nothing(engine: Engine, new_database, db_backend: str,
                                       tmp_path: Path, damage: str) -> None:
    fill_every_table(engine)
    backup.dump(engine, tmp_path / "d.gz")

    def spoil(lines: list[str]) -> list[str]:
        # Damage a late table, so earlier tables were already loaded when it is found.
        start = lines.index(next(x for x in lines if x.startswith('{"table":"match_decisions"')))
        columns = json.loads(lines[start])["columns"]
        row = json.loads(lines[start + 1])
        if damage == "cut":
            return lines[: start + 1]
        if damage == "not_json":
            lines[start + 1] = lines[start + 1][:-3]
        else:
            if damage == "bad_timestamp":
                row[columns.index("decided_at")] = "yesterday"
            elif damage == "bad_bytes":
                start = lines.index(next(x for x in lines if x.startswith(
                    '{"table":"stored_files"')))
                row = json.loads(lines[start + 1])
                row[2] = "not base64!"
            elif damage == "wrong_width":
                row = row[:-1]
            elif damage == "broken_reference":
                row[columns.index("draft_id")] = 999_999
            lines[start + 1] = json.dumps(row)
        return lines

    _rewrite(tmp_path / "d.gz", tmp_path / "bad.gz", spoil)
    target = new_database(db_backend)
    with pytest.raises(backup.BackupError) as caught:
        backup.restore(target, tmp_path / "bad.gz")
    message = str(caught.value)
    assert "\n" not in message
    assert str(tmp_path / "bad.gz") in message
    assert set(counts(target).values()) == {0}
    backup.restore(target, tmp_path / "d.gz")  # the good dump still loads afterwards
    assert rows(target) == rows(engine)


def test_files_that_are_not_dumps(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text("hello\n")
    (tmp_path / "other.gz").write_bytes(gzip.compress(b'{"format": "something else"}\n'))
    (tmp_path / "empty.gz").write_bytes(gzip.compress(b""))
    cases = {"plain.txt": "not gzip-compressed", "other.gz": "not a hmic-actions dump",
             "empty.gz": "not a hmic-actions dump", "missing.gz": "no such file"}
    for name, why in cases.items():
        with pytest.raises(backup.BackupError, match=why):
            backup.restore(engine, tmp_path / name)
    assert set(counts(engine).values()) == {0}


def test_dump_needs_an_upgraded_database(new_database, db_backend: str,
                                         tmp_path: Path) -> None:
    bare = new_database(db_backend, migrate=False)
    with pytest.raises(backup.BackupError, match="no schema yet"):
        backup.dump(bare, tmp_path / "d.gz")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_dump_leaves_no_file(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(backup.BackupError, match="cannot write"):
        backup.dump(engine, tmp_path / "no such folder" / "d.gz")
    assert list(tmp_path.iterdir()) == []
