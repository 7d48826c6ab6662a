"""Words as matching compares them: folded text and light stems.

The ground floor of the package: :mod:`matching.vocabulary` reads its data through these,
and :mod:`matching.text` builds an item's terms with them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD_RE = re.compile(r"[a-z0-9]+")
_TRANSLATE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                            "\u2013": " ", "\u2014": " ", "-": " ", "/": " "})


def fold(text: str) -> str:
    """Lower case, straight quotes, dashes and hyphens as spaces, whitespace folded."""
    text = unicodedata.normalize("NFKC", text or "").translate(_TRANSLATE).lower()
    return " ".join(text.split())


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper: plurals, -ing, -ed, final -e (enough to match rewordings)."""
    if len(word) <= 3:
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "ion"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            if word[-1] == word[-2] and word[-1] not in "lsz":  # "flagged" -> "flag"
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def stems(text: str) -> list[str]:
    """The stems of the words of ``text`` (folded first), in order."""
    return [stem(w) for w in WORD_RE.findall(fold(text).replace("'", ""))]
