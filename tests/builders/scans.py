"""Scanned PDFs for the OCR tests: report pages printed and scanned (as the scanned sample
is, ``samples.scanned_letter_southdown.scan``), a page with nothing on it, and a page too
large to render. Everything is built where the test runs; nothing large is kept."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from samples.scanned_letter_southdown import scan
from tests.builders.reports import ReportPdf

__all__ = ["QUOTE_INDENT", "REPORT_LINES", "one_page_report", "scan", "too_tall_page",
           "with_blank_page"]

# The report page the tests scan: a heading, a paragraph, an item, a quoted paragraph
# (indented) and a bulleted list.
REPORT_LINES = {
    "intro": ("We inspected how well the force protects victims of stalking and how quickly",
              "it acts when a victim reports harassment for the first time."),
    "item": ("By 31 March 2026, chief constables should make sure that every stalking",
             "report is reviewed by a supervisor within 24 hours of being recorded."),
    "quote": ("The force should improve the way it records the views of victims.",),
    "bullets": ("officers record every report of stalking on the same day;",
                "supervisors review the risk assessment within a day."),
}
QUOTE_INDENT = 24.0


def one_page_report(path: Path) -> Path:
    """A one-page report in Helvetica with a heading, an item, an indented quote and a
    bulleted list."""
    pdf = ReportPdf(path, header=None, page_numbers=False)
    pdf.heading("Stalking and harassment", size=16)
    pdf.lines(*REPORT_LINES["intro"])
    pdf.heading("Recommendation 1", size=12)
    pdf.lines(*REPORT_LINES["item"])
    pdf.lines(*REPORT_LINES["quote"], indent=QUOTE_INDENT)
    pdf.lines("In the cases we reviewed, we found that:")
    for text in REPORT_LINES["bullets"]:
        pdf.bullet(text)
    return pdf.save()


def with_blank_page(source: Path, target: Path, at: int) -> Path:
    """``source`` with a page that has nothing on it (no text, no image) inserted to be
    page ``at`` (1-based)."""
    pdf = pdfium.PdfDocument(str(source))
    try:
        width, height = pdf[0].get_size()
        pdf.new_page(width, height, at - 1).close()
        pdf.save(str(target))
    finally:
        pdf.close()
    return target


def too_tall_page(target: Path, heights: int = 10_000) -> Path:
    """One page ``heights`` A4 pages tall holding one small image stretched over it."""
    width, height = A4[0], A4[1] * heights
    canvas = Canvas(str(target), pagesize=(width, height), invariant=1)
    image = io.BytesIO()
    Image.new("L", (60, 80), 235).save(image, "PNG")
    canvas.drawImage(ImageReader(io.BytesIO(image.getvalue())), 0, 0, width, height)
    canvas.showPage()
    canvas.save()
    return target
