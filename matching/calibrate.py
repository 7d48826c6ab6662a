"""How the thresholds fare on people's real decisions about suggestions.

Every decision a person takes on a suggestion is a labelled pair: the suggestion's score,
band, relation (and margin), and the relation the person chose ("none" when they did not
link). :func:`calibrate` re-bands each decision with the given thresholds and reports what
would have happened: how many suggested links people accepted, how many links fell in the
"new item" band (missed), how often a suggested "same as" was wrong, and the link and look
thresholds the decisions themselves point to.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from matching.items import BANDS
from matching.settings import Thresholds

CHOSEN = ("same_as", "supersedes", "depends_on", "related", "none")
TARGET_PRECISION = 0.95  # share of suggested links people should accept
TARGET_RECALL = 0.98  # share of real links that should reach at least "needs a look"
MIN_DECISIONS = 20  # fewer than this and no threshold is proposed


@dataclass
class Decision:
    """One person's decision on one suggestion."""

    score: float
    chosen_relation: str
    suggested_relation: str | None = None
    band: str | None = None
    margin: float | None = None

    @property
    def linked(self) -> bool:
        return self.chosen_relation != "none"

    @classmethod
    def from_record(cls, record: Any, position: int = 0) -> Decision:
        """From a dict (e.g. an exported MatchDecision) or an object with those attributes.

        Raises ValueError naming the decision's position when a value cannot be used.
        """
        def get(name: str) -> Any:
            if isinstance(record, Mapping):
                return record.get(name)
            return getattr(record, name, None)

        where = f"decision {position}"
        score = get("score")
        if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 100:
            raise ValueError(f"{where}: score {score!r} is not a number from 0 to 100")
        chosen = get("chosen_relation")
        if chosen not in CHOSEN:
            raise ValueError(f"{where}: chosen_relation {chosen!r} is not one of "
                             f"{', '.join(CHOSEN)}")
        band = get("band")
        if band is not None and band not in BANDS:
            raise ValueError(f"{where}: band {band!r} is not one of {', '.join(BANDS)}")
        margin = get("margin")
        evidence = get("evidence")
        if margin is None and isinstance(evidence, Mapping):
            margin = evidence.get("margin")
        if margin is not None and (isinstance(margin, bool)
                                   or not isinstance(margin, int | float)):
            raise ValueError(f"{where}: margin {margin!r} is not a number")
        return cls(score=float(score), chosen_relation=chosen,
                   suggested_relation=get("suggested_relation") or get("relation"),
                   band=band, margin=None if margin is None else float(margin))


@dataclass
class CalibrationReport:
    """What the thresholds would have done with the decisions."""

    thresholds: dict[str, Any]
    decisions: int
    linked: int
    not_linked: int
    by_band: dict[str, dict[str, int]]
    link_precision: float | None
    links_missed: int
    links_caught: float | None
    relation_agreement: float | None
    false_same_as: int
    same_as_suggested: int
    band_changes: int
    proposed: dict[str, float | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def calibrate(decisions: Iterable[Any], thresholds: Thresholds | None = None) -> CalibrationReport:
    """Report how ``thresholds`` would have fared on labelled ``decisions``."""
    thresholds = thresholds or Thresholds.from_env()
    rows = [d if isinstance(d, Decision) else Decision.from_record(d, i)
            for i, d in enumerate(decisions, start=1)]
    by_band = {band: {"linked": 0, "not_linked": 0} for band in BANDS}
    agree = compared = false_same_as = same_as = changes = 0
    for row in rows:
        band = thresholds.band(row.score, row.margin)
        by_band[band]["linked" if row.linked else "not_linked"] += 1
        if row.band and row.band != band:
            changes += 1
        if row.suggested_relation == "same_as":
            same_as += 1
            false_same_as += row.chosen_relation != "same_as"
        if row.linked and row.suggested_relation:
            compared += 1
            agree += _agrees(row.suggested_relation, row.chosen_relation)
    suggested = by_band["suggest_link"]
    shown = sum(by_band[b]["linked"] for b in ("suggest_link", "needs_look"))
    linked = sum(r.linked for r in rows)
    return CalibrationReport(
        thresholds=thresholds.to_dict(),
        decisions=len(rows),
        linked=linked,
        not_linked=len(rows) - linked,
        by_band=by_band,
        link_precision=_share(suggested["linked"], suggested["linked"] + suggested["not_linked"]),
        links_missed=by_band["new_item"]["linked"],
        links_caught=_share(shown, linked),
        relation_agreement=_share(agree, compared),
        false_same_as=false_same_as,
        same_as_suggested=same_as,
        band_changes=changes,
        proposed=_propose(rows),
    )


def _agrees(suggested: str, chosen: str) -> bool:
    # "related" is the loose suggestion: a person narrowing it to "depends_on" agrees with it.
    return suggested == chosen or (suggested == "related" and chosen == "depends_on")


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _propose(rows: list[Decision]) -> dict[str, float | None]:
    """The lowest link score meeting the precision target and the highest look score
    keeping the recall target, from the decisions alone (None when there are too few)."""
    if len(rows) < MIN_DECISIONS or not any(r.linked for r in rows):
        return {"link": None, "look": None}
    link = None
    for cut in sorted({r.score for r in rows}):
        above = [r for r in rows if r.score >= cut]
        if sum(r.linked for r in above) / len(above) >= TARGET_PRECISION:
            link = cut
            break
    scores = sorted((r.score for r in rows if r.linked), reverse=True)
    look = scores[min(len(scores) - 1, int(TARGET_RECALL * len(scores)))]
    if link is not None:
        look = min(look, link)
    return {"link": link, "look": look}


def load_decisions(path: Path) -> list[Decision]:
    """Decisions from a JSON file: a list, or an object with a "decisions" list.

    Raises ValueError with one line when the file cannot be used.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if isinstance(data, dict):
        data = data.get("decisions")
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of decisions or {{\"decisions\": [...]}}")
    return [Decision.from_record(record, i) for i, record in enumerate(data, start=1)]


def format_report(report: CalibrationReport) -> str:
    """The report as lines for a person."""
    t = report.thresholds
    lines = [
        f"thresholds: link {t['link']:g} (lead {t['margin']:g}), look {t['look']:g}, "
        f"same as {t['same_as']:g}",
        f"decisions: {report.decisions} ({report.linked} linked, {report.not_linked} not linked)",
        "",
        f"{'band':<14}{'linked':>8}{'not linked':>12}",
    ]
    for band, counts in report.by_band.items():
        lines.append(f"{band:<14}{counts['linked']:>8}{counts['not_linked']:>12}")
    lines += [
        "",
        f"suggested links accepted: {_pct(report.link_precision)}",
        f"links shown (suggest_link or needs_look): {_pct(report.links_caught)}; "
        f"missed in new_item band: {report.links_missed}",
        f"relation agreed with the person: {_pct(report.relation_agreement)}",
        f"same_as suggested: {report.same_as_suggested}, rejected as same_as: "
        f"{report.false_same_as}",
        f"decisions whose band would change: {report.band_changes}",
    ]
    proposed = report.proposed
    if proposed.get("link") is None and proposed.get("look") is None:
        lines.append(f"proposed thresholds: too few decisions (need {MIN_DECISIONS} with links)")
    else:
        lines.append(
            f"proposed from the decisions: HMIC_MATCH_LINK={_num(proposed.get('link'))} "
            f"(>= {TARGET_PRECISION:.0%} accepted), HMIC_MATCH_LOOK={_num(proposed.get('look'))} "
            f"(>= {TARGET_RECALL:.0%} of links shown)")
    return "\n".join(lines) + "\n"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g}"
