"""The status an update or revisit report gives an earlier item ("Status: Incomplete").

The wording is mapped to the contract's statuses by ``hmic_actions.vocab.STATUS_WORDS``
(longest phrase first), the one table of status words. "Closed" followed by "superseded"
anywhere on the line ("Closed - superseded by recommendation 4") is superseded. Anything
else (including "Status: For information") is None.
"""

from __future__ import annotations

import re

from hmic_actions.vocab import STATUS_WORDS

_LABEL = re.compile(r"^\s*(?:current\s+|overall\s+)?status\s*(?:[:\-]\s*|\s+(?=\w))", re.I)
_PHRASES = sorted(STATUS_WORDS, key=len, reverse=True)


def _normalise(line: str) -> str:
    line = re.sub(r"[‐‑‒–—―]", "-", line)
    return re.sub(r"\s+", " ", line).strip().lower()


def parse_status(line: str) -> str | None:
    """The contract status named by a status line, or None when it names none.

    Accepts "Status: In progress", "Status - Completed", "STATUS: Closed - superseded", or
    the status word alone ("Incomplete").
    """
    text = _normalise(line)
    labelled = _LABEL.match(text)
    if labelled:
        text = text[labelled.end() :]
    elif len(text.split()) > 8:
        return None  # a sentence, not a status line
    text = text.strip(" .:;-*()[]")
    for phrase in _PHRASES:
        if re.match(rf"{re.escape(phrase)}(?![\w-])", text):
            status = STATUS_WORDS[phrase]
            if status == "closed" and "supersed" in text:
                return "superseded"
            return status
    return None
