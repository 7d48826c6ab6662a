"""Generic policing phrasing must never make two items alike."""

from __future__ import annotations

import itertools

from matching.index import MatchIndex
from tests.builders.matching import DEFAULTS, item

TEMPLATES = [
    "By 31 March 2026, all chief constables should make sure that their forces {}.",
    "Chief constables should make sure that {}, and that this is effective and appropriate.",
    "The force should improve how it makes sure that {}.",
]
ASKS = [
    "record every report of stalking as a stalking offence",
    "give detainees their prescribed medication promptly",
    "answer 101 calls within ten minutes",
    "check the Police National Database before granting vetting clearance",
    "evaluate diversion schemes for young people",
    "refer vulnerable fraud victims for a safeguarding visit",
    "review body-worn video footage of searches every month",
    "publish their drone flight logs",
]


def test_same_boilerplate_different_asks_are_never_same_as() -> None:
    tracked = [item(f"T{i}-{j}", t.format(a)) for (i, t), (j, a)
               in itertools.product(enumerate(TEMPLATES), enumerate(ASKS))]
    for i, template in enumerate(TEMPLATES):
        for j, ask in enumerate(ASKS):
            index = MatchIndex([t for t in tracked if not t.id.endswith(f"-{j}")],
                               thresholds=DEFAULTS)
            result = index.suggest(item(f"N{i}-{j}", template.format(ask)))
            assert all(c.relation != "same_as" for c in result.candidates), result
            assert all(c.band == "new_item" for c in result.candidates), result


def test_same_ask_in_different_boilerplate_is_still_found() -> None:
    tracked = [item(f"T{j}", TEMPLATES[0].format(a)) for j, a in enumerate(ASKS)]
    index = MatchIndex(tracked, thresholds=DEFAULTS)
    for j, ask in enumerate(ASKS):
        top = index.suggest(item(f"N{j}", TEMPLATES[1].format(ask))).top
        assert top.tracked_id == f"T{j}" and top.band == "suggest_link"
