"""What an item asks a body to produce, and what it asks to use: the "depends on" rule.

Item B asks a body to produce something others will use — guidance, a template, a method,
a definition, a framework, a toolkit (the families are data: ``[[produced]]`` in
matching/data/synonyms.toml) — "the College of Policing should develop guidance on …".
Item A asks someone to use such a thing — "chief constables should use the College's
guidance …". A then depends on B when the things are of one family and A's is B's: A names
the body B tells to produce it ("the College's guidance"), or, naming no producer, the two
items are about the same thing (they share enough of their distinctive words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from matching.text import body_pattern, expand_acronyms
from matching.vocabulary import Stems, vocabulary
from matching.words import WORD_RE, fold, stem

WINDOW = 12  # words after the verb in which the thing must be named
# Words that end the phrase naming the thing: what follows says why or when.
_STOPS = frozenset(["so", "that", "which", "who", "whom", "when", "where", "whether",
                    "while", "because", "if", "unless", "until", "once", "before", "after",
                    "as"])
# Words that end the phrase naming a thing to be made: what follows is about something else
# ("give victims updates on their cases").
_MAKE_STOPS = frozenset(["on", "in", "with", "about", "to", "for", "from"])
_DETERMINERS = frozenset(["the", "a", "an", "its", "their", "his", "her", "our", "this",
                          "that", "these", "those", "any", "each", "every", "newly"])
_CLAUSES = re.compile(r"[.;:,()\u2013\u2014]|\s-\s")


@dataclass(frozen=True)
class Thing:
    """Something an item asks to produce or to use.

    ``family`` is the kind of thing ("guidance"); ``noun`` the word used ("guidance");
    ``verb`` the verb as printed ("develop"); ``phrase`` the words from the verb to the
    thing; ``bodies`` the bodies named as its producer ("the College's guidance").
    """

    family: str
    noun: str
    verb: str
    phrase: str
    bodies: tuple[str, ...] = ()


def _find(sequences: Mapping[str, tuple[Stems, ...]], stemmed: list[str], at: int) -> int:
    """The length of the longest sequence (listed by first stem) starting at ``at``, or 0."""
    for sequence in sequences.get(stemmed[at], ()):
        if tuple(stemmed[at:at + len(sequence)]) == sequence:
            return len(sequence)
    return 0


def _producers(words: list[str], before: tuple[int, int], after: int) -> tuple[str, ...]:
    """Bodies named as a thing's producer: between the verb and the thing ("the College's
    guidance"), or after it behind "from", "by" or "of" ("guidance from the College")."""
    spellings, pattern = body_pattern()
    start, end = before
    named = " ".join(words[start:end])
    tail = words[after:after + 7]
    if tail and tail[0] in ("from", "by", "of") or tail[:2] in (["produced", "by"],
                                                               ["published", "by"]):
        named += " | " + " ".join(tail)
    found = (fold(re.sub(r"^the\s+", "", m.group(0), flags=re.IGNORECASE))
             for m in pattern.finditer(named))
    return tuple(dict.fromkeys(spellings[b] for b in found if b in spellings))


def _scan(words: list[str], stemmed: list[str], verbs: Mapping[str, tuple[Stems, ...]],
          making: bool,
          taken: set[int]) -> list[Thing]:
    """The things named after each of ``verbs`` in one clause; ``taken`` holds the positions
    of nouns already read (a thing the item makes is not also one it uses)."""
    vocab = vocabulary()
    found: list[Thing] = []
    i = 0
    while i < len(words):
        verb_length = _find(verbs, stemmed, i)
        adjective = i > 0 and words[i - 1] in _DETERMINERS  # "the agreed definition"
        if not verb_length or adjective or (making and words[i].endswith("s")):
            i += 1
            continue
        start = i + verb_length
        for j in range(start, min(len(words), start + WINDOW)):
            if words[j] in _STOPS or (making and words[j] in _MAKE_STOPS):
                break
            noun_length = _find(vocab.nouns, stemmed, j)
            if not noun_length:
                continue
            if j not in taken:
                taken.add(j)
                noun = tuple(stemmed[j:j + noun_length])
                found.append(Thing(
                    family=vocab.families[noun], noun=" ".join(words[j:j + noun_length]),
                    verb=" ".join(words[i:i + verb_length]),
                    phrase=" ".join(words[i:j + noun_length]),
                    bodies=() if making else _producers(words, (start, j), j + noun_length)))
            i = j + noun_length - 1
            break
        i += 1
    return found


def cues(text: str) -> tuple[list[Thing], list[Thing]]:
    """What the item asks a body to produce ("develop guidance", "publish a template") and
    what it asks someone to use ("use the guidance", "adopt the template")."""
    vocab = vocabulary()
    made: list[Thing] = []
    used: list[Thing] = []
    for clause in _CLAUSES.split(fold(expand_acronyms(text))):
        words = WORD_RE.findall(clause.replace("'s ", " ").replace("s' ", "s ").replace("'", ""))
        if not words:
            continue
        stemmed = [stem(w) for w in words]
        taken: set[int] = set()
        made += _scan(words, stemmed, vocab.make_verbs, True, taken)
        used += _scan(words, stemmed, vocab.use_verbs, False, taken)
    return made, used


def as_written(phrase: str, text: str) -> str:
    """``phrase`` (folded words) as ``text`` writes it, capitals and apostrophes kept, or
    the phrase itself when it cannot be found."""
    words = phrase.split()
    if not words:
        return phrase
    pattern = r"\b" + r"(?:['\u2019]s?)?\W+".join(map(re.escape, words)) + r"\b"
    found = re.search(pattern, expand_acronyms(text), re.IGNORECASE)
    return found.group(0) if found else phrase


@dataclass(frozen=True)
class Dependency:
    """Why item A depends on item B: A uses the ``used`` thing that B asks to be ``made``;
    ``by_producer`` is true when A names the body B tells to produce it."""

    used: Thing
    made: Thing
    by_producer: bool


def dependency(uses: Iterable[Thing], makes: Iterable[Thing], producers: Iterable[str],
               alike: bool) -> Dependency | None:
    """How an item using ``uses`` depends on one asking ``producers`` to make ``makes``.

    ``alike`` says whether the two items share enough distinctive words to be about the
    same thing; it is needed when the using item names no producer. A use that names a
    producer other than ``producers`` is of someone else's thing.
    """
    vocab = vocabulary()
    producers = list(producers)
    makes = list(makes)
    for used in uses:
        for made in makes:
            if used.family != made.family:
                continue
            if used.bodies:
                if any(vocab.covers(p, b) for b in used.bodies for p in producers):
                    return Dependency(used=used, made=made, by_producer=True)
                continue
            if alike:
                return Dependency(used=used, made=made, by_producer=False)
    return None
