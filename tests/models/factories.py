"""Builders for rows and extraction results used by the database tests."""

from __future__ import annotations

import hashlib
from datetime import date
from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from models.tables import Report, StoredFile, TrackedItem

_numbers = count(1)


def add_report(session: Session, **fields: Any) -> Report:
    """A Report (with its stored file) added and flushed; fields override the defaults."""
    content = f"report file {next(_numbers)}".encode()
    sha = hashlib.sha256(content).hexdigest()
    session.add(StoredFile(sha256=sha, size=len(content), content=content))
    values: dict[str, Any] = {"file_name": "thematic.pdf", "title": None, "published": None,
                              "inspection_type": "thematic", "status": "ready"}
    values.update(fields)
    report = Report(sha256=sha, **values)
    session.add(report)
    session.flush()
    return report


def add_item(session: Session, **fields: Any) -> TrackedItem:
    """A TrackedItem added and flushed; fields override the defaults."""
    n = next(_numbers)
    values: dict[str, Any] = {"reference": f"OLD-{n:04d}", "kind": "recommendation",
                              "number": str(n), "text": f"Forces should review case files {n}.",
                              "scope": "national", "status": "open"}
    values.update(fields)
    item = TrackedItem(**values)
    session.add(item)
    session.flush()
    return item


def item(text: str, **fields: Any) -> dict[str, Any]:
    """One extracted item in the contract's shape."""
    values: dict[str, Any] = {
        "kind": "recommendation", "number": None, "origin": "this_report", "text": text,
        "deadline": None, "deadline_text": None, "immediate": False, "addressees": [],
        "addressees_other": [], "deadline_relative": None, "applies_to_forces": False,
        "status": None, "page": 1, "confidence": 0.9, "bbox": [72.0, 100.0, 520.0, 140.0]}
    values.update(fields)
    return values


def extraction(*items: dict[str, Any], title: str = "An inspection of case handling",
               published: date | None = date(2025, 10, 24), pages: int = 12) -> dict[str, Any]:
    """An extraction contract dict holding ``items``."""
    return {"schema": "hmic-actions/extraction@1",
            "report": {"title": title, "published": published.isoformat() if published else None,
                       "pages": pages, "sha256": "0" * 64},
            "items": list(items)}
