"""Word documents (.docx) for the Word reader's tests, written with python-docx.

What python-docx has no call for is written as WordprocessingML: list definitions
(``numbering``), text boxes, footnotes and endnotes, tables of contents (a field, or a
content control), merged and nested table cells. The hostile files (a ZIP bomb, sizes that
lie, a missing document part, a corrupt ZIP) are written byte by byte, small on disk
whatever they claim to unpack to.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)

# A list level: (numFmt, lvlText, start).
Level = tuple[str, str, int]


def new_document() -> DocxDocument:
    """An empty document from python-docx's template."""
    return docx.Document()


def save(document: DocxDocument, path: Path) -> Path:
    document.save(str(path))
    return path


def _xml(text: str):
    return parse_xml(text.replace("<NS>", _NAMESPACES))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _run(text: str, extra: str = "") -> str:
    return f'<w:r>{extra}<w:t xml:space="preserve">{_escape(text)}</w:t></w:r>'


def _paragraph(text: str, style: str | None = None) -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}{_run(text)}</w:p>"


def _append_to_body(document: DocxDocument, element) -> None:
    """Put ``element`` at the end of the body (before the section properties)."""
    body = document.element.body
    body.insert(len(body) - 1 if body[-1].tag == qn("w:sectPr") else len(body), element)


# --------------------------------------------------------------------------- lists


def numbering(document: DocxDocument, levels: Sequence[Level],
              restart: Sequence[int | None] | None = None) -> str:
    """A new list definition with ``levels`` (0 first); its numId. ``restart[i]``, when
    given, sets level i's lvlRestart."""
    part = document.part.numbering_part.element
    abstract_id = 100 + len(part.findall(qn("w:abstractNum")))
    lvls = []
    for ilvl, (fmt, text, start) in enumerate(levels):
        again = restart[ilvl] if restart and ilvl < len(restart) else None
        restart_xml = f'<w:lvlRestart w:val="{again}"/>' if again is not None else ""
        lvls.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'{restart_xml}<w:lvlText w:val="{_escape(text)}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (ilvl + 1)}" w:hanging="360"/></w:pPr></w:lvl>')
    abstract = _xml(f'<w:abstractNum <NS> w:abstractNumId="{abstract_id}">'
                    f'{"".join(lvls)}</w:abstractNum>')
    nums = part.findall(qn("w:num"))
    if nums:
        nums[0].addprevious(abstract)
    else:
        part.append(abstract)
    return _add_num(part, abstract_id)


def restarted(document: DocxDocument, num_id: str, start: int = 1) -> str:
    """A new instance of list ``num_id``'s definition that starts again at ``start``."""
    part = document.part.numbering_part.element
    num = next(n for n in part.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    return _add_num(part, abstract_id, start)


def _add_num(part, abstract_id: int | str, start: int | None = None) -> str:
    num_id = str(1 + max((int(n.get(qn("w:numId"))) for n in part.findall(qn("w:num"))),
                         default=0))
    override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                if start is not None else "")
    part.append(_xml(f'<w:num <NS> w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                     f"{override}</w:num>"))
    return num_id


def numbered(document: DocxDocument, text: str, num_id: str, ilvl: int = 0) -> Paragraph:
    """A paragraph in list ``num_id`` at level ``ilvl`` (direct numbering)."""
    paragraph = document.add_paragraph(text)
    properties = paragraph._p.get_or_add_pPr()
    properties.append(_xml(f'<w:numPr <NS>><w:ilvl w:val="{ilvl}"/>'
                           f'<w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


# --------------------------------------------------------------------------- tables, boxes


def shade(cell: _Cell, fill: str) -> None:
    """Give a table cell a background colour (hex, without ``#``)."""
    cell._tc.get_or_add_tcPr().append(
        _xml(f'<w:shd <NS> w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def nest_table(cell: _Cell, rows: Sequence[Sequence[str]]) -> None:
    """Put a table of ``rows`` inside ``cell``."""
    table = cell.add_table(rows=len(rows), cols=len(rows[0]))
    for row, texts in zip(table.rows, rows, strict=True):
        for inner, text in zip(row.cells, texts, strict=True):
            inner.text = text


def text_box(paragraph: Paragraph, texts: Sequence[str]) -> None:
    """Anchor a text box holding ``texts`` (one paragraph each) in ``paragraph``, as Word
    writes one: a DrawingML shape, and the same box in VML for older readers."""
    content = "".join(_paragraph(text) for text in texts)
    box = f"<w:txbxContent>{content}</w:txbxContent>"
    paragraph._p.append(_xml(
        "<w:r <NS>><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="2000000" cy="900000"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData>'
        "</a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"))


# --------------------------------------------------------------------------- notes


def _notes_part(document: DocxDocument, kind: str):
    """The footnotes or endnotes part (``kind``: "footnote" or "endnote"), made when
    missing, with Word's separator notes."""
    reltype = RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES
    try:
        return document.part.part_related_by(reltype)
    except KeyError:
        pass
    separators = "".join(
        f'<w:{kind} w:type="{t}" w:id="{i}"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        for i, t in ((-1, "separator"), (0, "continuationSeparator")))
    blob = f'<w:{kind}s xmlns:w="{W_NS}">{separators}</w:{kind}s>'.encode()
    content_type = CT.WML_FOOTNOTES if kind == "footnote" else CT.WML_ENDNOTES
    part = Part(PackURI(f"/word/{kind}s.xml"), content_type, blob, document.part.package)
    document.part.relate_to(part, reltype)
    return part


def add_note(document: DocxDocument, paragraph: Paragraph, text: str,
             kind: str = "footnote") -> None:
    """A footnote (or endnote) with ``text``, its reference mark at the end of
    ``paragraph``."""
    part = _notes_part(document, kind)
    root = parse_xml(part.blob)
    note_id = max(int(n.get(qn("w:id"))) for n in root) + 1
    style = "FootnoteText" if kind == "footnote" else "EndnoteText"
    mark = "FootnoteReference" if kind == "footnote" else "EndnoteReference"
    root.append(_xml(
        f'<w:{kind} <NS> w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="{mark}"/></w:rPr><w:{kind}Ref/></w:r>'
        f'{_run(" " + text)}</w:p></w:{kind}>'))
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                standalone=True)
    paragraph._p.append(_xml(
        f'<w:r <NS>><w:rPr><w:rStyle w:val="{mark}"/><w:vertAlign w:val="superscript"/>'
        f'</w:rPr><w:{kind}Reference w:id="{note_id}"/></w:r>'))


def superscript_mark(paragraph: Paragraph, mark: str) -> None:
    """A note mark typed as superscript text (as converters leave it)."""
    run = paragraph.add_run(mark)
    run.font.superscript = True


# --------------------------------------------------------------------------- contents


def contents_field(document: DocxDocument, entries: Sequence[str]) -> None:
    """A table of contents as Word inserts it: a TOC field whose result is a paragraph
    per entry in the "TOC 1" style, with page numbers after a tab."""
    style = _toc_style(document)
    for index, entry in enumerate(entries):
        begin = (_field_char("begin") + '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3"'
                 ' \\h \\z \\u </w:instrText></w:r>' + _field_char("separate")) if index == 0 \
            else ""
        _append_to_body(document, _xml(
            f'<w:p <NS>><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{begin}'
            f'{_run(entry)}<w:r><w:tab/></w:r>{_run(str(index + 3))}</w:p>'))
    _append_to_body(document, _xml(f"<w:p <NS>>{_field_char('end')}</w:p>"))


def contents_control(document: DocxDocument, title: str, entries: Sequence[str]) -> None:
    """A table of contents in a content control marked as one (as Word 2007 and later
    insert it), its entries as plain paragraphs."""
    paragraphs = _paragraph(title) + "".join(_paragraph(f"{entry} {index + 3}")
                                             for index, entry in enumerate(entries))
    _append_to_body(document, _xml(
        "<w:sdt <NS>><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/>"
        f"<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>{paragraphs}"
        "</w:sdtContent></w:sdt>"))


def content_control(document: DocxDocument, texts: Sequence[str]) -> None:
    """A plain content control holding a paragraph for each of ``texts``."""
    paragraphs = "".join(_paragraph(text) for text in texts)
    _append_to_body(document, _xml(
        '<w:sdt <NS>><w:sdtPr><w:alias w:val="Body"/></w:sdtPr>'
        f"<w:sdtContent>{paragraphs}</w:sdtContent></w:sdt>"))


def _field_char(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def _toc_style(document: DocxDocument) -> str:
    styles = document.styles
    if "TOC 1" not in [s.name for s in styles]:
        styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    return styles["TOC 1"].style_id


def raw_paragraph(document: DocxDocument, content: str, style: str | None = None) -> None:
    """A paragraph whose content (runs, insertions, deletions) is given as
    WordprocessingML, with the ``w`` prefix."""
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    _append_to_body(document, _xml(f"<w:p <NS>>{props}{content}</w:p>"))


def page_break(document: DocxDocument) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# --------------------------------------------------------------------------- reports


def write_recommendations_report(path: Path) -> Path:
    """A short report: a title, a "Recommendations" section as a Word numbered list, and a
    "Recommendation 4" heading with its paragraph."""
    document = new_document()
    document.add_paragraph("Stalking and harassment: a joint inspection", style="Title")
    document.add_paragraph("Published 4 March 2026")
    page_break(document)
    document.add_heading("Summary", level=1)
    document.add_paragraph("We inspected how six forces respond to reports of stalking.")
    document.add_heading("Recommendations", level=1)
    document.add_paragraph("We make three recommendations.")
    for text in (
        "By 30 September 2026, chief constables should appoint a single lead for stalking.",
        "By March 2027, the College of Policing should publish guidance on stalking "
        "protection orders.",
        "The Home Office should publish data on stalking protection orders every year.",
    ):
        document.add_paragraph(text, style="List Number")
    document.add_heading("Protecting victims", level=1)
    document.add_paragraph("Victims told us that officers did not always believe them.")
    document.add_heading("Recommendation 4", level=2)
    document.add_paragraph("Within six months, chief constables should make sure that every "
                           "victim of stalking is given a named contact.")
    document.add_heading("About this inspection", level=1)
    document.add_paragraph("We carried out fieldwork in 2025.")
    return save(document, path)


# --------------------------------------------------------------------------- hostile files


def write_zip_bomb(path: Path, unpacked: int = 1 << 30) -> Path:
    """A .docx whose parts are whole and valid, plus one member of ``unpacked`` bytes of
    zeros that compresses to about a thousandth of that (1 GiB: about 1 MB on disk)."""
    template = path.with_suffix(".template.docx")
    save(new_document(), template)
    members = _members_of(template)
    template.unlink()
    members.append(_zeros("word/media/image1.png", unpacked))
    return _write_zip(path, members)


def write_lying_sizes(path: Path, unpacked: int = 1 << 30) -> Path:
    """A .docx whose document part declares 2,000 bytes but holds ``unpacked`` bytes of
    zeros."""
    template = path.with_suffix(".template.docx")
    save(new_document(), template)
    members = [m for m in _members_of(template) if m[0] != "word/document.xml"]
    template.unlink()
    name, raw, crc, _size = _zeros("word/document.xml", unpacked)
    members.append((name, raw, crc, 2_000))
    return _write_zip(path, members)


def write_without_document_part(path: Path) -> Path:
    """A .docx whose ``word/document.xml`` has been taken out."""
    template = path.with_suffix(".template.docx")
    save(new_document(), template)
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info))
    template.unlink()
    return path


def write_corrupt_zip(path: Path) -> Path:
    """A .docx cut short and scrambled after its first kilobytes: the ZIP's local headers
    still read as a Word document's, its central directory is gone."""
    template = path.with_suffix(".template.docx")
    save(new_document(), template)
    data = template.read_bytes()
    template.unlink()
    path.write_bytes(data[: len(data) // 2] + bytes(range(256)) * 4)
    return path


def write_damaged_member(path: Path) -> Path:
    """A .docx whose ZIP directory is whole but whose document part's compressed bytes are
    damaged (its checksum no longer matches)."""
    template = path.with_suffix(".template.docx")
    document = new_document()
    document.add_paragraph("The force should review its vetting backlog. " * 40)
    save(document, template)
    members = []
    with zipfile.ZipFile(template) as source:
        for info in source.infolist():
            data = source.read(info)
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw = compressor.compress(data) + compressor.flush()
            crc = zlib.crc32(data)
            if info.filename == "word/document.xml":
                crc ^= 0xFFFF
            members.append((info.filename, raw, crc, len(data)))
    template.unlink()
    return _write_zip(path, members)


Member = tuple[str, bytes, int, int]  # name, raw deflate data, CRC-32, unpacked size


def _members_of(path: Path) -> list[Member]:
    members = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            members.append((info.filename, compressor.compress(data) + compressor.flush(),
                            zlib.crc32(data), len(data)))
    return members


def _zeros(name: str, size: int) -> Member:
    """``size`` zero bytes as raw deflate data, built from one compressed megabyte repeated
    (deflate blocks ending on a full flush can follow one another)."""
    chunk = 1 << 20
    assert size % chunk == 0
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(chunk)) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    zeros = bytes(chunk)
    for _ in range(size // chunk):
        crc = zlib.crc32(zeros, crc)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty last block
    return name, block * (size // chunk) + final, crc, size


def _write_zip(path: Path, members: Sequence[Member]) -> Path:
    """A ZIP of deflated members, its sizes as given (they may lie)."""
    out = bytearray()
    directory = bytearray()
    for name, raw, crc, size in members:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(raw), size,
                           len(encoded), 0) + encoded + raw
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc,
                                 len(raw), size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                      len(directory), len(out), 0)
    path.write_bytes(bytes(out + directory + end))
    return path
