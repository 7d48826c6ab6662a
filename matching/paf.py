"""Suggest the PEEL Assessment Framework (PAF) area of an item from its text.

The areas (1a ... 9f) and the phrases that signal them are data: matching/data/paf_areas.toml.
Each phrase found in the text scores for its area ``1 + 0.5 * (words - 1)`` points (longer
phrases are more telling), divided among the areas that list the same phrase; phrases of a
question as a whole ("custody") score a third of that for each of its areas. The best area
wins, with the phrases that made it as the reason and the runners-up as alternatives.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from matching.text import fold, stem

DATA = Path(__file__).resolve().parent / "data" / "paf_areas.toml"
QUESTION_WEIGHT = 1 / 3
_WORD_RE = re.compile(r"[a-z0-9]+")


@dataclass
class PafSuggestion:
    """A suggested PAF area: ``area`` ("6b"), its title, the score and why.

    ``area`` is None when no phrase of any area is found. ``alternatives`` are the next best
    areas, best first (each without alternatives of its own).
    """

    area: str | None
    title: str | None
    score: float
    reason: str
    alternatives: list[PafSuggestion] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"area": self.area, "title": self.title, "score": round(self.score, 2),
                "reason": self.reason,
                "alternatives": [a.to_dict() for a in self.alternatives]}


@dataclass(frozen=True)
class Area:
    id: str
    question: int
    title: str


@dataclass
class _Framework:
    areas: dict[str, Area]
    # first stem -> [(stem sequence, phrase as written, {area id: points})]
    phrases: dict[str, list[tuple[tuple[str, ...], str, dict[str, float]]]]


def _stems(text: str) -> list[str]:
    return [stem(w) for w in _WORD_RE.findall(fold(text).replace("'", ""))]


@lru_cache(maxsize=4)
def load_framework(path: Path = DATA) -> _Framework:
    """Read the areas and their phrases (cached)."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    areas: dict[str, Area] = {}
    by_question: dict[int, list[str]] = defaultdict(list)
    for entry in data["area"]:
        area = Area(id=entry["id"], question=int(entry["question"]), title=entry["title"])
        areas[area.id] = area
        by_question[area.question].append(area.id)
    # phrase stems -> {area: points}
    points: dict[tuple[str, ...], dict[str, float]] = defaultdict(dict)
    written: dict[tuple[str, ...], str] = {}
    listed: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for entry in data["area"]:
        for phrase in entry["keywords"]:
            key = tuple(_stems(phrase))
            if key and entry["id"] not in listed[key]:
                listed[key].append(entry["id"])
                written.setdefault(key, phrase)
    for key, owners in listed.items():
        value = (1 + 0.5 * (len(key) - 1)) / len(owners)
        for owner in owners:
            points[key][owner] = value
    for entry in data["question"]:
        owners = by_question[int(entry["number"])]
        for phrase in entry["keywords"]:
            key = tuple(_stems(phrase))
            if not key:
                continue
            written.setdefault(key, phrase)
            value = (1 + 0.5 * (len(key) - 1)) * QUESTION_WEIGHT
            for owner in owners:
                points[key][owner] = points[key].get(owner, 0.0) + value
    phrases: dict[str, list] = defaultdict(list)
    for key, shares in points.items():
        phrases[key[0]].append((key, written[key], shares))
    for entries in phrases.values():
        entries.sort(key=lambda e: -len(e[0]))  # longest phrase first
    return _Framework(areas=areas, phrases=dict(phrases))


def suggest_paf_area(text: str, alternatives: int = 3, path: Path = DATA) -> PafSuggestion:
    """The PAF area the text most likely belongs to, with the reason and runners-up."""
    framework = load_framework(path)
    stems = _stems(text or "")
    scores: dict[str, float] = defaultdict(float)
    found: dict[str, dict[str, float]] = defaultdict(dict)  # area -> phrase -> points
    i = 0
    while i < len(stems):
        for key, phrase, shares in framework.phrases.get(stems[i], ()):
            if tuple(stems[i:i + len(key)]) == key:
                for area, value in shares.items():
                    scores[area] += value
                    found[area][phrase] = found[area].get(phrase, 0.0) + value
                break  # the longest phrase at this word wins
        i += 1
    order = list(framework.areas)
    ranked = sorted(scores, key=lambda a: (-scores[a], order.index(a)))
    if not ranked:
        return PafSuggestion(area=None, title=None, score=0.0,
                             reason="no phrase of any PAF area found")

    def suggestion(area_id: str) -> PafSuggestion:
        phrases = sorted(found[area_id], key=lambda p: -found[area_id][p])[:4]
        return PafSuggestion(area=area_id, title=framework.areas[area_id].title,
                             score=round(scores[area_id], 2),
                             reason="mentions: " + ", ".join(phrases))

    best = suggestion(ranked[0])
    best.alternatives = [suggestion(a) for a in ranked[1:1 + alternatives]]
    return best


@dataclass
class PafEvaluation:
    """Top-1 and top-3 accuracy of the suggestions on a labelled set."""

    total: int
    top1: int
    top3: int
    misses: list[dict[str, Any]]

    @property
    def top1_accuracy(self) -> float:
        return self.top1 / self.total if self.total else 0.0

    @property
    def top3_accuracy(self) -> float:
        return self.top3 / self.total if self.total else 0.0


def load_cases(path: Path) -> list[dict[str, str]]:
    """Labelled texts from a JSON file: a list (or {"cases": [...]}) of {text, area}."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if isinstance(data, dict):
        data = data.get("cases")
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of {{text, area}} or {{\"cases\": [...]}}")
    areas = load_framework().areas
    for i, case in enumerate(data, start=1):
        if not isinstance(case, dict) or not isinstance(case.get("text"), str):
            raise ValueError(f"{path}: case {i} has no text")
        if case.get("area") not in areas:
            raise ValueError(f"{path}: case {i}: area {case.get('area')!r} is not a PAF area")
    return data


def evaluate_paf(cases: list[dict[str, str]]) -> PafEvaluation:
    """Score :func:`suggest_paf_area` on labelled cases."""
    top1 = top3 = 0
    misses = []
    for case in cases:
        result = suggest_paf_area(case["text"])
        ranked = [result.area] + [a.area for a in result.alternatives]
        top1 += ranked[0] == case["area"]
        top3 += case["area"] in ranked[:3]
        if ranked[0] != case["area"]:
            misses.append({"text": case["text"], "expected": case["area"],
                           "got": result.area, "reason": result.reason})
    return PafEvaluation(total=len(cases), top1=top1, top3=top3, misses=misses)


def format_evaluation(evaluation: PafEvaluation, width: int = 70) -> str:
    lines = [f"PAF area suggestion on {evaluation.total} items: "
             f"top-1 {evaluation.top1_accuracy:.1%} ({evaluation.top1}/{evaluation.total}), "
             f"top-3 {evaluation.top3_accuracy:.1%}"]
    for miss in evaluation.misses:
        text = miss["text"] if len(miss["text"]) <= width else miss["text"][: width - 1] + "…"
        lines.append(f"  expected {miss['expected']}, got {miss['got'] or '-'} "
                     f"({miss['reason']}): {text}")
    return "\n".join(lines) + "\n"
