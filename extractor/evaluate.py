"""Accuracy scorer: compares extractions with expected extractions.

An actual item *matches* an expected one when kind, number and origin agree and their texts
are close: rapidfuzz ``token_set_ratio`` of the compared forms of the texts
(``hmic_actions.words.comparable``) is at least :data:`MATCH_THRESHOLD`. Expected and actual
items are paired one-to-one, best score first. Item precision/recall/F1 count the pairs;
the same figures with origin ignored tell finding an item apart from giving it its origin.
Field accuracy is measured over the pairs, strictly:

* ``text``: the compared forms are equal (a mismatch shows the word difference), so "should"
  against "should not", a text cut short or one that swallowed the next paragraph all count;
* ``deadline``: ``deadline``, ``deadline_relative`` and ``deadline_text`` (compared form);
* ``immediate``, ``applies_to_forces``, ``status``, ``page``: equal (``page`` and the
  report's ``pages`` only for a document with pages: not for Word documents or web pages);
* ``addressees``: ``addressees`` as sets and ``addressees_other`` as sets (compared forms).

What confidence is worth: of the items found with confidence >= :data:`HIGH_CONFIDENCE`,
the share that match an expected item with every field right.

The report block's ``title`` (compared form), ``published`` and ``pages`` are compared too
where the expected extraction gives them. A directory holds cases in either layout:
``X.pdf`` (``X.docx``, ``X.html``) beside ``X.expected.json``, or a folder ``X/`` with
``report.pdf`` (``.docx``, ``.html``) and ``gold.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from extractor.result import SCHEMA_ID
from hmic_actions.words import comparable, shown_diff

MATCH_THRESHOLD = 90.0
HIGH_CONFIDENCE = 0.9

FIELDS = (
    "text",
    "deadline",
    "immediate",
    "addressees",
    "applies_to_forces",
    "status",
    "page",
)
REPORT_FIELDS = ("title", "published", "pages")


# --------------------------------------------------------------------------- results


@dataclass
class Tally:
    """How many of ``total`` comparisons were right."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        """Share right; 1.0 when there was nothing to compare."""
        return self.correct / self.total if self.total else 1.0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)


@dataclass
class FieldMismatch:
    """A matched pair whose field disagrees."""

    item: str  # short label of the expected item, e.g. "recommendation 3 (p. 4)"
    field: str
    expected: Any
    actual: Any


class _ItemRates:
    """Precision, recall and F1 from ``matched``, ``actual_items`` and ``expected_items``."""

    matched: int
    actual_items: int
    expected_items: int

    @property
    def precision(self) -> float:
        """Matched / found; 1.0 when nothing was found (no false claims)."""
        return self.matched / self.actual_items if self.actual_items else 1.0

    @property
    def recall(self) -> float:
        """Matched / expected; 1.0 when nothing was expected."""
        return self.matched / self.expected_items if self.expected_items else 1.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


@dataclass
class SampleScore(_ItemRates):
    """The score of one extraction against its expected extraction."""

    name: str
    expected_items: int = 0
    actual_items: int = 0
    matched: int = 0
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    missed: list[str] = field(default_factory=list)
    # For a missed item, the unmatched found item with the same kind, number and origin
    # whose text came closest: (missed label, found label, token_set_ratio).
    near_misses: list[tuple[str, str, float]] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong: list[FieldMismatch] = field(default_factory=list)
    report: dict[str, bool] = field(default_factory=dict)
    report_wrong: list[FieldMismatch] = field(default_factory=list)
    schema_problems: list[str] = field(default_factory=list)
    error: str | None = None
    matched_any_origin: int = 0  # pairs when origin is not compared
    confident: int = 0  # items found with confidence >= HIGH_CONFIDENCE
    confident_right: int = 0  # ... that match with every field right

    @property
    def perfect(self) -> bool:
        """Every item found, nothing spurious, every field and report fact right."""
        return (
            self.error is None
            and not self.schema_problems
            and self.matched == self.expected_items == self.actual_items
            and all(t.correct == t.total for t in self.fields.values())
            and all(self.report.values())
        )


@dataclass
class EvaluationReport(_ItemRates):
    """Scores for every sample of a directory, with overall (micro-averaged) figures."""

    samples: list[SampleScore] = field(default_factory=list)
    # PDFs without an expected JSON, and expected JSONs without a PDF.
    unpaired: list[str] = field(default_factory=list)

    @property
    def expected_items(self) -> int:
        return sum(s.expected_items for s in self.samples)

    @property
    def actual_items(self) -> int:
        return sum(s.actual_items for s in self.samples)

    @property
    def matched(self) -> int:
        return sum(s.matched for s in self.samples)

    @property
    def origin_blind(self) -> _Rates:
        """Precision, recall and F1 when origin is not compared."""
        return _Rates(sum(s.matched_any_origin for s in self.samples), self.actual_items,
                      self.expected_items)

    @property
    def confident(self) -> Tally:
        """Items found with high confidence, and how many of them are right in every field."""
        return Tally(sum(s.confident_right for s in self.samples),
                     sum(s.confident for s in self.samples))

    @property
    def fields(self) -> dict[str, Tally]:
        """Field accuracy over every matched pair of every sample."""
        totals = {f: Tally() for f in FIELDS}
        for sample in self.samples:
            for name, tally in sample.fields.items():
                totals[name].correct += tally.correct
                totals[name].total += tally.total
        return totals

    @property
    def report(self) -> dict[str, Tally]:
        """Agreement of the report block's facts across samples."""
        totals = {f: Tally() for f in REPORT_FIELDS}
        for sample in self.samples:
            for name, ok in sample.report.items():
                totals[name].add(ok)
        return totals

    @property
    def perfect(self) -> bool:
        return bool(self.samples) and all(s.perfect for s in self.samples)


@dataclass
class _Rates(_ItemRates):
    matched: int
    actual_items: int
    expected_items: int


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# --------------------------------------------------------------------------- scoring


def _fold(text: Any) -> str:
    return comparable(str(text or ""))


def _label(item: dict) -> str:
    number = item.get("number")
    kind = str(item.get("kind", "?")).replace("_", " ")
    label = f"{kind} {number}" if number else f"{kind} (unnumbered)"
    if item.get("origin") == "earlier_report":
        label += " [earlier report]"
    page = item.get("page")
    if page is not None:
        label += f" (p. {page})"
    words = str(item.get("text") or "").split()
    snippet = " ".join(words[:10]) + (" ..." if len(words) > 10 else "")
    return f'{label}: "{snippet}"'


def _number(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _same_key(expected: dict, actual: dict, origin: bool = True) -> bool:
    keys = ("kind", "origin") if origin else ("kind",)
    return all(expected.get(k) == actual.get(k) for k in keys) and (
        _number(expected.get("number")) == _number(actual.get("number")))


def match_items(expected: list[dict], actual: list[dict], origin: bool = True
                ) -> list[tuple[int, int, float]]:
    """Pair expected with actual items one-to-one, best text score first (origin compared
    unless ``origin`` is false).

    Returns ``(expected index, actual index, score)`` for each pair.
    """
    candidates = []
    folded_actual = [_fold(a.get("text")) for a in actual]
    for i, exp in enumerate(expected):
        exp_text = _fold(exp.get("text"))
        for j, act in enumerate(actual):
            if not _same_key(exp, act, origin):
                continue
            score = fuzz.token_set_ratio(exp_text, folded_actual[j])
            if score >= MATCH_THRESHOLD:
                # Ties: prefer the same page, then document order.
                page_gap = abs((exp.get("page") or 0) - (act.get("page") or 0))
                candidates.append((-score, page_gap, i, j))
    candidates.sort()
    used_e: set[int] = set()
    used_a: set[int] = set()
    pairs = []
    for neg_score, _gap, i, j in candidates:
        if i in used_e or j in used_a:
            continue
        used_e.add(i)
        used_a.add(j)
        pairs.append((i, j, -neg_score))
    return sorted(pairs)


def _field_values(name: str, item: dict) -> Any:
    if name == "text":
        return _fold(item.get("text"))
    if name == "deadline":
        return (item.get("deadline"), item.get("deadline_relative"),
                _fold(item.get("deadline_text")) or None)
    if name == "addressees":
        return (
            frozenset(item.get("addressees") or ()),
            frozenset(_fold(x) for x in item.get("addressees_other") or ()),
        )
    if name in ("immediate", "applies_to_forces"):
        return bool(item.get(name))
    return item.get(name)


def _field_ok(name: str, expected: dict, actual: dict) -> bool:
    return _field_values(name, expected) == _field_values(name, actual)


def _shown(name: str, item: dict) -> Any:
    """A field's value as shown in a mismatch line."""
    if name == "text":
        return item.get("text")
    if name == "deadline":
        return {
            "deadline": item.get("deadline"),
            "deadline_relative": item.get("deadline_relative"),
            "deadline_text": item.get("deadline_text"),
        }
    if name == "addressees":
        return {
            "addressees": list(item.get("addressees") or []),
            "addressees_other": list(item.get("addressees_other") or []),
        }
    return item.get(name)


def score_sample(expected: dict, actual: dict, name: str = "") -> SampleScore:
    """Score one extraction (``actual``, the contract dict) against ``expected``."""
    score = SampleScore(name=name)
    exp_items = list(expected.get("items") or [])
    act_items = list(actual.get("items") or [])
    score.expected_items = len(exp_items)
    score.actual_items = len(act_items)

    pairs = match_items(exp_items, act_items)
    score.matched = len(pairs)
    matched_e = {i for i, _, _ in pairs}
    matched_a = {j for _, j, _ in pairs}
    score.missed = [_label(item) for i, item in enumerate(exp_items) if i not in matched_e]
    score.spurious = [_label(item) for j, item in enumerate(act_items) if j not in matched_a]
    for i, exp in enumerate(exp_items):
        if i in matched_e:
            continue
        near = [
            (fuzz.token_set_ratio(_fold(exp.get("text")), _fold(act.get("text"))), j)
            for j, act in enumerate(act_items)
            if j not in matched_a and _same_key(exp, act)
        ]
        if near:
            similarity, j = max(near)
            score.near_misses.append((_label(exp), _label(act_items[j]), round(similarity, 1)))

    # A document without pages (Word, a web page) gives no page numbers: they are not scored.
    paged = (actual.get("report") or {}).get("pages", 0) is not None
    fields = FIELDS if paged else tuple(f for f in FIELDS if f != "page")
    all_right: set[int] = set()
    for i, j, _ in pairs:
        exp, act = exp_items[i], act_items[j]
        right = True
        for name_ in fields:
            ok = _field_ok(name_, exp, act)
            right = right and ok
            score.fields[name_].add(ok)
            if not ok:
                score.wrong.append(
                    FieldMismatch(_label(exp), name_, _shown(name_, exp), _shown(name_, act))
                )
        if right:
            all_right.add(j)
    score.matched_any_origin = len(match_items(exp_items, act_items, origin=False))
    for j, act in enumerate(act_items):
        confidence = act.get("confidence")
        if isinstance(confidence, int | float) and confidence >= HIGH_CONFIDENCE:
            score.confident += 1
            score.confident_right += j in all_right

    exp_report = expected.get("report") or {}
    act_report = actual.get("report") or {}
    for key in REPORT_FIELDS:
        if key not in exp_report or (key == "pages" and not paged):
            continue
        want, got = exp_report.get(key), act_report.get(key)
        ok = _fold(want) == _fold(got) if key == "title" else want == got
        score.report[key] = ok
        if not ok:
            score.report_wrong.append(FieldMismatch("report", key, want, got))
    return score


# --------------------------------------------------------------------------- directories


#: The documents a case may hold, by suffix: a case named ``X`` for ``X.pdf``, ``X.docx``
#: for a Word version of the same report and ``X.html`` for a saved web page of it.
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".html")


def find_cases(directory: Path) -> tuple[dict[str, tuple[Path, Path]], list[str]]:
    """The cases of ``directory`` by name, (document, expected JSON), and the files left
    unpaired.

    Two layouts: ``X.pdf`` (or ``X.docx``, ``X.html``) beside ``X.expected.json``, and a
    folder ``X/`` holding ``report.pdf`` (or ``report.docx``, ``report.html``) and
    ``gold.json``. Each document beside one expected file is a case of its own, so a
    report's Word and web versions are held to the same items as its PDF.
    """
    directory = Path(directory)
    cases: dict[str, tuple[Path, Path]] = {}
    unpaired: list[str] = []
    documents = {(p.name[: -len(p.suffix)], p.suffix): p for suffix in DOCUMENT_SUFFIXES
                 for p in directory.glob(f"*{suffix}") if p.is_file()}
    expected_files = {
        p.name[: -len(".expected.json")]: p for p in directory.glob("*.expected.json")
    }
    stems = {stem for stem, _suffix in documents}
    for (stem, suffix), document in sorted(documents.items()):
        if stem in expected_files:
            cases[_case_name(stem, suffix)] = (document, expected_files[stem])
        elif suffix == ".pdf":
            unpaired.append(f"{document.name} (no {stem}.expected.json)")
    for stem in sorted(expected_files.keys() - stems):
        unpaired.append(f"{expected_files[stem].name} (no {stem}.pdf)")
    for folder in sorted(p for p in directory.iterdir() if p.is_dir()):
        gold = folder / "gold.json"
        reports = [folder / f"report{suffix}" for suffix in DOCUMENT_SUFFIXES
                   if (folder / f"report{suffix}").is_file()]
        if reports and gold.is_file():
            for document in reports:
                cases[_case_name(folder.name, document.suffix)] = (document, gold)
        elif gold.is_file() and _is_extraction(gold):
            unpaired.append(f"{folder.name}/gold.json (no {folder.name}/report.pdf)")
    return dict(sorted(cases.items())), unpaired


def _case_name(stem: str, suffix: str) -> str:
    return stem if suffix == ".pdf" else f"{stem}{suffix}"


def _is_extraction(path: Path) -> bool:
    """Whether a gold.json holds an expected extraction (not, say, a matching gold set)."""
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("schema") == SCHEMA_ID
    except (OSError, ValueError, AttributeError):
        return False


def evaluate_dir(
    directory: Path,
    extract: Callable[[Path], dict],
    validate: Callable[[dict], None] | None = None,
) -> EvaluationReport:
    """Score ``extract(PDF)`` against its expected extraction for every case in ``directory``
    (see :func:`find_cases`).

    A failing extraction is recorded on its case (all its items missed), not raised.
    ``validate`` (e.g. ``extractor.schema.validate_extraction``), when given, checks each
    extraction; its complaints make the case imperfect.
    """
    report = EvaluationReport()
    cases, report.unpaired = find_cases(Path(directory))
    for name, (pdf, expected_file) in cases.items():
        expected = json.loads(expected_file.read_text(encoding="utf-8"))
        try:
            actual = extract(pdf)
        except Exception as exc:  # one failing case must not hide the others' scores
            sample = score_sample(expected, {"items": []}, name=name)
            sample.report = {k: False for k in REPORT_FIELDS if k in (expected.get("report") or {})}
            sample.error = _error_text(exc)
            report.samples.append(sample)
            continue
        sample = score_sample(expected, actual, name=name)
        if validate is not None:
            try:
                validate(actual)
            except Exception as exc:
                problems = getattr(exc, "problems", None)
                sample.schema_problems = list(problems) if problems else [_error_text(exc)]
        report.samples.append(sample)
    return report


def _error_text(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    if reason:
        return str(reason)
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


# --------------------------------------------------------------------------- printing


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def format_report(report: EvaluationReport) -> str:
    """A plain-text report: per-sample and overall scores, then what to fix."""
    lines: list[str] = []
    if not report.samples:
        lines.append("no samples found (each X.pdf needs an X.expected.json beside it)")
    else:
        width = max(len("overall"), *(len(s.name) for s in report.samples))
        header = (
            f"{'sample':<{width}}  {'expected':>8}  {'found':>5}  {'matched':>7}  "
            f"{'precision':>9}  {'recall':>7}  {'F1':>7}"
        )
        lines.append(header)
        lines.append("-" * len(header))
        rows: list[Any] = [*report.samples, report]
        for row in rows:
            label = row.name if isinstance(row, SampleScore) else "overall"
            if row is report:
                lines.append("-" * len(header))
            lines.append(
                f"{label:<{width}}  {row.expected_items:>8}  {row.actual_items:>5}  "
                f"{row.matched:>7}  {_pct(row.precision):>9}  {_pct(row.recall):>7}  "
                f"{_pct(row.f1):>7}"
            )
        blind = report.origin_blind
        lines.append(f"{'origin ignored':<{width}}  {blind.expected_items:>8}  "
                     f"{blind.actual_items:>5}  {blind.matched:>7}  {_pct(blind.precision):>9}  "
                     f"{_pct(blind.recall):>7}  {_pct(blind.f1):>7}")
        lines.append("")
        lines.append(f"field accuracy over {report.matched} matched items:")
        for name, tally in report.fields.items():
            lines.append(
                f"  {name:<18} {_pct(tally.accuracy):>7}  ({tally.correct}/{tally.total})"
            )
        confident = report.confident
        lines.append(f"confidence >= {HIGH_CONFIDENCE:g}: {confident.total} items, "
                     f"{_pct(confident.accuracy)} right in every field "
                     f"({confident.correct}/{confident.total})")
        lines.append("report block:")
        for name, tally in report.report.items():
            lines.append(
                f"  {name:<18} {_pct(tally.accuracy):>7}  ({tally.correct}/{tally.total})"
            )

    problems = [s for s in report.samples if not s.perfect]
    if problems or report.unpaired:
        lines.append("")
        lines.append("to fix:")
    for sample in problems:
        lines.append(f"{sample.name}:")
        if sample.error:
            lines.append(f"  extraction failed: {sample.error}")
        for problem in sample.schema_problems[:10]:
            lines.append(f"  schema: {problem}")
        near = {missed: (found, similarity) for missed, found, similarity in sample.near_misses}
        for label in sample.missed:
            lines.append(f"  missed    {label}")
            if label in near:
                found, similarity = near[label]
                lines.append(
                    f"      closest found, text similarity {similarity:g} < {MATCH_THRESHOLD:g}: "
                    f"{found}"
                )
        for label in sample.spurious:
            lines.append(f"  spurious  {label}")
        for miss in sample.wrong:
            lines.append(f"  wrong {miss.field} in {miss.item}")
            if miss.field == "text":
                lines.append(f"      {shown_diff(miss.expected or '', miss.actual or '')}")
                continue
            lines.append(f"      expected {_short(miss.expected)}")
            lines.append(f"      got      {_short(miss.actual)}")
        for miss in sample.report_wrong:
            lines.append(
                f"  wrong report {miss.field}: expected {_short(miss.expected)}, "
                f"got {_short(miss.actual)}"
            )
    if report.unpaired:
        lines.append("unpaired files:")
    for name in report.unpaired:
        lines.append(f"  {name}")
    if report.samples:
        lines.append("")
        lines.append("all samples perfect" if report.perfect else
                     f"{len(problems)} of {len(report.samples)} samples imperfect")
    return "\n".join(lines)
