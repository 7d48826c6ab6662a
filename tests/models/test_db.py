"""Database URL, engines and sessions; what the schema enforces on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from hmic_actions.settings import SettingsError, redact_url
from models.db import database_url, make_engine, parse_url, session_scope
from models.tables import Draft, TrackedItem
from tests.builders.rows import add_item, add_report


def test_default_url_is_a_sqlite_file_under_the_data_dir(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HMIC_DATA_DIR", str(tmp_path / "data"))
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'instance' / 'hmic-actions.db'}"
    assert (tmp_path / "data" / "instance").is_dir()


def test_default_url_uses_the_current_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("HMIC_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert database_url() == f"sqlite:///{tmp_path / 'instance' / 'hmic-actions.db'}"


def test_database_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://tracker@db:5432/hmic")
    assert database_url() == "postgresql://tracker@db:5432/hmic"
    assert parse_url().drivername == "postgresql+psycopg"


@pytest.mark.parametrize(("url", "message"), [
    ("not a url", "not a database URL"),
    ("mysql://user:pw@host/db", "names a database hmic-actions does not support \\(mysql"),
])
def test_unusable_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        parse_url(url)


def test_redact_hides_passwords() -> None:
    assert redact_url("postgresql+psycopg://ana:s3cret@db:5432/hmic") == (
        "postgresql+psycopg://ana:***@db:5432/hmic")
    assert redact_url("sqlite:////data/hmic.db") == "sqlite:////data/hmic.db"
    assert "s3cret" not in redact_url("weird://ana:s3cret@db/x?y=%zz")


def test_session_scope_commits_or_rolls_back(engine: Engine) -> None:
    with session_scope(engine) as session:
        add_item(session, reference="KEEP-1")
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        add_item(session, reference="DROP-1")
        raise RuntimeError("stop")
    with Session(engine) as session:
        assert list(session.scalars(select(TrackedItem.reference))) == ["KEEP-1"]


def test_timestamps_come_back_as_utc(session: Session) -> None:
    at = datetime(2025, 11, 3, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    item = add_item(session, created_at=at)
    session.commit()
    session.expunge_all()
    stored = session.get(TrackedItem, item.id)
    assert stored.created_at == at
    assert stored.created_at.tzinfo is not None
    assert stored.created_at.utcoffset() == timedelta(0)
    assert stored.updated_at.tzinfo == UTC


def test_naive_timestamps_are_refused(session: Session) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        add_item(session, created_at=datetime(2025, 1, 1, 12, 0))


def test_updated_at_and_version_move_on_change(session: Session) -> None:
    item = add_item(session)
    session.commit()
    first_update, version = item.updated_at, item.version
    item.delivery_lead = "Supt Ray"
    session.commit()
    assert item.version == version + 1
    assert item.updated_at >= first_update


@pytest.mark.parametrize("fields", [
    {"status": "finished"},
    {"kind": "advice"},
    {"activity_level": 5},
    {"scope": "regional"},
    {"delivery_confidence": "certain"},
])
def test_the_schema_refuses_values_outside_the_vocabulary(session: Session, fields) -> None:
    with pytest.raises(IntegrityError):
        add_item(session, **fields)


def test_foreign_keys_are_enforced(session: Session) -> None:
    session.add(Draft(report_id=12345, position=1, kind="recommendation", text="x"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_a_draft_position_is_unique_within_its_report(session: Session) -> None:
    report = add_report(session, published=date(2025, 1, 1))
    for _ in range(2):
        session.add(Draft(report=report, position=1, kind="recommendation", text="x"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_references_are_unique(session: Session) -> None:
    add_item(session, reference="HMI-2025-0001")
    with pytest.raises(IntegrityError):
        add_item(session, reference="HMI-2025-0001")


def test_json_columns_round_trip(session: Session) -> None:
    report = add_report(session)
    draft = Draft(report=report, position=1, kind="recommendation", text="x",
                  addressees=["npcc", "home_office"], bbox=[1.5, 2.0, 3.0, 4.25],
                  paf_suggestion={"area": "6a", "alternatives": [{"area": "5b"}]})
    session.add(draft)
    session.commit()
    session.expunge_all()
    stored = session.get(Draft, draft.id)
    assert stored.addressees == ["npcc", "home_office"]
    assert stored.bbox == [1.5, 2.0, 3.0, 4.25]
    assert stored.paf_suggestion["alternatives"] == [{"area": "5b"}]
    assert (stored.edit_history, stored.suggestions, stored.version) == ([], [], 1)
    assert session.scalar(select(func.count()).select_from(Draft)) == 1


def test_make_engine_on_a_bad_sqlite_path_fails_on_connect(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/missing/dir/x.db")
    with pytest.raises(Exception, match="unable to open database file"):
        engine.connect()
    engine.dispose()
