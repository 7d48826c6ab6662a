"""``hmic-actions db upgrade|current|dump|restore``: the database schema, backup and restore."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from cli.database import error_reason
from cli.main import CommandError
from hmic_actions.settings import SettingsError, redact_url

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from models.backup import Summary


def register(subcommands: argparse._SubParsersAction) -> None:
    db = subcommands.add_parser(
        "db", help="create or upgrade the tracker database (DATABASE_URL, default SQLite)"
    )
    actions = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = actions.add_parser("upgrade", help="bring the schema to the newest revision")
    upgrade.add_argument("--revision", default="head",
                         help="revision to upgrade to (default: head)")
    upgrade.set_defaults(run=run_upgrade)
    current = actions.add_parser("current", help="show the revision the database is at")
    current.set_defaults(run=run_current)
    dump = actions.add_parser(
        "dump", help="write the whole tracker to FILE (gzip JSON lines, any database)")
    dump.add_argument("file", metavar="FILE", help="the backup file to write")
    dump.set_defaults(run=run_dump)
    restore = actions.add_parser(
        "restore", help="load a dump into an empty database upgraded to the same revision")
    restore.add_argument("file", metavar="FILE", help="a file written by 'db dump'")
    restore.set_defaults(run=run_restore)


def run_upgrade(args: argparse.Namespace) -> int:
    from models import migrate

    url, revision = _with_database(lambda url: migrate.upgrade(url, args.revision))
    print(migrate.describe(url, revision))
    return 0


def run_current(args: argparse.Namespace) -> int:
    from models import migrate

    url, revision = _with_database(migrate.current)
    print(migrate.describe(url, revision))
    return 0


def run_dump(args: argparse.Namespace) -> int:
    from models.db import make_engine

    url, summary = _with_database(lambda url: _backup(make_engine(url), "dump", args.file))
    print(f"wrote {summary.total} rows of {len(summary.rows)} tables (schema revision "
          f"{summary.revision}) from database at {redact_url(url)} to {args.file}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from models.db import make_engine

    url, summary = _with_database(lambda url: _backup(make_engine(url), "restore", args.file))
    print(f"restored {summary.total} rows of {len(summary.rows)} tables (schema revision "
          f"{summary.revision}) from {args.file} into database at {redact_url(url)}")
    return 0


def _backup(engine: Engine, action: str, path: str) -> Summary:
    from models import backup

    try:
        return getattr(backup, action)(engine, path)
    except backup.BackupError as exc:
        raise CommandError(str(exc)) from None
    finally:
        engine.dispose()


def _with_database(action: Callable) -> tuple:
    """Run ``action(url)``; turn a bad or unreachable database into one-line CommandError."""
    from alembic.util import CommandError as AlembicError
    from sqlalchemy.exc import SQLAlchemyError

    from models.db import parse_url

    try:
        url = parse_url()
    except SettingsError as exc:
        raise CommandError(exc.reason) from None
    try:
        return url, action(url)
    except SQLAlchemyError as exc:
        reason = error_reason(exc, url.password)
        raise CommandError(f"database at {redact_url(url)}: {reason}") from None
    except AlembicError as exc:
        raise CommandError(f"database at {redact_url(url)}: {exc}") from None
    except ModuleNotFoundError as exc:
        raise CommandError(f"database at {redact_url(url)}: driver not installed ({exc.name})"
                           ) from None

