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

import contextlib
import ctypes
import operator
import re
import struct
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from extractor.errors import ExtractionError

# A footnote reference marker is at most this fraction of its line's font size ...
SUPERSCRIPT_SIZE_RATIO = 0.85
# ... and its baseline is raised by at least this fraction of the line's font size.
SUPERSCRIPT_RISE_RATIO = 0.15
# Horizontal gap, in multiples of the font size, that splits a line into segments.
SEGMENT_GAP_RATIO = 1.6
# Gap, in multiples of the font size, at which two characters are separate words.
WORD_GAP_RATIO = 0.18

#: PDFium is not safe to use from several threads at once: callers in threads share this.
PDFIUM_LOCK = threading.RLock()



@contextlib.contextmanager
def opened_page(source: Path | str | bytes, page: int) -> Iterator[pdfium.PdfPage]:
    """Page ``page`` (1-based) of the PDF at ``source`` (a path or its bytes), open while
    this thread holds ``PDFIUM_LOCK``. ExtractionError for a file PDFium cannot read,
    ValueError for a page the document does not have."""
    data = bytes(source) if isinstance(source, bytes | bytearray) else str(source)
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise ExtractionError(f"cannot be read as a PDF ({' '.join(str(exc).split())})"
                                  ) from None
        try:
            count = len(document)
            if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= count:
                raise ValueError(f"page {page!r} is not a page of the document (1 to {count})")
            pdf_page = document[page - 1]
            try:
                yield pdf_page
            finally:
                pdf_page.close()
        finally:
            document.close()


_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_MARKER_CHARS = set("0123456789*†‡§¶")
_MARKER = re.compile("[0-9*†‡§¶]")
# Bullets drawn from the Symbol and Wingdings fonts come through as private-use characters.
_SYMBOL_BULLETS = set("\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0be")


# A character of a page: (text, x0, top, x1, bottom, font size, bold, role), the role from
# the tagged structure tree when the PDF has one. Plain tuples: a page has thousands.
Char = tuple[str, float, float, float, float, float, bool, "str | None"]
TEXT, X0, TOP, X1, BOTTOM, SIZE, BOLD, ROLE = range(8)


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


def iter_pages(pdf: pdfium.PdfDocument, indices: Iterable[int] | None = None
               ) -> Iterator[PageText]:
    """Read every page (or the pages at ``indices``, 0-based) in turn, closing each before
    the next to keep memory flat."""
    reader = _PageReader()
    for index in range(len(pdf)) if indices is None else indices:
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
_get_page_object = _plain(raw.FPDFPage_GetObject, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_get_object_type = _plain(raw.FPDFPageObj_GetType, ctypes.c_int, ctypes.c_void_p)

# PDFium's FS_RECTF: left, top, right, bottom.
_RECT = struct.Struct("4f")
# Characters with no real text behind them: the replacement character, private-use glyphs.
_UNREADABLE = re.compile("[\ufffd\ue000-\uf8ff]")

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
        unreadable = len(_UNREADABLE.findall("".join([c[TEXT] for c in chars])))
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
        unpack = _RECT.unpack_from
        # What each distinct character of the page becomes: itself, a replacement, or a
        # break (None) for spaces, line ends and what cannot be printed.
        becomes = {ch: replaced[ch] if ch in replaced else ch if ch.isprintable() else None
                   for ch in set(text)}
        chars: list[Char] = []
        append = chars.append
        breaks: set[int] = set()  # indices in `chars` before which a space or new line falls
        for i, ch in enumerate(text):
            ch = becomes[ch]
            if ch is None:
                breaks.add(len(chars))
                continue
            # Loose boxes span the font's ascent to descent and its advance width, so
            # lines group evenly and gaps between boxes are real gaps.
            get_box(address, i, box_address)
            obj = get_object(address, i)
            info = objects.get(obj)
            if info is None:
                info = objects[obj] = self._object_info(obj, address, i)
            left, top, right, bottom = unpack(box)
            append((ch, left, height - top, right, height - bottom, *info))
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
    address = ctypes.cast(handle, ctypes.c_void_p).value
    get_object, get_type, pointer = _get_page_object, _get_object_type, raw.FPDF_PAGEOBJECT
    path_kind, form_kind = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
    # Most objects are text: they are passed over with plain calls, and only paths and
    # forms are looked at through the typed bindings.
    for i in range(raw.FPDFPage_CountObjects(handle)):
        found = get_object(address, i)
        kind = get_type(found)
        if kind != path_kind and kind != form_kind:
            continue
        obj = ctypes.cast(found, pointer)
        if kind == form_kind:
            reader.form(obj, _IDENTITY)
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
    if not chars:
        return []
    lines, bands = _group_lines(chars)
    by_x0 = [c[X0] for c in chars].__getitem__
    segments: list[Segment] = []
    for line, band in zip(lines, bands, strict=True):
        line_rules = []
        if rules:
            if band[4]:  # small characters joined the line after its band was drawn
                top = min(chars[i][TOP] for i in line)
                bottom = max(chars[i][BOTTOM] for i in line)
            else:
                top, bottom = band[0], band[1]
            mid = (top + bottom) / 2
            line_rules = [x for x, r_top, r_bottom in rules if r_top - 1 <= mid <= r_bottom + 1]
        # Left to right; characters at the same place in the order they were drawn.
        line.sort()
        line.sort(key=by_x0)
        segments.extend(_split_line(line, chars, breaks, page, line_rules))
    segments.sort(key=lambda s: (round(s.top, 0), s.x0))
    return segments


def _group_lines(chars: list[Char]) -> tuple[list[list[int]], list[list[float]]]:
    """Indices of characters on each visual line, and each line's band: [top, bottom, x0,
    x1, whether small characters joined it] (top and bottom of its full-size characters).

    Full-size characters are grouped first by vertical overlap, from the lowest baseline up
    and left to right; small raised characters (possible footnote markers) are then
    attached to the line they sit on, so that their rise does not open a line of their own.
    """
    small = {m.start() for m in _MARKER.finditer("".join([c[TEXT] for c in chars]))
             if _maybe_marker(chars, m.start())}
    order = [i for i in range(len(chars)) if i not in small] if small else list(range(len(chars)))
    # From the lowest baseline up and left to right; at one place, in the order drawn. The
    # text is mostly in reading order already, which the sort makes short work of.
    order.sort(key=[(c[BOTTOM], c[X0]) for c in chars].__getitem__)
    tops = [c[TOP] for c in chars]
    bottoms = [c[BOTTOM] for c in chars]
    lines: list[list[int]] = []
    bands: list[list[float]] = []  # [top, bottom, x0, x1, small joined] of each line
    line: list[int] = []
    last_top = last_bottom = None  # of the character just placed, when it has some height
    for i in order:
        top, bottom = tops[i], bottoms[i]
        if top == last_top and bottom == last_bottom:
            # The same height as the character before: the same line (see below).
            line.append(i)
            continue
        height = bottom - top
        count = len(lines)
        for k in range(count - 1, count - 4 if count > 3 else -1, -1):
            b = bands[k]
            b_top, b_bottom = b[0], b[1]
            # The overlap of the line's band and the character, against half the lower.
            overlap = (b_bottom if b_bottom < bottom else bottom) - (
                b_top if b_top > top else top)
            b_height = b_bottom - b_top
            if overlap > 0.5 * (b_height if b_height < height else height):
                line = lines[k]
                line.append(i)
                if top < b_top:
                    b[0] = top
                if bottom > b_bottom:
                    b[1] = bottom
                break
        else:
            line = [i]
            lines.append(line)
            bands.append([top, bottom, 0.0, 0.0, 0])
        # A character of some height is now inside its line's band, so the next one of the
        # same top and bottom overlaps it fully, and no newer line it could go to has opened.
        if height > 0:
            last_top, last_bottom = top, bottom
        else:
            last_top = last_bottom = None
    if not small:
        return lines, bands
    # Where each line runs across the page, for the small characters to find theirs.
    for members, band in zip(lines, bands, strict=True):
        band[2] = min([chars[i][X0] for i in members])
        band[3] = max([chars[i][X1] for i in members])
    for i in sorted(small):
        c = chars[i]
        best, best_overlap = -1, 0.0
        for k, (top, bottom, x0, x1, _) in enumerate(bands):
            overlap = min(bottom, c[BOTTOM]) - max(top, c[TOP])
            near = x0 - 3 * c[SIZE] <= c[X0] <= x1 + 3 * c[SIZE]
            if near and overlap > best_overlap:
                best, best_overlap = k, overlap
        if best >= 0:
            lines[best].append(i)
            bands[best][4] = 1
        else:
            lines.append([i])
            bands.append([c[TOP], c[BOTTOM], c[X0], c[X1], 0])
    return lines, bands


def _maybe_marker(chars: list[Char], i: int) -> bool:
    c = chars[i]
    if c[TEXT] not in _MARKER_CHARS:
        return False
    neighbours = [chars[j] for j in (i - 1, i + 1) if 0 <= j < len(chars)]
    return any(c[SIZE] < n[SIZE] * SUPERSCRIPT_SIZE_RATIO for n in neighbours)


def _split_line(indices: list[int], chars: list[Char], breaks: set[int], page: int,
                rules: list[float] | None = None) -> list[Segment]:
    """One visual line (character indices, left to right) as segments."""
    line = [chars[i] for i in indices]
    columns = tuple(zip(*line, strict=True))
    sizes = columns[SIZE]
    lowest, highest = min(sizes), max(sizes)
    size = round(lowest, 1) if lowest == highest else _dominant_size(sizes)
    small_size = size * SUPERSCRIPT_SIZE_RATIO
    if size > 0 and lowest >= small_size:  # no character can be a raised marker
        return _split_plain(indices, columns, lowest == highest, size, breaks, page, rules)
    full = sorted(c[BOTTOM] for c in line if c[SIZE] >= small_size)
    baseline = full[len(full) // 2] if full else line[0][BOTTOM]
    rise = SUPERSCRIPT_RISE_RATIO * size
    word_gap, segment_gap = WORD_GAP_RATIO * size, SEGMENT_GAP_RATIO * size

    pieces: list[list[Char]] = [[]]
    markers: list[list[str]] = [[]]
    words: list[list[str]] = [[]]  # per piece, text built with spaces
    prev: Char | None = None
    prev_index = -1
    for i, c in zip(indices, line, strict=True):
        text = c[TEXT]
        if c[SIZE] < small_size and baseline - c[BOTTOM] > rise and text in _MARKER_CHARS:
            if markers[-1] and prev_index == i - 1 and chars[i - 1][SIZE] == c[SIZE]:
                markers[-1][-1] += text
            else:
                markers[-1].append(text)
            prev_index = i
            continue
        if prev is not None:
            gap = c[X0] - prev[X1]
            ruled = gap > word_gap and bool(rules) and any(
                prev[X1] - 0.5 <= x <= c[X0] + 0.5 for x in rules)
            if (gap > segment_gap and not _is_bullet("".join(words[-1]))) or ruled:
                pieces.append([])
                markers.append([])
                words.append([])
            elif gap > word_gap or (i == prev_index + 1 and i in breaks):
                words[-1].append(" ")
        pieces[-1].append(c)
        words[-1].append(text)
        prev = c
        prev_index = i

    segments = []
    for cs, text, marks in zip(pieces, words, markers, strict=True):
        if not cs:
            continue
        _, x0s, tops, x1s, bottoms, sizes, bolds, roles = zip(*cs, strict=True)
        segments.append(Segment(
            page=page, text=" ".join("".join(text).split()),
            x0=min(x0s), top=min(tops), x1=max(x1s), bottom=max(bottoms),
            size=_dominant_size(sizes), bold=sum(bolds) >= 0.8 * len(cs),
            markers=marks, role=_most_common(roles),
        ))
    return segments


def _split_plain(indices: list[int], columns: tuple[tuple, ...], uniform: bool, size: float,
                 breaks: set[int], page: int, rules: list[float] | None) -> list[Segment]:
    """``_split_line`` for a line without raised markers: words and segments found from
    the gaps between the characters and the breaks between them, not character by
    character."""
    texts, x0s, tops, x1s, bottoms, sizes, bolds, roles = columns
    count = len(texts)
    word_gap, segment_gap = WORD_GAP_RATIO * size, SEGMENT_GAP_RATIO * size
    gaps = list(map(operator.sub, x0s[1:], x1s[:-1]))  # gaps[k - 1]: before character k
    wide = {k for k, gap in enumerate(gaps, 1) if gap > word_gap}
    events = set(wide)
    if breaks:
        # A break falls before a character that follows the one before it in the text.
        where = dict(zip(indices, range(count), strict=True))
        for i in breaks.intersection(indices):
            k = where[i]
            if k and indices[k - 1] == i - 1:
                events.add(k)

    def segment(start: int, end: int, words: list[str]) -> Segment:
        return Segment(
            page=page, text=" ".join(" ".join(words).split()),
            x0=min(x0s[start:end]), top=min(tops[start:end]),
            x1=max(x1s[start:end]), bottom=max(bottoms[start:end]),
            size=size if uniform else _dominant_size(sizes[start:end]),
            bold=sum(bolds[start:end]) >= 0.8 * (end - start),
            markers=[], role=_most_common(roles[start:end]),
        )

    segments = []
    start = word_start = 0
    words: list[str] = []
    for k in sorted(events):
        word = "".join(texts[word_start:k])
        if k in wide and (
                (rules and any(x1s[k - 1] - 0.5 <= x <= x0s[k] + 0.5 for x in rules))
                or (gaps[k - 1] > segment_gap and not _is_bullet(" ".join([*words, word])))):
            segments.append(segment(start, k, [*words, word]))
            start = word_start = k
            words = []
            continue
        words.append(word)
        word_start = k
    words.append("".join(texts[word_start:]))
    segments.append(segment(start, count, words))
    return segments


def _most_common(values: tuple) -> Any:
    """The most common value, the first seen of equally common ones."""
    first = values[0]
    if values.count(first) == len(values):
        return first
    counts = Counter(values)
    return max(counts, key=counts.__getitem__)


def _dominant_size(sizes: tuple[float, ...]) -> float:
    """The most common font size (to 0.1 pt), the larger of two equally common."""
    counts: Counter = Counter()
    for size, n in Counter(sizes).items():
        counts[round(size, 1)] += n
    return max(counts, key=lambda s: (counts[s], s))


_BULLET = re.compile(r"[•●▪■◦‣∙·\-–]|\(?[0-9a-zA-Z]{1,3}[.)]")


def _is_bullet(text: str) -> bool:
    """A segment that is only a bullet or list label stays with the text after it."""
    return _BULLET.fullmatch(text.strip()) is not None
