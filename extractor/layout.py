"""From positioned segments to body lines in reading order.

Removes what is not body text (running headers and footers, page numbers, footnotes),
orders two-column pages column by column, and marks lines that sit in shaded boxes, in
tables, on contents pages, or that are headings. The result is a flat list of `Line`s
for the whole document, which `extractor.segment` turns into items.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from extractor.pdftext import OutlineEntry, PageText, Rect, Segment
from extractor.tables import table_boxes
from extractor.text import BULLETS, fold_key, normalise_text

# Share of the page height at the top and bottom where running headers and footers live.
MARGIN_ZONE = 0.12
# A line repeated at the same place on at least this share of pages is a running header/footer.
REPEAT_SHARE = 0.4
HEADING_SIZE_RATIO = 1.12
FOOTNOTE_SIZE_RATIO = 0.92
# Text smaller than this (points) is never the body text of a report.
MIN_BODY_SIZE = 4.0

_PAGE_NUMBER = re.compile(
    r"^(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$|^[ivxlc]{1,6}$",
    re.IGNORECASE,
)
_LEADER = re.compile(r"(\.\s?){4,}\s*\d{1,4}$|(\s\.){3,}\s*\d{1,4}$")
_FOOTNOTE_START = re.compile(r"^([0-9]{1,3}|[*†‡§])(\s|[A-Za-z(\"'“])")
_CONTENTS_TITLE = re.compile(r"^(table of )?contents$", re.IGNORECASE)
# A paragraph number hanging beside its paragraph: "2.3", "12", "4.1.2".
_PARAGRAPH_NUMBER = re.compile(r"^\(?\d{1,2}(?:\.\d{1,2}){0,2}[.)]?$")
_OPENS_SENTENCE = re.compile(r"^[\"'(]?[A-Z]")
# Glyphs that mark a list entry when they stand alone before its text.
BULLET_GLYPHS = set(BULLETS) | {"-", "\u2013", "\u2014", "o", "\uf0b7", "\uf0a7", "\u25aa", "\x7f",
                                "\u2022"}


@dataclass
class Line:
    """One line (or table cell) of body text, in reading order."""

    page: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    column: int = 0  # 0 single/full width, 1 left, 2 right
    box: tuple[int, int] | None = None  # (page, index) of the shaded box it sits in
    table: bool = False
    contents: bool = False
    heading: int = 0  # 0 not a heading, else level (1 largest)
    row_cells: int = 1  # segments on the same visual line in the same column
    role: str | None = None  # structure role from the PDF's tags (see pdftext.Segment)
    number: str | None = None  # the paragraph number hanging beside the line ("2.3")
    # Where the line is in a document without pages (extractor.document.Location).
    location: Any = None


@dataclass
class Layout:
    lines: list[Line]
    body_size: float
    page_count: int
    page_heights: dict[int, float]
    removed: Counter  # what was removed, by reason, for confidence and diagnostics
    # Coloured fills on each page (x0, top, x1, bottom, rgb): a table cell's RAG colour.
    fills: dict[int, list[tuple[float, float, float, float, tuple[int, int, int]]]] = field(
        default_factory=dict)
    # False for a document without pages (Word, a web page): its pages are virtual, so no
    # page number or box on a page is given for its items.
    paged: bool = True


BBox = tuple[float, float, float, float]
TableFinder = Callable[[int, list[BBox]], list[BBox]]


def build_layout(
    pages: list[PageText],
    outline: Iterable[OutlineEntry] = (),
    find_tables: TableFinder | None = None,
) -> Layout:
    """Clean and order the text of every page.

    Ruled tables are found from the edges the page's paths draw (``extractor.tables``) on
    pages whose rules look like a grid; ``find_tables(page_number, grid)``, when given, finds
    them instead (it returns bounding boxes, x0, top, x1, bottom).
    """
    removed: Counter = Counter()
    tables = {page.number: _table_boxes(page, find_tables) for page in pages}
    body_size = _body_size(pages, tables)
    _remove_running_lines(pages, body_size, removed)
    outline_titles = {(e.page, fold_key(e.title)) for e in outline if e.page}
    lines: list[Line] = []
    for page in pages:
        segments = _remove_footnotes(page, body_size, removed)
        lines.extend(_page_lines(page, segments, body_size, tables[page.number],
                                 outline_titles))
    _mark_contents(lines)
    _level_headings(lines)
    fills = {p.number: [(r.x0, r.top, r.x1, r.bottom, r.fill) for r in p.rects
                        if r.shaded and r.fill is not None] for p in pages}
    return Layout(lines, body_size, len(pages), {p.number: p.height for p in pages}, removed,
                  fills)


def _body_size(pages: list[PageText], tables: dict[int, list] | None = None) -> float:
    sizes: Counter = Counter()
    in_tables: Counter = Counter()
    for page in pages:
        regions = (tables or {}).get(page.number, [])
        for seg in page.segments:
            cell = seg.role == "table" or any(_center_in(seg, r) for r in regions)
            (in_tables if cell else sizes)[round(seg.size * 2) / 2] += len(seg.text)
    # Table cells are often set smaller than the text around them; a tracker that is mostly
    # table must not make its paragraphs look like headings.
    if sum(sizes.values()) < 300:
        sizes += in_tables
    # Microprint (hidden or filler text) can outnumber the real text by characters; taken as
    # the body size, it would make every readable line a heading.
    legible = Counter({size: n for size, n in sizes.items() if size >= MIN_BODY_SIZE})
    sizes = legible or sizes
    return float(sizes.most_common(1)[0][0]) if sizes else 10.0


def _zone(seg: Segment, page: PageText) -> str | None:
    if seg.bottom <= page.height * MARGIN_ZONE:
        return "top"
    if seg.top >= page.height * (1 - MARGIN_ZONE):
        return "bottom"
    return None


def _remove_running_lines(pages: list[PageText], body_size: float, removed: Counter) -> None:
    """Drop page numbers and lines repeated at the same place across pages."""
    seen: Counter = Counter()
    keys: dict[int, str] = {}
    for page in pages:
        page_keys = set()
        for seg in page.segments:
            zone = _zone(seg, page)
            if zone:
                key = f"{zone}|{round(seg.top / 6)}|{re.sub(r'[0-9ivxlc]+', '#', seg.text.lower())}"
                keys[id(seg)] = key
                page_keys.add(key)
        seen.update(page_keys)
    threshold = max(2, REPEAT_SHARE * len(pages))
    exact = Counter(s.text for p in pages for s in p.segments if id(s) in keys)
    for page in pages:
        running = set()
        for seg in page.segments:
            key = keys.get(id(seg))
            # Text that differs only in its numbers ("Page 3", "Chapter 2") repeats like a
            # running line; a heading such as "Recommendation 2" in the same place on each
            # page does not count unless its text repeats exactly.
            if key is not None and seen[key] >= threshold and (
                exact[seg.text] >= threshold or (seg.size <= body_size * 1.05 and not seg.bold)
            ):
                running.add(id(seg))
        kept = []
        for seg in page.segments:
            key = keys.get(id(seg))
            # Tagged PDFs mark page furniture as artifacts: trusted in the margins only.
            if key and (id(seg) in running or seg.role == "artifact" or (
                    _PAGE_NUMBER.match(seg.text.strip())
                    and not _labels_a_row(seg, page.segments, running))):
                removed["running"] += 1
                continue
            kept.append(seg)
        page.segments = kept


def _labels_a_row(seg: Segment, segments: list[Segment], running: set[int]) -> bool:
    """A number with text close beside it that is not page furniture (the number cell of a
    table row at the top of a page) is not a page number."""
    return seg.text.strip().isdigit() and any(
        id(other) not in running and abs(other.top - seg.top) < 2
        and 0 <= other.x0 - seg.x1 < 6 * seg.size
        for other in segments if other is not seg)


def _remove_footnotes(page: PageText, body_size: float, removed: Counter) -> list[Segment]:
    """Drop footnotes: tagged as notes, or the block of small type at the foot of the page
    that starts with a marker."""
    segments = sorted(page.segments, key=lambda s: (s.top, s.x0))
    notes = [s for s in segments if s.role == "note"]
    if notes:
        removed["footnote"] += len(notes)
        segments = [s for s in segments if s.role != "note"]
    if not segments:
        return segments
    cut = len(segments)
    while cut > 0 and segments[cut - 1].size < body_size * FOOTNOTE_SIZE_RATIO:
        cut -= 1
    if cut == len(segments):
        return segments
    block = segments[cut:]
    # Footnotes sit in the lower part of the page and open with a marker.
    starts = [s for s in block if _FOOTNOTE_START.match(s.text) or s.markers]
    if block[0].top > page.height * 0.45 and starts:
        first = min(starts, key=lambda s: s.top)
        keep = [s for s in block if s.top < first.top - 0.5]
        removed["footnote"] += len(block) - len(keep)
        return segments[:cut] + keep
    return segments


def _table_boxes(page: PageText, find_tables: TableFinder | None):
    """Bounding boxes of ruled tables: a cheap grid test, confirmed by the table finder."""
    grid = _grid_regions(page.rects)
    if not grid:
        return grid
    if find_tables is not None:
        return find_tables(page.number, grid)
    return table_boxes(page.horizontal, page.vertical)


def _grid_regions(rects: list[Rect]) -> list[tuple[float, float, float, float]]:
    """Regions where ruling lines or cell rectangles form a grid of at least two cells."""
    edges_h: list[tuple[float, float, float]] = []  # (y, x0, x1)
    edges_v: list[tuple[float, float, float]] = []  # (x, top, bottom)
    for r in rects:
        if r.height < 2.5 and r.width > 4:
            edges_h.append(((r.top + r.bottom) / 2, r.x0, r.x1))
        elif r.width < 2.5 and r.height > 4:
            edges_v.append(((r.x0 + r.x1) / 2, r.top, r.bottom))
        elif r.stroked or r.filled:
            edges_h += [(r.top, r.x0, r.x1), (r.bottom, r.x0, r.x1)]
            edges_v += [(r.x0, r.top, r.bottom), (r.x1, r.top, r.bottom)]
    if len(edges_h) < 3 or len(edges_v) < 2:
        return []
    # Cluster horizontal edges into groups that overlap vertical edges: each group is a grid.
    regions: list[list[float]] = []
    for y, hx0, hx1 in sorted(edges_h):
        crossing = [v for v in edges_v if v[1] - 2 <= y <= v[2] + 2 and hx0 - 2 <= v[0] <= hx1 + 2]
        if not crossing:
            continue
        for reg in regions:
            if reg[1] - 2 <= y <= reg[3] + 2 and hx0 < reg[2] and hx1 > reg[0]:
                reg[0], reg[2] = min(reg[0], hx0), max(reg[2], hx1)
                reg[3] = max(reg[3], max(v[2] for v in crossing))
                reg[4] += 1
                reg[5] = max(reg[5], _distinct(v[0] for v in crossing))
                break
        else:
            regions.append([hx0, min(v[1] for v in crossing), hx1,
                            max(v[2] for v in crossing), 1, _distinct(v[0] for v in crossing)])
    # At least three horizontal rules and three vertical ones: two rows or two columns of cells.
    return [tuple(r[:4]) for r in regions if r[4] >= 3 and r[5] >= 3]


def _distinct(xs: Iterable[float], tolerance: float = 8.0) -> int:
    """How many positions remain once those closer than ``tolerance`` are merged."""
    count, last = 0, None
    for x in sorted(xs):
        if last is None or x - last > tolerance:
            count += 1
        last = x
    return count


def _shaded_boxes(page: PageText, body_size: float, tables) -> list[Rect]:
    boxes = []
    for r in page.rects:
        if not r.shaded or r.height < body_size * 1.2 or r.width < page.width * 0.25:
            continue
        if any(_inside_rect(r, t, margin=2) for t in tables):
            continue
        boxes.append(r)
    return boxes


def _inside_rect(r: Rect, t, margin: float) -> bool:
    return r.x0 >= t[0] - margin and r.top >= t[1] - margin and r.x1 <= t[2] + margin and (
        r.bottom <= t[3] + margin)


def _center_in(seg: Segment, box) -> bool:
    x0, top, x1, bottom = (box.x0, box.top, box.x1, box.bottom) if isinstance(box, Rect) else box
    cx, cy = (seg.x0 + seg.x1) / 2, (seg.top + seg.bottom) / 2
    return x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1


def _gutter(page: PageText, segments: list[Segment], tables: list | None = None
            ) -> float | None:
    """The x of the gap between two text columns (or the body and a sidebar), if any.

    The cells of a table are not columns of text: they are left out.
    """
    body = [s for s in segments if len(s.text) >= 15 and s.role != "table"
            and not any(_center_in(s, t) for t in tables or ())]
    if len(body) < 10:
        return None
    # Sweep x across the middle of the page. The segments wholly left of x - 2, wholly right
    # of x + 2 and across both only ever join, leave, or join and then leave those sets as x
    # grows, so each is kept up to date as x moves rather than counted again at every step.
    count = len(body)
    by_x1 = sorted(range(count), key=lambda i: body[i].x1)
    by_x0 = sorted(range(count), key=lambda i: body[i].x0)
    row_of = [round(s.top) for s in body]
    left_rows: Counter = Counter()
    right_rows = Counter(row_of)
    into_left = out_of_right = began = ended = 0  # how far along by_x1 / by_x0 each set is
    has_begun, has_ended = [False] * count, [False] * count
    crossing = 0
    candidates = []
    x = page.width * 0.2
    while x <= page.width * 0.8:
        before, after = x - 2, x + 2
        while into_left < count and body[by_x1[into_left]].x1 <= before:
            left_rows[row_of[by_x1[into_left]]] += 1
            into_left += 1
        while out_of_right < count and not body[by_x0[out_of_right]].x0 >= after:
            row = row_of[by_x0[out_of_right]]
            right_rows[row] -= 1
            if not right_rows[row]:
                del right_rows[row]
            out_of_right += 1
        while began < count and body[by_x0[began]].x0 < before:  # starts left of the band
            i = by_x0[began]
            has_begun[i] = True
            crossing += not has_ended[i]
            began += 1
        while ended < count and not body[by_x1[ended]].x1 > after:  # ends before its right
            i = by_x1[ended]
            has_ended[i] = True
            crossing -= has_begun[i]
            ended += 1
        rows = min(len(left_rows), len(right_rows))
        if crossing <= 0.2 * len(body) and rows >= 5 and 0.3 * page.width <= x <= 0.7 * page.width:
            candidates.append(((2, rows, -crossing), x))
        elif crossing == 0 and rows >= 2 and min(into_left, count - out_of_right) <= max(
                into_left, count - out_of_right) / 3 and _is_sidebar(
                [s for s in body if s.x1 <= before], [s for s in body if s.x0 >= after], x):
            candidates.append(((1, rows, 0), x))
        x += 2
    if not candidates:
        return None
    best = max(key for key, _ in candidates)
    # The middle of the clear band, not its edge, so long lines stay in their column.
    xs = [x for key, x in candidates if key == best]
    return (xs[0] + xs[-1]) / 2


def _is_sidebar(left: list[Segment], right: list[Segment], x: float) -> bool:
    """A narrow run of text beside the body (a pull quote, a margin note), not table cells.

    It is set apart by a clear band and its lines do not sit on the body's rows, as the
    cells of a table would.
    """
    narrow, wide = sorted((left, right), key=len)
    if len(narrow) > len(wide) / 3:
        return False
    if any(x - 8 < s.x1 and s.x0 < x + 8 for s in left + right):
        return False
    tops = [s.top for s in wide]
    aligned = sum(1 for s in narrow if any(abs(s.top - t) < 2 for t in tops))
    return aligned < 0.5 * len(narrow)


def _attach_markers(segments: list[Segment], tables: list) -> list[Segment]:
    """Markers set apart from their text, on the same line, join it.

    A bullet glyph in its own text object reads "• text" with its entry. A paragraph number
    hanging in the margin ("2.3", "12") is the number of the paragraph beside it, not a cell
    of a table: it is kept on the text's segment as ``number`` (outside ruled tables, and
    only where the number and the text are all there is on the line).
    """
    used: set[int] = set()
    for marker in segments:
        mark = marker.text.strip()
        bullet = mark in BULLET_GLYPHS
        if not bullet and not _PARAGRAPH_NUMBER.match(mark):
            continue
        if not bullet and any(_center_in(marker, t) for t in tables):
            continue
        middle = (marker.top + marker.bottom) / 2
        same_line = [s for s in segments if s is not marker and id(s) not in used
                     and abs((s.top + s.bottom) / 2 - middle) < 0.6 * s.size]
        beside = [s for s in same_line if s.text.strip() not in BULLET_GLYPHS
                  and 0 <= s.x0 - marker.x1 < (3 if bullet else 8) * max(s.size, marker.size)]
        if not beside:
            continue
        text = min(beside, key=lambda s: s.x0)
        if not bullet and (len(same_line) != 1 or not _OPENS_SENTENCE.match(text.text)
                           or (len(text.text) < 20 and not (text.bold or text.text.isupper()))):
            continue
        used.add(id(marker))
        if bullet:
            text.text = f"{mark} {text.text}"
            text.x0 = marker.x0
        else:
            text.number = mark.rstrip(".)").lstrip("(")
    return [s for s in segments if id(s) not in used]


def _one_cell_regions(segments: list[Segment], table_boxes: list) -> tuple[list, list]:
    """Table regions split into real tables and boxes: a region where no two pieces of text
    share a line holds one column of paragraphs, drawn round with rules (a box or a set of
    stacked boxes), not a table."""
    tables, boxes = [], []
    for region in table_boxes:
        inside = [s for s in segments if _center_in(s, region)]
        rows = Counter(round(s.top / 3) for s in inside)
        (tables if any(n > 1 for n in rows.values()) or not inside else boxes).append(region)
    return tables, boxes


def _page_lines(page, segments, body_size, table_boxes, outline_titles) -> list[Line]:
    segments = _attach_markers(segments, table_boxes)
    table_boxes, ruled_boxes = _one_cell_regions(segments, table_boxes)
    boxes = _shaded_boxes(page, body_size, table_boxes)
    boxes += [Rect(*region, filled=False, stroked=True, shaded=True) for region in ruled_boxes
              if not any(_inside_rect(b, region, margin=2) for b in boxes)]
    gutter = _gutter(page, segments, table_boxes)
    ordered = _reading_order(segments, gutter)
    lines = []
    for column, seg in ordered:
        box_index = next((i for i, b in enumerate(boxes) if _center_in(seg, b)), None)
        box = (page.number, box_index) if box_index is not None else None
        if box is None and seg.role == "box":  # a one-cell table drawn round text
            box = (page.number, -1)
        line = Line(
            page=page.number, text=normalise_text(seg.text), x0=seg.x0, top=seg.top,
            x1=seg.x1, bottom=seg.bottom, size=seg.size, bold=seg.bold, column=column, box=box,
            table=seg.role == "table" or any(_center_in(seg, t) for t in table_boxes),
            role=seg.role, number=seg.number,
        )
        if line.text:
            lines.append(line)
    _mark_rows(lines)
    widths: dict[int, float] = {}
    for line in lines:
        if abs(line.size - body_size) < 1 and not line.table:
            widths[line.column] = max(widths.get(line.column, 0.0), line.x1 - line.x0)
    # The outline's titles matter only on pages it points to.
    titles = outline_titles if any(p == page.number for p, _ in outline_titles) else set()
    for line in lines:
        width = widths.get(line.column, page.width)
        line.heading = int(_is_heading(line, body_size, titles, width))
    return lines


def _reading_order(segments: list[Segment], gutter: float | None) -> list[tuple[int, Segment]]:
    ordered = sorted(segments, key=lambda s: (round(s.top, 0), s.x0))
    if gutter is None:
        return [(0, s) for s in ordered]
    out: list[tuple[int, Segment]] = []
    left: list[Segment] = []
    right: list[Segment] = []

    def flush() -> None:
        out.extend((1, s) for s in left)
        out.extend((2, s) for s in right)
        left.clear()
        right.clear()

    for seg in ordered:
        if seg.x1 <= gutter + 2:
            left.append(seg)
        elif seg.x0 >= gutter - 2:
            right.append(seg)
        else:
            flush()
            out.append((0, seg))
    flush()
    return out


def _mark_rows(lines: list[Line]) -> None:
    """Lines sharing a visual line with other segments in their column are table rows."""
    by_row: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        by_row.setdefault((line.column, round(line.top / 3)), []).append(line)
    for row in by_row.values():
        if len(row) > 1:
            for line in row:
                line.row_cells = len(row)
    # Two or more consecutive multi-cell rows are an unruled table.
    multi = [ln for ln in lines if ln.row_cells > 1 and not _LEADER.search(ln.text)]
    tops: dict[int, list[int]] = {}  # the rows' tops in each column, in order
    for column, top in sorted({(ln.column, round(ln.top)) for ln in multi}):
        tops.setdefault(column, []).append(top)
    for line in multi:
        column, reach = tops[line.column], 4 * line.size
        # Only the tops within reach (and a point more) can be near.
        window = column[bisect.bisect_left(column, line.top - reach - 1):
                        bisect.bisect_right(column, line.top + reach + 1)]
        if any(0 < abs(top - line.top) < reach for top in window):
            line.table = True


def _is_heading(line: Line, body_size: float, outline_titles: set,
                column_width: float) -> bool:
    if line.table or len(line.text) > 150:
        return False
    if outline_titles and (line.page, fold_key(line.text)) in outline_titles:
        return True
    if line.role and line.role.startswith("H"):
        return True
    if line.size >= body_size * HEADING_SIZE_RATIO:
        return True
    # A bold line is a heading when it stands alone; a bold line that fills the column is
    # part of an emphasised paragraph.
    words = len(line.text.split())
    fills_column = line.x1 - line.x0 > 0.8 * column_width and words > 6
    return line.bold and not line.text.endswith((".", ",", ";", ":")) and words <= 14 and (
        not fills_column)


def _mark_contents(lines: list[Line]) -> None:
    """Lines on a contents page, and dot-leader lines anywhere, are not body text."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
        if _LEADER.search(line.text):
            line.contents = True
    for page_lines in by_page.values():
        titled = any(_CONTENTS_TITLE.match(ln.text.strip()) for ln in page_lines[:5])
        folios = [ln for ln in page_lines if ln.text.strip().isdigit()]
        entries = sum(1 for ln in page_lines if ln.contents or _ends_with_folio(ln, folios))
        if titled or entries >= max(4, 0.5 * len(page_lines)):
            for ln in page_lines:
                ln.contents = True


def _ends_with_folio(line: Line, folios: list[Line]) -> bool:
    """A contents entry set as title ... page number in two segments on one row (``folios``:
    the lines of its page that are only a number)."""
    if line.row_cells < 2:
        return False
    return any(
        other is not line and abs(other.top - line.top) < 3 and other.x0 > line.x1
        for other in folios
    )


def _level_headings(lines: list[Line]) -> None:
    """Number heading levels by size, largest first (1 = top level)."""
    sizes = sorted({round(ln.size) for ln in lines if ln.heading}, reverse=True)
    rank = {s: i + 1 for i, s in enumerate(sizes)}
    for line in lines:
        if line.heading:
            line.heading = rank[round(line.size)]
