"""Hostile documents: files a report reader meets in the wild, built on demand.

``python -m tests.builders.hostile DIR`` writes every one of them into DIR (about 4 MB in
all; nothing large is kept in the repository). The tests import :data:`DOCUMENTS` and build
only what they need in a temporary directory.

Each :class:`Hostile` says how the reader must end on it: ``"ok"`` (exit 0 with the
recommendation read correctly, or a ready report), ``"none"`` (read, no items: a web page
saved in place of a report) or ``"refused"`` (exit 2 with one line naming the reason, or a
4xx / failed report), with words that the reason must contain. Word documents and web
pages are among them, under a .pdf name: the content decides.
Files the cheap checks cannot tell apart from a readable PDF (a broken cross-reference
table, JavaScript, embedded files) must be read, not refused.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.builders import files, scans, word_docs
from tests.builders.samples import SAMPLES

# The one recommendation every readable hostile document holds, and what it must read as.
HEADING = "Recommendation 1"
BODY = (
    "By 31 March 2027, chief constables should review how they record",
    "reports of stalking and act on what the review finds.",
)
EXPECTED = {
    "kind": "recommendation",
    "number": "1",
    "deadline": "2027-03-31",
    "addressees": ["chief_constables"],
}

_FONTS = (b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> "
          b"/F2 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >> >> >>")


def _escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def recommendation_stream(top: float = 760) -> bytes:
    """A page content stream drawing :data:`HEADING` in bold and :data:`BODY` below it."""
    ops = [b"BT /F2 14 Tf 72 %.1f Td (%s) Tj ET" % (top, _escape(HEADING))]
    for n, line in enumerate(BODY):
        ops.append(b"BT /F1 11 Tf 72 %.1f Td (%s) Tj ET" % (top - 24 - 16 * n, _escape(line)))
    return b"\n".join(ops)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _page(contents: int, parent: int = 2) -> bytes:
    return (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources %s >>" % (parent, contents, _FONTS))


def _recommendation_pdf(path: Path, catalog_extra: bytes = b"",
                        extra_objects: tuple[bytes, ...] = ()) -> Path:
    """One page with the recommendation; objects 5.. are ``extra_objects``."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _page(4),
        _stream(recommendation_stream()),
        *extra_objects,
    ]
    return files._write_pdf(path, objects)


def write_javascript_pdf(path: Path) -> Path:
    """A readable report that asks the viewer to run JavaScript when it is opened."""
    js = b"app.alert('opened'); this.exportDataObject({cName: 'x', nLaunch: 2});"
    return _recommendation_pdf(
        path,
        b"/OpenAction 5 0 R /Names << /JavaScript << /Names [(init) 6 0 R] >> >>",
        (b"<< /Type /Action /S /JavaScript /JS (%s) >>" % js,
         b"<< /Type /Action /S /JavaScript /JS 7 0 R >>",
         _stream(b"while (true) { app.alert('again'); }")),
    )


def write_embedded_files_pdf(path: Path) -> Path:
    """A readable report carrying an attached executable and an attached PDF."""
    exe = b"MZ\x90\x00" + bytes(range(256)) * 8
    inner = SAMPLES.glob("*.pdf")
    attached_pdf = next(iter(sorted(inner))).read_bytes()[:4096]
    return _recommendation_pdf(
        path,
        b"/Names << /EmbeddedFiles << /Names [(setup.exe) 5 0 R (old.pdf) 7 0 R] >> >>",
        (b"<< /Type /Filespec /F (setup.exe) /UF (setup.exe) /EF << /F 6 0 R >> >>",
         _stream(zlib.compress(exe), b"/Type /EmbeddedFile /Filter /FlateDecode "),
         b"<< /Type /Filespec /F (old.pdf) /EF << /F 8 0 R >> >>",
         _stream(attached_pdf, b"/Type /EmbeddedFile ")),
    )


def write_broken_xref_pdf(path: Path) -> Path:
    """A readable report whose cross-reference table points at the wrong offsets.

    Readers rebuild the table by scanning for objects, as they must for files edited by
    tools that do not update it.
    """
    _recommendation_pdf(path)
    data = bytearray(path.read_bytes())
    start = data.rindex(b"\nxref\n") + 1
    end = data.index(b"trailer", start)
    table = data[start:end].decode("ascii").splitlines()
    broken = table[:3] + [f"{(7919 * n) % 99991:010d} 00000 n " for n in range(1, len(table) - 2)]
    data[start:end] = ("\n".join(broken) + "\n").encode("ascii")
    tail = data.rindex(b"startxref\n") + len(b"startxref\n")
    data[tail:] = b"999999\n%%EOF\n"
    path.write_bytes(bytes(data))
    return path


def write_thousands_of_pages_pdf(path: Path, pages: int = 2000) -> Path:
    """``pages`` pages, page N holding recommendation N (the same words otherwise)."""
    first = 3
    kids = b" ".join(b"%d 0 R" % (first + 2 * i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
    ]
    for n in range(pages):
        # Lower on each page in turn, as text flows, so nothing looks like a running header.
        top = 700 - 40 * (n % 10)
        stream = recommendation_stream(top).replace(b"(Recommendation 1)",
                                                    b"(Recommendation %d)" % (n + 1))
        objects += [_page(first + 2 * n + 1), _stream(stream)]
    return files._write_pdf(path, objects)


def write_huge_page_pdf(path: Path, characters: int = 200_000) -> Path:
    """The recommendation followed, on the same page, by ``characters`` more characters.

    The filler is microprint: 1.2-point text, 1,000 characters a line, 200 lines below the
    recommendation, all inside the page.
    """
    words = "data " * 200
    lines = []
    for n in range(characters // len(words)):
        lines.append(b"BT /F1 1.2 Tf 20 %.2f Td (%s) Tj ET" % (640 - n * 1.3, words.encode()))
    content = recommendation_stream() + b"\n" + b"\n".join(lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _page(4),
        _stream(zlib.compress(content), b"/Filter /FlateDecode "),
    ]
    return files._write_pdf(path, objects)


def write_zero_bomb_pdf(path: Path, inflated_bytes: int = 1 << 30) -> Path:
    """A one-page PDF whose ~1 MB content stream inflates to ``inflated_bytes`` zero bytes.

    Written a piece at a time with ``zlib.compressobj``: neither the zeros nor the
    compressed stream are ever held whole in memory.
    """
    chunk = bytes(1 << 20)
    count = max(1, -(-inflated_bytes // len(chunk)))
    head = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << >> >>",
    ])
    offsets = []
    with path.open("wb") as out:
        out.write(head[0])
        for number, body in enumerate(head[1], start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        offsets.append(out.tell())
        out.write(b"4 0 obj\n<< /Length 5 0 R /Filter /FlateDecode >>\nstream\n")
        begin = out.tell()
        compressor = zlib.compressobj(9)
        for _ in range(count):
            out.write(compressor.compress(chunk))
        out.write(compressor.flush())
        length = out.tell() - begin
        out.write(b"\nendstream\nendobj\n")
        offsets.append(out.tell())
        out.write(b"5 0 obj\n%d\nendobj\n" % length)
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                  % (len(offsets) + 1, xref))
    return path


def write_deeply_nested_page(path: Path, depth: int = 100_000) -> Path:
    """A web page whose text sits inside ``depth`` nested elements (1.4 MB)."""
    path.write_bytes(b"<!DOCTYPE html><html><body>" + b"<div>" * depth + b"deep"
                     + b"</div>" * depth + b"</body></html>")
    return path


def write_good_pdf(path: Path) -> Path:
    """The control: the recommendation in a plain, well-formed PDF."""
    return _recommendation_pdf(path)


@dataclass(frozen=True)
class Hostile:
    """One hostile document: how to build it and how reading it must end."""

    name: str
    build: Callable[[Path], Path]
    outcome: str  # "ok" (its one item), "none" (read, no items) or "refused"
    words: tuple[str, ...] = ()  # what the one-line reason must say (case-insensitive)


DOCUMENTS: tuple[Hostile, ...] = (
    Hostile("good", write_good_pdf, "ok"),
    Hostile("empty", files.write_empty, "refused", ("empty",)),
    Hostile("random_bytes", files.write_random_bytes, "refused", ("not a PDF",)),
    Hostile("png", files.write_png, "refused", ("not a PDF", "PNG")),
    # A web page is read (an error page saved in place of the report holds no items).
    Hostile("html", files.write_html, "none"),
    Hostile("zip", files.write_zip, "refused", ("not a PDF", "ZIP")),
    Hostile("truncated", files.write_truncated_pdf, "refused", ("truncated",)),
    Hostile("encrypted", files.write_encrypted_pdf, "refused", ("encrypted",)),
    Hostile("scanned", files.write_image_only_pdf, "refused", ("no text layer",)),
    Hostile("pages_2000", write_thousands_of_pages_pdf, "refused",
            ("2,000 pages", "HMIC_MAX_PAGES")),
    Hostile("chars_200000", write_huge_page_pdf, "ok"),
    Hostile("broken_xref", write_broken_xref_pdf, "ok"),
    Hostile("zero_bomb", write_zero_bomb_pdf, "refused", ("memory", "HMIC_MAX_MEMORY_MB")),
    Hostile("javascript", write_javascript_pdf, "ok"),
    # A Word document of about 1 MB whose parts unpack to 1 GiB of zeros.
    Hostile("docx_bomb", word_docs.write_zip_bomb, "refused", ("unpack", "HMIC_MAX_FILE_MB")),
    Hostile("deep_html", write_deeply_nested_page, "refused", ("nested too deeply",)),
    # A scanned page 10,000 A4 pages tall: far more pixels than OCR may render.
    Hostile("tall_image", scans.too_tall_page, "refused", ("too large to read by OCR",)),
    Hostile("embedded_files", write_embedded_files_pdf, "ok"),
)


def by_name(name: str) -> Hostile:
    """The document called ``name``."""
    return next(d for d in DOCUMENTS if d.name == name)


def write_all(directory: Path) -> list[Path]:
    """Write every hostile document into ``directory`` as ``<name>.pdf``."""
    directory.mkdir(parents=True, exist_ok=True)
    return [doc.build(directory / f"{doc.name}.pdf") for doc in DOCUMENTS]


def main(argv: list[str] | None = None) -> int:
    """Command line: write the documents into a directory and list them."""
    parser = argparse.ArgumentParser(prog="python -m tests.builders.hostile",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    args = parser.parse_args(argv)
    for path in write_all(args.directory):
        print(f"{path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
