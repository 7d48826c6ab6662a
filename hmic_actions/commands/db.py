"""``hmic-actions db upgrade`` and ``hmic-actions db current``: the database schema."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from hmic_actions.cli import CommandError
from hmic_actions.database import error_reason


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


def _with_database(action: Callable) -> tuple:
    """Run ``action(url)``; turn a bad or unreachable database into one-line CommandError."""
    from alembic.util import CommandError as AlembicError
    from sqlalchemy.exc import SQLAlchemyError

    from models.db import DatabaseUrlError, parse_url, redact

    try:
        url = parse_url()
    except DatabaseUrlError as exc:
        raise CommandError(f"DATABASE_URL: {exc}") from None
    try:
        return url, action(url)
    except SQLAlchemyError as exc:
        reason = error_reason(exc, url.password)
        raise CommandError(f"database at {redact(url)}: {reason}") from None
    except AlembicError as exc:
        raise CommandError(f"database at {redact(url)}: {exc}") from None
    except ModuleNotFoundError as exc:
        raise CommandError(f"database at {redact(url)}: driver not installed ({exc.name})"
                           ) from None

