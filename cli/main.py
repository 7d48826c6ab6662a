"""The ``hmic-actions`` command.

Each module in ``cli.commands`` adds its own subcommands through ``register``,
so a package's command-line surface lives beside the others without touching this file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from cli import commands
from extractor import ExtractionError
from hmic_actions.settings import SettingsError

PROG = "hmic-actions"


class CommandError(Exception):
    """Bad input to a command: printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Turn HMICFRS inspection reports into tracked actions."
    )
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in sorted(m.name for m in pkgutil.iter_modules(commands.__path__)):
        importlib.import_module(f"{commands.__name__}.{module}").register(subcommands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ExtractionError as exc:
        path = getattr(args, "path", None)
        return fail(f"{path}: {exc.reason}" if path else exc.reason)
    except CommandError as exc:
        return fail(str(exc))
    except SettingsError as exc:
        return fail(exc.reason)
    except KeyboardInterrupt:
        return fail("interrupted")
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last resort: one line, never a traceback
        return fail(f"unexpected {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")


def fail(message: str) -> int:
    """Print one line on stderr and return the exit status for bad input."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
