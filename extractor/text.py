"""Text normalisation and line joining shared by the reader and the segmenter."""

from __future__ import annotations

import contextlib
import gzip
import json
import pkgutil
import re
import unicodedata
from collections.abc import Container
from functools import lru_cache
from pathlib import Path

_REPLACEMENTS = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00ad": "", "\u200b": "", "\ufeff": "", "\u00a0": " ", "\u2009": " ",
    "\u202f": " ", "\u2026": "...",
}
_TRANSLATE = str.maketrans(_REPLACEMENTS)
_SPACES = re.compile(r"\s+")
BULLETS = "•●▪■◦‣∙·○□➢►✓"
_LEADING_BULLET = re.compile(rf"^[{BULLETS}]\s*")


def normalise_text(text: str) -> str:
    """Expand ligatures, straighten quotes, unify dashes and fold whitespace."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    return _SPACES.sub(" ", text).strip()


def fold_key(text: str) -> str:
    """A comparison key: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", " ", normalise_text(text).lower()).strip()


def strip_bullet(text: str) -> str:
    """Remove a leading bullet glyph."""
    return _LEADING_BULLET.sub("", text)


_WORD_END = re.compile(r"([A-Za-z]+)-$")
_SPACE_BEFORE_STOP = re.compile(r"(?<=[A-Za-z0-9)\]'\"]) +(?=[.,;:!?](?:\s|$))")
_WORD_START = re.compile(r"^([a-z]+)")

# British spellings map to the American ones of the general word list.
_UK_US = [("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ise", "ize"),
          ("ises", "izes"), ("yse", "yze"), ("our", "or"), ("tre", "ter"), ("ence", "ense"),
          ("lled", "led"), ("lling", "ling"), ("ogue", "og"), ("mme", "m")]


def dictionary_words() -> set[str]:
    """The English words of pyspellchecker's dictionary, lower-cased (the keys of
    ``SpellChecker().word_frequency.dictionary``), read straight from its data file: twice
    as fast as building a spell checker, which a report needs only to mend a few words."""
    raw = pkgutil.get_data("spellchecker", "resources/en.json.gz")
    if raw is None:
        return set()
    return {word.lower() for word in json.loads(gzip.decompress(raw).decode("utf-8"))}


@lru_cache(maxsize=1)
def _general_words() -> frozenset[str]:
    words: set[str] = set()
    with contextlib.suppress(Exception):  # an aid: the report's own words still work
        words.update(dictionary_words())
    data = (Path(__file__).parent / "data" / "words.txt").read_text(encoding="utf-8")
    words.update(w.strip().lower() for w in data.splitlines() if w.strip() and w[0] != "#")
    return frozenset(words)


def is_word(word: str, document_words: Container[str] = frozenset()) -> bool:
    """Whether ``word`` is a known word, in the report itself or in the word lists."""
    w = word.lower()
    if w in document_words:
        return True
    known = _general_words()
    if w in known:
        return True
    for uk, us in _UK_US:
        if uk in w and w.replace(uk, us) in known:
            return True
    for suffix in ("s", "es", "ed", "ing", "ly", "'s"):
        if w.endswith(suffix) and len(w) - len(suffix) > 3 and w[: -len(suffix)] in known:
            return True
    return False


def join_lines(lines: list[str], document_words: Container[str] = frozenset()) -> str:
    """Join the lines of a paragraph, mending words hyphenated across line breaks.

    A break is joined without the hyphen only when the joined word is a known word (a
    wrong join cannot be repaired later; an unjoined split can), otherwise the hyphen stays
    ("multi-agency").
    """
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        end = _WORD_END.search(out)
        start = _WORD_START.match(line)
        if end and start and not out.endswith(" -"):
            left, right = end.group(1), start.group(1)
            hyphenated = f"{left}-{right}".lower()
            if hyphenated not in document_words and is_word(left + right, document_words):
                out = out[: -1] + line
            else:
                out = out + line
        else:
            out = f"{out} {line}"
    # A space left before punctuation where a raised footnote marker was taken out.
    return _SPACE_BEFORE_STOP.sub("", _SPACES.sub(" ", out)).strip()


class DocumentWords:
    """The words a report uses (``document_vocabulary``), gathered the first time one is
    asked about: most reports never need them."""

    def __init__(self, texts: list[str]) -> None:
        self._texts: list[str] | None = texts
        self._words: frozenset[str] = frozenset()

    def __contains__(self, word: object) -> bool:
        if self._texts is not None:
            self._words, self._texts = document_vocabulary(self._texts), None
        return word in self._words


def document_vocabulary(texts: list[str]) -> frozenset[str]:
    """Words, and hyphenated compounds, that a report uses inside its lines."""
    words: set[str] = set()
    for text in texts:
        # The last word of a line may be a hyphenated fragment: leave it out.
        for token in re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", text.rsplit(" ", 1)[0]):
            words.add(token.lower())
    return frozenset(words)
