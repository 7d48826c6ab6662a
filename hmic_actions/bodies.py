"""The bodies items are addressed to: the addressee vocabulary, read without spaCy.

The vocabulary (ids, names, aliases, acronyms, token patterns, the words that name "this
body" and bodies that are not in it) is data: ``hmic_actions/data/addressees.toml``,
extended by the file the setting ``HMIC_ADDRESSEES_FILE`` names (same format). The
extractor builds its recogniser from it (``extractor.nlp``); the tracker reads names in
cells with :meth:`Vocabulary.body_for`; the pages list the names.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hmic_actions import settings
from hmic_actions.settings import SettingsError

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Body:
    """One canonical addressee and the ways reports name it."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    patterns: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """Everything the recogniser knows about bodies.

    ``this_bodies`` are the words for the organisation a document is about ("the force",
    "the service"), each with the id they stand for when the document is about one such
    organisation: (id, aliases).
    """

    bodies: tuple[Body, ...]
    this_bodies: tuple[tuple[str, tuple[str, ...]], ...]
    other_names: tuple[str, ...]
    body_heads: frozenset[str]

    @property
    def ids(self) -> list[str]:
        return [b.id for b in self.bodies]

    def name_of(self, body_id: str) -> str | None:
        return next((b.name for b in self.bodies if b.id == body_id), None)

    def spellings(self) -> list[tuple[str, str]]:
        """(spelling, id) for every way the vocabulary writes a body: each body's id, name,
        aliases and acronyms, then the words for "this body" (in a force's own papers,
        "the force" is that force)."""
        found = [(spelling, body.id) for body in self.bodies
                 for spelling in (body.id, body.name, *body.aliases, *body.acronyms)]
        found += [(alias, body_id) for body_id, aliases in self.this_bodies for alias in aliases]
        return found


DEFAULT_VOCABULARY = Path(__file__).resolve().parent / "data" / "addressees.toml"


def default_vocabulary_text() -> str:
    """The packaged vocabulary file's text."""
    return DEFAULT_VOCABULARY.read_text("utf-8")


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SettingsError(f"{where}: expected a list of non-empty strings")
    return [v.strip() for v in value]


def _merge(state: dict[str, Any], data: dict[str, Any], source: str) -> None:
    if not isinstance(data.get("body", []), list):
        raise SettingsError(f"{source}: bodies must be written as [[body]] tables")
    if not isinstance(data.get("this_body", {}), dict | list):
        raise SettingsError(f"{source}: [this_body] must be a table or [[this_body]] tables")
    for section in ("other_bodies", "body_words"):
        if not isinstance(data.get(section, {}), dict):
            raise SettingsError(f"{source}: [{section}] must be a table")
    for index, entry in enumerate(data.get("body", [])):
        where = f"{source}: [[body]] #{index + 1}"
        body_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(body_id, str) or not _ID_RE.match(body_id):
            raise SettingsError(
                f"{where}: 'id' must be a lower-case identifier such as 'home_office'"
            )
        current = state["bodies"].setdefault(
            body_id, {"name": body_id, "aliases": [], "acronyms": [], "patterns": []}
        )
        if "name" in entry:
            if not isinstance(entry["name"], str):
                raise SettingsError(f"{where}: 'name' must be a string")
            current["name"] = entry["name"]
        for key in ("aliases", "acronyms"):
            if key in entry:
                current[key] += _strings(entry[key], f"{where} {key}")
        for pattern in entry.get("patterns", []):
            if not isinstance(pattern, list) or not all(isinstance(t, dict) for t in pattern):
                raise SettingsError(f"{where}: each pattern must be a list of token tables")
            current["patterns"].append(pattern)
    this_bodies = data.get("this_body", [])
    for index, this_body in enumerate(this_bodies if isinstance(this_bodies, list)
                                      else [this_bodies]):
        where = f"{source}: [this_body]" + (f" #{index + 1}" if isinstance(this_bodies, list)
                                             else "")
        if not isinstance(this_body, dict):
            raise SettingsError(f"{where}: must be a table")
        body_id = this_body.get("id", "chief_constables")
        if not isinstance(body_id, str) or not _ID_RE.match(body_id):
            raise SettingsError(f"{where}: 'id' must be a lower-case identifier")
        state["this"].setdefault(body_id, [])
        state["this"][body_id] += _strings(this_body.get("aliases", []), where)
    other = data.get("other_bodies", {}).get("names", [])
    state["other"] += _strings(other, f"{source}: [other_bodies]")
    heads = data.get("body_words", {}).get("heads", [])
    state["heads"] += _strings(heads, f"{source}: [body_words]")


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{source}: not valid TOML ({exc})") from exc


def load_vocabulary(
    extra_files: Sequence[Path] = (), *, include_default: bool = True
) -> Vocabulary:
    """The packaged vocabulary with ``extra_files`` merged on top, in order.

    Merging adds aliases, acronyms, patterns and words; a body with an existing id keeps
    its earlier aliases and takes a new name if one is given. Raises SettingsError naming
    the file when a file is missing or malformed.
    """
    state: dict[str, Any] = {
        "bodies": {}, "this": {}, "other": [], "heads": [],
    }
    if include_default:
        _merge(state, _parse(default_vocabulary_text(), "addressees.toml"), "addressees.toml")
    for path in extra_files:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise SettingsError(
                f"{path}: cannot read addressee vocabulary ({exc.strerror})"
            ) from exc
        _merge(state, _parse(text, str(path)), str(path))
    bodies = tuple(
        Body(
            id=body_id,
            name=spec["name"],
            aliases=tuple(dict.fromkeys(spec["aliases"])),
            acronyms=tuple(dict.fromkeys(spec["acronyms"])),
            patterns=tuple(spec["patterns"]),
        )
        for body_id, spec in state["bodies"].items()
    )
    return Vocabulary(
        bodies=bodies,
        this_bodies=tuple((body_id, tuple(dict.fromkeys(aliases)))
                          for body_id, aliases in state["this"].items()),
        other_names=tuple(dict.fromkeys(state["other"])),
        body_heads=frozenset(h.lower() for h in state["heads"]),
    )


def extra_vocabulary_files() -> tuple[Path, ...]:
    """The extra vocabulary file the setting ``HMIC_ADDRESSEES_FILE`` names, if any."""
    extra = settings.value("HMIC_ADDRESSEES_FILE")
    return (Path(extra),) if extra else ()


@functools.lru_cache(maxsize=4)
def vocabulary_with(files: tuple[Path, ...]) -> Vocabulary:
    """The packaged vocabulary with ``files`` on top (read once per set of files)."""
    return load_vocabulary(files)


def current_vocabulary() -> Vocabulary:
    """The packaged vocabulary with the ``HMIC_ADDRESSEES_FILE`` file on top."""
    return vocabulary_with(extra_vocabulary_files())


