"""Word documents (.docx) read into the document model (``extractor.document``).

What is read, in document order: the body's paragraphs, tables and content controls;
headings (the Title style, "Heading N" styles, styles based on them, outline levels); list
entries with the markers Word shows for them ("1.", "(a)", "•"), worked out from the
numbering definitions; tables with each cell's shading; one-column tables and text boxes as
boxes; page breaks; headers and footers (kept apart as running lines) and footnotes and
endnotes (kept apart as notes).

What is left out: a table of contents, deleted text (tracked changes), hidden text, field
codes (their results are read), footnote reference marks, symbols, pictures, charts,
equations, comments, and shading that comes from a table style rather than the cell.
Documents in the Strict Open XML flavour are refused.

Before python-docx opens the package, its ZIP container is checked: it must be whole, hold
its document part and not too many members, and unpack to no more than a bound set by the
limits (a ZIP bomb declares or holds far more).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import parse_xml
from docx.package import Package
from lxml import etree

from extractor.document import Cell, Colour, DocumentBuilder
from extractor.errors import ExtractionError
from extractor.guard import Limits
from extractor.layout import Layout
from extractor.text import normalise_text

# A Word document's ZIP holds a few dozen members; thousands are not a document.
MAX_MEMBERS = 5_000
# All members together may unpack to this many times HMIC_MAX_FILE_MB ...
UNPACKED_PER_FILE_MB = 2
# ... and the XML among them to this share of HMIC_MAX_MEMORY_MB (a parsed XML tree takes
# several times the bytes of its text).
XML_SHARE_OF_MEMORY = 0.1
# Paragraphs and table rows read, at most, for each page HMIC_MAX_PAGES allows.
BLOCKS_PER_PAGE = 200

_MB = 10**6
_MIB = 1 << 20
_CHUNK = 1 << 16

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _w(tag: str) -> str:
    return f"{{{_W_NS}}}{tag}"


P, TBL, TR, TC, R, T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
SDT, SDT_CONTENT = _w("sdt"), _w("sdtContent")
TXBX_CONTENT = _w("txbxContent")
ALTERNATE = f"{{{_MC_NS}}}AlternateContent"
CHOICE, FALLBACK = f"{{{_MC_NS}}}Choice", f"{{{_MC_NS}}}Fallback"
VAL = _w("val")

# Elements whose content is read as if it stood in their place.
_WRAPPERS = {SDT, _w("customXml"), _w("smartTag"), _w("ins"), _w("moveTo"), _w("hyperlink"),
             _w("fldSimple"), _w("dir"), _w("bdo")}
# Elements whose content is not shown (tracked deletions).
_REMOVED = {_w("del"), _w("moveFrom")}
# Run content that reads as a space.
_SPACES = {_w("tab"), _w("ptab"), _w("cr")}
# Run content that may hold text boxes.
_DRAWN = {_w("drawing"), _w("pict"), _w("object"), ALTERNATE}
_FALSE = {"0", "false", "off", "none"}

_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_CONTENTS_STYLE = re.compile(r"^(toc\s*(\d|heading)|table of figures)", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list (bullet|number)(?:\s*([2-9]))?$", re.IGNORECASE)
_NOTE_MARK = re.compile(r"^[\d\s,*\u2020\u2021\u00a7]+$")
# "2.3": a paragraph number, not a list marker (the PDF reader keeps it out of the text).
_PARAGRAPH_NUMBER = re.compile(r"^\d+(?:\.\d+)+\.?$")
BULLET = "\u2022"


# --------------------------------------------------------------------------- entry point


def read_word(data: bytes, limits: Limits) -> Layout:
    """The layout of the Word document ``data`` (ExtractionError when it cannot be read)."""
    check_package(data, limits)
    parts = _open(data)
    builder = DocumentBuilder()
    reader = _Reader(builder, parts.styles, parts.numbering,
                     block_limit(limits), limits.max_pages)
    reader.read_blocks(parts.body)
    for root in parts.running:
        for text in reader.texts(root):
            builder.running_line(text)
    for root in parts.notes:
        for note in root:
            if note.get(_w("type")) in (None, "normal"):
                builder.footnote(" ".join(reader.texts(note)))
    return builder.build()


def block_limit(limits: Limits) -> int:
    """How many paragraphs and table rows a document may have."""
    return limits.max_pages * BLOCKS_PER_PAGE


def _unreadable(why: str) -> ExtractionError:
    return ExtractionError(f"is a Word document that cannot be read ({why})")


# --------------------------------------------------------------------------- the ZIP


def check_package(data: bytes, limits: Limits) -> None:
    """Refuse a ZIP container that is corrupt, lacks its document part, has too many
    members or unpacks to more than the limits allow (declared or in fact)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise ExtractionError(f"is a Word document of {len(members):,} parts; the "
                                      f"limit is {MAX_MEMBERS:,}")
            total, xml = _unpacked_limits(limits)
            _check_sizes(sum(m.file_size for m in members),
                         sum(m.file_size for m in members if _is_xml(m.filename)),
                         total, xml, limits, declared=True)
            _check_unpacked(archive, members, total, xml, limits)
            if _main_part_name(archive) not in set(archive.namelist()):
                raise _unreadable("its document part is missing")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error):
        raise _unreadable("its ZIP container is corrupt") from None
    except NotImplementedError:
        raise _unreadable("a part is compressed in a way that is not supported") from None
    except RuntimeError:  # a member encrypted with a ZIP password
        raise _unreadable("its parts are encrypted") from None


def _unpacked_limits(limits: Limits) -> tuple[int, int]:
    """Bytes all members, and the XML members, may unpack to."""
    return (int(UNPACKED_PER_FILE_MB * limits.max_file_mb * _MB),
            int(XML_SHARE_OF_MEMORY * limits.max_memory_mb * _MIB))


def _check_sizes(total: int, xml: int, total_limit: int, xml_limit: int, limits: Limits,
                 declared: bool) -> None:
    would = "would unpack to" if declared else "unpack to more than"
    if total > total_limit:
        shown = f"{total / _MB:,.0f} MB" if declared else f"{total_limit / _MB:,.0f} MB"
        raise ExtractionError(
            f"is a Word document whose parts {would} {shown}; the limit is "
            f"{total_limit / _MB:,.0f} MB ({UNPACKED_PER_FILE_MB} times HMIC_MAX_FILE_MB, "
            f"{limits.max_file_mb:g} MB)")
    if xml > xml_limit:
        shown = f"{xml / _MB:,.0f} MB" if declared else f"{xml_limit / _MB:,.0f} MB"
        raise ExtractionError(
            f"is a Word document whose XML parts {would} {shown}; the limit is "
            f"{xml_limit / _MB:,.0f} MB (a tenth of HMIC_MAX_MEMORY_MB, "
            f"{limits.max_memory_mb:,} MiB)")


def _check_unpacked(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo],
                    total_limit: int, xml_limit: int, limits: Limits) -> None:
    """Unpack every member as a stream, counting its bytes (a declared size may lie), and
    stop as soon as a limit is passed; a member that does not unpack whole is corrupt."""
    total = xml = 0
    for member in members:
        counts_as_xml = _is_xml(member.filename)
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                xml += len(chunk) if counts_as_xml else 0
                if total > total_limit or xml > xml_limit:
                    _check_sizes(total, xml, total_limit, xml_limit, limits, declared=False)


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _main_part_name(archive: zipfile.ZipFile) -> str:
    """The member the package's relationships name as its main document."""
    default = "word/document.xml"
    if "_rels/.rels" not in set(archive.namelist()):
        return default
    try:
        root = etree.fromstring(archive.read("_rels/.rels"),
                                etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        raise _unreadable("its package relationships are malformed") from None
    for rel in root.iter(f"{{{_PACKAGE_RELS_NS}}}Relationship"):
        if rel.get("Type") == RT.OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            return (rel.get("Target") or default).lstrip("/")
    return default


# --------------------------------------------------------------------------- the package


@dataclass
class _Parts:
    """The XML of the parts read."""

    body: etree._Element
    styles: _Styles
    numbering: _Numbering
    running: list[etree._Element] = field(default_factory=list)  # headers and footers
    notes: list[etree._Element] = field(default_factory=list)  # footnotes and endnotes


def _open(data: bytes) -> _Parts:
    """Open the package with python-docx and take the XML of the parts read."""
    try:
        main = Package.open(io.BytesIO(data)).main_document_part
        root = _xml(main)
    except (ExtractionError, MemoryError):
        raise
    except Exception as exc:  # python-docx and lxml fail in many ways on a broken package
        raise _unreadable(_why(exc)) from None
    if etree.QName(root).namespace == _STRICT_W_NS:
        raise ExtractionError("is a Word document in the Strict Open XML format, which is "
                              "not read; save it as an ordinary Word document (.docx)")
    body = root.find(_w("body"))
    if body is None:
        raise _unreadable("its document part has no body")
    styles = _Styles(_related_xml(main, RT.STYLES))
    numbering = _Numbering(_related_xml(main, RT.NUMBERING), styles)
    parts = _Parts(body, styles, numbering)
    seen: set[str] = set()
    for section in root.iter(_w("sectPr")):
        for ref in section:
            if ref.tag in (_w("headerReference"), _w("footerReference")):
                part = main.related_parts.get(ref.get(f"{{{_R_NS}}}id"))
                if part is not None and str(part.partname) not in seen:
                    seen.add(str(part.partname))
                    parts.running.append(_xml(part))
    for reltype in (RT.FOOTNOTES, RT.ENDNOTES):
        notes = _related_xml(main, reltype)
        if notes is not None:
            parts.notes.append(notes)
    return parts


def _why(exc: Exception) -> str:
    if isinstance(exc, etree.XMLSyntaxError):
        return "its XML is malformed"
    if isinstance(exc, KeyError):
        return "a part it refers to is missing"
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        return "its ZIP container is corrupt"
    return "its parts cannot be read"


def _xml(part) -> etree._Element:
    """A part's XML: parsed by python-docx when it knows the part, else from its bytes."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    try:
        return parse_xml(part.blob)
    except etree.XMLSyntaxError:
        raise _unreadable(f"its part {part.partname} is malformed XML") from None


def _related_xml(part, reltype: str) -> etree._Element | None:
    try:
        related = part.part_related_by(reltype)
    except KeyError:
        return None
    return _xml(related)


# --------------------------------------------------------------------------- styles


def _on(element: etree._Element | None) -> bool | None:
    """An on/off property: None when absent."""
    if element is None:
        return None
    return (element.get(VAL) or "true").lower() not in _FALSE


class _Styles:
    """The document's styles: names, what they are based on, and what they set."""

    def __init__(self, root: etree._Element | None) -> None:
        self._styles: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self._default_bold = False
        self._chains: dict[str | None, list[etree._Element]] = {}
        self._memo: dict[tuple[str, str | None, str], Any] = {}  # what each style gives
        if root is None:
            return
        for style in root.iter(_w("style")):
            style_id = style.get(_w("styleId"))
            if not style_id:
                continue
            self._styles.setdefault(style_id, style)
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in (
                    "1", "true", "on"):
                self.default_paragraph = style_id
        self._default_bold = bool(_on(root.find(
            f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('b')}")))

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and those it is based on, the most specific first."""
        if style_id in self._chains:
            return self._chains[style_id]
        chain: list[etree._Element] = []
        current = style_id
        while current in self._styles and len(chain) < 20:
            style = self._styles[current]
            if any(s is style for s in chain):
                break
            chain.append(style)
            based = style.find(_w("basedOn"))
            current = based.get(VAL) if based is not None else None
        self._chains[style_id] = chain
        return chain

    def name(self, style_id: str | None) -> str:
        style = self._styles.get(style_id or "")
        named = style.find(_w("name")) if style is not None else None
        return (named.get(VAL) or "") if named is not None else (style_id or "")

    def _remember(self, what: str, style_id: str | None, compute: Callable[[], Any],
                  path: str = "") -> Any:
        key = (what, style_id, path)
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def find(self, style_id: str | None, path: str) -> etree._Element | None:
        """The first element at ``path`` in the style or those it is based on."""
        return self._remember("find", style_id, lambda: next(
            (found for style in self.chain(style_id)
             if (found := style.find(path)) is not None), None), path)

    def heading_level(self, style_id: str | None) -> int:
        """The heading level a paragraph style gives (0: not a heading): the Title style 1,
        "Heading N" N + 1, an outline level L (0-based) L + 2."""
        return self._remember("heading", style_id, lambda: self._heading_level(style_id))

    def _heading_level(self, style_id: str | None) -> int:
        for style in self.chain(style_id):
            name = self.name(style.get(_w("styleId")))
            if name.lower() == "title":
                return 1
            heading = _HEADING_STYLE.match(name)
            if heading:
                return int(heading.group(1)) + 1
            level = _outline_level(style.find(f"{_w('pPr')}/{_w('outlineLvl')}"))
            if level is not None:
                return level
        return 0

    def is_contents(self, style_id: str | None) -> bool:
        return self._remember("contents", style_id,
                              lambda: bool(_CONTENTS_STYLE.match(self.name(style_id))))

    def list_style(self, style_id: str | None) -> tuple[str, int] | None:
        """("bullet" or "number", level) for a "List Bullet 2" or "List Number" style."""
        return self._remember("list", style_id, lambda: self._list_style(style_id))

    def _list_style(self, style_id: str | None) -> tuple[str, int] | None:
        for style in self.chain(style_id):
            match = _LIST_STYLE.match(self.name(style.get(_w("styleId"))))
            if match:
                return match.group(1).lower(), int(match.group(2) or 1) - 1
        return None

    def bold(self, style_id: str | None) -> bool | None:
        found = self.find(style_id, f"{_w('rPr')}/{_w('b')}")
        return _on(found)

    @property
    def default_bold(self) -> bool:
        return self._default_bold


def _outline_level(element: etree._Element | None) -> int | None:
    """The heading level an outline level gives; 0 for body text (level 9); None if unset."""
    if element is None:
        return None
    value = _int(element.get(VAL))
    if value is None:
        return None
    return value + 2 if 0 <= value < 9 else 0


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


# --------------------------------------------------------------------------- numbering


@dataclass
class _Level:
    """One level of a list definition."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # restart after this (1-based) level is used; 0 never
    legal: bool = False  # every number shown in decimal
    style: str | None = None


def _level(lvl: etree._Element, base: _Level | None = None) -> _Level:
    level = _Level(**vars(base)) if base else _Level()

    def value(tag: str) -> str | None:
        found = lvl.find(_w(tag))
        return found.get(VAL) if found is not None else None

    level.fmt = value("numFmt") or level.fmt
    text = value("lvlText")
    level.text = text if text is not None else level.text
    level.start = _int(value("start")) if _int(value("start")) is not None else level.start
    level.restart = _int(value("lvlRestart")) if value("lvlRestart") is not None \
        else level.restart
    level.legal = bool(_on(lvl.find(_w("isLgl")))) or level.legal
    level.style = value("pStyle") or level.style
    return level


class _Numbering:
    """The list definitions, and the counters that give each list entry its marker."""

    def __init__(self, root: etree._Element | None, styles: _Styles) -> None:
        self._abstract: dict[str, etree._Element] = {}
        self._nums: dict[str, etree._Element] = {}
        self._levels: dict[str, dict[int, _Level]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._styles = styles
        if root is None:
            return
        for abstract in root.iter(_w("abstractNum")):
            self._abstract.setdefault(abstract.get(_w("abstractNumId")) or "", abstract)
        for num in root.iter(_w("num")):
            self._nums.setdefault(num.get(_w("numId")) or "", num)

    def defined(self, num_id: str) -> bool:
        return bool(self.levels(num_id))

    def levels(self, num_id: str) -> dict[int, _Level]:
        """The levels of list ``num_id``, with its overrides."""
        if num_id not in self._levels:
            num = self._nums.get(num_id)
            levels: dict[int, _Level] = {}
            if num is not None:
                levels = dict(self._abstract_levels(self._abstract_id(num)))
                for override in num.iter(_w("lvlOverride")):
                    ilvl = _int(override.get(_w("ilvl")))
                    if ilvl is None:
                        continue
                    lvl = override.find(_w("lvl"))
                    if lvl is not None:
                        levels[ilvl] = _level(lvl, levels.get(ilvl))
            self._levels[num_id] = levels
        return self._levels[num_id]

    def _abstract_id(self, num: etree._Element) -> str:
        found = num.find(_w("abstractNumId"))
        return (found.get(VAL) or "") if found is not None else ""

    def _abstract_levels(self, abstract_id: str, depth: int = 0) -> dict[int, _Level]:
        abstract = self._abstract.get(abstract_id)
        if abstract is None or depth > 4:
            return {}
        link = abstract.find(_w("numStyleLink"))
        if link is not None:  # the definition lives with the numbering style it names
            num_pr = self._styles.find(link.get(VAL), f"{_w('pPr')}/{_w('numPr')}/{_w('numId')}")
            num = self._nums.get(num_pr.get(VAL) or "") if num_pr is not None else None
            if num is not None and self._abstract_id(num) != abstract_id:
                return self._abstract_levels(self._abstract_id(num), depth + 1)
        return {ilvl: _level(lvl) for lvl in abstract.findall(_w("lvl"))
                if (ilvl := _int(lvl.get(_w("ilvl")))) is not None and 0 <= ilvl < 9}

    def level_of_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level a list definition gives paragraphs of a style ("List Number 2")."""
        for ilvl, level in self.levels(num_id).items():
            if style_id and level.style == style_id:
                return ilvl
        return None

    def marker(self, num_id: str, ilvl: int) -> str:
        """Count the next entry of list ``num_id`` at level ``ilvl`` and give its marker."""
        levels = self.levels(num_id)
        ilvl = ilvl if ilvl in levels else min(levels)
        counts, starts = self._count(num_id, ilvl, levels)
        level = levels[ilvl]
        if level.fmt == "bullet":
            return BULLET if level.text.strip() else ""
        if level.fmt == "none":
            return ""

        def number(match: re.Match) -> str:
            shown = int(match.group(1)) - 1
            other = levels.get(shown, _Level())
            value = counts[shown] if counts[shown] is not None else starts.get(
                shown, other.start)
            fmt = "decimal" if level.legal or other.fmt == "bullet" else other.fmt
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", number, level.text)

    def _count(self, num_id: str, ilvl: int, levels: dict[int, _Level]
               ) -> tuple[list[int | None], dict[int, int]]:
        """Count an entry at ``ilvl``: the list's counters after it, and the start values
        the list sets for itself."""
        num = self._nums[num_id]
        starts = {level: start for o in num.iter(_w("lvlOverride"))
                  if (level := _int(o.get(_w("ilvl")))) is not None
                  and (start := _int(_attr(o.find(_w("startOverride"))))) is not None}
        # A list that sets where it starts counts on its own; others share their
        # definition's counters, as Word goes on with a list across its instances.
        key = f"num:{num_id}" if starts else f"abstract:{self._abstract_id(num)}"
        counts = self._counters.setdefault(key, [None] * 9)
        value = counts[ilvl]
        counts[ilvl] = starts.get(ilvl, levels[ilvl].start) if value is None else value + 1
        for deeper in range(ilvl + 1, 9):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or ilvl < restart:
                counts[deeper] = None
        return counts, starts


def _attr(element: etree._Element | None) -> str | None:
    return element.get(VAL) if element is not None else None


def format_number(value: int, fmt: str) -> str:
    """A list counter as Word shows it in a numbering format ("lowerLetter": 28 → "bb")."""
    if fmt in ("lowerLetter", "upperLetter") and value > 0:
        letters = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _roman(value: int) -> str:
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for amount, numeral in numerals:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)


# --------------------------------------------------------------------------- paragraphs


@dataclass
class _Paragraph:
    """What a paragraph holds, before it is placed."""

    text: str = ""
    bold: bool = False
    heading: int = 0
    marker: str | None = None  # a list entry's marker ("" for an unmarked entry)
    level: int = 0  # a list entry's level
    indent: int = 0
    break_before: bool = False
    break_after: bool = False
    boxes: list[etree._Element] = field(default_factory=list)

    @property
    def shown(self) -> str:
        """The text as printed, with its list marker."""
        return f"{self.marker} {self.text}" if self.marker else self.text


class _Fields:
    """Where the reading is among complex fields (which run over paragraphs): inside a
    table of contents or not."""

    def __init__(self) -> None:
        self._stack: list[str] = []
        self.met_contents = False  # a table of contents began since this was last reset

    def begin(self) -> None:
        self._stack.append("")

    def instruction(self, text: str) -> None:
        if self._stack:
            self._stack[-1] += text
            self.met_contents = self.met_contents or self.in_contents

    def end(self) -> None:
        if self._stack:
            self._stack.pop()

    @property
    def in_contents(self) -> bool:
        return any(instr.lstrip().upper().startswith("TOC") for instr in self._stack)


def _unwrapped(element: etree._Element) -> Iterator[etree._Element]:
    """The children of ``element``, with content controls, custom XML, hyperlinks and
    insertions opened in place and deletions and tables of contents left out."""
    for child in element:
        if child.tag in _REMOVED or not isinstance(child.tag, str):
            continue
        if child.tag == SDT:
            if not _is_contents_control(child):
                content = child.find(SDT_CONTENT)
                if content is not None:
                    yield from _unwrapped(content)
        elif child.tag in _WRAPPERS:
            yield from _unwrapped(child)
        elif child.tag == ALTERNATE:
            chosen = _choice(child)
            if chosen is not None:
                yield from _unwrapped(chosen)
        else:
            yield child


def _is_contents_control(sdt: etree._Element) -> bool:
    gallery = sdt.find(f"{_w('sdtPr')}/{_w('docPartObj')}/{_w('docPartGallery')}")
    return gallery is not None and "table of contents" in (gallery.get(VAL) or "").lower()


def _choice(alternate: etree._Element) -> etree._Element | None:
    """One branch of alternate content: the first choice, else the fallback."""
    chosen = alternate.find(CHOICE)
    return chosen if chosen is not None else alternate.find(FALLBACK)


def _text_boxes(element: etree._Element) -> Iterator[etree._Element]:
    """The text boxes drawn in a run's drawing, taking one branch of alternate content."""
    if element.tag == TXBX_CONTENT:
        yield element
    elif element.tag == ALTERNATE:
        chosen = _choice(element)
        if chosen is not None:
            yield from _text_boxes(chosen)
    else:
        for child in element:
            if isinstance(child.tag, str):
                yield from _text_boxes(child)


class _Reader:
    """Reads blocks in document order and tells the builder about them."""

    def __init__(self, builder: DocumentBuilder, styles: _Styles, numbering: _Numbering,
                 max_blocks: int, max_pages: int) -> None:
        self.builder = builder
        self.styles = styles
        self.numbering = numbering
        self.fields = _Fields()
        self.max_blocks = max_blocks
        self.max_pages = max_pages
        self.blocks = 0
        self._plain_lists: dict[str, int] = {}  # counters of list styles with no definition

    # ------------------------------------------------------------------ blocks

    def read_blocks(self, container: etree._Element) -> None:
        """Every paragraph and table in ``container`` (the body, a cell, a text box)."""
        for element in _unwrapped(container):
            if element.tag == P:
                self._place(self.paragraph(element))
            elif element.tag == TBL:
                self._table(element)

    def _place(self, paragraph: _Paragraph | None) -> None:
        if paragraph is None:
            return
        builder = self.builder
        if paragraph.break_before:
            builder.page_break()
        if paragraph.heading:
            builder.heading(paragraph.shown, paragraph.heading)
        elif paragraph.marker is not None and not _PARAGRAPH_NUMBER.match(paragraph.marker):
            builder.entry(paragraph.text, paragraph.level, paragraph.marker)
        else:
            builder.paragraph(paragraph.text, bold=paragraph.bold, indent=paragraph.indent)
        if paragraph.boxes:
            with builder.box():
                for box in paragraph.boxes:
                    self.read_blocks(box)
        if paragraph.break_after:
            builder.page_break()

    def _count(self) -> None:
        self.blocks += 1
        if self.blocks > self.max_blocks:
            raise ExtractionError(
                f"is a Word document of more than {self.max_blocks:,} paragraphs and table "
                f"rows; the limit is {BLOCKS_PER_PAGE} a page for HMIC_MAX_PAGES "
                f"({self.max_pages:,} pages)")

    # ------------------------------------------------------------------ tables

    def _table(self, table: etree._Element) -> None:
        rows = [row for row in _unwrapped(table) if row.tag == TR]
        cells = [[cell for cell in _unwrapped(row) if cell.tag == TC] for row in rows]
        for _row in rows:
            self._count()
        if all(len(row) <= 1 for row in cells):  # one column: a box round its content
            with self.builder.box():
                for row in cells:
                    for cell in row:
                        if not _continues_merge(cell):
                            self.read_blocks(cell)
            return
        self.builder.table([self._row(row) for row in cells])

    def _row(self, cells: list[etree._Element]) -> list[Cell]:
        row: list[Cell] = []
        for cell in cells:
            properties = cell.find(_w("tcPr"))
            if _continues_merge(cell):  # its text is in the cell it continues
                row.append(Cell(()))
            else:
                row.append(Cell(tuple(self.texts(cell)), _fill(properties)))
            # A cell spanning grid columns: empty cells after it keep the columns in line.
            span = _int(_attr(properties.find(_w("gridSpan")))) if properties is not None \
                else None
            row.extend(Cell(()) for _ in range(max(0, (span or 1) - 1)))
        return row

    def texts(self, container: etree._Element) -> list[str]:
        """The paragraphs in ``container`` as printed, nested tables and text boxes
        flattened into them."""
        out: list[str] = []
        for element in _unwrapped(container):
            if element.tag == P:
                paragraph = self.paragraph(element)
                if paragraph is not None:
                    out.append(paragraph.shown)
                    for box in paragraph.boxes:
                        out.extend(self.texts(box))
            elif element.tag == TBL:
                for row in _unwrapped(element):
                    if row.tag == TR:
                        self._count()
                        for cell in _unwrapped(row):
                            if cell.tag == TC and not _continues_merge(cell):
                                out.extend(self.texts(cell))
        return [text for text in out if text.strip()]

    # ------------------------------------------------------------------ paragraphs

    def paragraph(self, p: etree._Element) -> _Paragraph | None:
        """What paragraph ``p`` holds; None when it is part of a table of contents."""
        self._count()
        properties = p.find(_w("pPr"))
        style = _attr(properties.find(_w("pStyle"))) if properties is not None else None
        style = style or self.styles.default_paragraph
        contents = self.fields.in_contents or self.styles.is_contents(style)
        self.fields.met_contents = False
        paragraph = _Paragraph()
        self._read_runs(p, paragraph, style)
        if contents or self.fields.met_contents:
            return None
        # As the PDF reader does: straight quotes, plain dashes, no ligatures.
        paragraph.text = normalise_text(paragraph.text)
        paragraph.heading = self._heading_level(properties, style)
        self._list(paragraph, properties, style)
        paragraph.indent = self._indent(properties, style)
        if _on(self._property(properties, style, "pageBreakBefore")):
            paragraph.break_before = True
        section = properties.find(_w("sectPr")) if properties is not None else None
        if section is not None and _attr(section.find(_w("type"))) != "continuous":
            paragraph.break_after = True
        return paragraph

    def _read_runs(self, p: etree._Element, paragraph: _Paragraph, style: str | None) -> None:
        parts: list[str] = []
        bold: list[bool] = []
        for run in _unwrapped(p):
            if run.tag != R:
                continue
            text, boxes, page_break = self._run(run)
            paragraph.boxes.extend(boxes)
            if page_break:
                if "".join(parts).strip():
                    paragraph.break_after = True
                else:
                    paragraph.break_before = True
            if text is None:
                continue
            parts.append(text)
            if text.strip():
                bold.append(self._bold(run, style))
        paragraph.text = "".join(parts)
        paragraph.bold = bool(bold) and all(bold)

    def _run(self, run: etree._Element) -> tuple[str | None, list[etree._Element], bool]:
        """A run's text (None when hidden or a note mark), its text boxes, and whether it
        breaks the page."""
        properties = run.find(_w("rPr"))
        hidden = properties is not None and (
            _on(properties.find(_w("vanish"))) or _on(properties.find(_w("webHidden"))))
        pieces: list[str] = []
        boxes: list[etree._Element] = []
        page_break = False
        for child in run:
            tag = child.tag
            if tag == T:
                pieces.append(child.text or "")
            elif tag in _SPACES:
                pieces.append(" ")
            elif tag == _w("br"):
                if child.get(_w("type")) == "page":
                    page_break = True
                else:
                    pieces.append(" ")
            elif tag == _w("noBreakHyphen"):
                pieces.append("-")
            elif tag == _w("fldChar"):
                self._field(child.get(_w("fldCharType")))
            elif tag == _w("instrText"):
                self.fields.instruction(child.text or "")
            elif tag in _DRAWN:
                boxes.extend(_text_boxes(child))
        text = "".join(pieces)
        if hidden or (text and self._is_note_mark(properties, text)):
            return None, boxes, page_break
        return text, boxes, page_break

    def _is_note_mark(self, properties: etree._Element | None, text: str) -> bool:
        """A note mark typed as superscript digits rather than made a reference."""
        if properties is None or not _NOTE_MARK.match(text):
            return False
        align = properties.find(_w("vertAlign"))
        if align is None:
            align = self.styles.find(_attr(properties.find(_w("rStyle"))),
                                     f"{_w('rPr')}/{_w('vertAlign')}")
        return _attr(align) == "superscript"

    def _field(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.begin()
        elif kind == "end":
            self.fields.end()

    def _bold(self, run: etree._Element, paragraph_style: str | None) -> bool:
        properties = run.find(_w("rPr"))
        if properties is not None:
            direct = _on(properties.find(_w("b")))
            if direct is not None:
                return direct
            character = self.styles.bold(_attr(properties.find(_w("rStyle"))))
            if character is not None:
                return character
        from_style = self.styles.bold(paragraph_style)
        return from_style if from_style is not None else self.styles.default_bold

    def _property(self, properties: etree._Element | None, style: str | None,
                  tag: str) -> etree._Element | None:
        """A paragraph property set on the paragraph or by its style."""
        direct = properties.find(_w(tag)) if properties is not None else None
        return direct if direct is not None else self.styles.find(
            style, f"{_w('pPr')}/{_w(tag)}")

    def _heading_level(self, properties: etree._Element | None, style: str | None) -> int:
        direct = properties.find(_w("outlineLvl")) if properties is not None else None
        level = _outline_level(direct)
        return level if level is not None else self.styles.heading_level(style)

    def _indent(self, properties: etree._Element | None, style: str | None) -> int:
        ind = self._property(properties, style, "ind")
        if ind is None:
            return 0
        left = _int(ind.get(_w("left")) or ind.get(_w("start"))) or 0
        return max(0, min(8, round(left / 360)))  # 360 twips: the builder's indent step

    # ------------------------------------------------------------------ lists

    def _list(self, paragraph: _Paragraph, properties: etree._Element | None,
              style: str | None) -> None:
        """Give a list entry its marker and level."""
        direct = properties.find(_w("numPr")) if properties is not None else None
        from_style = self.styles.find(style, f"{_w('pPr')}/{_w('numPr')}")
        num_id = _attr(direct.find(_w("numId"))) if direct is not None else None
        if num_id is None and from_style is not None:
            num_id = _attr(from_style.find(_w("numId")))
        if num_id is not None and num_id != "0" and self.numbering.defined(num_id):
            ilvl = _attr(direct.find(_w("ilvl"))) if direct is not None else None
            if ilvl is None and from_style is not None:
                ilvl = _attr(from_style.find(_w("ilvl")))
            level = _int(ilvl)
            if level is None:
                level = self.numbering.level_of_style(num_id, style) or 0
            # "List Bullet 2" is a list of its own, one level in: deeper whatever its level.
            listed = self.styles.list_style(style)
            paragraph.level = max(0, min(8, max(level, listed[1] if listed else 0)))
            paragraph.marker = self.numbering.marker(num_id, paragraph.level)
            self._plain_lists.clear()
            return
        if num_id == "0":
            return
        listed = self.styles.list_style(style)
        if listed is None:
            if paragraph.text:
                self._plain_lists.clear()
            return
        kind, level = listed
        paragraph.level = level
        if kind == "bullet":
            paragraph.marker = BULLET
        else:  # a numbered list style with no definition: count its run of entries
            key = f"{style}:{level}"
            self._plain_lists[key] = self._plain_lists.get(key, 0) + 1
            paragraph.marker = f"{self._plain_lists[key]}."


def _continues_merge(cell: etree._Element) -> bool:
    """A cell that goes on with the one above it (vertically merged) or beside it."""
    properties = cell.find(_w("tcPr"))
    if properties is None:
        return False
    merge = properties.find(_w("vMerge"))
    if merge is not None and (merge.get(VAL) or "continue") == "continue":
        return True
    horizontal = properties.find(_w("hMerge"))
    return horizontal is not None and (horizontal.get(VAL) or "continue") == "continue"


def _fill(properties: etree._Element | None) -> Colour | None:
    """A cell's shading as (r, g, b); None for none, automatic or white."""
    shading = properties.find(_w("shd")) if properties is not None else None
    if shading is None:
        return None
    value = shading.get(_w("fill"))
    if (shading.get(VAL) or "").lower() == "solid":
        value = shading.get(_w("color"))
    if not value or not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        return None
    colour = (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    return None if colour == (255, 255, 255) else colour
