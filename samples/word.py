"""Samples written as Word documents (python-docx) and converted to PDF by LibreOffice.

The ``.docx`` is the source and is committed beside the PDF; it is rewritten with fixed
timestamps so that rebuilding it gives the same bytes. LibreOffice (``soffice``) exports a
tagged PDF; without it the committed PDF is kept and the sample is skipped.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell

from samples.inspectorate import AUTHOR, INSPECTORATE


def new_document(title: str, created: datetime.datetime) -> DocxDocument:
    """An empty Word document with fixed core properties (title, author, dates)."""
    d = Document()
    props = d.core_properties
    props.title = title
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.revision = 1
    props.created = props.modified = created
    return d


def set_styles(d: DocxDocument, font: str, size: float, *, space_after: float,
               line_spacing: float, headings: Mapping[str, float], colour: RGBColor) -> None:
    """Set the Normal style and the sizes and colour of the named heading styles."""
    normal = d.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size)
    normal.paragraph_format.space_after = Pt(space_after)
    normal.paragraph_format.line_spacing = line_spacing
    for name, heading_size in headings.items():
        st = d.styles[name]
        st.font.name = font
        st.font.size = Pt(heading_size)
        st.font.color.rgb = colour


def set_page(d: DocxDocument, *, sides: float, top: float, bottom: float, header: str,
             header_align: WD_ALIGN_PARAGRAPH | None = None,
             folio_align: WD_ALIGN_PARAGRAPH, folio_prefix: str = "") -> None:
    """A4 with margins in cm, a running header and a page-number footer, neither on the
    first page."""
    section = d.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(sides)
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.different_first_page_header_footer = True
    head = section.header.paragraphs[0]
    head.text = header
    if header_align is not None:
        head.alignment = header_align
    head.runs[0].font.size = Pt(8)
    foot = section.footer.paragraphs[0]
    foot.alignment = folio_align
    if folio_prefix:
        run = foot.add_run(folio_prefix)
        run.font.size = Pt(9)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    r.append(text)
    field.append(r)
    foot._p.append(field)


def cover(d: DocxDocument, title: str, published: str, *, blank_lines: int,
          subtitle: str | None = None) -> None:
    """The cover page: the inspectorate, blank lines, the title in the Title style, an
    optional subtitle, the publication line and a page break."""
    p = d.add_paragraph(INSPECTORATE)
    p.runs[0].font.size = Pt(10)
    for _ in range(blank_lines):
        d.add_paragraph()
    d.add_paragraph(title, style="Title")
    if subtitle:
        p = d.add_paragraph(subtitle)
        p.runs[0].font.size = Pt(14)
        d.add_paragraph()
    p = d.add_paragraph(published)
    p.runs[0].font.size = Pt(12)
    p.add_run().add_break(WD_BREAK.PAGE)


def grid_table(d: DocxDocument, cols: int) -> Table:
    """A centred one-row table with Word's "Table Grid" borders (add rows to it)."""
    table = d.add_table(rows=1, cols=cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    return table


def page_break(d: DocxDocument) -> None:
    """Start a new page (a paragraph holding a page break, as Word writes one)."""
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def shade(cell: _Cell, fill: str) -> None:
    """Give a table cell a background colour (hex, without ``#``)."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def save(d: DocxDocument, path: Path) -> None:
    """Write the document with fixed timestamps inside the zip (byte-stable)."""
    d.save(str(path))
    with zipfile.ZipFile(path) as z:
        entries = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def libreoffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(outdir: Path, name: str, write: Callable[[Path], None]) -> Path | None:
    """Write ``name``.docx with ``write`` and convert it to PDF with LibreOffice (tagged PDF
    export); return the PDF.

    Without LibreOffice the committed PDF is kept and None is returned.
    """
    docx = outdir / f"{name}.docx"
    write(docx)
    soffice = libreoffice()
    if soffice is None:
        print(f"skipping {name}.pdf: LibreOffice (soffice) not found; the "
              "committed PDF is kept", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp, "profile").as_uri()
        export = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", export,
             "--outdir", tmp, str(docx)],
            check=True, capture_output=True, timeout=300)
        out = outdir / f"{name}.pdf"
        shutil.move(Path(tmp, f"{name}.pdf"), out)
    return out
