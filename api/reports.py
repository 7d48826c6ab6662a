"""Reports: ``POST /api/reports`` (upload a PDF), ``GET /api/reports`` (the list),
``GET /api/reports/<id>`` (its state), ``POST /api/reports/<id>/retry`` (read a failed report
again), ``DELETE /api/reports/<id>`` and ``GET /api/inbox`` (the reports waiting for someone).

Uploading, retrying and deleting need the reviewer role (or higher), reading reports the
viewer role; the uploader is recorded on the report and named in its audit trail. A report
can be deleted only while no decision has been made on any of its drafts (409 otherwise).

An upload is stored (content-addressed, in the database) and its Report row committed
before the report is handed to a worker, so nothing is lost if the queue is down: the
report stays queued and the recovery sweep sends it once the queue is back.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from typing import Any

from flask import current_app, g, request, url_for
from flask_smorest import Blueprint
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from api.auth import current_user, requires
from api.errors import ApiError
from api.http import actor, found
from api.schemas import (
    ErrorSchema,
    InboxList,
    ReportList,
    ReportListQuery,
    ReportSchema,
)
from api.services import db_session, services
from extractor.guard import document_format, unsupported_reason
from hmic_actions import logs
from hmic_actions.dates import iso
from models.ops import reports as report_ops
from models.ops.errors import ConflictError
from models.ops.reports import ReportFacts, add_report, first_pending_drafts, report_facts
from models.tables import Draft, Report
from worker.dispatch import DispatchError

bp = Blueprint("reports", __name__, url_prefix="/api", description="Uploaded reports")
log = logging.getLogger(__name__)

_NOT_FOUND = {"schema": ErrorSchema, "description": "no such report"}

_UPLOAD_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "the report: a PDF, a Word document (.docx) or "
                                           "a web page (.html), told by its content"}}}}}}


@bp.route("/reports", methods=["POST"])
@requires("reviewer")
@bp.doc(requestBody=_UPLOAD_BODY)
@bp.response(202, ReportSchema, description="a new report, queued for processing")
@bp.alt_response(200, schema=ReportSchema, description="the same file was already uploaded")
@bp.alt_response(400, schema=ErrorSchema, description="no file was sent, or it is empty")
@bp.alt_response(413, schema=ErrorSchema, description="the file is over the size limit")
@bp.alt_response(415, schema=ErrorSchema,
                 description="the file is not a PDF, a Word document or a web page")
def upload_report() -> tuple[dict[str, Any], int, dict[str, str]]:
    """Upload a report: stored and queued (202), or the existing report for the same file (200).
    """
    upload = request.files.get("file")
    if upload is None:
        raise ApiError(400, "missing_file",
                       "send the report as a multipart/form-data upload in the field 'file'")
    limit = int(current_app.config["MAX_UPLOAD_MB"] * 10**6)
    content = upload.read(limit + 1)
    if not content:
        raise ApiError(400, "empty_file", "the uploaded file is empty (0 bytes)")
    if len(content) > limit:
        raise ApiError(413, "file_too_large",
                       f"the file is larger than the limit of "
                       f"{current_app.config['MAX_UPLOAD_MB']:g} MB (HMIC_MAX_FILE_MB)")
    check_document(content)

    user = current_user()
    assert user is not None  # guaranteed by @requires
    session = db_session()
    try:
        report, created = add_report(session, upload.filename, content, user.name,
                                         uploaded_by=user.id)
        session.commit()
    except ConflictError:  # the same file uploaded at the same moment by someone else
        session.rollback()
        sha = hashlib.sha256(content).hexdigest()
        existing = session.scalar(select(Report).where(Report.sha256 == sha))
        if existing is None:
            raise
        report, created = existing, False
    g.report_id = report.id  # for the request's log line (api.requests)
    if created:
        _send(report, "stored and queued")
    else:
        with logs.log_context(report_id=report.id):
            log.info("report %s: the same file was uploaded again", report.id)
    body = report_json(session, report)
    return body, 202 if created else 200, {"Location": body["url"]}


@bp.route("/reports", methods=["GET"])
@requires("viewer")
@bp.arguments(ReportListQuery, location="query")
@bp.response(200, ReportList)
def list_reports(query: dict[str, int]) -> dict[str, Any]:
    """The reports, newest first, a page at a time (``limit``, ``offset``).

    A page costs the same few queries however many reports and drafts there are."""
    session = db_session()
    total, reports = _page(session, None, query)
    facts = report_facts(session, [report.id for report in reports])
    return {"total": total, "limit": query["limit"], "offset": query["offset"],
            "reports": [report_json(session, report, facts[report.id])
                        for report in reports]}


@bp.route("/reports/<id:report_id>", methods=["GET"])
@requires("viewer")
@bp.response(200, ReportSchema)
@bp.alt_response(404, **_NOT_FOUND)
def get_report(report_id: int) -> dict[str, Any]:
    """The report's status, progress, error and its drafts counted by review state."""
    return report_json(db_session(), found(Report, report_id))


@bp.route("/reports/<id:report_id>/retry", methods=["POST"])
@requires("reviewer")
@bp.response(202, ReportSchema, description="the report, queued to be read again")
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(409, schema=ErrorSchema, description="the report has not failed")
def retry_report(report_id: int) -> tuple[dict[str, Any], int]:
    """Read a failed report again (e.g. once a limit was raised): it is queued and sent to a
    worker like a new upload. Only a failed report can be retried (409 otherwise)."""
    session = db_session()
    report = found(Report, report_id)
    if report.status != "failed":
        raise ApiError(409, "not_failed", f"report {report.id} is {report.status}; only a "
                                          "failed report can be read again")
    report = report_ops.retry_report(session, report.id, actor())
    session.commit()
    _send(report, "queued again")
    return report_json(session, report), 202


@bp.route("/reports/<id:report_id>", methods=["DELETE"])
@requires("reviewer")
@bp.response(204, description="the report, its drafts and its file are gone")
@bp.alt_response(404, **_NOT_FOUND)
@bp.alt_response(409, schema=ErrorSchema,
                 description="a decision was made on one of its drafts, or it is being read")
def delete_report(report_id: int) -> None:
    """Delete a report uploaded by mistake, with its drafts and its file. Refused (409) once
    a decision was made on any of its drafts: undo those first."""
    session = db_session()
    report = found(Report, report_id)
    if report.status == "processing":
        raise ApiError(409, "not_ready", f"report {report.id} is being read; delete it once it "
                                         "is ready or has failed")
    decided = session.scalar(select(func.count(Draft.id)).where(
        Draft.report_id == report.id, Draft.review_state != "pending")) or 0
    if decided:
        raise ApiError(409, "has_decisions",
                       f"report {report.id} cannot be deleted: {decided} of its drafts "
                       f"{'has' if decided == 1 else 'have'} been decided (undo "
                       f"{'it' if decided == 1 else 'them'} first)")
    report_ops.delete_report(session, report.id, actor())
    session.commit()
    with logs.log_context(report_id=report_id):
        log.info("report %s (%s) deleted", report_id, report.file_name)


@bp.route("/inbox", methods=["GET"])
@requires("viewer")
@bp.arguments(ReportListQuery, location="query")
@bp.response(200, InboxList)
def inbox(query: dict[str, int]) -> dict[str, Any]:
    """The reports waiting for someone, newest first: drafts to review (with how many are
    decided and the next one to review), or a report that failed or holds no items.

    A page costs the same few queries however many reports and drafts there are."""
    session = db_session()
    pending = (select(Draft.id).where(Draft.report_id == Report.id,
                                      Draft.review_state == "pending").exists())
    has_drafts = select(Draft.id).where(Draft.report_id == Report.id).exists()
    condition = or_(pending, Report.status == "failed",
                    (Report.status == "ready") & ~has_drafts)
    total, reports = _page(session, condition, query)
    ids = [report.id for report in reports]
    facts, following = report_facts(session, ids), first_pending_drafts(session, ids)
    return {"total": total, "limit": query["limit"], "offset": query["offset"],
            "reports": [_inbox_entry(session, report, facts[report.id],
                                     following.get(report.id))
                        for report in reports]}


def _page(session: Session, condition: ColumnElement[bool] | None,
          query: dict[str, int]) -> tuple[int, list[Report]]:
    """How many reports meet ``condition`` (None: every report), and the page of them that
    ``query`` asks for (``limit``, ``offset``), newest first: two queries."""
    counted, chosen = select(func.count(Report.id)), select(Report)
    if condition is not None:
        counted, chosen = counted.where(condition), chosen.where(condition)
    total = session.scalar(counted) or 0
    reports = session.scalars(chosen.order_by(Report.id.desc())
                              .limit(query["limit"]).offset(query["offset"])).all()
    return total, list(reports)


def _send(report: Report, done: str) -> None:
    """Hand the report to a worker; when the queue is down it stays queued, and the recovery
    sweep sends it once the queue is back."""
    with logs.log_context(report_id=report.id):
        try:
            services().dispatcher.send(report.id)
            log.info("report %s (%s): %s", report.id, report.file_name, done)
        except DispatchError as exc:
            log.warning("report %s stored but not queued yet: %s", report.id, exc)


def _inbox_entry(session: Session, report: Report, facts: ReportFacts,
                 following: Draft | None) -> dict[str, Any]:
    """The report as the inbox shows it: why it waits, its counts and the next draft
    (``following``, its first pending draft)."""
    total, pending = sum(facts.counts.values()), facts.counts["pending"]
    count = {"total": total, "decided": total - pending, "pending": pending}
    if report.status == "failed":
        waiting, summary = "failed", f"failed: {report.error}"
    elif count["pending"]:
        waiting, summary = "review", f"{count['decided']} of {count['total']} reviewed"
    else:
        waiting, summary = "none_found", "no items found"
    return {**report_json(session, report, facts), "waiting": waiting, "counts": count,
            "summary": summary, "next_draft": following}


def check_document(content: bytes) -> None:
    """Refuse content that is none of the formats read, judged by its bytes (never its name).
    Whether a PDF is whole is left to its reading, which names what it cannot read."""
    if document_format(content[:1024], io.BytesIO(content)) is None:
        raise ApiError(415, "unsupported_file",
                       f"the file {unsupported_reason(content[:1024], io.BytesIO(content))}")


def report_json(session: Session, report: Report,
                facts: ReportFacts | None = None) -> dict[str, Any]:
    """The report as the API shows it; ``facts``, its file size, uploader and draft counts,
    when they were read with those of a whole page of reports (else read here)."""
    if facts is None:
        facts = report_facts(session, [report.id])[report.id]
    counts = facts.counts
    return {
        "id": report.id,
        "url": url_for("reports.get_report", report_id=report.id, _external=True),
        "file_name": report.file_name,
        "file_format": report.file_format,
        "sha256": report.sha256,
        "size": facts.size,
        "status": report.status,
        "error": report.error,
        "reason": plain_reason(report.error),
        "progress": {"stage": report.progress_stage, "done": report.progress_done,
                     "total": report.progress_total, "summary": progress_summary(report),
                     "seconds": report.stage_seconds or {}},
        "title": report.title,
        "published": iso(report.published),
        "page_count": report.page_count,
        "uploaded_by": facts.uploaded_by,
        "uploaded_at": iso(report.uploaded_at),
        "processed_at": iso(report.processed_at),
        "drafts": {"total": sum(counts.values()), "by_review_state": counts},
    }


_SETTING = re.compile(r"[;,]?\s*\bHMIC_[A-Z0-9_]+(?:=[^\s;,)]*)?")


def plain_reason(error: str | None) -> str | None:
    """A report's error for reviewers: the settings an administrator would change left out
    ("took longer than 1 s while reading (HMIC_TASK_SOFT_SECONDS)" → "took longer than 1 s
    while reading")."""
    if error is None:
        return None
    return re.sub(r"\s*\(\s*\)", "", _SETTING.sub("", error)).strip()


def progress_summary(report: Report) -> str:
    """One line for people: where processing is."""
    if report.status == "queued":
        return "waiting for a worker"
    if report.status == "failed":
        return f"failed: {plain_reason(report.error)}"
    if report.status == "ready":
        return "ready for review"
    stage, done, total = report.progress_stage or "starting", report.progress_done, \
        report.progress_total
    if stage == "reading" and total:
        return f"reading page {done} of {total}"
    if stage == "ocr" and total:
        return f"reading scanned page {done} of {total} by OCR"
    if stage == "matching" and total:
        return f"matching item {done} of {total} with the tracker"
    return _STAGE_WORDS.get(stage, stage)


#: What each processing stage is doing, in words for people.
_STAGE_WORDS = {"starting": "starting", "reading": "reading the document",
                "ocr": "reading the scanned pages by OCR",
                "layout": "putting the text in reading order", "items": "finding the items",
                "analysis": "reading each item's deadline and addressees",
                "matching": "matching the items with the tracker",
                "saving": "saving the drafts"}

