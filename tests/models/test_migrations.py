"""The shipped migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, inspect

from models import migrations
from models.db import make_engine
from models.migrate import alembic_config, current, describe, head, upgrade
from models.tables import Base

TABLES = {"users", "stored_files", "reports", "drafts", "tracked_items", "links",
          "audit_events", "match_decisions", "api_tokens", "progress_updates",
          "reference_counters"}


def differences(url: str, metadata: MetaData) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, metadata)
    finally:
        engine.dispose()


def test_upgrade_builds_the_schema_of_the_models(empty_db_url: str) -> None:
    assert current(empty_db_url) is None
    newest = max(f.name[:4] for f in (Path(migrations.__file__).parent / "versions").glob("0*.py"))
    assert upgrade(empty_db_url) == head() == newest
    engine = make_engine(empty_db_url)
    try:
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()
    assert differences(empty_db_url, Base.metadata) == []


def test_the_comparison_notices_a_model_the_migrations_lack(empty_db_url: str) -> None:
    upgrade(empty_db_url)
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["tracked_items"].append_column(Column("risk_score", Integer()))
    diff = differences(empty_db_url, changed)
    assert [(d[0], d[3].name) for d in diff] == [("add_column", "risk_score")]


def test_upgrade_again_changes_nothing(empty_db_url: str) -> None:
    assert upgrade(empty_db_url) == head()
    assert upgrade(empty_db_url) == head()
    assert differences(empty_db_url, Base.metadata) == []


def test_downgrade_to_nothing_and_back(empty_db_url: str) -> None:
    upgrade(empty_db_url)
    config = alembic_config(empty_db_url)
    command.downgrade(config, "base")
    engine = make_engine(empty_db_url)
    try:
        assert not TABLES & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert current(empty_db_url) is None
    assert upgrade(empty_db_url) == head()


def test_api_tokens_come_and_go_with_their_revision(empty_db_url: str) -> None:
    assert upgrade(empty_db_url, "0001") == "0001"
    engine = make_engine(empty_db_url)
    try:
        assert "api_tokens" not in inspect(engine).get_table_names()
        assert upgrade(engine=engine) == head()
        assert "api_tokens" in inspect(engine).get_table_names()
        command.downgrade(alembic_config(empty_db_url), "0001")
        assert "api_tokens" not in inspect(engine).get_table_names()
        assert "users" in inspect(engine).get_table_names()
        assert current(engine=engine) == "0001"
    finally:
        engine.dispose()


def test_describe_says_where_and_which_revision() -> None:
    url = "postgresql+psycopg://postgres:hunter22@db.example:5432/tracker"
    assert describe(url, head()) == (
        "database at postgresql+psycopg://postgres:***@db.example:5432/tracker "
        f"is at revision {head()} (head)")
    assert describe(url, "0001").endswith(
        f"is at revision 0001 (head is {head()}; run: hmic-actions db upgrade)")
    assert "no schema yet" in describe(url, None)
    assert "hunter22" not in describe(url, None)
