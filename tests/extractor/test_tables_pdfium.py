"""Ruled tables found from PDFium's path objects, compared with pdfplumber's table finder.

Each PDF is drawn here with reportlab; the tables ``extractor.tables`` finds from the edges
``extractor.pdftext`` reads must be those pdfplumber's ``find_tables()`` finds on the same
page (same cells, to a hundredth of a point).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber import table as plumber_table
from pdfplumber.utils import filter_edges
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractor.layout import build_layout
from extractor.pdftext import iter_pages
from extractor.tables import find_tables, is_grid, table_boxes

REPO = Path(__file__).resolve().parents[2]
WIDTH, HEIGHT = A4


def draw(path: Path, *pages) -> Path:
    """A PDF with one page per drawing function (each called with the canvas)."""
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    for page in pages:
        page(canvas)
        canvas.showPage()
    canvas.save()
    return path


def ours(path: Path) -> list[list[list[tuple]]]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [find_tables(p.horizontal, p.vertical) for p in iter_pages(pdf)]
    finally:
        pdf.close()


def theirs(path: Path) -> list[list[list[tuple]]]:
    with pdfplumber.open(path) as pdf:
        return [[[tuple(c) for c in t.cells] for t in page.find_tables()] for page in pdf.pages]


def same_as_pdfplumber(path: Path) -> list[list[list[tuple]]]:
    """Our tables on every page, checked against pdfplumber's."""
    found, expected = ours(path), theirs(path)
    assert len(found) == len(expected)
    for page, (mine, plumber) in enumerate(zip(found, expected, strict=True), start=1):
        assert len(mine) == len(plumber), (page, mine, plumber)
        for table, other in zip(mine, plumber, strict=True):
            assert len(table) == len(other), (page, table, other)
            for cell, cell_other in zip(table, other, strict=True):
                assert cell == pytest.approx(cell_other, abs=0.01), (page, table, other)
    return found


def grid(canvas, x0: float, top: float, widths: list[float], heights: list[float]) -> None:
    """Rules along every row and column of a table (y from the top of the page)."""
    x1, bottom = x0 + sum(widths), top + sum(heights)
    y = top
    for h in [0.0, *heights]:
        y += h
        canvas.line(x0, HEIGHT - y, x1, HEIGHT - y)
    x = x0
    for w in [0.0, *widths]:
        x += w
        canvas.line(x, HEIGHT - top, x, HEIGHT - bottom)


def test_a_table_drawn_with_rules(tmp_path):
    def page(c):
        c.setFont("Helvetica", 10)
        c.drawString(80, HEIGHT - 110, "No.")
        grid(c, 72, 100, [60, 250, 120], [20, 40, 40])

    [tables] = same_as_pdfplumber(draw(tmp_path / "rules.pdf", page))
    [table] = tables
    assert len(table) == 9
    assert table[0] == pytest.approx((72, 100, 132, 120), abs=0.01)
    assert table_boxes_of(tmp_path / "rules.pdf") == [[pytest.approx((72, 100, 502, 200),
                                                                      abs=0.01)]]


def test_rows_drawn_as_rectangles_with_rules_between_columns(report):
    """The builder's ruled table: a stroked rectangle per row, a rule between columns."""
    pdf = report()
    pdf.heading("Progress")
    pdf.cell_table([
        ["No.", "Recommendation", "Status"],
        ["1", ["The force should review its bail policy.", "It should report."], "Complete"],
        ["2", "The force should train its custody staff.", "In progress"],
    ], [50.0, 340.0, 90.0])
    [tables] = same_as_pdfplumber(pdf.save())
    [table] = tables
    assert len(table) == 9 and is_grid(table)


def test_a_table_drawn_with_a_rectangle_per_cell(tmp_path):
    def page(c):
        top = 150.0
        for row, height in enumerate([18.0, 30.0, 30.0, 30.0]):
            x = 72.0
            for width in [80.0, 200.0, 100.0]:
                c.rect(x, HEIGHT - top - height, width, height, stroke=1, fill=0)
                x += width
            top += height + (0.4 if row == 1 else 0.0)  # a hair's gap: still one table

    [tables] = same_as_pdfplumber(draw(tmp_path / "cells.pdf", page))
    [table] = tables
    assert len(table) == 12


def test_cells_filled_without_borders_are_a_table_too(tmp_path):
    def page(c):
        c.setFillColorRGB(0.85, 0.9, 0.95)
        for row in range(3):
            for col in range(2):
                c.rect(72 + col * 201, HEIGHT - 200 - row * 31, 200, 30, stroke=0, fill=1)

    [tables] = same_as_pdfplumber(draw(tmp_path / "filled.pdf", page))
    # The one-point gaps between the fills are within the snapping distance: one table, its
    # rules in the middle of the gaps.
    [table] = tables
    assert len(table) == 6 and is_grid(table)
    assert table[1] == pytest.approx((72.0, 200.5, 272.5, 231.5), abs=0.01)


def test_a_ruled_table_with_merged_cells(tmp_path):
    def page(c):
        x0, x1, x2, x3 = 72.0, 200.0, 350.0, 500.0
        y = [HEIGHT - v for v in (100.0, 120.0, 160.0, 200.0, 240.0)]
        for k, level in enumerate(y):
            # The header spans the last two columns; the second cell of the first column
            # spans two rows, so the rule between them stops at the first column.
            start = x1 if k == 3 else x0
            c.line(start, level, x3, level)
        c.line(x0, y[0], x0, y[-1])
        c.line(x1, y[0], x1, y[-1])
        c.line(x2, y[1], x2, y[-1])  # no rule between the merged header's columns
        c.line(x3, y[0], x3, y[-1])

    [tables] = same_as_pdfplumber(draw(tmp_path / "merged.pdf", page))
    [table] = tables
    spans = sorted(table)
    assert pytest.approx(spans[0], abs=0.01) == (72.0, 100.0, 200.0, 120.0)
    assert len(table) == 10  # four rows of three cells, less the two merges
    assert any(cell == pytest.approx((200.0, 100.0, 500.0, 120.0), abs=0.01) for cell in table)
    assert any(cell == pytest.approx((72.0, 160.0, 200.0, 240.0), abs=0.01) for cell in table)


def test_decorative_lines_are_no_table(tmp_path):
    def page(c):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, HEIGHT - 90, "Summary")
        c.setLineWidth(2)
        c.line(72, HEIGHT - 96, WIDTH - 72, HEIGHT - 96)  # a rule under the heading
        c.setLineWidth(1)
        c.line(72, HEIGHT - 150, 72, HEIGHT - 230)  # a bar beside a quotation
        c.rect(72, HEIGHT - 400, WIDTH - 144, 120, stroke=1, fill=0)  # a box round text
        c.line(100, HEIGHT - 300, 300, HEIGHT - 302)  # a slanted stroke
        c.roundRect(72, HEIGHT - 600, 300, 120, 12, stroke=1, fill=0)  # a rounded panel
        c.circle(400, HEIGHT - 700, 30, stroke=1, fill=0)
        c.line(72, 60, WIDTH - 72, 60)  # the footer's rule

    [tables] = same_as_pdfplumber(draw(tmp_path / "decoration.pdf", page))
    assert tables == []


def test_a_box_with_a_bar_beside_it_is_a_table_but_no_grid(tmp_path):
    def page(c):
        c.rect(72, HEIGHT - 300, 400, 100, stroke=1, fill=0)
        c.rect(72, HEIGHT - 300, 6, 100, stroke=0, fill=1)

    [tables] = same_as_pdfplumber(draw(tmp_path / "bar.pdf", page))
    [table] = tables
    assert not is_grid(table)
    assert table_boxes_of(tmp_path / "bar.pdf") == [[]]


def test_rules_under_a_transformation_and_inside_a_form(tmp_path):
    def page(c):
        c.saveState()
        c.translate(60, 500)
        c.scale(1.5, 0.8)
        grid(c, 10, HEIGHT - 10 - 100, [50, 80], [30, 30])
        c.restoreState()
        c.beginForm("table")
        grid(c, 72, 500, [100, 100, 100], [25, 25])
        c.endForm()
        c.saveState()
        c.translate(0, -150)
        c.doForm("table")
        c.restoreState()

    [tables] = same_as_pdfplumber(draw(tmp_path / "transformed.pdf", page))
    assert sorted(len(t) for t in tables) == [4, 6]


def test_rules_three_points_apart_snap_to_one(tmp_path):
    def page(c):
        grid(c, 72, 100, [100, 100], [30, 30])
        c.line(72, HEIGHT - 133, 272, HEIGHT - 133)  # 3 points below the middle rule

    [tables] = same_as_pdfplumber(draw(tmp_path / "snap.pdf", page))
    [table] = tables
    assert len(table) == 4


def test_each_page_has_its_own_tables(tmp_path):
    def first(c):
        grid(c, 72, 100, [100, 100], [30, 30])

    def second(c):
        c.line(72, 500, 400, 500)

    def third(c):
        grid(c, 72, 300, [60, 60, 60], [20, 20, 20])

    tables = same_as_pdfplumber(draw(tmp_path / "pages.pdf", first, second, third))
    assert [[len(t) for t in page] for page in tables] == [[4], [], [9]]


def test_the_layout_marks_cells_of_a_table_the_rules_draw(tmp_path):
    def page(c):
        c.setFont("Helvetica", 10)
        for row, cells in enumerate([("Area", "Grade"), ("Crime", "Good"), ("Custody", "Poor")]):
            for col, text in enumerate(cells):
                c.drawString(76 + col * 200, HEIGHT - 114 - row * 20, text)
        grid(c, 72, 100, [200, 200], [20, 20, 20])
        c.drawString(72, HEIGHT - 300, "A paragraph below the table, outside it.")

    pdf = pdfium.PdfDocument(draw(tmp_path / "layout.pdf", page))
    try:
        layout = build_layout(list(iter_pages(pdf)))
    finally:
        pdf.close()
    table = {ln.text for ln in layout.lines if ln.table}
    assert table == {"Area", "Grade", "Crime", "Good", "Custody", "Poor"}


def test_extraction_does_not_load_pdfplumber(tmp_path, report):
    pdf = report()
    pdf.heading("Recommendations")
    pdf.cell_table([["No.", "Recommendation"],
                    ["1", "By 31 March 2026, the force should review its bail policy."]],
                   [50.0, 400.0])
    path = pdf.save()
    script = ("import sys; from extractor.pipeline import extract_document; "
              f"items = extract_document({str(path)!r}).items; "
              "assert len(items) == 1, items; "
              "assert not {'pdfplumber', 'pdfminer'} & set(sys.modules), 'loaded'")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=REPO)


def table_boxes_of(path: Path) -> list[list[tuple]]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [table_boxes(p.horizontal, p.vertical) for p in iter_pages(pdf)]
    finally:
        pdf.close()


# --------------------------------------------------------------------------- the functions

# Rules along a few rows and columns, nudged off their lines and cut short or run on, so
# that edges snap, join, cross, miss and close cells in every way.
_nudge = st.sampled_from([0.0, 0.5, 1.0, 2.0, 2.5, 3.0, 4.0, -1.0, -3.0])


@st.composite
def _ruled(draw_from) -> tuple[list[tuple], list[tuple]]:
    rows = sorted(draw_from(st.sets(st.integers(1, 12), min_size=2, max_size=6)))
    cols = sorted(draw_from(st.sets(st.integers(1, 12), min_size=2, max_size=6)))

    def rules(places: list[int], across: list[int], level: bool) -> list[tuple]:
        found = []
        for place in places:
            for _ in range(draw_from(st.integers(0, 2))):
                first = draw_from(st.integers(0, len(across) - 2))
                last = draw_from(st.integers(first + 1, len(across) - 1))
                at = place * 20.0 + draw_from(_nudge)
                start = across[first] * 20.0 + draw_from(_nudge)
                end = max(start + 0.5, across[last] * 20.0 + draw_from(_nudge))
                found.append((start, at, end, at) if level else (at, start, at, end))
        return found

    return rules(rows, cols, True), rules(cols, rows, False)


def _as_pdfplumber(edge: tuple, orientation: str) -> dict:
    x0, top, x1, bottom = edge
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "orientation": orientation, "object_type": "line"}


def _pdfplumber_tables(level: list[tuple], upright: list[tuple]) -> list[list[tuple]]:
    """pdfplumber's own steps, with the settings of ``find_tables()``."""
    edges = [_as_pdfplumber(e, "v") for e in upright] + [_as_pdfplumber(e, "h") for e in level]
    edges = filter_edges(edges, "v", min_length=1) + filter_edges(edges, "h", min_length=1)
    edges = plumber_table.merge_edges(edges, 3, 3, 3, 3)
    edges = filter_edges(edges, min_length=3)
    crossings = plumber_table.edges_to_intersections(edges, 3, 3)
    cells = plumber_table.intersections_to_cells(crossings)
    return [[tuple(c) for c in t] for t in plumber_table.cells_to_tables(cells)]


@settings(max_examples=300, deadline=None)
@given(_ruled())
def test_the_steps_find_what_pdfplumbers_find(edges):
    level, upright = edges
    assert find_tables(level, upright) == _pdfplumber_tables(level, upright)
