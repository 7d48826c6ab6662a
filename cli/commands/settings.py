"""``hmic-actions settings [--check]``: every setting, its value and where it came from.

Secrets are shown as ``***`` and passwords in URLs are replaced by ``***``. A value that
cannot be used is marked in the list and the command exits with status 2; ``--check``
prints nothing but that one line (exit 2), or nothing at all when every value is usable,
so it suits a start-up script or a container's health check.
"""

from __future__ import annotations

import argparse

from cli.main import CommandError


def register(subcommands: argparse._SubParsersAction) -> None:
    command = subcommands.add_parser(
        "settings", help="show every setting (environment variable), its value and source",
        description="List every setting hmic-actions reads from the environment, its value "
                    "(secrets masked) and whether it came from the environment or is the "
                    "default. Exit status 2 when a value cannot be used.")
    command.add_argument("--check", action="store_true",
                         help="only check the values: print the first bad one and exit 2")
    command.set_defaults(run=run_settings)


def run_settings(args: argparse.Namespace) -> int:
    from hmic_actions.settings import SettingsError, describe, load_settings

    if args.check:
        try:
            load_settings()
        except SettingsError as exc:
            raise CommandError(exc.reason) from None
        return 0
    rows, problems = describe()
    width = max(len(name) for name, _, _ in rows)
    value_width = min(48, max(len(value) for _, value, _ in rows))
    for name, value, source in rows:
        print(f"{name:<{width}}  {value:<{value_width}}  ({source})")
    if problems:
        raise CommandError(problems[0])
    return 0
