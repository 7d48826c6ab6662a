"""The extraction contract: what `hmic-actions extract --json` prints.

The JSON shape is versioned by ``SCHEMA_ID``; other tools read it, so fields are only
ever added (optional), never renamed or removed, within one schema version.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SCHEMA_ID = "hmic-actions/extraction@1"


@dataclass
class Item:
    """One recommendation, area for improvement or cause of concern found in a report."""

    kind: str
    number: str | None
    origin: str
    text: str
    deadline: str | None = None
    deadline_text: str | None = None
    immediate: bool = False
    addressees: list[str] = field(default_factory=list)
    addressees_other: list[str] = field(default_factory=list)
    deadline_relative: str | None = None
    applies_to_forces: bool = False
    status: str | None = None
    page: int | None = 1  # None in a document without pages (Word, a web page)
    confidence: float = 1.0
    # Where the item starts on its page, in PDF points from the top-left corner:
    # [x0, top, x1, bottom]. Lets a reviewer see the source region.
    bbox: list[float] | None = None
    # Where it starts in a document without pages: {"headings": [...], "paragraph": n}.
    location: dict | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["confidence"] = round(self.confidence, 2)
        if self.bbox is not None:
            data["bbox"] = [round(v, 1) for v in self.bbox]
        return data


@dataclass
class ReportInfo:
    """Facts about the report file itself."""

    title: str | None
    published: str | None
    pages: int | None  # None for a document without pages
    sha256: str
    format: str = "pdf"  # pdf | docx | html, told by the file's content

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Extraction:
    """Everything extracted from one report."""

    report: ReportInfo
    items: list[Item]

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA_ID,
            "report": self.report.to_dict(),
            "items": [item.to_dict() for item in self.items],
        }
