"""Shared fixtures: builders for report PDFs and helpers to read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.report_builders import ReportPdf


@pytest.fixture
def report(tmp_path: Path):
    """A fresh report-PDF builder writing into the test's directory."""
    counter = iter(range(1000))

    def make(**kwargs) -> ReportPdf:
        return ReportPdf(tmp_path / f"report{next(counter)}.pdf", **kwargs)

    return make
