"""The Southdown revisit letter as a force receives it after printing and scanning: an
image-only PDF, read by OCR.

Each page of ``revisit_letter_southdown`` is rendered to a greyscale image at 200 dpi and
given what a scanner adds: a tilt of a few tenths of a degree, a slight blur, paper that
is not quite white and ink that is not quite black, speckle noise, a few specks of dust,
and the grey edge of the scanner's lid along two sides. The images are stored as JPEG, as
scanners store them. The noise comes from a seeded generator and the PDF is written with
reportlab (``invariant=1``), so the same build gives the same bytes.

``scan(source, target)`` does the same to any PDF (the tests and the benchmarks use it).
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from samples import revisit_letter_southdown

#: Resolution of the scanned images (dots per inch).
SCAN_DPI = 200
#: JPEG quality of the stored images (a scanner's "standard" setting).
JPEG_QUALITY = 45
# What the scanner does to a page: the tilt (degrees, at most), the blur (pixels), the
# paper's and the ink's grey, the noise (standard deviation in grey levels), the specks of
# dust per page, and the width of the lid's edge along the top and left sides (pixels at
# 200 dpi).
TILT = 0.45
BLUR = 0.6
PAPER, INK = 238, 30
NOISE = 2.5
DUST = 12
EDGE = 14


def build(outdir: Path) -> Path:
    """Write this sample's PDF into ``outdir`` and return its path."""
    path = Path(outdir) / "scanned_letter_southdown.pdf"
    with tempfile.TemporaryDirectory() as tmp:
        source = revisit_letter_southdown.build(Path(tmp))
        scan(source, path, seed=2025)
    return path


def scan(source: Path, target: Path, dpi: int = SCAN_DPI, seed: int = 0,
         pages: list[int] | None = None) -> Path:
    """Write ``target``: the PDF at ``source`` printed and scanned, an image a page.

    ``pages`` (1-based) scans only those pages and keeps the others as they are (a
    document with one page scanned in); by default every page is scanned.
    """
    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(str(source))
    try:
        chosen = set(range(1, len(pdf) + 1) if pages is None else pages)
        images = {}
        for number in sorted(chosen):
            page = pdf[number - 1]
            try:
                images[number] = (scanned_image(page, dpi, rng), page.get_size())
            finally:
                page.close()
        if chosen == set(range(1, len(pdf) + 1)):
            _write_images(target, [images[n] for n in sorted(images)])
        else:
            _replace_pages(pdf, target, images)
    finally:
        pdf.close()
    return target


def scanned_image(page: pdfium.PdfPage, dpi: int, rng: np.random.Generator) -> bytes:
    """One page as a scanner sees it, as JPEG bytes."""
    image = page.render(scale=dpi / 72, grayscale=True, draw_annots=False).to_pil()
    image = image.convert("L")
    tilt = float(rng.uniform(0.15, TILT)) * float(rng.choice([-1, 1]))
    image = image.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(BLUR))
    grey = INK + np.asarray(image, dtype=np.float32) * ((PAPER - INK) / 255)
    grey += rng.normal(0.0, NOISE, grey.shape)
    _add_dust(grey, rng)
    edge = round(EDGE * dpi / SCAN_DPI)
    grey[:edge, :] = 105 + rng.normal(0.0, NOISE, (edge, grey.shape[1]))
    grey[:, :edge] = 105 + rng.normal(0.0, NOISE, (grey.shape[0], edge))
    scanned = Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8), "L")
    out = io.BytesIO()
    scanned.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, dpi=(dpi, dpi))
    return out.getvalue()


def _add_dust(grey: np.ndarray, rng: np.random.Generator) -> None:
    """A few small dark specks where the glass was not clean."""
    height, width = grey.shape
    for _ in range(DUST):
        y, x = int(rng.integers(0, height - 3)), int(rng.integers(0, width - 3))
        size = int(rng.integers(1, 3))
        grey[y:y + size, x:x + size] = INK + 40


def _write_images(target: Path, images: list[tuple[bytes, tuple[float, float]]]) -> None:
    """An image-only PDF: each image filling a page of its original size."""
    canvas = Canvas(str(target), invariant=1)
    canvas.setTitle("")
    for jpeg, (width, height) in images:
        canvas.setPageSize((width, height))
        canvas.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, width, height)
        canvas.showPage()
    canvas.save()


def _replace_pages(pdf: pdfium.PdfDocument, target: Path,
                   images: dict[int, tuple[bytes, tuple[float, float]]]) -> None:
    """``pdf`` with the pages in ``images`` replaced by their scans."""
    with tempfile.TemporaryDirectory() as tmp:
        scans = Path(tmp) / "scans.pdf"
        _write_images(scans, [images[n] for n in sorted(images)])
        scanned = pdfium.PdfDocument(str(scans))
        try:
            for k, number in enumerate(sorted(images)):
                pdf.del_page(number - 1)
                pdf.import_pages(scanned, [k], number - 1)
            pdf.save(str(target))
        finally:
            scanned.close()
