"""The plain records matching works on: items, suggestions and results.

``ItemText`` describes both a new item (a draft from a report) and a tracked item; the
database layer adapts its rows to it, so matching never sees a session.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from hmic_actions.dates import year_in_title

BANDS = ("suggest_link", "needs_look", "new_item")


@dataclass
class ItemText:
    """What matching needs to know about one item (new or tracked).

    ``source_title`` / ``source_published`` / ``source_year`` describe the report the item
    comes from: for a draft that a progress report quotes (``origin`` "earlier_report") that
    is the progress report. ``source_year`` is for when only the year is known (a tracker's
    Year column, a year in the title); :attr:`year` gives the best year known. ``deadline``
    is optional: when it is None the deadline printed in the text ("By 31 March 2026, ...")
    is used.
    """

    id: str | int
    text: str
    kind: str | None = None
    number: str | None = None
    origin: str | None = None
    addressees: list[str] = field(default_factory=list)
    source_title: str | None = None
    source_published: date | None = None
    source_year: int | None = None
    status: str | None = None
    deadline: date | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ItemText:
        """Build from a JSON-style dict (dates as ISO strings); unknown keys are ignored.

        Raises ValueError naming the field when a value cannot be used.
        """
        if not isinstance(data, dict):
            raise ValueError(f"an item must be an object, not {type(data).__name__}")
        if data.get("id") is None:
            raise ValueError("item has no id")
        if not isinstance(data.get("text"), str):
            raise ValueError(f"item {data['id']}: text must be a string")
        addressees = data.get("addressees") or []
        if not isinstance(addressees, list) or not all(isinstance(a, str) for a in addressees):
            raise ValueError(f"item {data['id']}: addressees must be a list of strings")
        number = data.get("number")
        return cls(
            id=data["id"],
            text=data["text"],
            kind=data.get("kind"),
            number=None if number is None else str(number),
            origin=data.get("origin"),
            addressees=list(addressees),
            source_title=data.get("source_title"),
            source_published=_date(data, "source_published"),
            source_year=_year(data),
            status=data.get("status"),
            deadline=_date(data, "deadline"),
        )

    @property
    def year(self) -> int | None:
        """The year of the item's report: its publication date's, the year given, or the
        year its title names."""
        if self.source_published is not None:
            return self.source_published.year
        return self.source_year or year_in_title(self.source_title)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("source_published", "deadline"):
            if data[key] is not None:
                data[key] = data[key].isoformat()
        return data


def _date(data: dict[str, Any], key: str) -> date | None:
    value = data.get(key)
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"item {data.get('id')}: {key} {value!r} is not an ISO date") from None


def _year(data: dict[str, Any]) -> int | None:
    value = data.get("source_year")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise ValueError(f"item {data.get('id')}: source_year {value!r} is not a year")
    return int(value)


@dataclass
class Suggestion:
    """One candidate tracked item for a new item, with the evidence for it.

    ``score`` is 0-100; ``margin`` is the score minus the best score of any other candidate
    considered (positive only for the top one); ``reasons`` are short phrases for people;
    ``evidence`` holds the per-signal figures behind them.
    """

    tracked_id: str | int
    score: float
    relation: str
    band: str
    reasons: list[str]
    evidence: dict[str, Any]
    margin: float

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["score"] = round(self.score, 1)
        data["margin"] = round(self.margin, 1)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Suggestion:
        return cls(tracked_id=data["tracked_id"], score=float(data["score"]),
                   relation=data["relation"], band=data["band"],
                   reasons=list(data.get("reasons", [])), evidence=dict(data.get("evidence", {})),
                   margin=float(data.get("margin", 0.0)))


@dataclass
class MatchResult:
    """The outcome of matching one new item.

    ``state`` is "found" (at least one candidate), "no_candidate" (matching ran and nothing
    tracked is close enough to show) or "failed" (matching could not run; ``reason`` says
    why). Candidates are best first.
    """

    state: str
    candidates: list[Suggestion] = field(default_factory=list)
    reason: str | None = None

    @property
    def top(self) -> Suggestion | None:
        return self.candidates[0] if self.candidates else None

    @property
    def band(self) -> str | None:
        """The band of the best candidate; "new_item" when there is none; None if failed."""
        if self.state == "failed":
            return None
        return self.top.band if self.top else "new_item"

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "reason": self.reason, "band": self.band,
                "candidates": [c.to_dict() for c in self.candidates]}
