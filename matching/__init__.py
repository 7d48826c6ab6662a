"""Reconciliation: which tracked items a new item may be the same as, supersede or relate to.

Pure: no database, queue or web. It works on plain records (:class:`ItemText`); the
database layer adapts its rows to them. :class:`MatchIndex` holds the tracked items and
returns, for each new item, the best candidates with a score, a suggested relation, a band,
the reasons and the per-signal evidence. :func:`within_report` relates the items of one
report to each other (one using what another asks to be produced depends on it).
:func:`suggest_paf_area` proposes the PEEL Assessment Framework area of an item.
"""

from __future__ import annotations

from matching.calibrate import CalibrationReport, calibrate
from matching.index import MatchIndex
from matching.items import ItemText, MatchResult, Suggestion
from matching.paf import PafSuggestion, suggest_paf_area
from matching.settings import Thresholds
from matching.within import within_report

__all__ = ["CalibrationReport", "ItemText", "MatchIndex", "MatchResult", "PafSuggestion",
           "Suggestion", "Thresholds", "calibrate", "suggest_paf_area", "within_report"]
