"""Database rows and extraction results for tests.

One at a time: ``add_report`` and ``add_item`` add a row with defaults, ``item`` and
``extraction`` give extraction results in the contract's shape. Whole trackers, built through
the operations as the service builds them: ``fill_every_table`` and ``build_pack_report``.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from itertools import count
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from models.db import session_scope
from models.ops import reports as report_ops
from models.ops.drafts import (
    add_draft,
    confirm_draft,
    edit_draft,
    link_draft,
    record_extraction,
    record_suggestions,
    reject_draft,
)
from models.ops.items import add_progress_update
from models.ops.reports import fail_report, finish_report, start_processing
from models.ops.users import add_user, create_token, revoke_token
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


def fill_every_table(engine: Engine) -> None:
    """A tracker with a row in every table: users and tokens, reports and their files,
    drafts with each decision and one added by a person, items (one superseded by a later
    one) and their reference counters, links, audit, match decisions, and odd values
    (unicode, binary content, JSON null, empty lists)."""
    with session_scope(engine) as s:
        add_user(s, "Lena Lead", "lead", "a long enough password", actor="admin")
        add_user(s, "prometheus", "viewer", actor="admin")
        create_token(s, "prometheus", "scraper", actor="admin")
        revoked = create_token(s, "prometheus", "old", actor="admin")[0]
        revoke_token(s, revoked.id, actor="admin")
        old = report_ops.add_report(s, "peel-2024.pdf", b"%PDF old \x00\xff\xfe bytes",
                                    "Lena Lead")[0]
        start_processing(s, old, "worker", {"host": "w1"})
        earlier = record_extraction(s, old, extraction(
            item("Forces should review vetting – café rules.", number="1",
                 deadline="2025-03-31", addressees=["all chief constables"]),
            item("Forces should train staff.", number="2", kind="area_for_improvement"),
            published=date(2024, 5, 1)))
        finish_report(s, old, "worker")
        first = confirm_draft(s, earlier[0].id, "Lena Lead", scope="local",
                                  activity_level=3, paf_area="4")
        reject_draft(s, earlier[1].id, "Lena Lead", "covered elsewhere")

        new = report_ops.add_report(s, "thematic.pdf", b"%PDF new report", "Lena Lead")[0]
        start_processing(s, new, "worker")
        drafts = record_extraction(s, new, extraction(
            item("Forces should review vetting rules again.", number="1"),
            item("Forces should publish data.", number="2"),
            item("Forces should audit cases.", number="3"),
            item("Forces should wait.", number="4")))
        record_suggestions(s, drafts[0].id, "found",
                               [{"tracked_id": first.id, "relation": "supersedes",
                                 "score": 0.91, "why": ["same topic"]}],
                               paf_suggestion={"area": "4", "score": 0.5})
        finish_report(s, new, "worker")
        add_draft(s, new.id, "Lena Lead", kind="recommendation", number="5", page=2,
                  bbox=[72.0, 300.5, 520.0, 340.0],
                  text="By 31 March 2026, chief constables should publish vetting data.")
        later = link_draft(s, drafts[0].id, first.id, "supersedes", "Lena Lead")
        edit_draft(s, drafts[1].id, {"text": "Forces should publish their data."},
                       "Lena Lead")
        second = confirm_draft(s, drafts[1].id, "Lena Lead")
        link_draft(s, drafts[2].id, second.id, "depends_on", "Lena Lead")
        add_progress_update(s, second.id, "Data published on the force website – ✓.",
                            "Lena Lead")
        add_progress_update(s, second.id, "Reviewed at the plenary.", "Lena Lead",
                            at=datetime(2025, 11, 3, 9, 30, tzinfo=UTC), source="import")
        failed = report_ops.add_report(s, "broken.pdf", b"not a pdf", "Lena Lead")[0]
        fail_report(s, failed, "the file is not a PDF", "worker")
        report_ops.add_report(s, "queued.pdf", b"%PDF queued", "Lena Lead")
        s.flush()
        assert s.get(TrackedItem, first.id).superseded_by_id == later.id > first.id


def build_pack_report(session: Session) -> dict[str, Any]:
    """A thematic report with items for forces, one for the Home Office only, matches and a
    stated dependency; one draft already linked as superseding a tracked item."""
    report = add_report(session, title="Stalking: a national inspection",
                        published=date(2025, 10, 24))
    old = add_item(session, reference="HMI-2021-0042", text="Forces should log stalking.")
    older = add_item(session, reference="HMI-2019-0007", text="Forces should record stalking.")
    drafts = record_extraction(session, report, extraction(
        item("By 31 March 2026, chief constables should record stalking properly.",
             number="1", deadline="2026-03-31", applies_to_forces=True,
             addressees=["chief_constables"]),
        item("Once recommendation 1 has been implemented, chief constables should audit "
             "stalking cases.", number="2", deadline_relative="P6M", applies_to_forces=True,
             addressees=["chief_constables"]),
        item("The Home Office should fund stalking advocates.", number="3",
             addressees=["home_office"], applies_to_forces=False),
        item("The force does not protect victims of stalking.", kind="cause_of_concern",
             number="1", applies_to_forces=True, immediate=True),
        item("Forces should train call handlers on stalking.", kind="area_for_improvement",
             number="1", applies_to_forces=True),
    ))
    record_suggestions(session, drafts[0].id, "found", [
        {"tracked_id": old.id, "relation": "supersedes", "score": 81.5, "band": "suggest_link",
         "reasons": ["same subject", "re-states the old item"]},
        {"tracked_id": older.id, "relation": "related", "score": 40.0, "band": "needs_look",
         "reasons": ["shared words"]}],
        paf_suggestion={"area": "7a", "title": "Safeguarding", "score": 3.0, "reason": "x"})
    record_suggestions(session, drafts[4].id, "found", [
        {"tracked_id": older.id, "relation": "supersedes", "score": 70.0,
         "band": "suggest_link", "reasons": ["same subject"]}],
        paf_suggestion={"area": "5b", "title": "Risk at first contact", "score": 2.0,
                        "reason": "y"})
    link_draft(session, drafts[4].id, older.id, "supersedes", "tests")
    session.flush()
    return {"report": report, "drafts": drafts, "old": old, "older": older}
