"""Comparing texts word by word: the form two texts are compared in, and their difference.

Used where a person sees two versions of an item side by side (a tracked item and a draft)
and where the extractor is scored against expected texts.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

_SINGLE_QUOTES = re.compile(r"[\u2018\u2019\u201b\u2032`]")
_DOUBLE_QUOTES = re.compile(r"[\u201c\u201d\u201f]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def comparable(text: str | None) -> str:
    """``text`` in the form texts are compared in: Unicode compatibility forms, no soft
    hyphens, straight quotes, plain hyphens, single spaces, lower case."""
    folded = unicodedata.normalize("NFKC", text or "").replace("\u00ad", "")
    folded = _SINGLE_QUOTES.sub("'", folded)
    folded = _DOUBLE_QUOTES.sub('"', folded)
    folded = _DASHES.sub("-", folded)
    return " ".join(folded.split()).lower()


def word_diff(old: str, new: str) -> list[dict[str, str]]:
    """The word-level difference from ``old`` to ``new`` as ``{"op", "text"}`` runs.

    Ops are "equal", "delete" (only in ``old``) and "insert" (only in ``new``); a replaced run
    is a delete followed by an insert. Whitespace is normalised: words are joined by single
    spaces, so the runs of one side, joined with spaces, give that side's normalised text.
    """
    before, after = (old or "").split(), (new or "").split()
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    runs: list[dict[str, str]] = []

    def add(op: str, words: list[str]) -> None:
        if not words:
            return
        if runs and runs[-1]["op"] == op:
            runs[-1]["text"] += " " + " ".join(words)
        else:
            runs.append({"op": op, "text": " ".join(words)})

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", before[i1:i2])
        else:
            add("delete", before[i1:i2])
            add("insert", after[j1:j2])
    return runs


def shown_diff(old: str, new: str, context: int = 4) -> str:
    """The difference as one line for people: changed words as ``[-old-]{+new+}`` with a few
    unchanged words around each change."""
    parts: list[str] = []
    runs = word_diff(old, new)
    for index, run in enumerate(runs):
        if run["op"] == "equal":
            words = run["text"].split()
            if len(words) > 2 * context:
                head = words[:context] if index else []
                tail = words[-context:] if index < len(runs) - 1 else []
                words = [*head, "…", *tail]
            parts.append(" ".join(words))
        elif run["op"] == "delete":
            parts.append(f"[-{run['text']}-]")
        else:
            parts.append(f"{{+{run['text']}+}}")
    return " ".join(p for p in parts if p)
