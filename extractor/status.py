"""The status an update or revisit report gives an earlier item ("Status: Incomplete").

The wording is mapped to the contract's statuses by ``STATUS_WORDS`` (longest phrase
first). Choices where reports vary:

- "Completed", "Complete", "Met", "Achieved", "Discharged", "Implemented" -> completed;
- "In progress", "Ongoing", "Partially met", "Partially completed", "Partially achieved",
  "Partially implemented" -> in_progress (work has started but is not finished);
- "Incomplete", "Not met", "Not completed", "Not achieved", "Not started",
  "Not implemented", "Outstanding" -> incomplete;
- "Closed", "Withdrawn" -> closed; "Superseded", and "Closed" followed by "superseded"
  anywhere on the line ("Closed - superseded by recommendation 4") -> superseded.

Anything else (including "Status: For information") is None.
"""

from __future__ import annotations

import re

STATUS_WORDS: dict[str, str] = {
    "completed": "completed",
    "complete": "completed",
    "met": "completed",
    "achieved": "completed",
    "discharged": "completed",
    "implemented": "completed",
    "in progress": "in_progress",
    "ongoing": "in_progress",
    "on-going": "in_progress",
    "partially met": "in_progress",
    "partially completed": "in_progress",
    "partially complete": "in_progress",
    "partially achieved": "in_progress",
    "partially implemented": "in_progress",
    "incomplete": "incomplete",
    "not met": "incomplete",
    "not completed": "incomplete",
    "not complete": "incomplete",
    "not achieved": "incomplete",
    "not started": "incomplete",
    "not yet started": "incomplete",
    "not implemented": "incomplete",
    "outstanding": "incomplete",
    "closed": "closed",
    "withdrawn": "closed",
    "superseded": "superseded",
}

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
