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


@dataclass
class PageText:
    number: int  # 1-based
    width: float
    height: float
    segments: list[Segment]
    rects: list[Rect]
    char_count: int
    unreadable: int = 0  # characters with no real text behind them (unmapped glyphs)


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


class _PageReader:
    """Holds the ctypes out-parameters and font cache reused across pages."""

    def __init__(self) -> None:
        self._box = raw.FS_RECTF()
        self._box_ref = ctypes.byref(self._box)
        self._name_buf = ctypes.create_string_buffer(256)
        self._bold_by_font: dict[int, bool] = {}
        self._roles: dict[int, str] = {}
        self._role_by_object: dict[int, str | None] = {}

    def read(self, page: pdfium.PdfPage, number: int) -> PageText:
        width, height = page.get_size()
        self._roles = read_structure_roles(page)
        # Page objects are freed with their page and their addresses reused, so these
        # caches keyed by address must not outlive it.
        self._role_by_object = {}
        self._bold_by_font = {}
        textpage = page.get_textpage()
        try:
            chars, breaks = self._read_chars(textpage, height)
        finally:
            textpage.close()
        rects = _read_rects(page, height)
        segments = _build_segments(chars, breaks, number, _vertical_rules(rects))
        unreadable = sum(1 for c in chars if c.text == "\ufffd" or "\ue000" <= c.text <= "\uf8ff")
        return PageText(number, width, height, segments, rects, len(chars), unreadable)

    def _read_chars(self, textpage: pdfium.PdfTextPage, height: float):
        handle = textpage.raw
        count = raw.FPDFText_CountChars(handle)
        if count <= 0:
            return [], set()
        text = textpage.get_text_range(0, count)
        if len(text) != count:  # surrogate pairs: fall back to per-character lookup
            text = "".join(chr(raw.FPDFText_GetUnicode(handle, i) or 32) for i in range(count))
        box, box_ref = self._box, self._box_ref
        chars: list[Char | None] = []
        breaks: set[int] = set()  # indices in `chars` before which a space or new line falls
        for i, ch in enumerate(text):
            if ch in "\x02\ufffe":  # PDFium's stand-in for a hyphen at the end of a line
                ch = "-"
            elif ch in _SYMBOL_BULLETS:
                ch = "•"
            elif ch in " \r\n\t\xa0" or not ch.isprintable():
                breaks.add(len(chars))
                continue
            # Loose boxes span the font's ascent to descent and its advance width, so
            # lines group evenly and gaps between boxes are real gaps.
            raw.FPDFText_GetLooseCharBox(handle, i, box_ref)
            size = raw.FPDFText_GetFontSize(handle, i)
            obj = raw.FPDFText_GetTextObject(handle, i)
            chars.append(Char(ch, box.left, height - box.top, box.right,
                              height - box.bottom, size, self._is_bold(obj), self._role(obj)))
        return chars, breaks

    def _role(self, text_object) -> str | None:
        if not self._roles:
            return None
        key = ctypes.cast(text_object, ctypes.c_void_p).value or 0
        if key not in self._role_by_object:
            mcid = raw.FPDFPageObj_GetMarkedContentID(text_object)
            self._role_by_object[key] = self._roles.get(mcid, "artifact" if mcid < 0 else None)
        return self._role_by_object[key]

    def _is_bold(self, text_object) -> bool:
        key = ctypes.cast(text_object, ctypes.c_void_p).value or 0
        bold = self._bold_by_font.get(key)
        if bold is None:
            font = raw.FPDFTextObj_GetFont(text_object)
            bold = False
            if font:
                n = raw.FPDFFont_GetBaseFontName(font, self._name_buf, 256)
                name = self._name_buf.value.decode("latin-1") if n else ""
                bold = bool(_BOLD_NAME.search(name)) or raw.FPDFFont_GetWeight(font) >= 600
            self._bold_by_font[key] = bold
        return bold


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


def _read_rects(page: pdfium.PdfPage, height: float) -> list[Rect]:
    """Filled or stroked path objects, as rectangles (their bounding boxes)."""
    rects = []
    handle = page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    for i in range(raw.FPDFPage_CountObjects(handle)):
        obj = raw.FPDFPage_GetObject(handle, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
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
    return rects


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
    segments: list[Segment] = []
    for line in lines:
        line_rules = []
        if rules:
            top = min(chars[i].top for i in line)
            bottom = max(chars[i].bottom for i in line)
            mid = (top + bottom) / 2
            line_rules = [x for x, r_top, r_bottom in rules if r_top - 1 <= mid <= r_bottom + 1]
        segments.extend(_split_line(line, chars, breaks, page, line_rules))
    segments.sort(key=lambda s: (round(s.top, 0), s.x0))
    return segments


def _group_lines(chars: list[Char]) -> list[list[int]]:
    """Indices of characters on each visual line.

    Full-size characters are grouped first by vertical overlap; small raised characters
    (possible footnote markers) are then attached to the line they sit on, so that their
    rise does not open a line of their own.
    """
    small = {i for i in range(len(chars)) if _maybe_marker(chars, i)}
    order = sorted((i for i in range(len(chars)) if i not in small),
                   key=lambda i: (chars[i].bottom, chars[i].x0))
    lines: list[list[int]] = []
    bands: list[list[float]] = []  # [top, bottom, x0, x1] of each line
    for i in order:
        c = chars[i]
        for k in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = bands[k][0], bands[k][1]
            overlap = min(bottom, c.bottom) - max(top, c.top)
            if overlap > 0.5 * min(bottom - top, c.bottom - c.top):
                lines[k].append(i)
                band = bands[k]
                band[0], band[1] = min(band[0], c.top), max(band[1], c.bottom)
                band[2], band[3] = min(band[2], c.x0), max(band[3], c.x1)
                break
        else:
            lines.append([i])
            bands.append([c.top, c.bottom, c.x0, c.x1])
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
    indices.sort(key=lambda i: (chars[i].x0, i))
    sizes: dict[float, int] = {}
    for i in indices:
        sizes[round(chars[i].size, 1)] = sizes.get(round(chars[i].size, 1), 0) + 1
    size = max(sizes, key=lambda s: (sizes[s], s))
    full = [chars[i] for i in indices if chars[i].size >= size * SUPERSCRIPT_SIZE_RATIO]
    baseline = sorted(c.bottom for c in full)[len(full) // 2] if full else chars[indices[0]].bottom

    pieces: list[list[int]] = [[]]
    markers: list[list[str]] = [[]]
    prev: Char | None = None
    prev_index = -1
    words: list[list[str]] = [[]]  # per piece, text built with spaces
    for i in indices:
        c = chars[i]
        raised = baseline - c.bottom > SUPERSCRIPT_RISE_RATIO * size
        if c.size < size * SUPERSCRIPT_SIZE_RATIO and raised and c.text in _MARKER_CHARS:
            if markers[-1] and prev_index == i - 1 and chars[i - 1].size == c.size:
                markers[-1][-1] += c.text
            else:
                markers[-1].append(c.text)
            prev_index = i
            continue
        if prev is not None:
            gap = c.x0 - prev.x1
            ruled = gap > WORD_GAP_RATIO * size and rules and any(
                prev.x1 - 0.5 <= x <= c.x0 + 0.5 for x in rules)
            if (gap > SEGMENT_GAP_RATIO * size and not _is_bullet(words[-1])) or ruled:
                pieces.append([])
                markers.append([])
                words.append([])
            elif gap > WORD_GAP_RATIO * size or (i in breaks and i == prev_index + 1):
                words[-1].append(" ")
        pieces[-1].append(i)
        words[-1].append(c.text)
        prev = c
        prev_index = i

    segments = []
    for piece, text, marks in zip(pieces, words, markers, strict=True):
        if not piece:
            continue
        cs = [chars[i] for i in piece]
        seg_size = _dominant_size(cs)
        bold_count = sum(1 for c in cs if c.bold)
        roles: dict[str | None, int] = {}
        for c in cs:
            roles[c.role] = roles.get(c.role, 0) + 1
        segments.append(Segment(
            page=page,
            text=re.sub(r"\s+", " ", "".join(text)).strip(),
            x0=min(c.x0 for c in cs), top=min(c.top for c in cs),
            x1=max(c.x1 for c in cs), bottom=max(c.bottom for c in cs),
            size=seg_size, bold=bold_count >= 0.8 * len(cs), markers=marks,
            role=max(roles, key=roles.__getitem__),
        ))
    return segments


def _dominant_size(cs: list[Char]) -> float:
    counts: dict[float, int] = {}
    for c in cs:
        key = round(c.size, 1)
        counts[key] = counts.get(key, 0) + 1
    return max(counts, key=lambda s: (counts[s], s))


def _is_bullet(text: list[str]) -> bool:
    """A segment that is only a bullet or list label stays with the text after it."""
    joined = "".join(text).strip()
    return bool(re.fullmatch(r"[•●▪■◦‣∙·\-–]|\(?[0-9a-zA-Z]{1,3}[.)]", joined))
