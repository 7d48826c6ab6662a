"""Saved web pages (.html) read into the document model (``extractor.document``).

What is read: the page's main content — its ``<main>`` (or ``[role=main]``), else its one
``<article>``, else the element that holds the page's ``<h1>`` and most of its paragraph
text, else the whole body. Headings keep their level; paragraphs, text held directly by a
``div``, quotations, definition lists and ``details`` are paragraphs; lists are entries
with their level and marker ("•", or the number an ``ol`` gives: ``start``, ``type``,
``value``, ``reversed``); tables keep their rows and cells (and a cell's background colour),
and a table of one column is a box like any panel or call-out; footnotes are kept apart
and the marks that point to them are taken out of the text.

What is left out: scripts, styles, forms, buttons, embedded frames and images; anything
hidden (``hidden``, ``aria-hidden``, ``display: none``, text only for screen readers); and
the site around the content — navigation, the page's header and footer, cookie and consent
banners, skip links, breadcrumbs, share buttons, related links, menus and sign-up boxes,
found by their tag, role, label and class or id words. Colours set by a style sheet rather
than on the element itself are not known.

The page is decoded as a browser would (byte order mark, a ``<meta>`` charset or content
type, else UTF-8, else Windows-1252), parsed by lxml's HTML parser within its normal
limits, and walked without recursion; a page nested too deeply or too long to read is
refused with a one-line reason.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message

from lxml import etree
from PIL import ImageColor  # a CSS colour parser (named, hex, rgb(), hsl())

from extractor.document import Cell, Colour, DocumentBuilder, clean
from extractor.errors import ExtractionError
from extractor.guard import Limits
from extractor.layout import Layout
from extractor.text import normalise_text

#: A page nested deeper than this is refused (lxml's parser stops at 256 levels anyway).
MAX_DEPTH = 250
#: Blocks of text (paragraphs, headings, entries, table cells) read per page allowed.
BLOCKS_PER_PAGE = 200
#: Elements of any kind parsed per block allowed.
ELEMENTS_PER_BLOCK = 10
#: How much of the start of a page is searched for its declared character encoding.
PRESCAN_BYTES = 8192
#: A table cell spans at most this many columns or rows.
MAX_SPAN = 50

Element = etree._Element
Closer = Callable[[], object]

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Elements whose content is never read as text.
_UNREAD = {"script", "style", "noscript", "template", "svg", "math", "iframe", "frame",
           "frameset", "object", "embed", "canvas", "video", "audio", "map", "select",
           "option", "textarea", "input", "head", "title", "meta", "link", "base"}
# Elements that start and end a block of text (everything else flows inside one).
_BLOCKS = {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
           "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
           "footer", "form", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
           "nav", "ol", "p", "pre", "section", "search", "summary", "table", "tbody", "td",
           "tfoot", "th", "thead", "tr", "ul", *_HEADINGS}
_LISTS = {"ul", "ol", "menu", "dir"}
# Elements counted as blocks while parsing, to refuse an endless page early.
_COUNTED = {"p", "li", "tr", "dt", "dd", "blockquote", "pre", "summary", "caption",
            *_HEADINGS}
_SECTIONING = {"main", "article", "section", "aside"}
# Elements that may be a panel or call-out round their text.
_BOX_TAGS = {"div", "section", "aside", "article", "figure", "blockquote", "details", "p",
             "table", "dl"}

# Class, id and label words of the site around the content.
_CLUTTER_WORDS = {"cookie", "cookies", "consent", "banner", "breadcrumb", "breadcrumbs",
                  "skip", "share", "sharing", "social", "menu", "nav", "navbar", "navigation",
                  "subnav", "related", "newsletter", "feedback", "masthead", "toolbar",
                  "pagination", "pager", "toc", "signup", "subscribe", "survey", "popup",
                  "modal", "gdpr"}
_CLUTTER_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar",
                  "toolbar", "dialog", "alertdialog", "tablist"}
# Class words of a panel or call-out, read as a box.
_BOX_WORDS = {"callout", "calltoaction", "panel", "box", "highlight", "inset", "asidebox",
              "recommendation", "afi", "concern", "notice", "keypoint", "keyfinding"}
_NOTE_WORDS = {"footnote", "footnotes", "endnote", "endnotes"}
_NOTE_ROLES = {"doc-footnote", "doc-footnotes", "doc-endnote", "doc-endnotes"}
_NOTE_MARK_WORDS = {"noteref", "footnoteref", "fnref", "footnotemark"}
_BACKLINK_WORDS = {"backref", "backlink", "footnoteback", "fnback"}
# Class names that keep text for screen readers only, or hide it.
_HIDDEN_CLASSES = {"hidden", "visually-hidden", "visuallyhidden", "govuk-visually-hidden",
                   "sr-only", "screen-reader-text", "screenreader-only", "element-invisible",
                   "d-none", "invisible", "offscreen"}

_WORD = re.compile(r"[a-z0-9]+")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
# What a footnote mark reads: "3", "[3]", "(3)", "*", "†".
_NOTE_MARK = re.compile(r"^[\[(]?(?:\d{1,3}|[ivx]{1,5}|[*†‡§])[\])]?$")
# Characters that take no room: never part of a word's text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"), None)
# Control characters a page cannot mean as text (tab and line breaks are kept).
_CONTROLS = {c: " " for c in (*range(0, 9), 11, 12, *range(14, 32), 127)}
# Labels a browser reads as another encoding (the WHATWG encoding standard).
_ENCODING_ALIASES = {
    **dict.fromkeys(("iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1",
                     "us-ascii", "ascii", "cp819", "ibm819", "windows-1252", "x-cp1252",
                     "x-user-defined"), "cp1252"),
    **dict.fromkeys(("utf-16", "utf-16le", "utf-16be", "utf16"), "utf-8"),
}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_LIST_STYLES = {"decimal": "1", "lower-alpha": "a", "lower-latin": "a", "upper-alpha": "A",
                "upper-latin": "A", "lower-roman": "i", "upper-roman": "I", "none": "",
                "disc": "\u2022", "circle": "\u2022", "square": "\u2022"}
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def read_web_page(data: bytes, limits: Limits | None = None) -> Layout:
    """The layout of a saved web page's main content (ExtractionError when it cannot be
    read within the limits)."""
    limits = limits or Limits()
    max_blocks = max(1, limits.max_pages) * BLOCKS_PER_PAGE
    root = parse_page(decode_page(data), max_blocks)
    builder = DocumentBuilder()
    body = next(root.iter("body"), root)
    _drop_unread(body)
    _drop_clutter(body)
    content = main_content(body)
    _Reader(builder, _Budget(max_blocks), _has_notes(content)).read(content)
    return builder.build()


# ----------------------------------------------------------------------------- decoding


def decode_page(data: bytes) -> str:
    """The page's text: by its byte order mark, else its declared encoding, else UTF-8,
    else Windows-1252; control characters that cannot be text become spaces."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decoded(data[len(bom):], encoding)
    declared = declared_encoding(data[:PRESCAN_BYTES])
    if declared:
        return _decoded(data, declared)
    try:
        return data.decode("utf-8").translate(_CONTROLS)
    except UnicodeDecodeError:
        return _decoded(data, "cp1252")


def _decoded(data: bytes, encoding: str) -> str:
    return data.decode(encoding, errors="replace").translate(_CONTROLS)


def declared_encoding(head: bytes) -> str | None:
    """The encoding a page's ``<meta charset>`` or ``http-equiv`` content type declares, as
    a Python codec name, or None when none is declared or it cannot be used."""
    parser = etree.HTMLParser(encoding="iso-8859-1", recover=True, no_network=True,
                              remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(head, parser)
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    for meta in root.iter("meta"):
        label = meta.get("charset")
        if label is None and (meta.get("http-equiv") or "").strip().lower() == "content-type":
            header = Message()
            header["content-type"] = meta.get("content") or ""
            label = header.get_content_charset()
        if label:
            return _codec(label)
    return None


def _codec(label: str) -> str | None:
    label = label.strip().strip("\"'").lower()
    label = _ENCODING_ALIASES.get(label, label)
    if label in ("utf-7", "utf7"):  # browsers never decode it
        return None
    try:
        b"a".decode(codecs.lookup(label).name)
    except (LookupError, ValueError):
        return None
    return label


# ----------------------------------------------------------------------------- parsing


def parse_page(text: str, max_blocks: int) -> Element:
    """The page's element tree, refusing one nested deeper than ``MAX_DEPTH`` or holding
    more blocks or elements than allowed, as soon as the parser reaches them."""
    source = io.BytesIO(text.encode("utf-8"))
    events = etree.iterparse(source, events=("start", "end"), html=True, recover=True,
                             no_network=True, remove_comments=True, remove_pis=True,
                             encoding="utf-8", huge_tree=False)
    depth = elements = blocks = 0
    max_elements = max_blocks * ELEMENTS_PER_BLOCK
    try:
        for event, element in events:
            if event == "end":
                depth -= 1
                continue
            depth += 1
            elements += 1
            blocks += element.tag in _COUNTED
            if depth > MAX_DEPTH:
                raise ExtractionError(_too_deep())
            if blocks > max_blocks:
                raise ExtractionError(_too_long(max_blocks))
            if elements > max_elements:
                raise ExtractionError(
                    f"is a web page too large to read (more than {max_elements:,} elements)")
    except etree.XMLSyntaxError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "no markup"
        raise ExtractionError(f"is a web page whose markup could not be read ({reason})"
                              ) from None
    _check_parser_limits(events.error_log)
    if events.root is None:
        raise ExtractionError("is a web page whose markup could not be read (no elements)")
    return events.root


def _check_parser_limits(log: etree._ListErrorLog) -> None:
    """Refuse a page the parser stopped reading because it reached one of its limits."""
    for entry in log:
        if entry.type_name == "ERR_RESOURCE_LIMIT":
            if "depth" in entry.message.lower():
                raise ExtractionError(_too_deep())
            raise ExtractionError("is a web page too large for the HTML parser to read")


def _too_deep() -> str:
    return f"is a web page nested too deeply to read (more than {MAX_DEPTH:,} levels)"


def _too_long(max_blocks: int) -> str:
    return f"is a web page too long to read (more than {max_blocks:,} blocks of text)"


# ----------------------------------------------------------------------------- the tree


def _remove(element: Element) -> None:
    """Take ``element`` out of the tree, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _words(element: Element, *attributes: str) -> set[str]:
    """The words of an element's class and id (and other ``attributes``), lower case, with
    each class name also whole without its hyphens ("call-out" gives "callout")."""
    words: set[str] = set()
    for name in ("class", "id", *attributes):
        value = element.get(name)
        if not value:
            continue
        value = value.lower() if value.islower() else _CAMEL.sub(r"\1 \2", value).lower()
        words.update(_WORD.findall(value))
        words.update(token.replace("-", "").replace("_", "") for token in value.split())
    return words


def _role(element: Element) -> str:
    return (element.get("role") or "").strip().lower()


def _style(element: Element) -> dict[str, str]:
    """An element's own style declarations, by property (lower case)."""
    declarations = {}
    for declaration in (element.get("style") or "").split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            declarations[name.strip().lower()] = value.replace("!important", "").strip().lower()
    return declarations


def text_length(element: Element) -> int:
    """How many characters of text (not counting white space) an element holds."""
    return sum(len("".join(t.split())) for t in element.itertext())


def _holds_content(element: Element) -> bool:
    """Whether the page's main content or title is inside ``element``."""
    return any(e.tag in ("main", "article", "h1") or _role(e) == "main"
               for e in element.iter() if isinstance(e.tag, str))


def _is_hidden(element: Element) -> bool:
    if element.get("hidden") not in (None, "until-found"):
        return True
    if element.tag == "dialog" and element.get("open") is None:
        return True
    style = _style(element)
    if style.get("display") == "none" or style.get("visibility") in ("hidden", "collapse"):
        return True
    if set((element.get("class") or "").lower().split()) & _HIDDEN_CLASSES:
        return True
    # A page saved with a dialog open may mark all the rest aria-hidden: that stays read.
    return ((element.get("aria-hidden") or "").strip().lower() == "true"
            and not _holds_content(element))


def _is_unread(element: Element) -> bool:
    """Whether an element is never read: a script, a form control, something hidden."""
    tag = element.tag
    if not isinstance(tag, str) or tag in _UNREAD:
        return True
    if tag == "button":  # a heading that opens an accordion holds a button with its text
        return not any(a.tag in _HEADINGS or a.tag == "summary" for a in element.iterancestors())
    if tag == "form":  # some sites put the whole page in one form
        return not _holds_content(element)
    return _is_hidden(element)


def _drop_unread(body: Element) -> None:
    _prune(body, _is_unread)


def main_content(body: Element) -> Element:
    """The element holding the page's main content."""
    mains = [e for e in body.iter() if e.tag == "main" or _role(e) == "main"]
    if mains:
        return max(mains, key=text_length)
    articles = list(body.iter("article"))
    if len(articles) == 1:
        return articles[0]
    title = next(body.iter("h1"), None)
    if title is None:
        return body
    total = _paragraph_text(body)
    for holder in title.iterancestors():
        if 2 * _paragraph_text(holder) >= total or holder is body:
            return holder
    return body


def _paragraph_text(element: Element) -> int:
    return sum(text_length(p) for p in element.iter("p"))


def _mostly_links(element: Element) -> bool:
    total = text_length(element)
    return total == 0 or sum(text_length(a) for a in element.iter("a")) >= 0.6 * total


def _is_clutter(element: Element) -> bool:
    """Whether an element is part of the site around the content, not the content."""
    tag, role = element.tag, _role(element)
    if tag == "nav" or role in _CLUTTER_ROLES:
        return True
    if tag in ("header", "footer"):
        in_section = any(a.tag in _SECTIONING or _role(a) == "main"
                         for a in element.iterancestors())
        return not in_section or _mostly_links(element)
    if tag == "aside" or role == "complementary":
        if _is_notes(element):
            return False
        return _mostly_links(element) or bool(_words(element, "aria-label") & _CLUTTER_WORDS)
    if tag == "a" and (element.get("href") or "").startswith("#"):
        return "".join(element.itertext()).strip().lower().startswith("skip")
    return bool(_words(element, "aria-label") & _CLUTTER_WORDS)


def _drop_clutter(body: Element) -> None:
    """Take the site's navigation, banners and widgets out of the page; never what holds
    the main content, the title or most of the page's text."""
    half = text_length(body) / 2
    _prune(body, lambda e: _is_clutter(e) and not (_holds_content(e) or text_length(e) > half))


def _prune(body: Element, doomed: Callable[[Element], bool]) -> None:
    """Take out of ``body`` every element ``doomed`` says, looking no further inside one
    taken out; without recursion."""
    stack = list(reversed(body))
    while stack:
        element = stack.pop()
        if doomed(element):
            _remove(element)
        else:
            stack.extend(reversed(element))


def _is_notes(element: Element) -> bool:
    """Whether an element holds a page's footnotes or endnotes."""
    if element.tag in ("sup", "a", "span") or not (
            element.get("class") or element.get("id") or element.get("role")):
        return False
    words = _words(element)
    return (_role(element) in _NOTE_ROLES or bool(words & _NOTE_WORDS)
            or (element.tag == "aside" and bool(words & {"notes", "note"})))


def _has_notes(content: Element) -> bool:
    return any(_is_notes(e) for e in content.iter() if isinstance(e.tag, str))


def _is_note_mark(element: Element, notes: bool) -> bool:
    """Whether an element is a mark pointing to a footnote ("3", "[3]", "[footnote 3]")."""
    if element.tag not in ("sup", "a"):
        return False
    if (_role(element) == "doc-noteref" or element.get("rel") == "footnote"
            or _words(element) & _NOTE_MARK_WORDS):
        return True
    if element.tag != "sup":
        return False
    if any((a.get("href") or "").startswith("#") for a in element.iter("a")):
        return True
    return notes and bool(_NOTE_MARK.match("".join(element.itertext()).strip()))


def _is_box(element: Element) -> bool:
    """Whether a block element is a panel or call-out (an ``aside`` that is not navigation,
    a note, a class word such as "callout" or "inset", or a background colour of its own),
    read as a box round its text."""
    if element.tag not in _BOX_TAGS:
        return False
    if not (element.tag == "aside" or _role(element) in ("note", "complementary")
            or _words(element) & _BOX_WORDS or fill_colour(element) is not None):
        return False
    headings = [e for e in element.iter() if e.tag in _HEADINGS]
    return len(headings) <= 2 and not any(e.tag == "h1" for e in headings)


def _is_bold(element: Element) -> bool:
    if element.tag in ("strong", "b"):
        return True
    weight = _style(element).get("font-weight", "")
    return weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)


def _heading_level(element: Element) -> int:
    if element.tag in _HEADINGS:
        return _HEADINGS[element.tag]
    if _role(element) == "heading":
        level = (element.get("aria-level") or "2").strip()
        return int(level) if level.isdigit() and 1 <= int(level) <= 6 else 2
    return 0


def fill_colour(element: Element) -> Colour | None:
    """An element's own background colour (``bgcolor`` or its style), None when it has none
    or it is white or transparent."""
    style = _style(element)
    values = [element.get("bgcolor") or "", style.get("background-color", "")]
    background = style.get("background", "")
    values += [background, *background.split()]
    for value in values:
        try:
            colour = ImageColor.getrgb(value.strip())
        except ValueError:
            continue
        if len(colour) == 4 and colour[3] == 0:
            return None
        rgb = (colour[0], colour[1], colour[2])
        return None if min(rgb) >= 245 else rgb
    return None


# ----------------------------------------------------------------------------- lists


def list_marker(number: int, style: str) -> str:
    """The marker of an ordered list's entry ``number`` in list ``style`` ("1", "a", "A",
    "i", "I"): "3.", "c.", "iv."; a number an alphabet or roman numerals cannot write is
    written in figures."""
    if style in ("a", "A") and number > 0:
        letters = ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return f"{letters.upper() if style == 'A' else letters}."
    if style in ("i", "I") and 0 < number < 4000:
        roman = ""
        for value, numeral in _ROMAN:
            count, number = divmod(number, value)
            roman += numeral * count
        return f"{roman.upper() if style == 'I' else roman}."
    return f"{number}."


def _list_style(element: Element) -> str | None:
    """The marker style an element asks for (``type`` or ``list-style-type``), if any."""
    kind = (element.get("type") or "").strip()
    if kind in ("1", "a", "A", "i", "I"):
        return kind
    if kind.lower() in ("disc", "circle", "square"):
        return "\u2022"
    style = _style(element)
    value = style.get("list-style-type") or style.get("list-style", "").split(" ")[0]
    return _LIST_STYLES.get(value)


def _integer(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


@dataclass
class _List:
    """An open list: its marker style ("1", "a", "•", "" for none) and next number."""

    style: str
    number: int
    step: int = 1

    @classmethod
    def of(cls, element: Element) -> _List:
        if element.tag != "ol":
            return cls(_list_style(element) or "\u2022", 1)
        step = -1 if element.get("reversed") is not None else 1
        entries = sum(1 for child in element if child.tag == "li")
        start = _integer(element.get("start"))
        if start is None:
            start = entries if step < 0 else 1
        style = _list_style(element)
        return cls("1" if style in (None, "\u2022") else style, start, step)

    def marker(self, entry: Element) -> str:
        """The marker of the list's next entry."""
        if self.style in ("\u2022", ""):
            return self.style
        value = _integer(entry.get("value"))
        if value is not None:
            self.number = value
        style = _list_style(entry)
        marker = list_marker(self.number, style if style and style != "\u2022" else self.style)
        self.number += self.step
        return marker


@dataclass
class _Entry:
    """An open list entry: its level, marker, and whether its first block is out."""

    level: int
    marker: str
    started: bool = False


# ----------------------------------------------------------------------------- reading


class _Budget:
    """The blocks a page may have; refuses the one too many."""

    def __init__(self, max_blocks: int) -> None:
        self.left = max_blocks
        self.max_blocks = max_blocks

    def spend(self, blocks: int = 1) -> None:
        self.left -= blocks
        if self.left < 0:
            raise ExtractionError(_too_long(self.max_blocks))


class _CellText:
    """What a table cell holds, as its paragraphs' texts (a list entry with its marker)."""

    def __init__(self, builder: DocumentBuilder) -> None:
        self.paragraphs: list[str] = []
        self.builder = builder

    def heading(self, text: str, level: int) -> None:
        self.paragraphs.append(text)

    def paragraph(self, text: str, bold: bool = False, indent: int = 0) -> None:
        self.paragraphs.append(text)

    def entry(self, text: str, level: int = 0, marker: str = "\u2022") -> None:
        self.paragraphs.append(f"{marker} {text}" if marker else text)

    def table(self, rows: Sequence[Sequence[Cell]]) -> None:
        for row in rows:
            for cell in row:
                self.paragraphs.extend(cell.paragraphs)

    @contextmanager
    def box(self) -> Iterator[None]:
        yield

    def footnote(self, text: str) -> None:
        self.builder.footnote(text)


class _Reader:
    """Walks an element's content in reading order, telling a builder its blocks.

    Text and inline elements gather into the open block's run; a block element ends the run
    before it starts and when it ends. The walk keeps its own stack: a deeply nested page
    cannot exhaust Python's.
    """

    def __init__(self, out: DocumentBuilder | _CellText, budget: _Budget, notes: bool) -> None:
        self.out = out
        self.budget = budget
        self.notes = notes
        self.run: list[tuple[str, bool]] = []
        self.bold = 0
        self.quote = 0
        self.heading = 0
        self.term: str | None = None
        self.lists: list[_List] = []
        self.entries: list[_Entry] = []

    def read(self, root: Element) -> None:
        """Read ``root``'s content (not its tail)."""
        stack: list[tuple[Element, list[Closer] | None]] = [(root, None)]
        while stack:
            element, closers = stack.pop()
            if closers is not None:
                for close in reversed(closers):
                    close()
                if element is not root and element.tail:
                    self.text(element.tail)
                continue
            opened = self.open(element)
            if opened is None:
                if element is not root and element.tail:
                    self.text(element.tail)
                continue
            if element.text:
                self.text(element.text)
            stack.append((element, opened))
            stack.extend((child, None) for child in reversed(element))
        self.flush()

    def text(self, text: str) -> None:
        self.run.append((text.translate(_INVISIBLE), self.bold > 0))

    # -- opening elements: what to do now, and what to do at their end (None: skip them)

    def open(self, element: Element) -> list[Closer] | None:
        tag = element.tag
        if tag == "br":
            self.text(" ")
            return None
        if tag in ("img", "wbr", "hr", "area", "track", "source") or _is_note_mark(
                element, self.notes):
            if tag == "hr":
                self.flush()
            return None
        if _is_notes(element):
            self.flush()
            self.read_notes(element)
            return None
        if tag == "table" and not _is_box_table(element):
            self.flush()
            self.read_table(element)
            return None
        closers: list[Closer] = []
        if _is_bold(element):
            self.bold += 1
            closers.append(self._unbold)
        level = _heading_level(element)
        if level and not self.heading:
            self.flush()
            self.heading = level
            closers.append(self.end_heading)
            return closers
        if tag not in _BLOCKS or self.heading:
            return closers  # inline, or inside a heading: its text joins the run
        self.flush()
        closers.extend(self.open_block(element))
        closers.append(self.flush)
        if tag == "dt" and _pairs_with_definition(element):
            closers.append(self.hold_term)  # taken before the flush
        return closers

    def open_block(self, element: Element) -> list[Closer]:
        """Start a block element; what to undo at its end (after its text is out)."""
        tag = element.tag
        closers: list[Closer] = []
        if _is_box(element) or tag == "table":  # a table here is a one-column one
            box = self.out.box()
            box.__enter__()
            closers.append(lambda: box.__exit__(None, None, None))
        if tag == "blockquote":
            self.quote += 1
            closers.append(self._unquote)
        elif tag in _LISTS:
            self.lists.append(_List.of(element))
            closers.append(self.lists.pop)
        elif tag == "li":
            marker = self.lists[-1].marker(element) if self.lists else "\u2022"
            self.entries.append(_Entry(max(0, len(self.lists) - 1), marker))
            closers.append(self.entries.pop)
        elif tag == "dd":
            closers.append(self.release_term)
        return closers

    def _unbold(self) -> None:
        self.bold -= 1

    def _unquote(self) -> None:
        self.quote -= 1

    # -- blocks

    def take_run(self) -> tuple[str, bool]:
        """The open run's text and whether all of it is bold; the run starts afresh. As the
        PDF reader gives it: straight quotes, plain dashes, no ligatures."""
        text = normalise_text(clean("".join(t for t, _ in self.run)))
        bold = bool(text) and all(b for t, b in self.run if t.strip())
        self.run = []
        return text, bold

    def flush(self) -> None:
        """End the open run: a paragraph, or the open list entry's next block; a term held
        for its definition opens the definition's text."""
        text, bold = self.take_run()
        if text and self.term is not None:
            text, bold, self.term = _definition(self.term, text), False, None
        self.emit(text, bold)

    def emit(self, text: str, bold: bool = False) -> None:
        if not text:
            return
        self.budget.spend()
        if self.entries:
            entry = self.entries[-1]
            self.out.entry(text, entry.level, "" if entry.started else entry.marker)
            entry.started = True
        else:
            self.out.paragraph(text, bold=bold, indent=self.quote)

    def end_heading(self) -> None:
        text, _bold = self.take_run()
        level, self.heading = self.heading, 0
        if text:
            self.budget.spend()
            self.out.heading(text, level)

    def hold_term(self) -> None:
        """A term with one short definition after it waits to open that definition."""
        self.term, _bold = self.take_run()

    def release_term(self) -> None:
        if self.term is not None:  # an empty definition: the term alone
            term, self.term = self.term, None
            self.emit(term)

    def read_notes(self, element: Element) -> None:
        """Footnotes: each entry (or paragraph) of the notes apart from the text."""
        for backlink in [a for a in element.iter("a") if _is_backlink(a)]:
            _remove(backlink)
        notes = _outermost(element, "li") or _outermost(element, "p") or [element]
        for note in notes:
            text = normalise_text(clean("".join(note.itertext())))
            if text:
                self.budget.spend()
                self.out.footnote(text)

    def read_table(self, table: Element) -> None:
        """A table of several columns: its rows of cells, each cell's paragraphs."""
        caption = table.find("caption")
        if caption is not None:
            self.read_part(caption)
        rows = []
        spans: dict[int, int] = {}  # column: rows a cell above still covers
        for row in _table_rows(table):
            self.budget.spend()
            cells: list[Cell] = []
            for cell in (c for c in row if c.tag in ("td", "th")):
                while spans.get(len(cells), 0) > 0:
                    spans[len(cells)] -= 1
                    cells.append(Cell(()))
                across = _span(cell.get("colspan"))
                down = _span(cell.get("rowspan"))
                for column in range(len(cells), len(cells) + across):
                    if down > 1:
                        spans[column] = down - 1
                sink = _CellText(self.builder())
                _Reader(sink, self.budget, self.notes).read(cell)
                fill = fill_colour(cell) or fill_colour(row)
                cells.append(Cell(tuple(sink.paragraphs), fill))
                cells.extend(Cell(()) for _ in range(across - 1))
            for column in [c for c, left in spans.items() if c >= len(cells) and left > 0]:
                spans[column] -= 1
            rows.append(cells)
        self.out.table(rows)

    def read_part(self, element: Element) -> None:
        """Read one part of an element on its own (a caption) into the same output."""
        _Reader(self.out, self.budget, self.notes).read(element)

    def builder(self) -> DocumentBuilder:
        """The builder of the whole page (footnotes in a table cell go to it)."""
        out = self.out
        return out.builder if isinstance(out, _CellText) else out


def _definition(term: str, text: str) -> str:
    if not text:
        return term
    return f"{term} {text}" if term.endswith(":") else f"{term}: {text}"


def _pairs_with_definition(term: Element) -> bool:
    """Whether a ``dt`` is followed by one short definition: read as "term: definition"."""
    definition = term.getnext()
    if definition is None or definition.tag != "dd":
        return False
    after = definition.getnext()
    if after is not None and after.tag == "dd":
        return False
    return not any(e.tag in _BLOCKS or e.tag == "table" for e in definition.iterdescendants())


def _is_backlink(link: Element) -> bool:
    text = "".join(link.itertext()).strip()
    return (_role(link) == "doc-backlink" or bool(_words(link) & _BACKLINK_WORDS)
            or text in ("\u21a9", "\u21a9\ufe0e", "^", "\u2191", "Back", "back"))


def _outermost(element: Element, tag: str) -> list[Element]:
    """The ``tag`` elements inside ``element`` that are not inside another of them."""
    found = []
    for candidate in element.iter(tag):
        if candidate is element:
            continue
        between = []
        for ancestor in candidate.iterancestors():
            if ancestor is element:
                break
            between.append(ancestor)
        if not any(a.tag == tag for a in between):
            found.append(candidate)
    return found


def _table_rows(table: Element) -> list[Element]:
    """A table's own rows in the order shown: its head, its body, then its foot."""
    head = table.xpath("./thead/tr")
    foot = table.xpath("./tfoot/tr")
    return head + table.xpath("./tr | ./tbody/tr") + foot


def _is_box_table(table: Element) -> bool:
    """Whether a table has one column (a layout table round a panel): read as a box."""
    return all(sum(1 for c in row if c.tag in ("td", "th")) <= 1 for row in _table_rows(table))


def _span(value: str | None) -> int:
    number = _integer(value)
    return min(MAX_SPAN, number) if number and number > 1 else 1
