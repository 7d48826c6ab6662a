"""Builders for good and bad input files, shared by the guard and command-line tests.

Every builder writes one file at ``path`` and returns ``path``. Bad PDFs that reportlab
cannot produce (a page tree of many pages, a decompression bomb) are written by hand with
a correct cross-reference table.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

LINES = (
    "Recommendation 1",
    "By 31 March 2027, chief constables should review how they record",
    "reports of antisocial behaviour and act on what the review finds.",
)

SUBJECTS = ("antisocial behaviour", "stalking", "missing children", "fraud", "hate crime")


def write_text_pdf(path: Path, pages: int = 1) -> Path:
    """A small, valid PDF with a text layer on every page (one recommendation a page)."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("An inspection of how forces record crime")
    for page in range(pages):
        subject = SUBJECTS[page % len(SUBJECTS)]
        top = 760 - 90 * (page % 5)  # not at the same place on every page (not a header)
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, top, f"Recommendation {page + 1}")
        c.setFont("Helvetica", 11)
        c.drawString(72, top - 24, "By 31 March 2027, chief constables should review how they")
        c.drawString(72, top - 40, f"record reports of {subject} and act on what the review finds.")
        c.drawString(290, 40, str(page + 1))
        c.showPage()
    c.save()
    return path


def write_empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def write_random_bytes(path: Path, size: int = 8192, seed: int = 7) -> Path:
    """Random bytes (no PDF header) under whatever name ``path`` has."""
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def write_png(path: Path) -> Path:
    """A real PNG image (to be saved under a .pdf name)."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def write_jpeg(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 30, 200)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def write_html(path: Path) -> Path:
    """An HTML page, such as a download that returned an error page instead of the report."""
    path.write_text(
        "<!DOCTYPE html>\n<html><head><title>Page not found</title></head>\n"
        "<body><h1>Sorry, we cannot find that page</h1></body></html>\n",
        encoding="utf-8",
    )
    return path


def write_utf16_page(path: Path) -> Path:
    """A web page saved in UTF-16 with its byte-order mark, as some Windows programs save."""
    path.write_bytes(("<!-- saved from url=(0040)https://www.example.org/letter -->\n"
                      "<html><body><h2>Recommendation 1</h2><p>By 31 May 2027, the force "
                      "should review its vetting.</p></body></html>").encode("utf-16"))
    return path


def write_page_without_html_element(path: Path) -> Path:
    """A page fragment saved without <html> or <body>: it opens with its <head>."""
    path.write_text("<head><title>Letter</title></head>\n<p>Recommendation 1: The force "
                    "should review its vetting by May 2027.</p>\n", encoding="utf-8")
    return path


def write_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("report/notes.txt", "Not a PDF at all.\n")
    return path


def write_docx_like(path: Path) -> Path:
    """A ZIP laid out like a Word document."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<?xml version='1.0'?><Types/>")
        zf.writestr("word/document.xml", "<?xml version='1.0'?><w:document/>")
    return path


def write_plain_text(path: Path) -> Path:
    path.write_text("Recommendation 1\nChief constables should do better.\n", encoding="utf-8")
    return path


def write_truncated_pdf(path: Path, keep: float = 0.6) -> Path:
    """A valid text PDF cut short, as by an interrupted download."""
    full = path.with_name(path.name + ".full")
    write_text_pdf(full, pages=3)
    data = full.read_bytes()
    full.unlink()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def write_pdf_with_trailing_bytes(path: Path, size: int = 20_000, seed: int = 5) -> Path:
    """A valid text PDF followed by bytes after its end-of-file marker (more than a reader's
    look at the end), as some mail gateways and download tools leave them."""
    write_text_pdf(path)
    with path.open("ab") as out:
        out.write(random.Random(seed).randbytes(size))
    return path


def write_pdf_without_eof_marker(path: Path) -> Path:
    """A valid text PDF whose last end-of-file marker is missing."""
    write_text_pdf(path)
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b"%%EOF")])
    return path


def write_corrupt_pdf(path: Path, seed: int = 11) -> Path:
    """A PDF header and end marker around bytes that are no PDF structure at all."""
    body = random.Random(seed).randbytes(6000)
    path.write_bytes(b"%PDF-1.7\n" + body + b"\nstartxref\n123456\n%%EOF\n")
    return path


def write_encrypted_pdf(path: Path, password: str = "s3cret") -> Path:
    """A text PDF that needs a user password to open."""
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=password)
    for y, line in zip(range(760, 0, -16), LINES, strict=False):
        c.drawString(72, y, line)
    c.showPage()
    c.save()
    return path


def write_image_only_pdf(path: Path, pages: int = 2) -> Path:
    """A 'scanned' PDF: pages with an image and drawn shapes but no text layer."""
    buffer = io.BytesIO()
    scan = Image.new("L", (120, 160), 245)
    for x in range(10, 110, 3):  # dark strokes that look like lines of print
        for y in range(20, 150, 12):
            scan.putpixel((x, y), 20)
    scan.save(buffer, format="PNG")
    buffer.seek(0)
    image = ImageReader(buffer)
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        c.drawImage(image, 60, 200, width=460, height=600)
        c.setFillGray(0.85)
        c.rect(60, 100, 460, 60, fill=1, stroke=1)
        c.line(60, 90, 520, 90)
        c.showPage()
    c.save()
    return path


def write_blank_pdf(path: Path, pages: int = 1) -> Path:
    """Pages with nothing on them."""
    return write_many_pages_pdf(path, pages)


def _write_pdf(path: Path, objects: list[bytes]) -> Path:
    """Write ``objects`` (object 1 is the catalog) as a PDF with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def write_many_pages_pdf(path: Path, pages: int) -> Path:
    """A PDF of ``pages`` blank pages sharing one empty content stream (cheap to build)."""
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << >> >>"
    )
    objects.extend(page for _ in range(pages))
    return _write_pdf(path, objects)


def write_no_pages_pdf(path: Path) -> Path:
    """A well-formed PDF whose page tree is empty."""
    return _write_pdf(
        path,
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"],
    )


def bomb_stream(inflated_bytes: int) -> bytes:
    """A zlib stream of about ``inflated_bytes`` spaces (rounded up to whole MiB).

    Built from one compressed MiB repeated: after a full flush each block starts afresh,
    so the repeats concatenate into one valid stream (a final empty block and the Adler-32
    of the whole close it). About 1 KiB of input per MiB of output.
    """
    chunk = b" " * (1 << 20)
    count = max(1, -(-inflated_bytes // len(chunk)))
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(count):
        checksum = zlib.adler32(chunk, checksum)
    final_empty_block = b"\x03\x00"
    return first + repeat * (count - 1) + final_empty_block + struct.pack(">I", checksum)


def write_bomb_pdf(path: Path, inflated_bytes: int = 1 << 30) -> Path:
    """A valid one-page PDF whose small content stream inflates to ``inflated_bytes``."""
    stream = bomb_stream(inflated_bytes)
    return _write_pdf(
        path,
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ],
    )
