"""``hmic-actions tracker import`` and ``tracker export``: the force's existing tracker.

Both work on the database named by ``DATABASE_URL`` (default: the SQLite file under
``instance/``). They do not create the schema: on a database without it they say to run
``hmic-actions db upgrade`` first, so a mistyped URL cannot quietly start an empty tracker.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from hmic_actions.cli import PROG, CommandError

if TYPE_CHECKING:
    from sqlalchemy import URL, Engine


def register(subcommands: argparse._SubParsersAction) -> None:
    tracker = subcommands.add_parser(
        "tracker", help="import or export the force's existing tracker (CSV or Excel .xlsx)")
    actions = tracker.add_subparsers(dest="tracker_command", required=True, metavar="ACTION")

    importing = actions.add_parser(
        "import", help="add and update tracked items from a CSV or .xlsx tracker",
        description="Add and update tracked items from a CSV or .xlsx tracker. Rows are "
                    "matched on their Reference, so importing the same file twice changes "
                    "nothing. A file with any problem writes nothing; the problems are "
                    "listed by row number.")
    importing.add_argument("path", type=Path, metavar="FILE", help="FILE.csv or FILE.xlsx")
    importing.add_argument("--dry-run", action="store_true",
                           help="check the file and say what would change; write nothing")
    importing.add_argument("--actor", help="name recorded in the audit trail "
                                           "(default: your login name)")
    importing.set_defaults(run=run_import)

    exporting = actions.add_parser(
        "export", help="write every tracked item as CSV (default: standard output) or .xlsx")
    exporting.add_argument("-o", "--output", type=Path, metavar="FILE",
                           help="FILE.csv or FILE.xlsx (default: CSV on standard output)")
    exporting.set_defaults(run=run_export)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        return PROG


def run_import(args: argparse.Namespace) -> int:
    from models.db import session_scope
    from models.tracker_io import import_tracker

    actor = (args.actor if args.actor is not None else _login_name()).strip()
    if not actor:
        raise CommandError("--actor: give the name to record in the audit trail")
    engine, url = _open_database()
    with _database_errors(url), session_scope(engine) as session:
        report = import_tracker(session, args.path, actor, dry_run=args.dry_run)
    engine.dispose()
    notes = [f"note: {note}" for note in report.notes]
    if not report.ok:
        lines = [f"{PROG}: error: {report.summary()}", *report.problems, *notes]
        sys.stderr.write("\n".join(lines) + "\n")
        return 2
    sys.stdout.write("\n".join([report.summary(), *notes]) + "\n")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from models.db import session_scope
    from models.tracker_io import export_tracker, format_for

    output: Path | None = args.output
    if output is not None:
        try:
            format_for(output)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if not output.parent.is_dir():
            raise CommandError(f"{output}: no such folder {output.parent}")
    engine, url = _open_database()
    try:
        with _database_errors(url), session_scope(engine) as session:
            if output is None:
                count = export_tracker(session, sys.stdout.buffer, "csv")
                sys.stdout.flush()
            else:
                count = export_tracker(session, output)
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise CommandError(f"{output}: cannot write ({exc.strerror or exc})") from None
    finally:
        engine.dispose()
    if output is not None:
        print(f"{output}: {count} tracked items exported")
    return 0


def _open_database() -> tuple[Engine, URL]:
    """An engine on a database that has the current schema; CommandError otherwise."""
    from models import migrate
    from models.db import DatabaseUrlError, make_engine, parse_url, redact

    try:
        url = parse_url()
    except DatabaseUrlError as exc:
        raise CommandError(f"DATABASE_URL: {exc}") from None
    where = f"database at {redact(url)}"
    upgrade = "run hmic-actions db upgrade first"
    on_disk = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
    if on_disk and not Path(url.database).exists():  # connecting would create an empty file
        raise CommandError(f"{where} has no schema yet; {upgrade}")
    engine = make_engine(url)
    with _database_errors(url):
        revision = migrate.current(engine=engine)
    if revision is None:
        engine.dispose()
        raise CommandError(f"{where} has no schema yet; {upgrade}")
    if revision != migrate.head():
        engine.dispose()
        raise CommandError(f"{where} is at revision {revision}, not {migrate.head()}; "
                           f"{upgrade}")
    return engine, url


@contextmanager
def _database_errors(url: URL) -> Iterator[None]:
    """Turn a database failure into one line naming the database (never its password)."""
    from sqlalchemy.exc import SQLAlchemyError

    from models.db import redact

    try:
        yield
    except SQLAlchemyError as exc:
        original = getattr(exc, "orig", None) or exc
        lines = [line.strip() for line in str(original).splitlines() if line.strip()]
        reason = " ".join(lines[0].split()) if lines else type(original).__name__
        if url.password:
            reason = reason.replace(url.password, "***")
        raise CommandError(f"database at {redact(url)}: {reason[:300]}") from None
