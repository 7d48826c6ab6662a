"""``hmic-actions cases export``: a reviewed report as a case for ``hmic-actions evaluate``.

Works on the database named by ``DATABASE_URL`` (default: the SQLite file under
``instance/``) and only reads it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cli.database import database_errors, open_database
from cli.main import CommandError


def register(subcommands: argparse._SubParsersAction) -> None:
    cases = subcommands.add_parser(
        "cases", help="export reviewed reports as cases for hmic-actions evaluate")
    actions = cases.add_subparsers(dest="cases_command", required=True, metavar="ACTION")
    exporting = actions.add_parser(
        "export", help="write a report's file and the extraction its review says it should give",
        description="Write the report's file and its expected extraction, built from the "
                    "decisions on its drafts, into DIR as NAME.pdf (or .docx, .html) beside "
                    "NAME.expected.json, the layout hmic-actions evaluate reads. Drafts "
                    "rejected as not an item are left out; every other draft is an item.")
    exporting.add_argument("report_id", type=int, metavar="REPORT_ID", help="the report")
    exporting.add_argument("directory", type=Path, metavar="DIR",
                           help="the folder to write into (made if missing)")
    exporting.add_argument("--include-pending", action="store_true",
                           help="include drafts nobody has decided on, as they stand")
    exporting.add_argument("--force", action="store_true",
                           help="overwrite the case's files if they are already there")
    exporting.add_argument("--name", help="the files' name (default: the report's file name)")
    exporting.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    from extractor.evaluate import DOCUMENT_SUFFIXES
    from models.db import session_scope
    from models.ops.errors import OperationError
    from models.reporting.cases import EXPECTED_SUFFIX, CaseExists, PendingDrafts, export_case

    engine, url = open_database()
    try:
        with database_errors(url), session_scope(engine) as session:
            expected = export_case(session, args.report_id, args.directory,
                                   include_pending=args.include_pending, force=args.force,
                                   name=args.name)
    except PendingDrafts as exc:
        raise CommandError(f"{exc} (--include-pending)") from None
    except CaseExists as exc:
        raise CommandError(f"{exc} (--force overwrites it)") from None
    except OperationError as exc:
        raise CommandError(str(exc)) from None
    finally:
        engine.dispose()
    case = json.loads(expected.read_text("utf-8"))
    source = case["source"]
    stem = expected.name.removesuffix(EXPECTED_SUFFIX)
    pdf = next((expected.with_name(stem + suffix) for suffix in DOCUMENT_SUFFIXES
                if expected.with_name(stem + suffix).exists()), expected.with_name(stem + ".pdf"))
    count = len(case["items"])
    print(f"{pdf} and {expected.name} written: {count} item{'' if count == 1 else 's'} "
          f"({source['added']} added by hand, {source['left_out_as_not_items']} left out as "
          f"not items, {source['pending']} pending)")
    return 0
