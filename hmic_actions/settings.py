"""Every setting of hmic-actions: one registry of environment variables, each with a default.

Each :class:`Setting` names its variable, type, default, a one-line description and how a
value is checked. :func:`load_settings` reads and checks them all at once (``serve``,
``worker`` and ``cli.wsgi`` call it at start); :func:`value` reads one (the packages'
own parsers, e.g. ``extractor.Limits.from_env``, read through it). Unset or blank means
the default. A bad value raises :class:`SettingsError` with one line naming the variable,
e.g. ``HMIC_MAX_PAGES='ten' is not a whole number >= 1``.

``python -m hmic_actions.settings --markdown`` prints the table of settings for the README.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["REGISTRY", "Setting", "Settings", "SettingsError", "default", "describe",
           "load_settings",
           "markdown_table", "redact_url", "value", "values"]


class SettingsError(ValueError):
    """A setting has a value that cannot be used; ``reason`` is one line naming it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Setting:
    """One environment variable: its type, default and check.

    ``kind`` is one of ``int``, ``number``, ``choice``, ``flag``, ``text``, ``file``,
    ``folder``, ``database-url``, ``redis-url``. For numbers, ``minimum``/``maximum`` bound
    the value (``above`` makes the minimum exclusive).
    """

    name: str
    kind: str
    default: Any
    description: str
    group: str
    minimum: float | None = None
    maximum: float | None = None
    above: bool = False
    choices: tuple[str, ...] = ()
    secret: bool = False
    default_text: str | None = None

    def parse(self, raw: str | None) -> Any:
        """The value of ``raw`` (None or blank: the default); SettingsError when unusable."""
        text = (raw or "").strip()
        if not text:
            return self.default
        parser = _PARSERS[self.kind]
        return parser(self, text)

    def fail(self, raw: str, problem: str) -> SettingsError:
        """The one-line error for ``raw`` (a URL's password and a secret are never shown)."""
        shown = "***" if self.secret else redact_url(raw) if self.kind.endswith("url") else raw
        return SettingsError(f"{self.name}={shown!r} {problem}")

    def shown(self, parsed: Any) -> str:
        """How a value is printed: secrets masked, URL passwords replaced by ``***``."""
        if parsed is None:
            return ""
        if self.secret:
            return "***"
        if self.kind.endswith("url"):
            return redact_url(str(parsed))
        if isinstance(parsed, float):
            return f"{parsed:g}"
        return str(parsed)

    def default_shown(self) -> str:
        """The default as the README and ``hmic-actions settings`` describe it."""
        if self.default_text is not None:
            return self.default_text
        return self.shown(self.default)


def _bounds(setting: Setting, whole: bool) -> str:
    kind = "a whole number" if whole else "a number"
    low, high = setting.minimum, setting.maximum
    if low is not None and high is not None:
        return f"is not {kind} from {low:g} to {high:g}"
    if low is not None:
        return f"is not {kind} {'>' if setting.above else '>='} {low:g}"
    return f"is not {kind}"


def _in_bounds(setting: Setting, number: float) -> bool:
    if not math.isfinite(number):
        return False
    low = setting.minimum
    if low is not None and (number < low or (setting.above and number == low)):
        return False
    return setting.maximum is None or number <= setting.maximum


def _parse_int(setting: Setting, raw: str) -> int:
    try:
        number = int(raw)
    except ValueError:
        raise setting.fail(raw, _bounds(setting, whole=True)) from None
    if not _in_bounds(setting, number):
        raise setting.fail(raw, _bounds(setting, whole=True))
    return number


def _parse_number(setting: Setting, raw: str) -> float:
    try:
        number = float(raw)
    except ValueError:
        raise setting.fail(raw, _bounds(setting, whole=False)) from None
    if not _in_bounds(setting, number):
        raise setting.fail(raw, _bounds(setting, whole=False))
    return number


def _parse_choice(setting: Setting, raw: str) -> str:
    for choice in setting.choices:
        if raw.lower() == choice.lower():
            return choice
    raise setting.fail(raw, f"is not one of {', '.join(setting.choices)}")


_YES = ("1", "true", "yes", "on")
_NO = ("0", "false", "no", "off")


def _parse_flag(setting: Setting, raw: str) -> bool:
    if raw.lower() in _YES:
        return True
    if raw.lower() in _NO:
        return False
    raise setting.fail(raw, "is not yes or no (1/0, true/false, yes/no, on/off)")


def _parse_text(setting: Setting, raw: str) -> str:
    return raw


def _parse_file(setting: Setting, raw: str) -> str:
    path = Path(raw).expanduser()
    if not path.exists():
        raise setting.fail(raw, "does not exist")
    if not path.is_file():
        raise setting.fail(raw, "is not a file")
    if not os.access(path, os.R_OK):
        raise setting.fail(raw, "cannot be read (permission denied)")
    return raw


def _parse_folder(setting: Setting, raw: str) -> str:
    path = Path(raw).expanduser()
    if path.exists() and not path.is_dir():
        raise setting.fail(raw, "is not a folder")
    return raw


def _parse_database_url(setting: Setting, raw: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(raw)
    except (ArgumentError, ValueError):
        raise setting.fail(raw, "is not a database URL (e.g. postgresql://USER:PASSWORD@HOST/"
                                "NAME or sqlite:///PATH)") from None
    if url.get_backend_name() not in ("sqlite", "postgresql", "postgres"):
        raise setting.fail(raw, f"names a database hmic-actions does not support "
                                f"({url.get_backend_name()}; use postgresql or sqlite)")
    return raw


def _parse_redis_url(setting: Setting, raw: str) -> str:
    scheme, sep, rest = raw.partition("://")
    if not sep or scheme.lower() not in ("redis", "rediss", "unix") or not rest.strip("/"):
        raise setting.fail(raw, "is not a Redis URL (e.g. redis://127.0.0.1:6379/0)")
    return raw


_PARSERS: dict[str, Callable[[Setting, str], Any]] = {
    "int": _parse_int, "number": _parse_number, "choice": _parse_choice, "flag": _parse_flag,
    "text": _parse_text, "file": _parse_file, "folder": _parse_folder,
    "database-url": _parse_database_url, "redis-url": _parse_redis_url,
}


def redact_url(url: object) -> str:
    """``url`` (a string or a URL object) as text with any password replaced by ``***``."""
    text = str(url)  # an SQLAlchemy URL prints its password as *** already
    head, sep, rest = text.partition("://")
    if not sep or "@" not in rest:
        return text
    credentials, _, host = rest.rpartition("@")
    if ":" not in credentials:
        return text
    user = credentials.split(":", 1)[0]
    return f"{head}{sep}{user}:***@{host}"


# --------------------------------------------------------------------------- the registry

_STORE, _LOGS, _QUEUE, _READ, _MATCH = ("Storage and sign-in", "Logs", "Queue and workers",
                                        "Reading reports", "Matching")


def _whole(name: str, default: int, description: str, group: str, minimum: int = 1,
           maximum: int | None = None) -> Setting:
    return Setting(name, "int", default, description, group, minimum=minimum, maximum=maximum)


def _positive(name: str, default: float, description: str, group: str) -> Setting:
    return Setting(name, "number", default, description, group, minimum=0, above=True)


def _score(name: str, default: float, description: str) -> Setting:
    return Setting(name, "number", default, description, _MATCH, minimum=0, maximum=100)


REGISTRY: tuple[Setting, ...] = (
    Setting("DATABASE_URL", "database-url", None,
            "the database: PostgreSQL for a team (`postgresql://USER:PASSWORD@HOST/NAME`) "
            "or an SQLite file", _STORE,
            default_text="SQLite: instance/hmic-actions.db in HMIC_DATA_DIR"),
    Setting("HMIC_DATA_DIR", "folder", None,
            "folder holding the default SQLite file (`instance/hmic-actions.db`)", _STORE,
            default_text="the current folder"),
    Setting("HMIC_SECRET_KEY", "text", None,
            "signs login cookies; set it (the same on every API process) so logins outlive "
            "a restart", _STORE, secret=True, default_text="a random key per process"),
    Setting("HMIC_SECURE_COOKIES", "flag", False,
            "send login cookies over HTTPS only (set it behind TLS)", _STORE,
            default_text="no"),
    Setting("HMIC_LOG_FORMAT", "choice", "text",
            "`text`: readable lines; `json`: one JSON object per line (time, level, logger, "
            "message, request_id, report_id)", _LOGS, choices=("text", "json")),
    Setting("HMIC_LOG_LEVEL", "choice", "INFO", "lowest level of message logged", _LOGS,
            choices=("DEBUG", "INFO", "WARNING", "ERROR")),
    Setting("REDIS_URL", "redis-url", None,
            "broker and result store (`redis://HOST:6379/0`); unset: embedded mode, where "
            "`hmic-actions serve` runs the worker itself", _QUEUE, default_text="unset"),
    _positive("HMIC_TASK_SOFT_SECONDS", 1500.0,
              "a report still processing after this fails with a reason", _QUEUE),
    _positive("HMIC_TASK_HARD_SECONDS", 1800.0,
              "... and its worker process is killed after this (must be above the soft "
              "limit)", _QUEUE),
    _whole("HMIC_WORKER_MAX_MEMORY_MB", 1024,
           "a worker process above this is replaced after its task", _QUEUE),
    _whole("HMIC_WORKER_NICE", 10,
           "CPU niceness (0-19) of `hmic-actions worker` processes and of the processes "
           "reading reports, so that serving the API comes first on a shared machine; 0: "
           "left as started", _QUEUE, minimum=0, maximum=19),
    _whole("HMIC_MAX_ATTEMPTS", 3,
           "a report whose processing was cut off this many times fails instead of looping",
           _QUEUE),
    _positive("HMIC_SWEEP_SECONDS", 60.0, "how often the recovery sweep runs", _QUEUE),
    Setting("HMIC_QUEUED_GRACE_SECONDS", "number", 30.0,
            "a queued report with no message in the broker is sent again after this long",
            _QUEUE, minimum=0),
    Setting("HMIC_PROGRESS_SECONDS", "number", 0.5, "progress is written at most this often",
            _QUEUE, minimum=0),
    _whole("HMIC_MAX_PAGES", 600, "refuse documents with more pages", _READ),
    _positive("HMIC_MAX_FILE_MB", 100.0,
              "refuse files (and uploads) larger than this (MB = 10^6 bytes)", _READ),
    _positive("HMIC_SECONDS_PER_PAGE", 2.0, "time budget per page ...", _READ),
    _positive("HMIC_MIN_SECONDS", 30.0, "... but never less than this per document", _READ),
    _positive("HMIC_OCR_SECONDS_PER_PAGE", 6.0,
              "time added to the budget for each page read by OCR (a scanned page)", _READ),
    _whole("HMIC_MAX_MEMORY_MB", 1024, "memory the reading process may add (MiB)", _READ),
    Setting("HMIC_ADDRESSEES_FILE", "file", None,
            "TOML file of extra addressee bodies and their names, added to the shipped ones",
            _READ, default_text="unset"),
    Setting("HMIC_PAF_LEADS_FILE", "file", None,
            "TOML file mapping PAF questions 1-9 to Chief Officer leads", _READ,
            default_text="the shipped file"),
    _score("HMIC_MATCH_LINK", 60.0, "score (0-100) from which a candidate is a suggested "
                                    "link ..."),
    _score("HMIC_MATCH_MARGIN", 5.0, "... if it also leads the runner-up by this many points"),
    _score("HMIC_MATCH_LOOK", 40.0, "score from which a candidate needs a look (below: a new "
                                    "item)"),
    _score("HMIC_MATCH_FLOOR", 25.0, "candidates below this score are not shown"),
    _score("HMIC_MATCH_SAME_AS", 90.0, "text similarity an item needs to be \"same as\""),
    _whole("HMIC_MATCH_PREFILTER", 50, "candidates per item the index passes to the fine "
                                       "scoring", _MATCH, maximum=10_000),
)

_BY_NAME: dict[str, Setting] = {setting.name: setting for setting in REGISTRY}


def setting(name: str) -> Setting:
    """The registry entry for ``name`` (KeyError for a variable that is not a setting)."""
    return _BY_NAME[name]


def default(name: str) -> Any:
    """The default of one setting, for the dataclasses that group a package's settings."""
    return _BY_NAME[name].default


def value(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """The checked value of one setting from ``environ`` (default: the process environment)."""
    env = os.environ if environ is None else environ
    return _BY_NAME[name].parse(env.get(name))


def values(fields: Mapping[str, str], environ: Mapping[str, str] | None = None
           ) -> dict[str, Any]:
    """Checked values of several settings, keyed by the caller's own names
    (``{"max_pages": "HMIC_MAX_PAGES", ...}``); settings that must agree with each other
    are checked when all of them are read."""
    env = os.environ if environ is None else environ
    read = {name: value(name, env) for name in fields.values()}
    _check_together(read)
    return {field: read[name] for field, name in fields.items()}


# --------------------------------------------------------------------------- all at once


@dataclass(frozen=True)
class Settings:
    """Every setting's checked value, and where each came from (environment or default)."""

    values: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def rows(self) -> Iterator[tuple[str, str, str]]:
        """(variable, value as shown, source) for every setting, in registry order."""
        for entry in REGISTRY:
            parsed = self.values[entry.name]
            source = self.sources[entry.name]
            shown = entry.shown(parsed) if source == "environment" else entry.default_shown()
            yield entry.name, shown, source


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read and check every setting; the first bad one raises SettingsError (one line)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for entry in REGISTRY:
        raw = env.get(entry.name)
        values[entry.name] = entry.parse(raw)
        sources[entry.name] = "environment" if (raw or "").strip() else "default"
    _check_together(values)
    return Settings(values, sources)


def describe(environ: Mapping[str, str] | None = None
             ) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Every setting as (variable, value as shown, source), and the problems found.

    Unlike :func:`load_settings` it goes on past a bad value, so that a person sees them
    all: a value that cannot be used is shown masked, its source "environment: NOT USABLE".
    """
    env = os.environ if environ is None else environ
    rows: list[tuple[str, str, str]] = []
    problems: list[str] = []
    for entry in REGISTRY:
        raw = env.get(entry.name)
        try:
            parsed = entry.parse(raw)
        except SettingsError as exc:
            problems.append(exc.reason)
            shown = entry.fail(raw or "", "").reason.partition("=")[2].strip()  # masked
            rows.append((entry.name, shown, "environment: NOT USABLE"))
            continue
        if (raw or "").strip():
            rows.append((entry.name, entry.shown(parsed), "environment"))
        else:
            rows.append((entry.name, entry.default_shown(), "default"))
    if not problems:
        try:
            load_settings(env)
        except SettingsError as exc:  # values fine on their own that do not fit together
            problems.append(exc.reason)
    return rows, problems


def _check_together(values: Mapping[str, Any]) -> None:
    """Settings that must agree with each other, each rule when all its settings are in
    ``values``."""
    if {"HMIC_TASK_SOFT_SECONDS", "HMIC_TASK_HARD_SECONDS"} <= values.keys():
        soft, hard = values["HMIC_TASK_SOFT_SECONDS"], values["HMIC_TASK_HARD_SECONDS"]
        if hard <= soft:
            raise SettingsError(f"HMIC_TASK_HARD_SECONDS={hard:g} must be greater than "
                                f"HMIC_TASK_SOFT_SECONDS={soft:g}")
    thresholds = ("HMIC_MATCH_LINK", "HMIC_MATCH_LOOK", "HMIC_MATCH_FLOOR")
    if not set(thresholds) <= values.keys():
        return
    link, look, floor = (values[name] for name in thresholds)
    if look > link:
        raise SettingsError(f"HMIC_MATCH_* settings: the look threshold ({look:g}) is above "
                            f"the link threshold ({link:g})")
    if floor > look:
        raise SettingsError(f"HMIC_MATCH_* settings: the floor ({floor:g}) is above the look "
                            f"threshold ({look:g})")


# --------------------------------------------------------------------------- the README table


def markdown_table() -> str:
    """The README's table of settings: variable, default and meaning, grouped."""
    lines = ["| Variable | Default | Meaning |", "|---|---|---|"]
    group = None
    for entry in REGISTRY:
        if entry.group != group:
            group = entry.group
            lines.append(f"| **{group}** | | |")
        meaning = entry.description.replace("|", "\\|")
        lines.append(f"| `{entry.name}` | {entry.default_shown()} | {meaning} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m hmic_actions.settings [--markdown]``."""
    parser = argparse.ArgumentParser(prog="python -m hmic_actions.settings",
                                     description="Print the table of settings.")
    parser.add_argument("--markdown", action="store_true",
                        help="the Markdown table for the README (the default)")
    parser.parse_args(argv)
    sys.stdout.write(markdown_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
