"""``hmic-actions match ...``: score reconciliation and PAF suggestion, recalibrate thresholds."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.main import CommandError

DEFAULT_GOLD = Path("samples/matching/gold.json")
DEFAULT_PAF = Path("samples/paf/areas.json")


def register(subcommands: argparse._SubParsersAction) -> None:
    match = subcommands.add_parser("match", help="reconciliation of new items with tracked ones")
    actions = match.add_subparsers(dest="match_command", required=True, metavar="ACTION")

    evaluate = actions.add_parser(
        "evaluate", help="score matching on a gold set (precision@1, false same_as, bands)")
    evaluate.add_argument("path", type=Path, nargs="?", default=DEFAULT_GOLD,
                          help=f"gold set JSON (default: {DEFAULT_GOLD})")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.set_defaults(run=run_evaluate)

    calibrate = actions.add_parser(
        "calibrate", help="how the current thresholds fare on people's recorded decisions")
    calibrate.add_argument("path", type=Path, nargs="?",
                           help="JSON list of decisions (score, band, suggested_relation, "
                                "chosen_relation, optional margin); default: the decisions "
                                "recorded in the tracker database (DATABASE_URL)")
    calibrate.add_argument("--json", action="store_true", help="print the report as JSON")
    calibrate.set_defaults(run=run_calibrate)

    paf = actions.add_parser("paf", help="score PAF area suggestion, or suggest for one text")
    paf.add_argument("path", type=Path, nargs="?", default=DEFAULT_PAF,
                     help=f"labelled texts JSON (default: {DEFAULT_PAF})")
    paf.add_argument("--text", help="suggest the area of this text instead of scoring a file")
    paf.add_argument("--json", action="store_true", help="print the result as JSON")
    paf.set_defaults(run=run_paf)


def _thresholds():
    from matching.settings import Thresholds

    return Thresholds.from_env()  # a bad setting: SettingsError, printed in one line


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    return path


def run_evaluate(args: argparse.Namespace) -> int:
    from matching.evaluate import evaluate_gold, format_report, load_gold, meets_targets

    thresholds = _thresholds()
    try:
        gold = load_gold(_existing(args.path))
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    report = evaluate_gold(gold, thresholds)
    if args.json:
        _print_json({"thresholds": thresholds.to_dict(), **report.to_dict()})
    else:
        sys.stdout.write(format_report(report, thresholds))
    return 0 if meets_targets(report) else 1


def run_calibrate(args: argparse.Namespace) -> int:
    from matching.calibrate import calibrate, format_report, load_decisions

    thresholds = _thresholds()
    try:
        if args.path is None:
            decisions = _recorded_decisions()
        else:
            decisions = load_decisions(_existing(args.path))
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    report = calibrate(decisions, thresholds)
    if args.json:
        _print_json(report.to_dict())
    else:
        sys.stdout.write(format_report(report))
    return 0


def _recorded_decisions() -> list:
    """Every decision people made on a suggestion, as recorded in the tracker database."""
    from sqlalchemy import select

    from cli.database import database_errors, open_database
    from matching.calibrate import Decision
    from models.db import session_scope
    from models.tables import MatchDecision

    engine, url = open_database()
    try:
        with database_errors(url), session_scope(engine) as session:
            # A pair a person linked without it being suggested has no score to judge.
            rows = session.scalars(select(MatchDecision).where(MatchDecision.score.is_not(None))
                                   .order_by(MatchDecision.id)).all()
            records = [{"score": r.score, "band": r.band, "evidence": r.evidence or {},
                        "suggested_relation": r.suggested_relation,
                        "chosen_relation": r.chosen_relation} for r in rows]
    finally:
        engine.dispose()
    return [Decision.from_record(record, i) for i, record in enumerate(records, start=1)]


def run_paf(args: argparse.Namespace) -> int:
    from matching.paf import evaluate_paf, format_evaluation, load_cases, suggest_paf_area

    if args.text is not None:
        suggestion = suggest_paf_area(args.text)
        if args.json:
            _print_json(suggestion.to_dict())
        elif suggestion.area is None:
            print(f"no area: {suggestion.reason}")
        else:
            print(f"{suggestion.area}  {suggestion.title}  (score {suggestion.score:g}; "
                  f"{suggestion.reason})")
            for alt in suggestion.alternatives:
                print(f"  or {alt.area}  {alt.title}  (score {alt.score:g}; {alt.reason})")
        return 0
    try:
        cases = load_cases(_existing(args.path))
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    evaluation = evaluate_paf(cases)
    if args.json:
        _print_json({"total": evaluation.total, "top1_accuracy": evaluation.top1_accuracy,
                     "top3_accuracy": evaluation.top3_accuracy, "misses": evaluation.misses})
    else:
        sys.stdout.write(format_evaluation(evaluation))
    return 0


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
