"""Matching thresholds: settings with defaults, read from the environment.

==========================  =======  ===========================================================
HMIC_MATCH_LINK             60       score from which a candidate is a suggested link ...
HMIC_MATCH_MARGIN           5        ... if it also leads the runner-up by this many points
HMIC_MATCH_LOOK             40       score from which a candidate needs a look (below: new item)
HMIC_MATCH_FLOOR            25       candidates below this score are not shown at all
HMIC_MATCH_SAME_AS          90       text similarity (token set) an item needs to be "same as"
HMIC_MATCH_PREFILTER        50       candidates per item the index passes to the fine scoring
==========================  =======  ===========================================================

Scores are 0-100. Values are read and checked through ``hmic_actions.settings``. A
malformed value raises :class:`ThresholdError` with one line naming the variable, e.g.
``HMIC_MATCH_LINK='high' is not a number from 0 to 100``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from hmic_actions import settings as registry


class ThresholdError(ValueError):
    """A matching setting has a value that cannot be used (one line, naming the variable)."""


@dataclass(frozen=True)
class Thresholds:
    """Where the bands start and how strict "same as" is."""

    link: float = 60.0
    margin: float = 5.0
    look: float = 40.0
    floor: float = 25.0
    same_as: float = 90.0
    prefilter: int = 50

    def __post_init__(self) -> None:
        for name in ("link", "margin", "look", "floor", "same_as"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0 <= value <= 100:
                raise ThresholdError(f"{name} threshold {value!r} is not a number from 0 to 100")
        if not isinstance(self.prefilter, int) or not 1 <= self.prefilter <= 10_000:
            raise ThresholdError(f"prefilter {self.prefilter!r} is not a whole number 1-10000")
        if self.look > self.link:
            raise ThresholdError(f"the look threshold ({self.look:g}) is above the link "
                                 f"threshold ({self.link:g})")
        if self.floor > self.look:
            raise ThresholdError(f"the floor ({self.floor:g}) is above the look threshold "
                                 f"({self.look:g})")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Thresholds:
        """Read HMIC_MATCH_* variables (unset or empty: the default)."""
        try:
            return cls(**registry.values({
                name: f"HMIC_MATCH_{name.upper()}"
                for name in ("link", "margin", "look", "floor", "same_as", "prefilter")
            }, environ))
        except registry.SettingsError as exc:
            raise ThresholdError(exc.reason) from None

    def band(self, score: float, margin: float | None = None) -> str:
        """suggest_link | needs_look | new_item for a candidate's score and lead."""
        if score >= self.link and (margin is None or margin >= self.margin):
            return "suggest_link"
        if score >= self.look:
            return "needs_look"
        return "new_item"

    def to_dict(self) -> dict[str, float | int]:
        return asdict(self)
