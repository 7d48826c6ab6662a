"""The sample reports as files to upload, with the number of items each holds, and files
made from them: distinct copies, a corrupt PDF, a long report."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@dataclass(frozen=True)
class SampleFile:
    """A report file to upload and the number of items it holds."""

    name: str
    content: bytes
    items: int


def samples() -> list[SampleFile]:
    """Every sample report that has its expected extraction."""
    found = []
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        expected = pdf.with_suffix(".expected.json")
        if expected.exists():
            items = len(json.loads(expected.read_text())["items"])
            found.append(SampleFile(pdf.name, pdf.read_bytes(), items))
    return found


def distinct_samples(count: int) -> list[SampleFile]:
    """``count`` different files (different SHA-256) cycling through the samples.

    Copies after the first round get a PDF comment appended after the end-of-file marker
    (as an incremental save would): readers ignore it, so the items are the same.
    """
    base = samples()
    files = []
    for i in range(count):
        sample = base[i % len(base)]
        content = sample.content
        name = sample.name
        if i >= len(base):
            content += f"\n%copy {i}\n%%EOF\n".encode()
            name = f"{Path(name).stem}-copy{i}.pdf"
        files.append(SampleFile(name, content, sample.items))
    return files


def corrupt_pdf() -> bytes:
    """Bytes that pass the quick PDF checks (header, end marker) but cannot be read."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\ntrailer\n<< /Root 9 0 R >>\n%%EOF\n"


def build_long_report(path: Path, pages: int) -> Path:
    """A sample-style report of about ``pages`` pages (``samples.long_report``)."""
    from samples import long_report

    return long_report.build_long_report(path, pages)
