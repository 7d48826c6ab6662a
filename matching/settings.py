"""Matching thresholds: the ``HMIC_MATCH_*`` settings (defaults and meanings in the registry,
``hmic_actions.settings``). Scores are 0-100. A value that cannot be used raises
``SettingsError`` with one line, e.g. ``HMIC_MATCH_LINK='high' is not a number from 0 to 100``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from hmic_actions import settings as registry
from hmic_actions.settings import SettingsError


@dataclass(frozen=True)
class Thresholds:
    """Where the bands start and how strict "same as" is."""

    link: float = registry.default("HMIC_MATCH_LINK")
    margin: float = registry.default("HMIC_MATCH_MARGIN")
    look: float = registry.default("HMIC_MATCH_LOOK")
    floor: float = registry.default("HMIC_MATCH_FLOOR")
    same_as: float = registry.default("HMIC_MATCH_SAME_AS")
    prefilter: int = registry.default("HMIC_MATCH_PREFILTER")

    def __post_init__(self) -> None:
        for name in ("link", "margin", "look", "floor", "same_as"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0 <= value <= 100:
                raise SettingsError(f"{name} threshold {value!r} is not a number from 0 to 100")
        if not isinstance(self.prefilter, int) or not 1 <= self.prefilter <= 10_000:
            raise SettingsError(f"prefilter {self.prefilter!r} is not a whole number 1-10000")
        if self.look > self.link:
            raise SettingsError(f"the look threshold ({self.look:g}) is above the link "
                                f"threshold ({self.link:g})")
        if self.floor > self.look:
            raise SettingsError(f"the floor ({self.floor:g}) is above the look threshold "
                                f"({self.look:g})")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Thresholds:
        """The thresholds from the ``HMIC_MATCH_*`` settings (unset or empty: the default)."""
        return cls(**registry.values({
            name: f"HMIC_MATCH_{name.upper()}"
            for name in ("link", "margin", "look", "floor", "same_as", "prefilter")
        }, environ))

    def band(self, score: float, margin: float | None = None) -> str:
        """suggest_link | needs_look | new_item for a candidate's score and lead."""
        if score >= self.link and (margin is None or margin >= self.margin):
            return "suggest_link"
        if score >= self.look:
            return "needs_look"
        return "new_item"

    def to_dict(self) -> dict[str, float | int]:
        return asdict(self)
