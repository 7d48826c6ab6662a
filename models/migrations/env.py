"""Alembic environment: runs migrations on the connection ``models.migrate`` hands over.

Run with ``hmic-actions db upgrade``; there is no alembic.ini. Outside that path (e.g.
``alembic -c`` with a config naming ``sqlalchemy.url``) an engine is made from the URL.
"""

from __future__ import annotations

from alembic import context

from models.db import make_engine
from models.migrate import migrating
from models.tables import Base

target_metadata = Base.metadata


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things; batch mode rebuilds tables in later migrations.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    engine = make_engine(context.config.get_main_option("sqlalchemy.url") or None)
    try:
        with engine.connect() as connection, migrating(connection):
            run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; "
                     "use hmic-actions db upgrade")
run_online()
