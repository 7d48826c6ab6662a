"""Fast text pass over a PDF with pypdfium2: positioned lines, rectangles and the outline.

Every page is read once, character by character, through PDFium's text page: the character,
its box, its font size and its font (for weight). Characters are grouped into visual lines
and lines are split into segments where a wide horizontal gap separates them (table cells,
columns, dot-leader gaps). Raised small digits (footnote reference markers) are dropped
here, where their size and rise are still known. Filled and stroked rectangles are read
from the page's path objects, so shaded boxes and ruled tables can be found without a
second parser.

Coordinates are PDF points with the origin at the top-left corner of the page.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as raw

# A footnote reference marker is at most this fraction of its line's font size ...
SUPERSCRIPT_SIZE_RATIO = 0.85
# ... and its baseline is raised by at least this fraction of the line's font size.
SUPERSCRIPT_RISE_RATIO = 0.15
# Horizontal gap, in multiples of the font size, that splits a line into segments.
SEGMENT_GAP_RATIO = 1.6
# Gap, in multiples of the font size, at which two characters are separate words.
WORD_GAP_RATIO = 0.18

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_MARKER_CHARS = set("0123456789*†‡§¶")
# Bullets drawn from the Symbol and Wingdings fonts come through as private-use characters.
_SYMBOL_BULLETS = set("\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0be")


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    bold: bool
    role: str | None = None  # from the tagged structure tree, when the PDF has one


@dataclass(slots=True)
class Segment:
    """A run of text on one visual line, with no wide gap inside it."""

    page: int  # 1-based
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # dominant font size
    bold: bool
    markers: list[str] = field(default_factory=list)  # footnote markers dropped from it
    # Structure role from the PDF's tags: "H1".."H6", "table", "box", "note", "list", "P",
    # "artifact" (page furniture such as running headers), or None for untagged text.
    role: str | None = None
    number: str | None = None  # a paragraph number hanging beside it, read apart (layout)

    @property
    def baseline(self) -> float:
        return self.bottom


@dataclass(slots=True)
class Rect:
    x0: float
    top: float
    x1: float
    bottom: float
    filled: bool
    stroked: bool
    shaded: bool  # filled with a colour other than white
    fill: tuple[int, int, int] | None = None  # the fill colour (0-255 each), when filled

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


Edge = tuple[float, float, float, float]  # x0, top, x1, bottom of a ruling edge


@dataclass
class PageText:
    number: int  # 1-based
    width: float
    height: float
    segments: list[Segment]
    rects: list[Rect]
    char_count: int
    unreadable: int = 0  # characters with no real text behind them (unmapped glyphs)
    # The edges the page's paths draw, level and upright, for finding ruled tables
    # (``extractor.tables``).
    horizontal: list[Edge] = field(default_factory=list)
    vertical: list[Edge] = field(default_factory=list)


@dataclass
class OutlineEntry:
    title: str
    level: int  # 0 for top level
    page: int | None  # 1-based


def read_outline(pdf: pdfium.PdfDocument) -> list[OutlineEntry]:
    """The document's bookmarks, if it has any."""
    entries = []
    try:
        for bookmark in pdf.get_toc(max_depth=6):
            dest = bookmark.get_dest()
            index = dest.get_index() if dest is not None else None
            page = index + 1 if index is not None else None
            entries.append(OutlineEntry(bookmark.get_title().strip(), bookmark.level, page))
    except pdfium.PdfiumError:
        return []
    return entries


def iter_pages(pdf: pdfium.PdfDocument) -> Iterator[PageText]:
    """Read every page in turn, closing each before the next to keep memory flat."""
    reader = _PageReader()
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            yield reader.read(page, index + 1)
        finally:
            page.close()


def read_chars(page: pdfium.PdfPage) -> tuple[list[Char], set[int]]:
    """Every character of one page with its box (top-left origin), and the indices in that
    list before which a space or a line break falls: the raw material of ``iter_pages``."""
    reader = _PageReader()
    textpage = page.get_textpage()
    try:
        return reader._read_chars(textpage, page.get_height())
    finally:
        textpage.close()


def _plain(function, restype, *argtypes):
    """``function`` of PDFium with plain pointer types: handles pass and return as integers,
    so that a call per character costs no wrapper objects."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_get_loose_char_box = _plain(raw.FPDFText_GetLooseCharBox, ctypes.c_int,
                             ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
_get_text_object = _plain(raw.FPDFText_GetTextObject, ctypes.c_void_p,
                          ctypes.c_void_p, ctypes.c_int)
_get_font_size = _plain(raw.FPDFText_GetFontSize, ctypes.c_double, ctypes.c_void_p, ctypes.c_int)
_get_font = _plain(raw.FPDFTextObj_GetFont, ctypes.c_void_p, ctypes.c_void_p)
_get_font_name = _plain(raw.FPDFFont_GetBaseFontName, ctypes.c_ulong,
                        ctypes.c_void_p, ctypes.c_void_p, ctypes.c_ulong)
_get_font_weight = _plain(raw.FPDFFont_GetWeight, ctypes.c_int, ctypes.c_void_p)
_get_marked_content_id = _plain(raw.FPDFPageObj_GetMarkedContentID, ctypes.c_int,
                                ctypes.c_void_p)

# What a character of the text layer becomes: another character, or a break (None).
_REPLACED = {"\x02": "-", "\ufffe": "-",  # PDFium's stand-ins for a hyphen at a line end
             **dict.fromkeys(_SYMBOL_BULLETS, "•"),
             **dict.fromkeys(" \r\n\t\xa0")}


class _PageReader:
    """Holds the ctypes out-parameters and the per-page caches reused across pages."""

    def __init__(self) -> None:
        self._box = raw.FS_RECTF()
        self._box_address = ctypes.addressof(self._box)
        self._name_buf = ctypes.create_string_buffer(256)
        self._roles: dict[int, str] = {}
        # (size, bold, role) of each text object and the weight of each font, by address.
        self._objects: dict[int | None, tuple[float, bool, str | None]] = {}
        self._bold: dict[int, bool] = {}

    def read(self, page: pdfium.PdfPage, number: int) -> PageText:
        width, height = page.get_size()
        self._roles = read_structure_roles(page)
        textpage = page.get_textpage()
        try:
            chars, breaks = self._read_chars(textpage, height)
        finally:
            textpage.close()
        rects, horizontal, vertical = _read_paths(page, height)
        segments = _build_segments(chars, breaks, number, _vertical_rules(rects))
        unreadable = sum(1 for c in chars if c.text == "\ufffd" or "\ue000" <= c.text <= "\uf8ff")
        return PageText(number, width, height, segments, rects, len(chars), unreadable,
                        horizontal, vertical)

    def _read_chars(self, textpage: pdfium.PdfTextPage, height: float):
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        if count <= 0:
            return [], set()
        text = textpage.get_text_range(0, count)
        if len(text) != count:  # surrogate pairs: fall back to per-character lookup
            text = "".join(chr(raw.FPDFText_GetUnicode(handle, i) or 32) for i in range(count))
        # Page objects are freed with their page and their addresses reused, so the caches
        # keyed by address must not outlive it.
        objects = self._objects = {}
        self._bold = {}
        address = ctypes.cast(handle, ctypes.c_void_p).value
        box, box_address = self._box, self._box_address
        get_box, get_object, replaced = _get_loose_char_box, _get_text_object, _REPLACED
        chars: list[Char] = []
        append = chars.append
        breaks: set[int] = set()  # indices in `chars` before which a space or new line falls
        for i, ch in enumerate(text):
            if ch in replaced:
                ch = replaced[ch]
                if ch is None:
                    breaks.add(len(chars))
                    continue
            elif not ch.isprintable():
                breaks.add(len(chars))
                continue
            # Loose boxes span the font's ascent to descent and its advance width, so
            # lines group evenly and gaps between boxes are real gaps.
            get_box(address, i, box_address)
            obj = get_object(address, i)
            info = objects.get(obj)
            if info is None:
                info = objects[obj] = self._object_info(obj, address, i)
            append(Char(ch, box.left, height - box.top, box.right, height - box.bottom, *info))
        return chars, breaks

    def _object_info(self, obj: int | None, textpage: int, index: int
                     ) -> tuple[float, bool, str | None]:
        """Font size, weight and structure role of the text object holding character
        ``index``: the same for each of its characters."""
        size = _get_font_size(textpage, index)
        font = _get_font(obj)
        bold = False
        if font:
            bold = self._bold.get(font)
            if bold is None:
                n = _get_font_name(font, self._name_buf, 256)
                name = self._name_buf.value.decode("latin-1") if n else ""
                bold = self._bold[font] = (bool(_BOLD_NAME.search(name))
                                           or _get_font_weight(font) >= 600)
        role = None
        if self._roles:
            mcid = _get_marked_content_id(obj)
            role = self._roles.get(mcid, "artifact" if mcid < 0 else None)
        return size, bold, role


_TABLE_TYPES = {"Table", "TR", "TD", "TH", "THead", "TBody", "TFoot"}
_NOTE_TYPES = {"Note", "Footnote", "FENote", "Endnote"}
_LIST_TYPES = {"L", "LI", "Lbl", "LBody"}
_HEADING_TYPE = re.compile(r"^H([1-6])?$")


def read_structure_roles(page: pdfium.PdfPage) -> dict[int, str]:
    """Roles of the page's marked-content ids from its tagged structure tree ({} if untagged)."""
    tree = raw.FPDF_StructTree_GetForPage(page.raw)
    if not tree:
        return {}
    roles: dict[int, str] = {}
    buf = ctypes.create_string_buffer(128)
    try:
        stack = [(raw.FPDF_StructTree_GetChildAtIndex(tree, i), ())
                 for i in range(raw.FPDF_StructTree_CountChildren(tree))]
        while stack:
            element, ancestors = stack.pop()
            if not element:
                continue
            n = raw.FPDF_StructElement_GetType(element, buf, len(buf))
            kind = buf.raw[: max(0, n - 2)].decode("utf-16-le", "replace")
            path = (*ancestors, kind)
            if kind == "Table":
                path = (*ancestors, "Table" if _cell_count(element) > 1 else "Box")
            role = _role_of(path)
            for k in range(raw.FPDF_StructElement_GetMarkedContentIdCount(element)):
                mcid = raw.FPDF_StructElement_GetMarkedContentIdAtIndex(element, k)
                if mcid >= 0:
                    roles[mcid] = role
            for k in range(raw.FPDF_StructElement_CountChildren(element)):
                stack.append((raw.FPDF_StructElement_GetChildAtIndex(element, k), path))
    finally:
        raw.FPDF_StructTree_Close(tree)
    return roles


def _cell_count(table) -> int:
    """Cells of a table element (a one-cell table is a box drawn round text, not a table)."""
    count, stack = 0, [table]
    buf = ctypes.create_string_buffer(16)
    while stack and count < 2:
        element = stack.pop()
        for k in range(raw.FPDF_StructElement_CountChildren(element)):
            child = raw.FPDF_StructElement_GetChildAtIndex(element, k)
            if not child:
                continue
            n = raw.FPDF_StructElement_GetType(child, buf, len(buf))
            if buf.raw[: max(0, n - 2)].decode("utf-16-le", "replace") in ("TD", "TH"):
                count += 1
            else:
                stack.append(child)
    return count


def _role_of(path: tuple[str, ...]) -> str:
    if "Box" in path and not _TABLE_TYPES.intersection(path[path.index("Box"):]) - {"TR", "TD"}:
        return "box"
    if _TABLE_TYPES.intersection(path):
        return "table"
    if _NOTE_TYPES.intersection(path):
        return "note"
    heading = _HEADING_TYPE.match(path[-1]) if path else None
    if heading:
        return f"H{heading.group(1) or 1}"
    if _LIST_TYPES.intersection(path):
        return "list"
    return "P"


def _read_paths(page: pdfium.PdfPage, height: float
                ) -> tuple[list[Rect], list[Edge], list[Edge]]:
    """The page's path objects: filled or stroked ones as rectangles (their bounding boxes),
    and the level and upright edges that all of them draw, those inside forms included."""
    rects: list[Rect] = []
    horizontal: list[Edge] = []
    vertical: list[Edge] = []
    handle = page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    reader = _PathReader(height, horizontal, vertical)
    for i in range(raw.FPDFPage_CountObjects(handle)):
        obj = raw.FPDFPage_GetObject(handle, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            reader.form(obj, _IDENTITY)
        if kind != raw.FPDF_PAGEOBJ_PATH:
            continue
        reader.path(obj, _IDENTITY)
        bounds = (left, bottom, right, top)
        if not raw.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in bounds)):
            continue
        raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke))
        filled = fill_mode.value != 0
        shaded, fill = False, None
        if filled and raw.FPDFPageObj_GetFillColor(
            obj, *(ctypes.byref(v) for v in (red, green, blue, alpha))
        ):
            shaded = alpha.value > 0 and min(red.value, green.value, blue.value) < 250
            fill = (red.value, green.value, blue.value) if alpha.value > 0 else None
        rects.append(Rect(left.value, height - top.value, right.value, height - bottom.value,
                          filled, bool(stroke.value), shaded, fill))
    return rects, horizontal, vertical


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class _PathReader:
    """The edges of path objects, read subpath by subpath as pdfplumber (pdfminer) reads
    them: a subpath of one straight segment is a rule, an upright rectangle gives its four
    sides, any other path the level and upright pieces between its points (the end points
    of its curves, not their control points)."""

    def __init__(self, height: float, horizontal: list[Edge], vertical: list[Edge]):
        self.height = height
        self.horizontal = horizontal
        self.vertical = vertical
        self._matrix = raw.FS_MATRIX()
        self._x, self._y = ctypes.c_float(), ctypes.c_float()

    def _own_matrix(self, obj, outer: Matrix) -> Matrix:
        """The object's matrix followed by that of the forms it sits in."""
        m = self._matrix
        if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
            return outer
        a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
        if outer == _IDENTITY:
            return a, b, c, d, e, f
        oa, ob, oc, od, oe, of = outer
        return (a * oa + b * oc, a * ob + b * od, c * oa + d * oc, c * ob + d * od,
                e * oa + f * oc + oe, e * ob + f * od + of)

    def form(self, obj, outer: Matrix) -> None:
        matrix = self._own_matrix(obj, outer)
        for k in range(raw.FPDFFormObj_CountObjects(obj)):
            child = raw.FPDFFormObj_GetObject(obj, k)
            kind = raw.FPDFPageObj_GetType(child)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                self.path(child, matrix)
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                self.form(child, matrix)

    def path(self, obj, outer: Matrix) -> None:
        a, b, c, d, e, f = self._own_matrix(obj, outer)
        x, y = self._x, self._y
        x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
        ops: list[str] = []
        points: list[tuple[float, float]] = []
        bezier = 0
        for k in range(raw.FPDFPath_CountSegments(obj)):
            segment = raw.FPDFPath_GetPathSegment(obj, k)
            kind = raw.FPDFPathSegment_GetType(segment)
            raw.FPDFPathSegment_GetPoint(segment, x_ref, y_ref)
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                self._subpath(ops, points)
                ops, points, bezier = ["m"], [point], 0
                continue
            if not ops:  # a path must open with a move
                continue
            closed = raw.FPDFPathSegment_GetClose(segment)
            if kind == raw.FPDF_SEGMENT_BEZIERTO:
                bezier += 1
                if bezier % 3:  # the two control points before each end point
                    continue
                ops.append("c")
                points.append(point)
            elif closed and point == points[0]:  # the line PDFium adds to close a subpath
                ops.append("h")
                points.append(point)
                continue
            else:
                bezier = 0
                ops.append("l")
                points.append(point)
            if closed:
                ops.append("h")
                points.append(points[0])
        self._subpath(ops, points)

    def _subpath(self, ops: list[str], points: list[tuple[float, float]]) -> None:
        shape = "".join(ops)
        if len(shape) < 2:
            return
        if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
            shape = shape[:-2] + "h"
            points = points[:-1]
        if shape in ("ml", "mlh"):
            self._edge(points[0], points[1])
            return
        if shape in ("mlllh", "mllll") and points[0] == points[4]:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[:4]
            if (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                    y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0):
                left, right = min(x0, x2), max(x0, x2)
                top, bottom = self.height - max(y0, y2), self.height - min(y0, y2)
                self.horizontal.extend(((left, top, right, top), (left, bottom, right, bottom)))
                self.vertical.extend(((left, top, left, bottom), (right, top, right, bottom)))
                return
        for start, end in zip(points, points[1:], strict=False):
            self._edge(start, end)

    def _edge(self, start: tuple[float, float], end: tuple[float, float]) -> None:
        """A level or upright edge between two points; a slanted one is no ruling edge."""
        (x0, y0), (x1, y1) = start, end
        if x0 == x1:
            self.vertical.append((x0, self.height - max(y0, y1), x1, self.height - min(y0, y1)))
        elif y0 == y1:
            top = self.height - y0
            self.horizontal.append((min(x0, x1), top, max(x0, x1), top))


Rule = tuple[float, float, float]  # (x, top, bottom) of a vertical ruling line


def _vertical_rules(rects: list[Rect]) -> list[Rule]:
    """Vertical ruling lines: thin upright paths and the sides of stroked rectangles."""
    rules = []
    for r in rects:
        if r.width < 2.5 and r.height > 4:
            rules.append(((r.x0 + r.x1) / 2, r.top, r.bottom))
        elif r.stroked and r.height > 4 and r.width > 4:
            rules += [(r.x0, r.top, r.bottom), (r.x1, r.top, r.bottom)]
    return rules


def _build_segments(chars: list[Char], breaks: set[int], page: int,
                    rules: list[Rule] | None = None) -> list[Segment]:
    """Group characters into visual lines, then split lines at wide gaps and at ruling
    lines (the cells of a ruled table may sit closer than a wide gap)."""
    lines = _group_lines(chars)
    by_x0 = [c.x0 for c in chars].__getitem__
    segments: list[Segment] = []
    for line in lines:
        line_rules = []
        if rules:
            top = min(chars[i].top for i in line)
            bottom = max(chars[i].bottom for i in line)
            mid = (top + bottom) / 2
            line_rules = [x for x, r_top, r_bottom in rules if r_top - 1 <= mid <= r_bottom + 1]
        # Left to right; characters at the same place in the order they were drawn.
        line.sort()
        line.sort(key=by_x0)
        segments.extend(_split_line(line, chars, breaks, page, line_rules))
    segments.sort(key=lambda s: (round(s.top, 0), s.x0))
    return segments


def _group_lines(chars: list[Char]) -> list[list[int]]:
    """Indices of characters on each visual line.

    Full-size characters are grouped first by vertical overlap, from the lowest baseline up
    and left to right; small raised characters (possible footnote markers) are then
    attached to the line they sit on, so that their rise does not open a line of their own.
    """
    small = {i for i, c in enumerate(chars) if c.text in _MARKER_CHARS and _maybe_marker(chars, i)}
    order = [i for i in range(len(chars)) if i not in small]
    order.sort(key=[c.x0 for c in chars].__getitem__)
    order.sort(key=[c.bottom for c in chars].__getitem__)
    lines: list[list[int]] = []
    bands: list[list[float]] = []  # [top, bottom, x0, x1] of each line
    line: list[int] = []
    band: list[float] = []
    last: tuple[float, float] | None = None  # (top, bottom) of the character just placed
    for i in order:
        c = chars[i]
        top, bottom = c.top, c.bottom
        if last is not None and top == last[0] and bottom == last[1]:
            # The same height as the character before: the same line (see below).
            line.append(i)
            if c.x0 < band[2]:
                band[2] = c.x0
            if c.x1 > band[3]:
                band[3] = c.x1
            continue
        height = bottom - top
        for k in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            b = bands[k]
            overlap = min(b[1], bottom) - max(b[0], top)
            if overlap > 0.5 * min(b[1] - b[0], height):
                line, band = lines[k], b
                line.append(i)
                band[0], band[1] = min(band[0], top), max(band[1], bottom)
                band[2], band[3] = min(band[2], c.x0), max(band[3], c.x1)
                break
        else:
            line, band = [i], [top, bottom, c.x0, c.x1]
            lines.append(line)
            bands.append(band)
        # A character of some height is now inside its line's band, so the next one of the
        # same top and bottom overlaps it fully, and no newer line it could go to has opened.
        last = (top, bottom) if height > 0 else None
    for i in sorted(small):
        c = chars[i]
        best, best_overlap = -1, 0.0
        for k, (top, bottom, x0, x1) in enumerate(bands):
            overlap = min(bottom, c.bottom) - max(top, c.top)
            near = x0 - 3 * c.size <= c.x0 <= x1 + 3 * c.size
            if near and overlap > best_overlap:
                best, best_overlap = k, overlap
        if best >= 0:
            lines[best].append(i)
        else:
            lines.append([i])
            bands.append([c.top, c.bottom, c.x0, c.x1])
    return lines


def _maybe_marker(chars: list[Char], i: int) -> bool:
    c = chars[i]
    if c.text not in _MARKER_CHARS:
        return False
    neighbours = [chars[j] for j in (i - 1, i + 1) if 0 <= j < len(chars)]
    return any(c.size < n.size * SUPERSCRIPT_SIZE_RATIO for n in neighbours)


def _split_line(indices: list[int], chars: list[Char], breaks: set[int], page: int,
                rules: list[float] | None = None):
    """One visual line (character indices, left to right) as segments."""
    line = [chars[i] for i in indices]
    size = _dominant_size(line)
    small_size = size * SUPERSCRIPT_SIZE_RATIO
    full = sorted(c.bottom for c in line if c.size >= small_size)
    baseline = full[len(full) // 2] if full else line[0].bottom
    rise = SUPERSCRIPT_RISE_RATIO * size
    word_gap, segment_gap = WORD_GAP_RATIO * size, SEGMENT_GAP_RATIO * size

    pieces: list[list[Char]] = [[]]
    markers: list[list[str]] = [[]]
    words: list[list[str]] = [[]]  # per piece, text built with spaces
    prev: Char | None = None
    prev_index = -1
    for i, c in zip(indices, line, strict=True):
        if c.size < small_size and baseline - c.bottom > rise and c.text in _MARKER_CHARS:
            if markers[-1] and prev_index == i - 1 and chars[i - 1].size == c.size:
                markers[-1][-1] += c.text
            else:
                markers[-1].append(c.text)
            prev_index = i
            continue
        if prev is not None:
            gap = c.x0 - prev.x1
            ruled = gap > word_gap and bool(rules) and any(
                prev.x1 - 0.5 <= x <= c.x0 + 0.5 for x in rules)
            if (gap > segment_gap and not _is_bullet(words[-1])) or ruled:
                pieces.append([])
                markers.append([])
                words.append([])
            elif gap > word_gap or (i == prev_index + 1 and i in breaks):
                words[-1].append(" ")
        pieces[-1].append(c)
        words[-1].append(c.text)
        prev = c
        prev_index = i

    segments = []
    for cs, text, marks in zip(pieces, words, markers, strict=True):
        if not cs:
            continue
        roles = Counter(c.role for c in cs)
        segments.append(Segment(
            page=page,
            text=" ".join("".join(text).split()),
            x0=min(c.x0 for c in cs), top=min(c.top for c in cs),
            x1=max(c.x1 for c in cs), bottom=max(c.bottom for c in cs),
            size=_dominant_size(cs), bold=sum(c.bold for c in cs) >= 0.8 * len(cs),
            markers=marks, role=max(roles, key=roles.__getitem__),
        ))
    return segments


def _dominant_size(cs: list[Char]) -> float:
    """The most common font size (to 0.1 pt), the larger of two equally common."""
    counts: Counter = Counter()
    for size, n in Counter(c.size for c in cs).items():
        counts[round(size, 1)] += n
    return max(counts, key=lambda s: (counts[s], s))


def _is_bullet(text: list[str]) -> bool:
    """A segment that is only a bullet or list label stays with the text after it."""
    joined = "".join(text).strip()
    return bool(re.fullmatch(r"[•●▪■◦‣∙·\-–]|\(?[0-9a-zA-Z]{1,3}[.)]", joined))
