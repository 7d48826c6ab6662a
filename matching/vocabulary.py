"""The domain vocabulary matching reads as data: matching/data/synonyms.toml.

It holds the groups of phrases that name one thing ("RMS", "police record management
systems"), the generic words that count for less, how much named things count, the things
one body produces and others use (for "depends on"), and which bodies told to act are
close to each other or take others in. :func:`vocabulary` reads the file once.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matching.words import stems

DATA = Path(__file__).resolve().parent / "data" / "synonyms.toml"
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]+s?$")

Stems = tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """The vocabulary as matching uses it (every phrase as its stems).

    ``phrases`` maps a phrase's first stem to (stems, term) pairs, longest first; the term
    is None for phrases to drop. ``acronyms`` maps an acronym as printed ("RMS") to the
    words it stands for. ``families`` maps a produced noun's stems to its family; ``nouns``,
    ``make_verbs`` and ``use_verbs`` list those nouns and the verbs by their first stem.
    """

    phrases: dict[str, list[tuple[Stems, str | None]]]
    acronyms: dict[str, str]
    acronym_re: re.Pattern[str] | None
    generic: frozenset[str]
    generic_weight: float
    phrase_weight: float
    named_weight: float
    name_heads: frozenset[str]
    not_names: frozenset[str]
    families: dict[Stems, str]
    make_verbs: dict[str, tuple[Stems, ...]]  # first stem -> verbs, longest first
    use_verbs: dict[str, tuple[Stems, ...]]
    nouns: dict[str, tuple[Stems, ...]]  # first stem -> produced nouns, longest first
    close: dict[str, frozenset[str]]
    wider: dict[str, frozenset[str]]

    def term_weight(self, term: str) -> float:
        """How much a term counts beside its rarity: less for generic words, more for the
        vocabulary's phrases and for names."""
        if term.startswith("#"):
            return self.named_weight
        if term in self.generic:
            return self.generic_weight
        return self.phrase_weight if "_" in term else 1.0  # a phrase read as one term

    def close_bodies(self, a: str, b: str) -> bool:
        """Whether two bodies work so closely together (forces and the national policing
        bodies that act for them) that items told to each are not for different bodies."""
        return b in self.close.get(a, ()) or a in self.close.get(b, ())

    def covers(self, wide: str, narrow: str) -> bool:
        """Whether body ``wide`` is ``narrow`` or takes it in ("law enforcement bodies" and
        the National Crime Agency)."""
        return wide == narrow or narrow in self.wider.get(wide, ())


def group_term(term: str) -> str:
    """The single term a group's phrases are read as: "problem profile" -> "problem_profile"
    (one word stems as usual: "guidance" -> "guidanc")."""
    words = stems(term)
    return words[0] if len(words) == 1 else "_".join(words)


def _by_first(sequences: Iterable[Iterable[str]]) -> dict[str, tuple[Stems, ...]]:
    """Stem sequences by their first stem, longest first."""
    found: dict[str, list[Stems]] = {}
    for sequence in map(tuple, sequences):
        if sequence:
            found.setdefault(sequence[0], []).append(sequence)
    return {first: tuple(sorted(seqs, key=len, reverse=True)) for first, seqs in found.items()}


def _strings(data: dict, key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: {key} must be a list of strings")
    return value


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = DATA) -> Vocabulary:
    """Read the vocabulary file (cached). Raises ValueError naming what is wrong."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    phrases: dict[str, list[tuple[Stems, str | None]]] = {}
    acronyms: dict[str, str] = {}
    for number, group in enumerate(data.get("group", []), start=1):
        where = f"{path.name}: group {number}"
        if not isinstance(group.get("term"), str):
            raise ValueError(f"{where}: term must be a string")
        term = None if group.get("ignore") else group_term(group["term"])
        for phrase in [group["term"], *_strings(group, "phrases", where)]:
            if _ACRONYM.match(phrase):
                acronyms[phrase] = group["term"]
                continue
            words = tuple(stems(phrase))
            if words:
                phrases.setdefault(words[0], []).append((words, term))
    for entries in phrases.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    acronym_re = (re.compile(r"\b(" + "|".join(sorted(map(re.escape, acronyms), key=len,
                                                          reverse=True)) + r")\b")
                  if acronyms else None)

    generic = data.get("generic", {})
    generic_terms = set()
    for word in _strings(generic, "words", f"{path.name}: generic"):
        words = tuple(stems(word))
        grouped = [term for sequence, term in phrases.get(words[0], ()) if sequence == words]
        generic_terms.add(grouped[0] if grouped and grouped[0] else "_".join(words))
    named = data.get("named", {})
    families: dict[Stems, str] = {}
    for entry in data.get("produced", []):
        for noun in _strings(entry, "nouns", f"{path.name}: produced {entry.get('family')}"):
            families[tuple(stems(noun))] = entry["family"]
    close = {body: frozenset(_strings(data["close"], body, f"{path.name}: close"))
             for body in data.get("close", {})}
    wider = {body: frozenset(_strings(data["wider"], body, f"{path.name}: wider"))
             for body in data.get("wider", {})}
    return Vocabulary(
        phrases=phrases,
        acronyms=acronyms,
        acronym_re=acronym_re,
        generic=frozenset(generic_terms),
        generic_weight=float(generic.get("weight", 0.5)),
        phrase_weight=float(data.get("phrase", {}).get("weight", 1.0)),
        named_weight=float(named.get("weight", 2.0)),
        name_heads=frozenset(w.lower() for w in _strings(named, "heads", f"{path.name}: named")),
        not_names=frozenset(w.lower() for w in _strings(named, "not_names",
                                                         f"{path.name}: named")),
        families=families,
        make_verbs=_by_first(stems(v) for v in _strings(data.get("make", {}), "verbs",
                                                         f"{path.name}: make")),
        use_verbs=_by_first(stems(v) for v in _strings(data.get("use", {}), "verbs",
                                                        f"{path.name}: use")),
        nouns=_by_first(families),
        close=close,
        wider=wider,
    )


def vocabulary() -> Vocabulary:
    """The packaged vocabulary, read once."""
    return load_vocabulary(DATA)
