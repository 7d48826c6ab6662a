"""The rules that fill in what a plenary decides: the Chief Officer lead of each PEEL
Assessment Framework question, and the HMICFRS activity level an item is likely to get.

The leads come from the file the setting ``HMIC_PAF_LEADS_FILE`` names, else the shipped
``models/reporting/data/paf_leads.toml``; the activity-level rule is
``models/reporting/data/activity_levels.toml``. A file that cannot be used raises
``SettingsError`` with one line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from hmic_actions import settings
from hmic_actions.settings import SettingsError
from hmic_actions.vocab import ACTIVITY_LEVELS

DATA = Path(__file__).resolve().parent / "data"
_QUESTION = re.compile(r"\s*(\d)")


def _read_toml(path: Path, what: str) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise SettingsError(f"{what}: {path} does not exist") from None
    except IsADirectoryError:
        raise SettingsError(f"{what}: {path} is a directory, not a TOML file") from None
    except PermissionError:
        raise SettingsError(f"{what}: {path} cannot be read (permission denied)") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{what}: {path} is not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{what}: {path} is not UTF-8 text") from None


def load_paf_leads(path: str | Path | None = None) -> dict[str, str]:
    """PAF question ("1" … "9") → Chief Officer lead, from ``path``, ``HMIC_PAF_LEADS_FILE``
    or the shipped file. A file that cannot be used raises SettingsError."""
    chosen = path or settings.value("HMIC_PAF_LEADS_FILE")
    what = "HMIC_PAF_LEADS_FILE" if chosen and not path else "PAF leads file"
    source = Path(chosen) if chosen else DATA / "paf_leads.toml"
    return _leads(source, what)


def _leads(source: Path, what: str) -> dict[str, str]:
    data = _read_toml(source, what)
    leads = data.get("leads")
    if not isinstance(leads, dict) or not leads:
        raise SettingsError(f"{what}: {source} needs a [leads] table mapping PAF questions "
                            f"\"1\" to \"9\" to Chief Officer leads")
    result: dict[str, str] = {}
    for key, value in leads.items():
        if key not in {str(n) for n in range(1, 10)}:
            raise SettingsError(f"{what}: {source}: {key!r} is not a PAF question (1 to 9)")
        if not isinstance(value, str) or not value.strip():
            raise SettingsError(f"{what}: {source}: the lead for question {key} must be a "
                                f"non-empty string")
        result[key] = " ".join(value.split())
    return result


def lead_for(paf_area: str | None, leads: Mapping[str, str]) -> str | None:
    """The Chief Officer lead of a PAF area ("6b" or "6") from ``leads``, or None."""
    match = _QUESTION.match(paf_area or "")
    return leads.get(match.group(1)) if match else None


@dataclass(frozen=True)
class LevelRule:
    """When an item has ``conditions`` (all of them), suggest ``level`` because ``why``."""

    conditions: tuple[tuple[str, Any], ...]
    level: int
    why: str


@lru_cache(maxsize=1)
def activity_level_rules() -> tuple[LevelRule, ...]:
    """The activity-level rule, in order, from ``data/activity_levels.toml``."""
    path = DATA / "activity_levels.toml"
    rules = []
    for n, raw in enumerate(_read_toml(path, "activity levels").get("rule", []), start=1):
        level, why = raw.get("level"), raw.get("why")
        conditions = tuple((k, v) for k, v in raw.items() if k not in ("level", "why"))
        unknown = {k for k, _ in conditions} - {"kind", "applies_to_forces", "scope"}
        if level not in ACTIVITY_LEVELS or not isinstance(why, str) or unknown:
            raise SettingsError(f"activity levels: {path}: rule {n} needs level 1-4 and why, "
                                f"and only kind, applies_to_forces or scope as conditions")
        rules.append(LevelRule(conditions, level, why))
    return tuple(rules)


def suggest_activity_level(kind: str, applies_to_forces: bool, scope: str
                           ) -> dict[str, Any] | None:
    """The suggested HMICFRS activity level ``{"level", "why"}`` (None when no rule fits)."""
    facts = {"kind": kind, "applies_to_forces": applies_to_forces, "scope": scope}
    for rule in activity_level_rules():
        if all(facts.get(k) == v for k, v in rule.conditions):
            return {"level": rule.level, "why": rule.why}
    return None
