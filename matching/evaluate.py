"""Scorer for reconciliation on a gold set of labelled items.

A gold file (``samples/matching/gold.json``) holds ``reports`` (id, title, published),
``tracked`` items and ``new`` items; each new item has ``expected`` = {"relation": same_as |
supersedes | depends_on | related | none, "tracked": id}. Every new item is matched against
an index of the tracked items and scored:

- **precision@1**: of the new items whose best candidate is shown as a link (band
  suggest_link or needs_look), the share whose best candidate is the labelled item;
- **recall@1**: of the new items with a labelled relation, the share whose best candidate is
  the labelled item and shown as a link;
- **none kept apart**: of the items labelled none, the share with no candidate shown as a
  link (band new_item, or no candidate at all);
- **false same_as**: candidates (any rank, any band) suggested as same_as that are not the
  labelled same_as item; the rate is over all same_as suggestions;
- **relation accuracy**: of the correct top candidates, the share with the labelled relation
  (a labelled depends_on also counts as right when "related" is suggested: a person narrows
  a related item to depends_on where the text gives no cue the suggester reads);
- per-band counts of the best candidates, for items with a relation and for items without.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matching.index import MatchIndex
from matching.items import BANDS, ItemText, MatchResult
from matching.settings import Thresholds

LINK_BANDS = ("suggest_link", "needs_look")
LABELS = ("same_as", "supersedes", "depends_on", "related", "none")


@dataclass
class GoldCase:
    item: ItemText
    relation: str
    tracked: str | None


@dataclass
class GoldSet:
    tracked: list[ItemText]
    cases: list[GoldCase]


@dataclass
class GoldReport:
    """The figures of one run over a gold set (see the module docstring)."""

    cases: int
    linked_cases: int
    shown: int
    correct_top: int
    none_cases: int
    none_kept_apart: int
    relation_right: int
    same_as_suggested: int
    false_same_as: int
    bands: dict[str, dict[str, int]]
    states: dict[str, int]
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision_at_1(self) -> float:
        return self.correct_top / self.shown if self.shown else 1.0

    @property
    def recall_at_1(self) -> float:
        return self.correct_top / self.linked_cases if self.linked_cases else 1.0

    @property
    def none_rate(self) -> float:
        return self.none_kept_apart / self.none_cases if self.none_cases else 1.0

    @property
    def relation_accuracy(self) -> float:
        return self.relation_right / self.correct_top if self.correct_top else 1.0

    @property
    def false_same_as_rate(self) -> float:
        return self.false_same_as / self.same_as_suggested if self.same_as_suggested else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision_at_1": round(self.precision_at_1, 4),
            "recall_at_1": round(self.recall_at_1, 4),
            "none_kept_apart": round(self.none_rate, 4),
            "relation_accuracy": round(self.relation_accuracy, 4),
            "false_same_as": self.false_same_as,
            "false_same_as_rate": round(self.false_same_as_rate, 4),
            "same_as_suggested": self.same_as_suggested,
            "cases": self.cases, "bands": self.bands, "states": self.states,
            "errors": self.errors,
        }


def load_gold(path: Path) -> GoldSet:
    """Read a gold file. Raises ValueError with one line when it cannot be used."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or not all(
            isinstance(data.get(k), list) for k in ("tracked", "new")):
        raise ValueError(f"{path}: expected an object with 'tracked' and 'new' lists")
    reports = {r["id"]: r for r in data.get("reports", []) if isinstance(r, dict) and "id" in r}

    def item(record: Any, where: str) -> ItemText:
        if not isinstance(record, dict):
            raise ValueError(f"{path}: {where} is not an object")
        record = dict(record)
        report = reports.get(record.get("report"))
        if record.get("report") is not None and report is None:
            raise ValueError(f"{path}: {where} names unknown report {record['report']!r}")
        if report:
            record.setdefault("source_title", report.get("title"))
            record.setdefault("source_published", report.get("published"))
        try:
            return ItemText.from_dict(record)
        except ValueError as exc:
            raise ValueError(f"{path}: {where}: {exc}") from None

    tracked = [item(r, f"tracked item {i}") for i, r in enumerate(data["tracked"], start=1)]
    ids = {t.id for t in tracked}
    cases = []
    for i, record in enumerate(data["new"], start=1):
        new = item(record, f"new item {i}")
        expected = record.get("expected") or {}
        relation = expected.get("relation")
        if relation not in LABELS:
            raise ValueError(f"{path}: new item {new.id}: expected relation {relation!r} is "
                             f"not one of {', '.join(LABELS)}")
        target = expected.get("tracked")
        if relation != "none" and target not in ids:
            raise ValueError(f"{path}: new item {new.id}: expected tracked item {target!r} "
                             "is not in 'tracked'")
        cases.append(GoldCase(item=new, relation=relation,
                              tracked=None if relation == "none" else target))
    return GoldSet(tracked=tracked, cases=cases)


def evaluate_gold(gold: GoldSet, thresholds: Thresholds | None = None,
                  index: MatchIndex | None = None) -> GoldReport:
    """Match every new item of ``gold`` against its tracked items and score the results."""
    index = index or MatchIndex(gold.tracked, thresholds=thresholds)
    bands = {kind: dict.fromkeys(BANDS, 0) for kind in ("linked", "none")}
    states: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    shown = correct = none_apart = relation_right = same_as = false_same_as = 0
    for case in gold.cases:
        result: MatchResult = index.suggest(case.item)
        states[result.state] += 1
        top = result.top
        band = result.band or "new_item"
        bands["none" if case.relation == "none" else "linked"][band] += 1
        is_shown = top is not None and top.band in LINK_BANDS
        for candidate in result.candidates:
            if candidate.relation == "same_as":
                same_as += 1
                if not (case.relation == "same_as" and candidate.tracked_id == case.tracked):
                    false_same_as += 1
                    errors.append(_error(case, result, f"false same_as: {candidate.tracked_id}"))
        if case.relation == "none":
            if is_shown:
                shown += 1
                errors.append(_error(case, result, "shown as a link but has no relation"))
            else:
                none_apart += 1
            continue
        if is_shown:
            shown += 1
        if is_shown and top.tracked_id == case.tracked:
            correct += 1
            if _relation_ok(case.relation, top.relation):
                relation_right += 1
            else:
                errors.append(_error(case, result, f"relation {top.relation}"))
        else:
            errors.append(_error(case, result, "labelled item not the shown top candidate"))
    return GoldReport(cases=len(gold.cases),
                      linked_cases=sum(c.relation != "none" for c in gold.cases),
                      shown=shown, correct_top=correct,
                      none_cases=sum(c.relation == "none" for c in gold.cases),
                      none_kept_apart=none_apart, relation_right=relation_right,
                      same_as_suggested=same_as, false_same_as=false_same_as,
                      bands=bands, states=dict(states), errors=errors)


def _relation_ok(expected: str, suggested: str) -> bool:
    return suggested == expected or (expected == "depends_on" and suggested == "related")


def _error(case: GoldCase, result: MatchResult, what: str) -> dict[str, Any]:
    top = result.top
    return {"id": case.item.id, "expected": f"{case.relation} {case.tracked or ''}".strip(),
            "what": what, "state": result.state,
            "top": None if top is None else {"id": top.tracked_id, "score": top.score,
                                             "relation": top.relation, "band": top.band,
                                             "reasons": top.reasons}}


def format_report(report: GoldReport, thresholds: Thresholds) -> str:
    """The figures as lines for a person."""
    lines = [
        f"gold set: {report.cases} new items ({report.linked_cases} with a relation, "
        f"{report.none_cases} without); thresholds link {thresholds.link:g}, "
        f"look {thresholds.look:g}, same as {thresholds.same_as:g}",
        f"precision@1        {report.precision_at_1:7.1%}  ({report.correct_top}/{report.shown}"
        " shown top candidates are the labelled item)",
        f"recall@1           {report.recall_at_1:7.1%}  ({report.correct_top}/"
        f"{report.linked_cases} labelled relations found at the top)",
        f"none kept apart    {report.none_rate:7.1%}  ({report.none_kept_apart}/"
        f"{report.none_cases} unrelated items not shown as links)",
        f"relation accuracy  {report.relation_accuracy:7.1%}  (of the correct top candidates)",
        f"false same_as      {report.false_same_as_rate:7.1%}  ({report.false_same_as} of "
        f"{report.same_as_suggested} same_as suggestions)",
        "",
        f"{'best candidate band':<22}{'with relation':>14}{'without':>9}",
    ]
    for band in BANDS:
        lines.append(f"{band:<22}{report.bands['linked'][band]:>14}{report.bands['none'][band]:>9}")
    lines.append("states: " + ", ".join(f"{k} {v}" for k, v in sorted(report.states.items())))
    if report.errors:
        lines.append("")
        lines.append("to look at:")
        for error in report.errors:
            top = error["top"]
            got = ("no candidate" if top is None else
                   f"top {top['id']} {top['relation']} {top['score']:.0f} {top['band']}")
            lines.append(f"  {error['id']}: expected {error['expected']}; {error['what']}; {got}")
    return "\n".join(lines) + "\n"


TARGET_PRECISION = 0.95
TARGET_NONE_APART = 0.85  # unrelated items kept out of the link bands


def meets_targets(report: GoldReport) -> bool:
    """The bar the tests hold: precision@1 >= 0.95, no false same_as, and at least 85% of
    the unrelated items kept out of the link bands."""
    return (report.precision_at_1 >= TARGET_PRECISION and report.false_same_as == 0
            and report.none_rate >= TARGET_NONE_APART)
