"""How the items of one report relate to each other.

A report's items often build on each other: one asks a national body to produce guidance,
a template or a method; another asks forces to use it. :func:`within_report` scores every
item of one report against the others with the same signals as reconciliation, and keeps
only the relations that can hold inside one report: ``depends_on`` (the item uses what the
other asks to be produced, or says it waits on it) and ``related``. Items of one report are
never the same item or a re-statement of each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from matching.index import MatchIndex
from matching.items import ItemText, Suggestion
from matching.settings import Thresholds

WITHIN = ("depends_on", "related")


def within_report(items: Sequence[ItemText], top: int = 3,
                  thresholds: Thresholds | None = None) -> dict[str | int, list[Suggestion]]:
    """For each item of one report, the best ``top`` other items of it that it depends on or
    relates to (``tracked_id`` is the other item's id), best first; an item with none has an
    empty list. Raises ValueError when two items share an id.
    """
    report = [replace(item, source_title=item.source_title or "this report") for item in items]
    index = MatchIndex(report, thresholds=thresholds)
    found: dict[str | int, list[Suggestion]] = {}
    for item in report:
        result = index.suggest(item, top=max(top, 1) + 5)
        kept = []
        for candidate in result.candidates:
            if candidate.relation not in WITHIN:
                candidate.relation = "related"
            kept.append(candidate)
        kept.sort(key=lambda c: (c.relation != "depends_on", -c.score))
        found[item.id] = kept[:top]
    return found
