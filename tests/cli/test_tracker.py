"""``hmic-actions tracker import`` and ``tracker export`` through the installed executable."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from models.tables import AuditEvent
from tests.builders.trackers import make_items, write_items, write_tracker

EXECUTABLE = Path(sys.executable).parent / "hmic-actions"


def hmic(*args: str, cwd: Path, url: str | None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DATABASE_URL", "HMIC_DATA_DIR")}
    if url is not None:
        environment["DATABASE_URL"] = url
    return subprocess.run([str(EXECUTABLE), *args], cwd=cwd, env=environment,
                          capture_output=True, timeout=120)


def exported_rows(result: subprocess.CompletedProcess) -> list[dict[str, str]]:
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"\xef\xbb\xbfReference,")
    return list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8-sig"), newline="")))


def test_import_then_export(url: str, tmp_path: Path) -> None:
    items = make_items(50)
    source = write_items(tmp_path / "ours.xlsx", items)
    done = hmic("tracker", "import", str(source), "--actor", "Sam Patel", cwd=tmp_path, url=url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == (f"{source}: 50 rows: 50 new, 0 updated, 0 unchanged "
                                    "(38 progress updates added)\n")
    assert done.stderr == b""

    rows = exported_rows(hmic("tracker", "export", cwd=tmp_path, url=url))
    assert [row["Inspectorate text"].removeprefix("'") for row in rows] == [
        item["text"] for item in items]

    target = tmp_path / "out.xlsx"
    done = hmic("tracker", "export", "-o", str(target), cwd=tmp_path, url=url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == f"{target}: 50 tracked items exported\n"
    sheet = openpyxl.load_workbook(target).active
    assert sheet.max_row == 51 and sheet["A1"].value == "Reference"

    for again in (source, target):
        done = hmic("tracker", "import", str(again), cwd=tmp_path, url=url)
        assert done.stdout.decode() == f"{again}: 50 rows: 0 new, 0 updated, 50 unchanged\n"
    engine = create_engine(url)
    with Session(engine) as session:
        actors = set(session.scalars(select(AuditEvent.actor)))
    engine.dispose()
    assert "Sam Patel" in actors


def test_a_dry_run_writes_nothing(url: str, tmp_path: Path) -> None:
    source = write_items(tmp_path / "ours.csv", make_items(20))
    done = hmic("tracker", "import", str(source), "--dry-run", cwd=tmp_path, url=url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == (
        f"{source}: 20 rows would give 20 new, 0 updated, 0 unchanged "
        "(15 progress updates would be added) (dry run, nothing written)\n")
    assert exported_rows(hmic("tracker", "export", cwd=tmp_path, url=url)) == []


def test_a_bad_file_lists_its_problems_and_writes_nothing(url: str, tmp_path: Path) -> None:
    rows = [{"ref": "R1", "type": "AFI", "text": "The force should act.", "due": "31/02/2026"},
            {"ref": "R2", "type": "AFI", "text": "", "due": ""},
            {"ref": "R3", "type": "AFI", "text": "The force should also act.", "due": "",
             "status": "Done-ish"}]
    source = write_tracker(tmp_path / "bad.csv", rows, {
        "ref": "Ref", "type": "Type", "text": "Recommendation", "due": "Due date",
        "status": "Status", "notes": "Notes"})
    done = hmic("tracker", "import", str(source), cwd=tmp_path, url=url)
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.decode().splitlines() == [
        f"hmic-actions: error: {source}: 3 problems in 3 rows; nothing written",
        "row 2: Due date '31/02/2026' is not a date",
        "row 3: missing Recommendation",
        "row 4: Status 'Done-ish' is not one of open, in progress, completed, closed, superseded",
        "note: columns ignored (not tracker fields): 'Notes'",
    ]
    assert exported_rows(hmic("tracker", "export", cwd=tmp_path, url=url)) == []


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "the file is empty"),
    (b"PK\x03\x04broken", "not a readable .xlsx workbook (BadZipFile)"),
])
def test_an_unreadable_file_is_one_line(url: str, tmp_path: Path, content: bytes,
                                        reason: str) -> None:
    source = tmp_path / "tracker.xlsx"
    source.write_bytes(content)
    done = hmic("tracker", "import", str(source), cwd=tmp_path, url=url)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == (
        f"hmic-actions: error: {source}: {reason}; nothing written\n")


def test_missing_file(url: str, tmp_path: Path) -> None:
    done = hmic("tracker", "import", "nowhere.csv", cwd=tmp_path, url=url)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == (
        "hmic-actions: error: nowhere.csv: cannot read the file (No such file or directory); "
        "nothing written\n")


def test_a_database_without_the_schema_says_what_to_run(tmp_path: Path) -> None:
    source = write_items(tmp_path / "ours.csv", make_items(3))
    empty = tmp_path / "empty.db"
    create_engine(f"sqlite:///{empty}").connect().close()  # a file without tables
    for database in (tmp_path / "absent.db", empty):
        for args in (("tracker", "import", str(source)), ("tracker", "export")):
            done = hmic(*args, cwd=tmp_path, url=f"sqlite:///{database}")
            assert (done.returncode, done.stdout) == (2, b""), args
            assert done.stderr.decode() == (
                f"hmic-actions: error: database at sqlite:///{database} has no schema yet; "
                "run hmic-actions db upgrade first\n")
    assert not (tmp_path / "absent.db").exists()


def test_the_default_database_is_the_sqlite_file(tmp_path: Path) -> None:
    assert hmic("db", "upgrade", cwd=tmp_path, url=None).returncode == 0
    source = write_items(tmp_path / "ours.csv", make_items(4))
    done = hmic("tracker", "import", str(source), cwd=tmp_path, url=None)
    assert done.returncode == 0, done.stderr
    assert len(exported_rows(hmic("tracker", "export", cwd=tmp_path, url=None))) == 4


@pytest.mark.parametrize(("target", "message"), [
    ("out.txt", "out.txt: cannot tell the format; name it .csv or .xlsx"),
    ("missing/out.csv", "missing/out.csv: no such folder missing"),
])
def test_export_to_a_bad_place(url: str, tmp_path: Path, target: str, message: str) -> None:
    done = hmic("tracker", "export", "-o", target, cwd=tmp_path, url=url)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == f"hmic-actions: error: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.db"]


def test_an_empty_actor_is_refused(url: str, tmp_path: Path) -> None:
    source = write_items(tmp_path / "ours.csv", make_items(2))
    done = hmic("tracker", "import", str(source), "--actor", " ", cwd=tmp_path, url=url)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode() == (
        "hmic-actions: error: --actor: give the name to record in the audit trail\n")


def import_actors(url: str, tmp_path: Path, login: str) -> set[str]:
    """The audit trail's actors after an import without --actor by a person logged in as
    ``login``."""
    source = write_items(tmp_path / "ours.csv", make_items(2))
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("HMIC_DATA_DIR", "LOGNAME", "USER", "LNAME", "USERNAME")}
    done = subprocess.run([str(EXECUTABLE), "tracker", "import", str(source)], cwd=tmp_path,
                          env={**environment, "DATABASE_URL": url, "LOGNAME": login},
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    engine = create_engine(url)
    with Session(engine) as session:
        actors = set(session.scalars(select(AuditEvent.actor).where(
            AuditEvent.entity_type == "tracker")))
    engine.dispose()
    return actors


def test_an_import_by_a_machine_login_is_recorded_as_the_import(url: str,
                                                                 tmp_path: Path) -> None:
    assert import_actors(url, tmp_path, "root") == {"tracker import"}


def test_an_import_by_a_user_of_the_service_is_recorded_as_that_user(url: str,
                                                                     tmp_path: Path) -> None:
    from models.db import session_scope
    from models.ops.users import add_user

    engine = create_engine(url)
    with session_scope(engine) as session:
        add_user(session, "Sam.Patel", "lead", "a long enough password")
    engine.dispose()
    assert import_actors(url, tmp_path, "sam.patel") == {"Sam.Patel"}


def test_an_import_gets_drafts_read_before_it_matched_again(url: str, tmp_path: Path) -> None:
    from datetime import date

    from models.db import session_scope
    from models.ops.drafts import record_extraction
    from tests.builders.rows import add_report, extraction, item

    engine = create_engine(url)
    text = "By 31 March 2026, chief constables should audit how they record missing children."
    with session_scope(engine) as session:  # a report read while nothing was tracked
        report = add_report(session, title="Missing children", published=date(2025, 6, 1))
        record_extraction(session, report, extraction(item(text, number="1")))
    engine.dispose()
    source = write_tracker(tmp_path / "tracker.csv",
                           [{"ref": "MC-1", "type": "Rec", "text": text}],
                           {"ref": "Ref", "type": "Type", "text": "Recommendation"})
    done = hmic("tracker", "import", str(source), "--actor", "Sam", cwd=tmp_path, url=url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines() == [
        f"{source}: 1 row: 1 new, 0 updated, 0 unchanged",
        "1 pending draft matched again against the imported items"]
    engine = create_engine(url)
    with Session(engine) as session:
        from models.tables import Draft

        draft = session.scalars(select(Draft)).one()
        assert draft.match_state == "found" and draft.suggestions[0]["relation"] == "same_as"
    engine.dispose()
