"""Ruled tables from the rules and rectangles a page draws, with no second parser.

``pdftext`` reads the page's edges from PDFium's path objects in the shape pdfplumber gives
them (a rule is one edge, a rectangle four, any other path the straight, upright or level
pieces between its points). The tables are then found as pdfplumber's table finder finds
them with its default settings: edges within 3 points of each other snapped to one line and
joined where they meet, edges shorter than 3 points dropped, crossings found within 3
points, the smallest cell closed at each crossing, and cells sharing a corner gathered into
a table of at least two cells.

Two departures, both deliberate: a snapped edge sits exactly on the mean of its group (so
edges of one group always join), and a slanted line is not an edge (pdfplumber reads it as
an upright one).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

Edge = tuple[float, float, float, float]  # x0, top, x1, bottom (top == bottom when level)
BBox = tuple[float, float, float, float]

SNAP = 3.0  # edges this close across their length are one line
JOIN = 3.0  # edges on one line this close end to end are one edge
MIN_LENGTH = 3.0  # shorter edges are dropped once joined ...
MIN_LENGTH_BEFORE = 1.0  # ... and these before
CROSSING = 3.0  # how far an edge may stop short of another and still cross it
# PDFium keeps coordinates in single precision: two rules printed exactly 3 points apart may
# read a few hundred-thousandths further apart. Distances are compared with this allowance.
SLACK = 0.001


def find_tables(horizontal: Iterable[Edge], vertical: Iterable[Edge]) -> list[list[BBox]]:
    """The tables the edges draw, each as its cells (x0, top, x1, bottom), top to bottom."""
    level = [e for e in horizontal if e[2] - e[0] >= MIN_LENGTH_BEFORE]
    upright = [e for e in vertical if e[3] - e[1] >= MIN_LENGTH_BEFORE]
    level = [e for e in _merge(level, across=1, along=0) if e[2] - e[0] >= MIN_LENGTH]
    upright = [e for e in _merge(upright, across=0, along=1) if e[3] - e[1] >= MIN_LENGTH]
    return cells_to_tables(intersections_to_cells(edges_to_intersections(level, upright)))


def table_boxes(horizontal: Iterable[Edge], vertical: Iterable[Edge]) -> list[BBox]:
    """Bounding boxes of the tables that form a grid (see ``is_grid``)."""
    return [bbox(cells) for cells in find_tables(horizontal, vertical) if is_grid(cells)]


def bbox(cells: list[BBox]) -> BBox:
    return (min(c[0] for c in cells), min(c[1] for c in cells),
            max(c[2] for c in cells), max(c[3] for c in cells))


def is_grid(cells: list[BBox]) -> bool:
    """At least two rows and two columns of real cells: a box with a bar beside it is not."""
    wide = [c for c in cells if c[2] - c[0] > 20 and c[3] - c[1] > 6]
    return len({round(c[0] / 8) for c in wide}) >= 2 and len({round(c[1] / 4) for c in wide}) >= 2


def _merge(edges: list[Edge], across: int, along: int) -> list[Edge]:
    """Snap edges lying within ``SNAP`` of each other onto their mean line, then join those
    on one line that overlap or stop within ``JOIN`` of each other.

    ``across`` is the index of the coordinate that places the edge (top for a level edge,
    x0 for an upright one), ``along`` of the one where it starts (x0, top).
    """
    if not edges:
        return []
    other_across, end = across + 2, along + 2
    by_line: dict[float, list[Edge]] = {}
    for group in _clusters(edges, across):
        mean = sum(e[across] for e in group) / len(group)
        line = by_line.setdefault(mean, [])
        for e in group:
            moved = list(e)
            moved[other_across] += mean - e[across]
            moved[across] = mean
            line.append((moved[0], moved[1], moved[2], moved[3]))
    merged: list[Edge] = []
    for line in by_line.values():
        line.sort(key=lambda e: e[along])
        current = list(line[0])
        for e in line[1:]:
            if e[along] <= current[end] + JOIN + SLACK:
                current[end] = max(current[end], e[end])
            else:
                merged.append((current[0], current[1], current[2], current[3]))
                current = list(e)
        merged.append((current[0], current[1], current[2], current[3]))
    return merged


def _clusters(edges: list[Edge], key: int) -> list[list[Edge]]:
    """Edges grouped by position, a group running on while each next distinct position is
    within ``SNAP`` of the one before."""
    positions = sorted({e[key] for e in edges})
    cluster_of: dict[float, int] = {}
    index, last = 0, positions[0]
    for p in positions:
        if p > last + SNAP + SLACK:
            index += 1
        cluster_of[p] = index
        last = p
    groups: list[list[Edge]] = [[] for _ in range(index + 1)]
    for e in edges:
        groups[cluster_of[e[key]]].append(e)
    return groups


Point = tuple[float, float]


def edges_to_intersections(level: list[Edge], upright: list[Edge]
                           ) -> dict[Point, tuple[set[Edge], set[Edge]]]:
    """Where an upright edge crosses a level one (within ``CROSSING``): the point (x of the
    upright edge, top of the level one) with the upright and level edges through it."""
    crossings: dict[Point, tuple[set[Edge], set[Edge]]] = {}
    reach = CROSSING + SLACK
    level = sorted(level, key=lambda e: (e[1], e[0]))
    tops = [e[1] for e in level]
    for v in sorted(upright, key=lambda e: (e[0], e[1])):
        x = v[0]
        start = bisect.bisect_left(tops, v[1] - reach)
        stop = bisect.bisect_right(tops, v[3] + reach)
        for h in level[start:stop]:
            if h[0] - reach <= x <= h[2] + reach:
                point = (x, h[1])
                found = crossings.get(point)
                if found is None:
                    found = crossings[point] = (set(), set())
                found[0].add(v)
                found[1].add(h)
    return crossings


def intersections_to_cells(crossings: dict[Point, tuple[set[Edge], set[Edge]]]
                           ) -> list[BBox]:
    """The smallest cell whose top-left corner is each crossing: the first crossing below it
    and the first to its right joined to it by an edge, whose shared corner is joined to both."""
    below: dict[float, list[float]] = {}
    right: dict[float, list[float]] = {}
    for x, y in crossings:
        below.setdefault(x, []).append(y)
        right.setdefault(y, []).append(x)
    for ys in below.values():
        ys.sort()
    for xs in right.values():
        xs.sort()
    cells = []
    for x, y in sorted(crossings):
        upright, level = crossings[(x, y)]
        cell = None
        ys = below[x]
        xs = right[y]
        for y2 in ys[bisect.bisect_right(ys, y):]:
            if not upright & crossings[(x, y2)][0]:
                continue
            down_level = crossings[(x, y2)][1]
            for x2 in xs[bisect.bisect_right(xs, x):]:
                across_upright = crossings[(x2, y)][0]
                if not level & crossings[(x2, y)][1]:
                    continue
                corner = crossings.get((x2, y2))
                if corner is not None and corner[0] & across_upright and corner[1] & down_level:
                    cell = (x, y, x2, y2)
                    break
            if cell is not None:
                break
        if cell is not None:
            cells.append(cell)
    return cells


def cells_to_tables(cells: list[BBox]) -> list[list[BBox]]:
    """Cells gathered into tables: a cell sharing a corner with a table belongs to it.

    Tables of one cell are dropped; the rest come top to bottom, then left to right.
    """
    remaining = list(cells)
    tables: list[list[BBox]] = []
    while remaining:
        table = [remaining.pop(0)]
        corners = set(_corners(table[0]))
        grew = True
        while grew:
            grew = False
            kept = []
            for cell in remaining:
                cell_corners = _corners(cell)
                if any(c in corners for c in cell_corners):
                    corners.update(cell_corners)
                    table.append(cell)
                    grew = True
                else:
                    kept.append(cell)
            remaining = kept
        tables.append(table)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _corners(cell: BBox) -> tuple[Point, Point, Point, Point]:
    x0, top, x1, bottom = cell
    return (x0, top), (x0, bottom), (x1, top), (x1, bottom)
