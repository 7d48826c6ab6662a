"""``hmic-actions tracker import`` and ``tracker export``: the force's existing tracker.

Both work on the database named by ``DATABASE_URL`` (default: the SQLite file under
``instance/``). They do not create the schema: on a database without it they say to run
``hmic-actions db upgrade`` first, so a mistyped URL cannot quietly start an empty tracker.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from cli.database import database_errors, open_database
from cli.main import PROG, CommandError

#: Who the audit trail names for an import when no person is given: the machine's login
#: name ("root" on a server) would say nothing to a reader of the trail.
IMPORT_ACTOR = "tracker import"


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
    importing.add_argument("--actor", help="name recorded in the audit trail (default: your "
                                           "login name when it is a user of the service, "
                                           f"else '{IMPORT_ACTOR}')")
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
    from models.ops.users import name_taken
    from models.tracker.importing import import_tracker

    if args.actor is not None and not args.actor.strip():
        raise CommandError("--actor: give the name to record in the audit trail")
    engine, url = open_database()
    with database_errors(url), session_scope(engine) as session:
        actor = (args.actor.strip() if args.actor is not None
                 else name_taken(session, _login_name()) or IMPORT_ACTOR)
        report = import_tracker(session, args.path, actor, dry_run=args.dry_run)
    notes = [f"note: {note}" for note in report.notes]
    if not report.ok:
        engine.dispose()
        lines = [f"{PROG}: error: {report.summary()}", *report.problems, *notes]
        sys.stderr.write("\n".join(lines) + "\n")
        return 2
    lines = [report.summary(), *notes]
    if report.written and (report.new or report.updated):
        # Drafts waiting for review are matched against the tracker as it is now.
        from worker.rematch import rematch_pending

        with database_errors(url):
            changed = rematch_pending(engine)
        if changed:
            lines.append(f"{changed} pending draft{'s' if changed != 1 else ''} matched again "
                         "against the imported items")
    engine.dispose()
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from models.db import session_scope
    from models.tracker.exporting import export_tracker, format_for

    output: Path | None = args.output
    if output is not None:
        try:
            format_for(output)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if not output.parent.is_dir():
            raise CommandError(f"{output}: no such folder {output.parent}")
    engine, url = open_database()
    try:
        with database_errors(url), session_scope(engine) as session:
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
