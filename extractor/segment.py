"""Finding the items: from body lines to recommendations, AFIs and causes of concern.

Lines are first gathered into blocks (headings, paragraphs, list entries, status lines,
table cells). Items are then found in two ways, strongest first:

1. a label: a heading or run-in label such as "Recommendation 3", "Recommendation 3:",
   "Area for improvement 2" or "Cause of concern" followed by the item's paragraph;
2. a section: under a heading such as "Recommendations" or "Areas for improvement",
   each numbered or bulleted entry, or each paragraph that tells someone what they should
   do, is an item — unless the section uses labels, which then take over.

An item is its paragraph, plus the list that follows when the paragraph ends with ":".
A "Status: …" line after an item gives its status and marks it as quoted from an earlier
report; so does a section heading that names an earlier report.

Tables hold items too (see ``table_items``): one item per row, when the header names the
kind of item or the rows open with item labels, and the row's text cell reads as an item.
A status column gives the status, and a table at the top of a page may continue the one
before it without repeating its header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.layout import Layout, Line
from extractor.origin import (
    EARLIER_PART,
    OWN,
    QUOTING,
    RESPONDING,
    THIS_REPORT,
    intro_kind,
    introduces_items,
    introduction,
    names_earlier_report,
)
from extractor.status import parse_status
from extractor.text import BULLETS, DocumentWords, join_lines, strip_bullet
from hmic_actions.vocab import STATUS_WORD_RE

KIND_WORDS = {
    "recommendation": "recommendation",
    "area for improvement": "area_for_improvement",
    "afi": "area_for_improvement",
    "cause of concern": "cause_of_concern",
}
# "New cause of concern", "Previous recommendation 2": a qualifier may say where it is from.
_QUALIFIER = (r"(?:(?P<qual>new|our|further|additional|revised|updated|previous|earlier"
              r"|original|outstanding)\s+)?")
_KIND = rf"{_QUALIFIER}(?P<kind>recommendation|areas? for improvement|afi|causes? of concern)"
EARLIER_QUALIFIERS = {"previous", "earlier", "original", "outstanding"}
_NUMBER = r"(?P<num>\d{1,4}(?:\.\d{1,2})?[a-z]?)"
# "Recommendation 3", "Recommendation 3:", "Area for improvement", "Recommendations".
# A heading label may carry a note on where it is from: "Recommendation 3 (2022 report)".
HEADING_LABEL = re.compile(
    rf"^{_KIND}(?P<plural>s)?\s*{_NUMBER}?\s*(?:\((?P<note>[^()]{{1,60}})\))?\s*[:.\-)]?\s*$",
    re.IGNORECASE)
# "Recommendation 3: By 31 March …", "Area for improvement: The force should …".
INLINE_LABEL = re.compile(
    rf"^{_KIND}\s*{_NUMBER}?\s*(?P<sep>[:.\-)])?\s+(?P<rest>\S.*)$", re.IGNORECASE
)
SECTION_HEADING = re.compile(
    r"\b(recommendations|areas? for improvement|causes? of concern|afis)\b", re.IGNORECASE
)
# A line that gives only a status: "Status: Incomplete", "Action: Complete", "RAG: Amber".
STATUS_LINE = re.compile(
    r"^(?:(?:current |overall |action |progress )?status|action|progress|rag(?: status| rating)?)"
    r"\s*[:\-]\s*(?P<value>[A-Za-z][A-Za-z ,/()\-]{0,40})$", re.IGNORECASE)
# A sentence after a quoted item that says whether it is done: "This recommendation has been
# discharged." / "We found that the cause of concern has not been discharged."
STATUS_SENTENCE = re.compile(
    r"^(?:we (?:are satisfied|found|consider|judge|have decided|can confirm) that )?"
    r"(?:this|the|that) (?:recommendation|cause of concern|area for improvement|concern)\b"
    r"[^.]{0,80}?\b(?:has|have|had|is|was)\s+(?P<value>(?:not\s+)?(?:yet\s+)?(?:been\s+)?"
    r"(?:discharged|met|completed|achieved|closed))\b[^.]*\.?$", re.IGNORECASE)
_STATUS_WORDS = rf"(?:{STATUS_WORD_RE}(?: (?:-|as) superseded)?)"
# A status set before the item's text ("Status: Met - By 31 August …", "Not met. The force …")
# or after it ("… is delayed. Status: Partially met").
LEADING_STATUS = re.compile(
    rf"^(?:status\s*[:\-]\s*(?P<labelled>[A-Za-z][A-Za-z ]{{1,30}}?)|(?P<bare>{_STATUS_WORDS}))"
    r"\s*[.:\-]\s+(?=[A-Z])", re.IGNORECASE)
TRAILING_STATUS = re.compile(r"\s*\bstatus\s*[:\-]\s*(?P<value>[A-Za-z][A-Za-z ,/()\-]{0,40})$",
                             re.IGNORECASE)
ENUMERATOR = re.compile(
    rf"^(?:[{BULLETS}\-]|\(?(?P<num>\d{{1,3}})[.)]|\(?[a-z][.)]|\(?[ivx]{{1,4}}[.)])\s+",
    re.IGNORECASE,
)
DIRECTIVE = re.compile(r"\b(should|must|needs? to|ought to)\b", re.IGNORECASE)
# How a recommendation with no label of its own opens, right after a cause of concern: with
# its deadline or with the body it tells to act (narrative there says "We found ...").
_ASKS = re.compile(
    r"^(?:by\b|within\b|with immediate effect|immediately\b|the (?:force|service|constabulary)"
    r"\b|chief (?:constables?|fire officers?)\b|forces\b|services\b)", re.IGNORECASE)
# What a committee or board is asked to do with a paper is not an item.
_COMMITTEE_ASK = re.compile(
    r"^(?:the |that the )?(?:committee|panel|board|members?|meeting|cabinet|council|authority"
    r"|commission(?:er)?|group|forum)\b.{0,60}?\b(?:is|are|be)\s+(?:asked|requested|invited"
    r"|recommended|advised)\s+to\b"
    r"|^(?:to\s+)?(?:note|approve|agree|endorse|receive|consider)\s+(?:the|this)\s+"
    r"(?:report|paper|update|contents)\b", re.IGNORECASE)
# An inline cause of concern: "The concern was: ...", "Cause of concern identified: ...".
INLINE_CONCERN = re.compile(
    r"^(?:the\s+)?(?:main\s+|key\s+)?(?:cause\s+of\s+)?concern\s+(?:was|is|we\s+identified\s+was"
    r"|identified(?:\s+was)?)\s*:\s*(?P<rest>\S.*)$", re.IGNORECASE)
# A paragraph that goes on with the item before it rather than starting something new.
CONTINUATION = re.compile(
    r"^(this|these|they|it|each|such|in doing so|in particular|to do this|to achieve this"
    r"|as part of this|in addition|this work)\b", re.IGNORECASE)
TERMINAL = re.compile(r"[.!?:;]['\")\]]*$")
# The start of the rest of a broken sentence: a lower-case word (not a list's "(a)" or "i.").
SENTENCE_REST = re.compile(r"^[a-z][a-z'’-]+\b(?![.)])")


def _finishes_sentence(before: Block, block: Block) -> bool:
    """Whether ``block`` is the rest of the sentence ``before`` breaks off: ``before`` ends
    without closing punctuation, mid-sentence, and ``block`` starts with a lower-case word."""
    return (before.role in ("paragraph", "entry") and not TERMINAL.search(before.text)
            and bool(SENTENCE_REST.match(block.text)))


@dataclass
class Block:
    lines: list[Line]
    role: str  # heading | paragraph | entry | status | table
    level: int = 0  # heading level

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def first(self) -> Line:
        return self.lines[0]


@dataclass
class RawItem:
    """An item as found in the layout, before its text is analysed."""

    kind: str
    number: str | None
    origin: str
    blocks: list[Block]
    label_lines: list[Line]
    how: str  # heading-label | inline-label | section-entry | section-paragraph | table-row
    status_text: str | None = None
    text: str = ""
    lines: list[Line] = field(default_factory=list)

    @property
    def page(self) -> int:
        """Where the item's text starts (its label may end the page before)."""
        return (self.lines or self.label_lines)[0].page


def build_blocks(layout: Layout) -> list[Block]:
    """Gather lines into headings, paragraphs, list entries, status lines and tables."""
    body = [ln for ln in layout.lines if not ln.contents]
    spacing = _Spacing(body, layout.body_size)
    blocks: list[Block] = []
    for line in body:
        role = _role(line)
        prev_block = blocks[-1] if blocks else None
        if prev_block and _continues(prev_block, role, line, spacing):
            prev_block.lines.append(line)
            continue
        blocks.append(Block([line], role, line.heading if role == "heading" else 0))
    return blocks


def _role(line: Line) -> str:
    if line.table:
        return "table"
    if STATUS_LINE.match(line.text):
        return "status"
    if ENUMERATOR.match(line.text) and not _numbered_heading(line):
        return "entry"
    # A whole number hanging beside the line numbers a list entry; "2.3" numbers a paragraph.
    if line.number and "." not in line.number and not line.heading:
        return "entry"
    # A label starts with a capital; "recommendations:" ending a wrapped sentence is not one.
    if line.heading or (HEADING_LABEL.match(line.text) and line.text[:1].isupper()):
        return "heading"
    return "paragraph"


def _numbered_heading(line: Line) -> bool:
    """"1. Identifying children at risk" set as a heading is a chapter, not a list entry."""
    return bool(line.heading) and len(line.text.split()) <= 12 and not DIRECTIVE.search(
        line.text) and not TERMINAL.search(line.text)


class _Spacing:
    """What separates paragraphs in this document: extra space, short last lines, indents."""

    def __init__(self, lines: list[Line], body_size: float):
        gaps = sorted(
            b.top - a.bottom
            for a, b in zip(lines, lines[1:], strict=False)
            if a.page == b.page and a.column == b.column and not a.heading and not b.heading
            and abs(a.size - b.size) < 0.5 and 0 <= b.top - a.bottom < 2 * body_size
        )
        # Most documents have far more line gaps than paragraph gaps, but short ones may
        # not: take a low percentile, and never more than a normal leading allows.
        normal = min(gaps[len(gaps) // 10], 0.5 * body_size) if gaps else body_size * 0.2
        self.size = body_size
        self.paragraph_gap = normal + 0.45 * body_size
        self.slight_gap = normal + 0.12 * body_size
        self.column_edges: dict[tuple[int, int], tuple[float, float]] = {}
        for ln in lines:
            if not ln.table and not ln.heading and abs(ln.size - body_size) < 1:
                key = (ln.page, ln.column)
                x0, x1 = self.column_edges.get(key, (ln.x0, ln.x1))
                self.column_edges[key] = (min(x0, ln.x0), max(x1, ln.x1))

    def breaks(self, last: Line, line: Line) -> bool:
        """Whether ``line`` starts a new paragraph after ``last`` on the same page and column."""
        gap = line.top - last.bottom
        if gap > self.paragraph_gap or line.top < last.top - 1:
            return True
        if not re.search(r"[.!?]['\")\]]*$", last.text):
            return False
        left, right = self.column_edges.get((last.page, last.column), (last.x0, last.x1))
        short_last_line = last.x1 < right - 0.15 * (right - left)
        indented = line.x0 > last.x0 + 0.8 * self.size and last.x0 <= left + 2
        return (short_last_line and gap > self.slight_gap) or indented


def _continues(block: Block, role: str, line: Line, spacing: _Spacing) -> bool:
    last = block.lines[-1]
    if role in ("status", "entry") or block.role == "status":
        return False
    if role == "table" or block.role == "table":
        return role == block.role and line.page == last.page
    if line.box != last.box and (line.page == last.page or last.box is None or line.box is None):
        return False
    if role == "heading" or block.role == "heading":
        return (
            role == block.role and line.page == last.page and line.column == last.column
            and abs(line.size - last.size) < 0.5 and line.top - last.bottom < spacing.paragraph_gap
            and not HEADING_LABEL.match(last.text) and not HEADING_LABEL.match(line.text)
        )
    if abs(line.size - last.size) > 1.0:
        return False
    if line.page != last.page or line.column != last.column:
        return _continues_across_break(last, line)
    return not spacing.breaks(last, line)


def _continues_across_break(last: Line, line: Line) -> bool:
    """Across a page or column break, a paragraph goes on while its sentence does.

    It does not when the last line closes with a status ("… Status: Not met"), or when the
    next line sits at a different indent (a quoted item followed by narrative).
    """
    if TERMINAL.search(last.text) or TRAILING_STATUS.search(last.text):
        return False
    new_page_same_column = line.page != last.page and line.column == last.column
    return not (new_page_same_column and abs(line.x0 - last.x0) > 1.5 * line.size)


def find_items(layout: Layout, published_year: int | None = None,
               voice: str = OWN) -> list[RawItem]:
    """Every item in the document, in reading order, with its text joined.

    ``published_year`` lets a heading such as "Our 2023 recommendations" in a 2025 report
    mark what follows as quoted from an earlier report; ``voice`` is the document's voice
    (``extractor.origin.document_voice``): in a paper that quotes the inspectorate every
    item is quoted, in a statutory response none is.
    """
    blocks = build_blocks(layout)
    vocabulary = DocumentWords([ln.text for ln in layout.lines])
    items = _Walker(blocks, published_year, vocabulary, voice, layout.fills).walk()
    for item in items:
        if item.how == "table-row":
            continue
        item.lines = [ln for b in item.blocks for ln in b.lines]
        item.text = _split_status(item, _item_text(item, vocabulary))
        if voice == RESPONDING:
            item.origin = "this_report"
    return [item for item in _deduplicate(items)
            if item.text and not _COMMITTEE_ASK.search(item.text)]


def _split_status(item: RawItem, text: str) -> str:
    """Take a status printed inside the item's paragraph out of its text."""
    lead = LEADING_STATUS.match(text)
    if lead and (lead.group("labelled") or item.origin == "earlier_report" or lead.group("bare")):
        item.status_text = item.status_text or (lead.group("labelled") or lead.group("bare"))
        text = text[lead.end():]
    trail = TRAILING_STATUS.search(text)
    if trail:
        item.status_text = item.status_text or trail.group("value").strip()
        text = text[: trail.start()].rstrip()
    if item.status_text:
        item.origin = "earlier_report"
    return text


class _Walker:
    def __init__(self, blocks: list[Block], published_year: int | None = None,
                 vocabulary=None, voice: str = OWN, fills: dict[int, list] | None = None):
        self.blocks = blocks
        self.fills = fills or {}
        self.vocabulary = vocabulary
        self.voice = voice
        self.table_shape: _TableShape | None = None
        self.table_end = -1  # index of the block after the last table read
        self.published_year = published_year
        self.items: list[RawItem] = []
        self.section_kind: str | None = None
        self.section_level = 0
        self.section_labelled = False
        self.earlier_level: int | None = None  # heading level that opened an earlier-report part
        self.earlier_part = False  # ... opened by a heading such as "Background"
        # What the last sentence introducing items said of them: "earlier" or "this".
        self.introduced: str | None = None

    def walk(self) -> list[RawItem]:
        i = 0
        while i < len(self.blocks):
            i = self._step(i)
        return self.items

    def _step(self, i: int) -> int:
        block = self.blocks[i]
        if block.role == "status":
            self._attach_status(block)
            return i + 1
        if block.role == "table":
            return self._table(i)
        label = HEADING_LABEL.match(block.text) if block.role in ("heading", "paragraph") else None
        if label and (block.role == "heading" or len(block.lines) == 1):
            kind = _kind(label.group("kind"))
            plural = bool(label.group("plural")) or label.group("kind").lower().startswith(
                ("areas", "causes"))
            if plural and not label.group("num"):
                self._open_section(kind, block)
                return i + 1
            self._qualify(label.group("qual"))
            earlier = bool(label.group("note")) and names_earlier_report(
                label.group("note"), self.published_year)
            return self._labelled_item(i + 1, kind, label.group("num"), block.lines,
                                       "heading-label", earlier=earlier)
        inline = INLINE_LABEL.match(block.text) if block.role != "heading" else None
        if inline and _is_real_inline(inline):
            self._qualify(inline.group("qual"))
            first = _strip_label(block, inline)
            return self._labelled_item(i + 1, _kind(inline.group("kind")), inline.group("num"),
                                       [], "inline-label", first=first)
        concern = INLINE_CONCERN.match(block.text) if block.role == "paragraph" else None
        if concern:
            first = _strip_label(block, concern)
            return self._labelled_item(i + 1, "cause_of_concern", None, [], "inline-label",
                                       first=first)
        if block.role == "heading":
            self._heading(block)
            return i + 1
        sentence = STATUS_SENTENCE.match(block.text) if block.role == "paragraph" else None
        if sentence:
            # "has not yet been discharged" → "not discharged"
            self._attach_status(block, re.sub(r"\b(?:yet|been)\s+", "", sentence.group("value")))
            return i + 1
        if block.role == "paragraph" and TERMINAL_COLON.search(block.text) and (
                not _reads_as_directive(block.text)):
            introduced = introduction(block.text)
            if introduced is not None:
                self.introduced = introduced
                kind = intro_kind(block.text)
                if kind and i + 1 < len(self.blocks) and self.blocks[i + 1].role == "entry":
                    return self._introduced_list(i + 1, kind)
                return i + 1
        if self.section_kind and not self.section_labelled:
            return self._section_item(i)
        if block.role == "paragraph":
            self.introduced = None  # narrative: what an earlier sentence introduced is over
        return i + 1

    def _table(self, i: int) -> int:
        block = self.blocks[i]
        shape = self.table_shape
        # A table at the top of the next page may go on with the one before it.
        if shape is not None and not (
                self.table_end == i and self.blocks[i - 1].lines[-1].page == block.first.page - 1):
            shape = None
        items, self.table_shape, end = table_items(self.blocks, i, shape, self.vocabulary,
                                                   self.section_kind, self.fills)
        self.table_end = end
        if not items:
            # A table read as one (its columns known) that holds no items is passed whole, so
            # that no part of it is taken for a table of its own.
            return end if self.table_shape is not None else i + 1
        for item in items:
            item.origin = self._origin(explicit=bool(item.status_text) or item.origin
                                       == "earlier_report")
            self.items.append(item)
        return end

    def _qualify(self, qualifier: str | None) -> None:
        """"New cause of concern" starts this report's items; "Previous …" an earlier one's."""
        if not qualifier:
            return
        if qualifier.lower() in EARLIER_QUALIFIERS:
            self.earlier_level = self.earlier_level or 99
        elif qualifier.lower() == "new":
            self.earlier_level = None
            self.introduced = "this"

    def _heading(self, block: Block) -> None:
        level = block.level or 1
        text = block.text
        if self.earlier_level is not None and level <= self.earlier_level:
            self.earlier_level = None
            self.earlier_part = False
        if SECTION_HEADING.search(text):
            self._open_section(_section_kind(text), block)
            return
        if self.section_kind and level <= self.section_level + 1:
            self.section_kind = None
        self.introduced = None
        if EARLIER_PART.match(text):
            self.earlier_level, self.earlier_part = level, True

    def _open_section(self, kind: str, block: Block) -> None:
        level = block.level or 1
        self.section_kind, self.section_level, self.section_labelled = kind, level, False
        if names_earlier_report(block.text, self.published_year):
            self.earlier_level = level
        elif THIS_REPORT.search(block.text):
            self.earlier_level = None
            self.introduced = "this"
        elif self.earlier_level is not None and level <= self.earlier_level + (
                0 if self.earlier_part else 1):
            # A sibling section of a quoting one is this report's; inside a "Background"
            # part, a "Recommendations" sub-section still quotes.
            self.earlier_level = None

    def _origin(self, explicit: bool = False) -> str:
        """An item's origin from what is known where it stands (see ``extractor.origin``)."""
        if self.voice == RESPONDING:
            return "this_report"
        if explicit or self.earlier_level is not None or self.introduced == "earlier":
            return "earlier_report"
        if self.introduced == "this":
            return "this_report"
        return "earlier_report" if self.voice == QUOTING else "this_report"

    def _labelled_item(self, i, kind, number, label_lines, how, first: Block | None = None,
                       earlier: bool = False) -> int:
        if self.section_kind:
            self.section_labelled = True
        blocks = [first] if first else []
        if not blocks:
            while i < len(self.blocks) and self.blocks[i].role == "table":
                i += 1
            if i < len(self.blocks) and self.blocks[i].role in ("paragraph", "entry"):
                blocks.append(self.blocks[i])
                i += 1
        if not blocks:
            return i
        i = self._take_continuation(blocks, self._take_list(blocks, i))
        last_text = blocks[-1].text
        tail = self._split_introduction(blocks)
        item = RawItem(kind, number, self._origin(earlier), blocks, label_lines, how)
        self.items.append(item)
        if tail is not None:
            self.introduced = introduction(last_text) or self.introduced
        if kind == "cause_of_concern":
            i = self._recommendations_after_concern(i)
        return i

    def _split_introduction(self, blocks: list[Block]) -> str | None:
        """Cut off a closing sentence that introduces the items after the item ("As a result,
        the inspectorate made two recommendations:") and return it."""
        last = blocks[-1]
        if last.role != "paragraph" or not TERMINAL_COLON.search(last.text):
            return None
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", last.text.strip())
        if len(sentences) < 2 or not introduces_items(sentences[-1]):
            return None
        tail = sentences[-1]
        kept = last.text.strip()[: -len(tail)].rstrip()
        lines, length = [], 0
        for line in last.lines:
            if length >= len(kept):
                break
            text = line.text
            if length + len(text) > len(kept):
                text = text[: len(kept) - length].rstrip()
            lines.append(Line(**{**line.__dict__, "text": text}))
            length += len(line.text) + 1
        blocks[-1] = Block(lines, last.role, last.level)
        return tail

    def _recommendations_after_concern(self, i: int) -> int:
        """A cause of concern may be followed at once by what it asks for, with no label of its
        own: "Within 28 days, the service should …". Each such paragraph is a recommendation."""
        while (i < len(self.blocks) and self.blocks[i].role == "paragraph"
               and _reads_as_directive(self.blocks[i].text)
               and (_ASKS.match(self.blocks[i].text) or TERMINAL_COLON.search(
                   self.blocks[i].text))
               and not INLINE_LABEL.match(self.blocks[i].text)):
            blocks = [self.blocks[i]]
            i = self._take_continuation(blocks, self._take_list(blocks, i + 1))
            self.items.append(RawItem("recommendation", None, self._origin(), blocks, [],
                                      "after-cause"))
        return i

    def _introduced_list(self, i: int, kind: str) -> int:
        """The entries after a sentence that introduces items ("The force should address
        these areas for improvement:"): each entry is an item of that kind, with any deeper
        entries under it."""
        numbered = _entry_number(self.blocks[i]) is not None
        while i < len(self.blocks) and self.blocks[i].role == "entry":
            entry = self.blocks[i]
            blocks = [entry]
            i = self._take_list(blocks, i + 1, numbered_siblings=numbered)
            i = self._take_entry_paragraphs(blocks, i)
            number = _entry_number(entry) if numbered else None
            self.items.append(RawItem(kind, number, self._origin(), blocks, [],
                                      "introduced-entry"))
        return i

    def _take_entry_paragraphs(self, blocks: list[Block], i: int) -> int:
        """Append the further paragraphs of a list entry: set in from the entry's marker,
        like the entry's own text, and in the same box."""
        entry = blocks[0].first
        while i < len(self.blocks):
            block = self.blocks[i]
            first = block.first
            if (block.role != "paragraph" or first.box != entry.box or first.page - entry.page > 1
                    or first.x0 <= entry.x0 + 0.8 * entry.size):
                break
            blocks.append(block)
            i += 1
        return i

    def _take_continuation(self, blocks: list[Block], i: int) -> int:
        """Append paragraphs that go on with the item: "This should include: …", and the rest
        of a sentence broken off mid-way (a stray paragraph break in a converted document)."""
        while i < len(self.blocks) and self.blocks[i].role == "paragraph" and (
                _finishes_sentence(blocks[-1], self.blocks[i])
                or (CONTINUATION.match(self.blocks[i].text)
                    and (DIRECTIVE.search(self.blocks[i].text)
                         or TERMINAL_COLON.search(self.blocks[i].text)))):
            blocks.append(self.blocks[i])
            i = self._take_list(blocks, i + 1)
        return i

    def _take_list(self, blocks: list[Block], i: int, numbered_siblings: bool = False) -> int:
        """Append the list entries that belong to the paragraph ending with ":".

        In a numbered list of items, the next numbered entry is the next item, not a sub-point.
        """
        if not TERMINAL_COLON.search(blocks[-1].text):
            return i
        lead = blocks[-1].first
        while i < len(self.blocks):
            entry = self.blocks[i]
            # A list whose bullets are not in the text layer still shows by its indent.
            indented = (entry.role == "paragraph" and entry.first.page == lead.page
                        and entry.first.x0 > lead.x0 + 0.8 * lead.size)
            if entry.role != "entry" and not indented:
                break
            if numbered_siblings and _entry_number(entry):
                break
            blocks.append(entry)
            i += 1
        return i

    def _section_item(self, i: int) -> int:
        block = self.blocks[i]
        number = _entry_number(block) if block.role == "entry" else None
        if not DIRECTIVE.search(block.text) and not (block.role == "entry" and number):
            return i + 1
        if block.role == "paragraph" and not _reads_as_directive(block.text):
            return i + 1
        blocks = [block]
        i = self._take_list(blocks, i + 1, numbered_siblings=number is not None)
        if block.role == "entry":
            i = self._take_entry_paragraphs(blocks, i)
        i = self._take_continuation(blocks, i)
        how = "section-entry" if block.role == "entry" else "section-paragraph"
        # A cause of concern states a shortcoming; what tells someone to act under it is
        # its recommendation.
        kind = "recommendation" if self.section_kind == "cause_of_concern" else self.section_kind
        self.items.append(RawItem(kind, number, self._origin(), blocks, [], how))
        return i

    def _attach_status(self, block: Block, value: str | None = None) -> None:
        if not self.items:
            return
        item = self.items[-1]
        last_line = item.blocks[-1].lines[-1]
        if block.first.page - last_line.page > 1 or item.status_text:
            return
        if value is None:
            value = STATUS_LINE.match(block.text).group("value").strip()
            if parse_status(value) is None:
                return  # "Action: notifications continue ..." is an update, not a status
        item.status_text = value
        if self.voice != RESPONDING:
            item.origin = "earlier_report"


TERMINAL_COLON = re.compile(r":['\")\]]*$|:\s*-?$")


# Paragraphs that explain rather than direct: "We make recommendations when …",
# "An area for improvement is …", "If the force does not …".
_EXPLAINING = re.compile(
    r"^(we|our|if|where|when|while|whilst|although|in (this|our|the)|this|these|that|an? "
    r"(area|cause|recommendation)|as|for example|however|hmicfrs|the inspectorate)\b",
    re.IGNORECASE)


def _reads_as_directive(text: str) -> bool:
    """An unlabelled paragraph is an item when it tells someone what to do, early on.

    "By 31 March 2026, chief constables should …" and "The force should …" qualify; a
    paragraph that explains the inspection and says "should" in passing does not.
    """
    if not TERMINAL.search(text) or _EXPLAINING.match(text):
        return False
    first_sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0]
    match = DIRECTIVE.search(first_sentence)
    return bool(match) and len(first_sentence[: match.start()].split()) <= 25


def _section_kind(heading: str) -> str:
    """The kind a section heading announces; "Causes of concern and areas for improvement"
    lists what its paragraphs direct, the areas for improvement."""
    kinds = [_kind(m.group(1)) for m in SECTION_HEADING.finditer(heading)]
    return next((k for k in kinds if k != "cause_of_concern"), kinds[0])


def _kind(word: str) -> str:
    key = word.lower()
    key = re.sub(r"^areas", "area", key)
    key = re.sub(r"^causes", "cause", key)
    key = key.rstrip("s") if key.startswith("recommendation") else key
    return KIND_WORDS.get(key, KIND_WORDS.get(key.rstrip("s"), "recommendation"))


def _is_real_inline(match: re.Match) -> bool:
    """"Recommendation 3: By …" is a label; "Recommendation 3 was accepted" is narrative."""
    rest = match.group("rest")
    if not (rest[:1].isupper() or rest[:1].isdigit()):
        return False
    if match.group("sep") is None:  # "Recommendation 1 By 31 March 2026, forces should …"
        return bool(match.group("num")) and bool(DIRECTIVE.search(rest))
    return bool(match.group("num")) or match.group("sep") == ":"


def _strip_label(block: Block, match: re.Match) -> Block:
    first = block.lines[0]
    label_end = len(block.text) - len(match.group("rest"))
    stripped = Line(**{**first.__dict__, "text": first.text[label_end:].strip()})
    return Block([stripped, *block.lines[1:]], block.role)


def _entry_number(block: Block) -> str | None:
    if block.first.number and "." not in block.first.number:
        return block.first.number
    match = ENUMERATOR.match(block.text)
    return match.group("num") if match else None


def _item_text(item: RawItem, vocabulary) -> str:
    parts = []
    for index, block in enumerate(item.blocks):
        texts = [ln.text for ln in block.lines]
        if block.role == "entry":
            match = ENUMERATOR.match(texts[0])
            # The first entry's enumerator is the item's number; a sub-list keeps its letters.
            lettered = match and not match.group("num") and texts[0][0] not in BULLETS + "-"
            if not (index > 0 and lettered):
                texts[0] = texts[0][match.end():] if match else texts[0]
        parts.append(join_lines(texts, vocabulary))
    return " ".join(p for p in parts if p).strip()


def _deduplicate(items: list[RawItem]) -> list[RawItem]:
    """A report that lists its recommendations twice (summary and chapter) keeps the first."""
    from rapidfuzz import fuzz
    from rapidfuzz.utils import default_process

    def same(a: RawItem, b: RawItem) -> bool:
        if a.kind != b.kind or a.origin != b.origin:
            return False
        if a.number is not None and a.number == b.number:
            return fuzz.token_set_ratio(a.text, b.text, processor=default_process) >= 90
        # Unnumbered on either side: only the same wording is the same item.
        if a.number is None or b.number is None:
            return fuzz.ratio(a.text, b.text, processor=default_process) >= 95
        return False

    kept: list[RawItem] = []
    for item in items:
        twin = next((k for k in kept if same(k, item)), None)
        if twin is None:
            kept.append(item)
        elif len(item.text) > 1.3 * len(twin.text):
            # A summary that abridges the item: the full text, where it is printed, wins.
            item.number = item.number or twin.number
            kept[kept.index(twin)] = item
        elif twin.number is None and item.number is not None:
            twin.number = item.number
    return kept


# --------------------------------------------------------------------------- tables

# A first cell that labels its row as an item: "Recommendation 3", "AFI 2", "R3", "3", "3.",
# or the kind alone, as a form has it: "Cause of concern", "Recommendation".
_ROW_LABEL = re.compile(
    r"^(?:(?:(?P<kind>recommendation|area for improvement|afi|cause of concern|r)\s*)?"
    r"(?P<num>\d{1,3}(?:\.\d{1,2})?[a-z]?)"
    r"|(?P<only>recommendation|area for improvement|afi|cause of concern))\s*[.:)]?$",
    re.IGNORECASE)
_NUMBER_HEADER = re.compile(r"^(?:no\.?|number|ref(?:erence)?\.?|#|item)$", re.IGNORECASE)
_STATUS_HEADER = re.compile(
    r"\b(?:status|progress|assessment|outcome|rating|position|rag)\b", re.IGNORECASE)
_KIND_HEADER = re.compile(
    r"^(?:(?P<qual>new|previous|earlier|original|outstanding)\s+)?(?P<kind>recommendations?"
    r"|areas? for improvement|afis?|causes? of concern)\b", re.IGNORECASE)


@dataclass
class _Cell:
    column: int
    lines: list[Line]


@dataclass
class _TableShape:
    """What each column of an item table holds, kept for its continuation on the next page."""

    starts: list[float]
    number_col: int | None
    text_col: int
    status_col: int | None
    kind: str | None
    header: list[str]
    earlier: bool = False  # the header says the items are from an earlier report


def _table_lines(blocks: list[Block], i: int) -> tuple[list[Line], int]:
    """The lines of the table that starts at block ``i``, and the index after it.

    An unruled table's wrapped cell lines stand alone on their visual line, so they are
    read as paragraphs: those that sit at a cell's left edge inside the table go with it.
    A table that runs on at the top of the next page, in the same columns, is the same
    table: a row cut by the page break is then read whole.
    """
    lines = list(blocks[i].lines)
    page = lines[0].page
    j = i + 1
    while j < len(blocks):
        block = blocks[j]
        if block.role == "table" and block.first.page == page:
            lines.extend(block.lines)
            j += 1
            continue
        if block.role == "table" and block.first.page == page + 1 and _goes_on(lines, block):
            lines.extend(block.lines)
            page += 1
            j += 1
            continue
        nxt = blocks[j + 1] if j + 1 < len(blocks) else None
        starts = {round(ln.x0) for ln in lines if ln.row_cells > 1}
        # Between two rows of the table, or just under its last line.
        within = (nxt is not None and nxt.role == "table" and nxt.first.page == page) or (
            block.first.top - lines[-1].top < 1.8 * block.first.size)
        inside = (block.role == "paragraph" and block.first.page == page and within
                  and bool(starts)
                  and all(any(abs(ln.x0 - s) < 2 for s in starts) and ln.x0 > min(starts) + 2
                          for ln in block.lines))
        if not inside:
            break
        lines.extend(block.lines)
        j += 1
    return lines, j


def _goes_on(lines: list[Line], block: Block) -> bool:
    """Whether a table at the top of a page continues the table of the page before: its
    cells start where that table's columns start."""
    starts = sorted({ln.x0 for ln in lines if ln.row_cells > 1})
    if len(starts) < 2:
        return False
    near = sum(1 for ln in block.lines if any(abs(ln.x0 - s) < 3 for s in starts))
    return near >= 0.8 * len(block.lines)


def _visual_rows(lines: list[Line]) -> list[list[Line]]:
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.page, ln.top, ln.x0)):
        if rows and rows[-1][0].page == line.page and abs(rows[-1][0].top - line.top) < 2:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _column_starts(rows: list[list[Line]]) -> list[float]:
    widest = max(rows, key=len)
    return sorted(ln.x0 for ln in widest)


def _column_of(line: Line, starts: list[float]) -> int:
    return max((c for c, x in enumerate(starts) if x <= line.x0 + 2), default=0)


def _table_rows(vrows: list[list[Line]], starts: list[float],
                row_col: int | None) -> list[list[_Cell]]:
    """Visual rows gathered into table rows, each a list of cells.

    A row starts where its label column has text; without one, where the spacing between
    visual rows is wider than between the lines of a cell. At the top of a page, a row
    without a label goes on with the last row of the page before.
    """
    steps = [b[0].top - a[0].top if a[0].page == b[0].page else None
             for a, b in zip(vrows, vrows[1:], strict=False)]
    same_page = [s for s in steps if s is not None]
    step = min(same_page) if same_page else 0.0
    # No wider spacing anywhere: every row is a single line.
    single_lines = not any(s > 1.3 * step for s in same_page)
    rows: list[list[_Cell]] = []
    for index, vrow in enumerate(vrows):
        cols = {_column_of(ln, starts) for ln in vrow}
        gap = steps[index - 1] if index else None
        if row_col is not None:
            new = row_col in cols
        elif index and gap is None:  # the first line of a new page
            last = max((ln for cell in rows[-1] for ln in cell.lines), key=lambda ln: ln.top)
            new = bool(TERMINAL.search(last.text))
        else:
            new = index == 0 or single_lines or gap > 1.3 * step
        if new or not rows:
            rows.append([_Cell(c, []) for c in range(len(starts))])
        for line in vrow:
            rows[-1][_column_of(line, starts)].lines.append(line)
    return rows


def _cell_text(cell: _Cell, vocabulary) -> str:
    return join_lines([strip_bullet(ln.text) for ln in cell.lines], vocabulary).strip()


def _shape(header: list[str], body: list[list[str]], starts: list[float]) -> _TableShape | None:
    """The roles of the columns, from the header row or the cells themselves."""
    kind_col = next((c for c, h in enumerate(header) if _KIND_HEADER.match(h)), None)
    number_col = next((c for c, h in enumerate(header) if _NUMBER_HEADER.match(h)), None)
    if number_col is None and body and sum(1 for r in body if _ROW_LABEL.match(r[0])) >= max(
            1, 0.6 * len(body)):
        number_col = 0  # the first cells label the rows: numbers, or kinds on a form
    status_col = next((c for c, h in enumerate(header)
                       if c != kind_col and _STATUS_HEADER.search(h)), None)
    if kind_col is None and number_col is None:
        return None
    others = [c for c in range(len(starts)) if c not in (number_col, status_col)]
    if kind_col is not None and kind_col != number_col:
        text_col = kind_col
    elif others:
        text_col = max(others, key=lambda c: sum(len(r[c]) for r in body))
    else:
        return None
    named = _KIND_HEADER.match(header[kind_col]) if kind_col is not None else None
    kind = _kind(named.group("kind")) if named else None
    earlier = bool(named and named.group("qual")
                   and named.group("qual").lower() in EARLIER_QUALIFIERS)
    return _TableShape(starts, number_col, text_col, status_col, kind, header, earlier)


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) < 4 for x, y in zip(a, b, strict=True))


def _is_header(row: list[Line]) -> bool:
    """A header row: short cells that name what the columns hold, none telling anyone to act."""
    texts = [ln.text for ln in row]
    return (len(texts) >= 2 and all(len(t.split()) <= 6 and not DIRECTIVE.search(t)
                                    and not _numbered_label(t) for t in texts))


def _numbered_label(text: str) -> bool:
    label = _ROW_LABEL.match(text)
    return bool(label and label.group("num"))


def table_items(blocks: list[Block], i: int, previous: _TableShape | None, vocabulary,
                default_kind: str | None, fills: dict[int, list] | None = None
                ) -> tuple[list[RawItem], _TableShape | None, int]:
    """The items in the table starting at block ``i``, its shape, and the index after it.

    A table holds items when its header names their kind or its rows open with item labels,
    and then only the rows whose text cell reads as an item. ``previous`` is the shape of
    the table just before, which a table at the top of the next page may continue.
    """
    lines, end = _table_lines(blocks, i)
    vrows = _visual_rows(lines)
    starts = _column_starts(vrows)
    if len(starts) < 2:
        return [], None, end
    header: list[str] = []
    if _is_header(vrows[0]):
        header_cols = {_column_of(ln, starts): ln.text for ln in vrows[0]}
        header = [header_cols.get(c, "") for c in range(len(starts))]
        texts = [ln.text for ln in vrows[0]]
        # The header repeated at the top of each page the table runs over is no row.
        vrows = [r for r in vrows[1:] if [ln.text for ln in r] != texts]
    body = [[" ".join(ln.text for ln in r if _column_of(ln, starts) == c)
             for c in range(len(starts))] for r in vrows]
    body = [r for r in body if r[0]]
    if previous is not None and _same_columns(previous.starts, starts) and (
            not header or header == previous.header):
        shape: _TableShape | None = _TableShape(
            starts, previous.number_col, previous.text_col, previous.status_col, previous.kind,
            previous.header, previous.earlier)
    else:
        shape = _shape(header, body, starts) if header or body else None
    if shape is None or not vrows:
        return [], None, end
    if shape.number_col is None or shape.text_col == shape.number_col:
        shape.number_col = None
    items = []
    for row in _table_rows(vrows, starts, shape.number_col):
        page = min((ln.page for cell in row for ln in cell.lines), default=0)
        item = _row_item(row, shape, vocabulary, default_kind, (fills or {}).get(page))
        if item is not None:
            items.append(item)
    return items, shape, end


def _row_item(row: list[_Cell], shape: _TableShape, vocabulary,
              default_kind: str | None, fills: list | None = None) -> RawItem | None:
    text = _cell_text(row[shape.text_col], vocabulary)
    kind, number, labelled = shape.kind, None, False
    if shape.number_col is not None:
        label = _ROW_LABEL.match(_cell_text(row[shape.number_col], vocabulary))
        # A kind alone labels the rows of a form (no header row); under a header such as
        # "Term | Meaning" it is a word being explained.
        if label and (label.group("num") or not shape.header):
            number = label.group("num")
            named = label.group("kind") or label.group("only")
            if named and named.lower() != "r":
                kind, labelled = _kind(named), True
    # A row a form labels as a cause of concern states it; a row labelled as a recommendation
    # or an area for improvement directs somewhere in it; any other row must read as one.
    concern = labelled and kind == "cause_of_concern"
    if not text or not (concern or (labelled and DIRECTIVE.search(text))
                        or _reads_as_directive(text)):
        return None
    kind = kind or default_kind or "recommendation"
    if kind == "cause_of_concern" and not concern:
        kind = "recommendation"  # a table under a cause of concern lists what it asks for
    status = None
    if shape.status_col is not None:
        cell = _cell_text(row[shape.status_col], vocabulary)
        status = cell if parse_status(cell) else _rag_status(row, shape, fills or [])
    lines = [ln for cell in row for ln in cell.lines]
    block = Block(row[shape.text_col].lines, "table")
    origin = "earlier_report" if shape.earlier else "this_report"
    item = RawItem(kind, number, origin, [block], [], "table-row", status_text=status)
    item.text = text
    item.lines = sorted(lines, key=lambda ln: (ln.page, ln.top, ln.x0))
    return item


def _rag_status(row: list[_Cell], shape: _TableShape, fills: list) -> str | None:
    """The status a status cell gives by its fill colour alone (red, amber, green)."""
    lines = [ln for cell in row for ln in cell.lines]
    if not lines:
        return None
    page = min(ln.page for ln in lines)
    on_page = [ln for ln in lines if ln.page == page]
    top, bottom = min(ln.top for ln in on_page), max(ln.bottom for ln in on_page)
    left = shape.starts[shape.status_col]
    right = (shape.starts[shape.status_col + 1] if shape.status_col + 1 < len(shape.starts)
             else left + 200)
    for x0, y0, x1, y1, rgb in fills:
        if x0 <= left + 4 and x1 >= min(right, left + 40) - 4 and y0 < bottom and y1 > top:
            colour = _rag(rgb)
            if colour:
                return colour
    return None


def _rag(rgb: tuple[int, int, int]) -> str | None:
    """Completed for green, In progress for amber or yellow, Incomplete for red."""
    red, green, blue = rgb
    if green > 140 and green > red + 20 and green > blue + 10:
        return "Completed"
    if red > 190 and green > 140 and blue < 0.8 * green and red >= green - 10:
        return "In progress"
    if red > 180 and red > green + 30 and red > blue + 20:
        return "Incomplete"
    return None
