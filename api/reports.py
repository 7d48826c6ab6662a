"""Reports: ``POST /api/reports`` (upload a PDF), ``GET /api/reports`` (the list) and
``GET /api/reports/<id>`` (its state).

Uploading needs the reviewer role (or higher), reading reports the viewer role; the
uploader is recorded on the report and named in its audit trail.

An upload is stored (content-addressed, in the database) and its Report row committed
before the report is handed to a worker, so nothing is lost if the queue is down: the
report stays queued and the recovery sweep sends it once the queue is back.
"""

from __future__ import annotations

import hashlib
import io
import logging
from typing import Any

from flask import current_app, g, request, url_for
from flask_smorest import Blueprint
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.auth import current_user, requires
from api.errors import ApiError
from api.http import found
from api.schemas import ErrorSchema, ReportList, ReportListQuery, ReportSchema
from api.services import db_session, services
from extractor.guard import NOT_A_PDF, pdf_problem
from hmic_actions import logs
from hmic_actions.dates import iso
from models.ops.errors import ConflictError
from models.ops.reports import add_report, draft_counts
from models.tables import Report, StoredFile
from worker.dispatch import DispatchError

bp = Blueprint("reports", __name__, url_prefix="/api", description="Uploaded reports")
log = logging.getLogger(__name__)

_UPLOAD_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "the report, a PDF"}}}}}}


@bp.route("/reports", methods=["POST"])
@requires("reviewer")
@bp.doc(requestBody=_UPLOAD_BODY)
@bp.response(202, ReportSchema, description="a new report, queued for processing")
@bp.alt_response(200, schema=ReportSchema, description="the same file was already uploaded")
@bp.alt_response(415, schema=ErrorSchema, description="the file is not a PDF")
@bp.alt_response(413, schema=ErrorSchema, description="the file is over the size limit")
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
    check_pdf(content)

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
    with logs.log_context(report_id=report.id):
        if created:
            try:
                services().dispatcher.send(report.id)
                log.info("report %s (%s): stored and queued", report.id, report.file_name)
            except DispatchError as exc:
                # Kept as queued: the recovery sweep sends it when the queue is back.
                log.warning("report %s stored but not queued yet: %s", report.id, exc)
        else:
            log.info("report %s: the same file was uploaded again", report.id)
    body = report_json(session, report)
    return body, 202 if created else 200, {"Location": body["url"]}


@bp.route("/reports", methods=["GET"])
@requires("viewer")
@bp.arguments(ReportListQuery, location="query")
@bp.response(200, ReportList)
def list_reports(query: dict[str, int]) -> dict[str, Any]:
    """The reports, newest first, a page at a time (``limit``, ``offset``)."""
    session = db_session()
    total = session.scalar(select(func.count(Report.id))) or 0
    reports = session.scalars(select(Report).order_by(Report.id.desc())
                              .limit(query["limit"]).offset(query["offset"]))
    return {"total": total, "limit": query["limit"], "offset": query["offset"],
            "reports": [report_json(session, report) for report in reports]}


@bp.route("/reports/<id:report_id>", methods=["GET"])
@requires("viewer")
@bp.response(200, ReportSchema)
def get_report(report_id: int) -> dict[str, Any]:
    """The report's status, progress, error and its drafts counted by review state."""
    return report_json(db_session(), found(Report, report_id))


def check_pdf(content: bytes) -> None:
    """Refuse content that is not a complete PDF, judged by its bytes (never its name)."""
    problem = pdf_problem(content[:1024], content[-4096:], io.BytesIO(content))
    if problem is None:
        return
    kind, reason = problem
    if kind == NOT_A_PDF:
        raise ApiError(415, "not_a_pdf", f"the file {reason}")
    raise ApiError(422, "truncated_pdf", f"the PDF {reason}; upload it again")


def report_json(session: Session, report: Report) -> dict[str, Any]:
    """The report as the API shows it."""
    counts = draft_counts(session, report.id)
    size = session.scalar(select(StoredFile.size).where(StoredFile.sha256 == report.sha256))
    return {
        "id": report.id,
        "url": url_for("reports.get_report", report_id=report.id, _external=True),
        "file_name": report.file_name,
        "sha256": report.sha256,
        "size": size,
        "status": report.status,
        "error": report.error,
        "progress": {"stage": report.progress_stage, "done": report.progress_done,
                     "total": report.progress_total, "summary": progress_summary(report)},
        "title": report.title,
        "published": iso(report.published),
        "page_count": report.page_count,
        "uploaded_by": report.uploader.name if report.uploader is not None else None,
        "uploaded_at": iso(report.uploaded_at),
        "processed_at": iso(report.processed_at),
        "drafts": {"total": sum(counts.values()), "by_review_state": counts},
    }


def progress_summary(report: Report) -> str:
    """One line for people: where processing is."""
    if report.status == "queued":
        return "waiting for a worker"
    if report.status == "failed":
        return f"failed: {report.error}"
    if report.status == "ready":
        return "ready for review"
    stage, done, total = report.progress_stage or "starting", report.progress_done, \
        report.progress_total
    unit = {"reading": "page", "matching": "item"}.get(stage)
    if unit and total:
        return f"{stage} {unit} {done} of {total}"
    return stage

