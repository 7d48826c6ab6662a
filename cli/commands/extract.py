"""``hmic-actions extract`` and ``hmic-actions evaluate``: the extractor on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.main import CommandError
from extractor import Limits, extract_file
from extractor.result import Extraction, Item
from hmic_actions.vocab import FILE_FORMAT_LABELS


def register(subcommands: argparse._SubParsersAction) -> None:
    extract = subcommands.add_parser(
        "extract", help="list the items in a report (a PDF, a Word document or a web page)")
    extract.add_argument("path", type=Path, help="the report: a PDF (scanned ones too), a Word "
                                                 "document (.docx) or a web page (.html)")
    extract.add_argument("--json", action="store_true", help="print the extraction as JSON")
    extract.set_defaults(run=run_extract)

    evaluate = subcommands.add_parser(
        "evaluate", help="score extraction against the expected results in a directory"
    )
    evaluate.add_argument("directory", type=Path, nargs="?", default=Path("samples"),
                          help="directory of X.pdf (X.docx, X.html) with X.expected.json "
                               "(default: samples)")
    evaluate.set_defaults(run=run_evaluate)


def run_extract(args: argparse.Namespace) -> int:
    extraction = extract_file(args.path, Limits.from_env())
    if args.json:
        json.dump(extraction.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_table(extraction))
    return 0


def format_table(extraction: Extraction, width: int = 60) -> str:
    """A readable table: kind, number, deadline, addressees, page and the first words."""
    short_kind = {"recommendation": "Rec", "area_for_improvement": "AFI",
                  "cause_of_concern": "CoC"}
    info = extraction.report
    size = f"{info.pages} pages" if info.pages is not None else FILE_FORMAT_LABELS[info.format]
    head = [f"{info.title or '(untitled)'}",
            f"published {info.published or 'unknown'} · {size} · "
            f"{len(extraction.items)} items", ""]
    where = "page" if info.pages is not None else "block"
    rows = [("kind", "no.", "origin", "deadline", "addressees", where, "text")]
    for item in extraction.items:
        deadline = item.deadline or item.deadline_relative or (
            "immediate" if item.immediate else "-")
        who = ", ".join(item.addressees + item.addressees_other) or "-"
        if item.status:
            deadline = f"{deadline} [{item.status}]"
        text = item.text if len(item.text) <= width else item.text[: width - 1] + "…"
        rows.append((short_kind[item.kind], item.number or "-",
                     "earlier" if item.origin == "earlier_report" else "this", deadline,
                     who if len(who) <= 40 else who[:39] + "…", _place(item), text))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True))
             + "  " + row[-1] for row in rows]
    if not extraction.items:
        lines.append("(no recommendations, areas for improvement or causes of concern found)")
    return "\n".join(head + lines) + "\n"


def _place(item: Item) -> str:
    """Where the item starts: its page, or in a document without pages its block's number."""
    if item.page is not None:
        return str(item.page)
    return str(item.location["paragraph"] + 1) if item.location else "-"


def run_evaluate(args: argparse.Namespace) -> int:
    from extractor.evaluate import evaluate_dir, format_report
    from extractor.schema import validate_extraction

    directory: Path = args.directory
    if not directory.is_dir():
        raise CommandError(f"{directory}: not a directory")
    limits = Limits.from_env()
    report = evaluate_dir(directory, lambda p: extract_file(p, limits).to_dict(),
                          validate=validate_extraction)
    sys.stdout.write(format_report(report).rstrip("\n") + "\n")
    return 0 if report.perfect else 1
