"""Views over the tracker for leads: plenary packs, live activity, deadlines, reconciliation.

All need the viewer role. ``GET /api/deadlines.ics`` also takes the API token in the URL
(``?token=<token>``), because calendar programs cannot send headers: such a URL is a secret
(anyone who has it can read the feed), so give each calendar its own token and revoke it
when the URL has leaked. No other endpoint accepts a token in the URL.

A report that does not exist is 404, a bad month range 422, and a settings file that cannot
be read 500 ``bad_settings``, as ``api.errors`` answers the errors of ``models.reporting``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from flask import Response, g, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from api.auth import requires
from api.errors import error_response
from api.http import download
from api.schemas import ErrorSchema
from api.services import db_session
from models.ops.users import token_for
from models.reporting import activity, files
from models.reporting import deadlines as deadline_report
from models.reporting import pack as plenary
from models.reporting import reconciliation as reconciliation_report
from models.tables import utcnow

bp = Blueprint("reporting", __name__, url_prefix="/api",
               description="Plenary packs, live activity, deadlines and reconciliation")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NOT_FOUND = {"schema": ErrorSchema, "description": "no such report"}
_INVALID = {"schema": ErrorSchema, "description": "a query parameter is not valid"}
_MONTH = validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="not a month (YYYY-MM)")
_DATE_DOC = {"format": "date"}
_DAY = validate.Range(min=date(1900, 1, 1), max=date(2999, 12, 31),
                      error="must be a day from 1900-01-01 to 2999-12-31")

ViewT = TypeVar("ViewT", bound=Callable[..., Any])


# --- schemas -------------------------------------------------------------------------------


class AsOfQuery(Schema):
    as_of = fields.Date(validate=_DAY, metadata={
        "description": "the day whose end the table describes (default: today)"})


class MonthsQuery(Schema):
    start = fields.String(data_key="from", validate=_MONTH,
                          metadata={"description": "first month, YYYY-MM (default: 11 "
                                                   "months before the last)"})
    end = fields.String(data_key="to", validate=_MONTH,
                        metadata={"description": "last month, YYYY-MM (default: this month)"})


class TodayQuery(Schema):
    today = fields.Date(validate=_DAY, metadata={
        "description": "the day deadlines count from (default: today)"})


class CalendarQuery(Schema):
    token = fields.String(validate=validate.Length(min=1, max=1024),
                          metadata={"description": "an API token, for calendar programs "
                                                   "that cannot send headers (a secret)"})


class PackSchema(Schema):
    """A report's plenary pack (see the README for each entry's fields)."""

    report = fields.Dict(required=True)
    generated_at = fields.String(required=True, metadata={"format": "date-time"})
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    for_action = fields.List(fields.Dict(), required=True)
    for_information = fields.List(fields.Dict(), required=True)
    dependencies = fields.List(fields.Dict(), required=True)


class LiveActivitySchema(Schema):
    """Live items by kind and level, local and national, at the end of ``as_of``."""

    as_of = fields.String(required=True, metadata=_DATE_DOC)
    rows = fields.List(fields.Dict(), required=True)
    totals = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class MonthlySchema(Schema):
    """Live items by kind at each month end."""

    start = fields.String(data_key="from", required=True)
    end = fields.String(data_key="to", required=True)
    kinds = fields.List(fields.Dict(), required=True)
    months = fields.List(fields.Dict(), required=True)


class DeadlinesSchema(Schema):
    """Live items overdue or due within 90 days, per Chief Officer lead."""

    today = fields.String(required=True, metadata=_DATE_DOC)
    buckets = fields.List(fields.String(), required=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    due_later = fields.Integer(required=True)
    leads = fields.List(fields.Dict(), required=True)


class ReconciliationSchema(Schema):
    """Supersession chains, items closed as superseded, items restated by a later report (with
    what the restatement changed), and new items that matched nothing."""

    chains = fields.List(fields.Dict(), required=True)
    closed_as_superseded = fields.List(fields.Dict(), required=True)
    restated = fields.List(fields.Dict(), required=True)
    unmatched = fields.List(fields.Dict(), required=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


# --- helpers -------------------------------------------------------------------------------


def _pack(report_id: int) -> dict[str, Any]:
    return plenary.plenary_pack(db_session(), report_id)


def _months(query: dict[str, Any]) -> dict[str, Any]:
    today = date.today()
    end = activity.parse_month(query.get("end") or f"{today:%Y-%m}", "to")
    if query.get("start"):
        start = activity.parse_month(query["start"], "from")
    else:
        n = max(end[0] * 12 + end[1] - 1 - 11, 1900 * 12)
        start = (n // 12, n % 12 + 1)
    return activity.monthly_live(db_session(), start, end)


def _token_in_url(view: ViewT) -> ViewT:
    """Also accept ``?token=<API token>`` as the caller (for calendar programs only)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        plaintext = request.args.get("token")
        if plaintext is not None:
            database = db_session()
            token = token_for(database, plaintext)
            if token is None:
                database.rollback()
                response, status = error_response(
                    401, "unauthenticated",
                    "the token in the URL is not valid (unknown or revoked, or its user is "
                    "disabled)")
                response.headers["WWW-Authenticate"] = 'Bearer realm="hmic-actions"'
                return response, status
            database.commit()  # keeps last_used_at
            g.user, g.auth_method, g.api_token = token.user, "token", token
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


# --- plenary pack --------------------------------------------------------------------------


@bp.route("/reports/<id:report_id>/pack", methods=["GET"])
@requires("viewer")
@bp.response(200, PackSchema)
@bp.alt_response(404, **_NOT_FOUND)
def pack(report_id: int) -> dict[str, Any]:
    """The report's plenary pack: drafts for force action, for information, dependencies."""
    return _pack(report_id)


@bp.route("/reports/<id:report_id>/pack.xlsx", methods=["GET"])
@requires("viewer")
@bp.response(200, {"type": "string", "format": "binary"}, content_type=XLSX,
             description="the pack as a workbook")
@bp.alt_response(404, **_NOT_FOUND)
def pack_xlsx(report_id: int) -> Response:
    """The plenary pack as a workbook (For force action, For information, Dependencies)."""
    content = files.pack_xlsx(_pack(report_id))
    return download(content, XLSX, f"plenary-pack-report-{report_id}.xlsx")


@bp.route("/reports/<id:report_id>/pack.pdf", methods=["GET"])
@requires("viewer")
@bp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf",
             description="the pack as an A4 landscape PDF")
@bp.alt_response(404, **_NOT_FOUND)
def pack_pdf(report_id: int) -> Response:
    """The plenary pack as an A4 landscape PDF."""
    content = files.pack_pdf(_pack(report_id))
    return download(content, "application/pdf", f"plenary-pack-report-{report_id}.pdf")


# --- live activity -------------------------------------------------------------------------


@bp.route("/live-activity", methods=["GET"])
@requires("viewer")
@bp.arguments(AsOfQuery, location="query")
@bp.response(200, LiveActivitySchema)
@bp.alt_response(422, **_INVALID)
def live_activity(query: dict[str, Any]) -> dict[str, Any]:
    """Live items by kind and activity level, local and national, as of a day."""
    return activity.live_activity(db_session(), query.get("as_of") or date.today())


@bp.route("/live-activity.xlsx", methods=["GET"])
@requires("viewer")
@bp.arguments(AsOfQuery, location="query")
@bp.response(200, {"type": "string", "format": "binary"}, content_type=XLSX,
             description="the live-activity table as a workbook")
@bp.alt_response(422, **_INVALID)
def live_activity_xlsx(query: dict[str, Any]) -> Response:
    """The live-activity table as a workbook."""
    table = activity.live_activity(db_session(), query.get("as_of") or date.today())
    return download(files.live_activity_xlsx(table), XLSX,
                       f"live-activity-{table['as_of']}.xlsx")


@bp.route("/live-activity/monthly", methods=["GET"])
@requires("viewer")
@bp.arguments(MonthsQuery, location="query")
@bp.response(200, MonthlySchema)
@bp.alt_response(422, **_INVALID)
def live_activity_monthly(query: dict[str, Any]) -> dict[str, Any]:
    """Live items by kind at each month end (at most 240 months)."""
    series = _months(query)
    return {**series, "start": series["from"], "end": series["to"]}


@bp.route("/live-activity/chart.svg", methods=["GET"])
@requires("viewer")
@bp.arguments(MonthsQuery, location="query")
@bp.response(200, {"type": "string"}, content_type="image/svg+xml",
             description="the monthly series as a stacked bar chart")
@bp.alt_response(422, **_INVALID)
def live_activity_chart(query: dict[str, Any]) -> Response:
    """The monthly series as an SVG stacked bar chart."""
    svg = files.monthly_chart_svg(_months(query))
    return Response(svg, mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, no-store"})


# --- deadlines -----------------------------------------------------------------------------


@bp.route("/deadlines", methods=["GET"])
@requires("viewer")
@bp.arguments(TodayQuery, location="query")
@bp.response(200, DeadlinesSchema)
@bp.alt_response(422, **_INVALID)
def deadlines(query: dict[str, Any]) -> dict[str, Any]:
    """Live items overdue or due in 0-30, 31-60 or 61-90 days, per Chief Officer lead."""
    return deadline_report.deadlines(db_session(), query.get("today") or date.today())


@bp.route("/deadlines.ics", methods=["GET"])
@_token_in_url
@requires("viewer")
@bp.arguments(CalendarQuery, location="query")
@bp.response(200, {"type": "string"}, content_type="text/calendar",
             description="one all-day event per live item with a deadline")
@bp.alt_response(422, **_INVALID)
def deadlines_ics(_query: dict[str, Any]) -> Response:
    """An iCalendar feed of live items' deadlines; also takes ``?token=`` (keep that URL
    secret)."""
    items = deadline_report.deadline_items(db_session())
    return Response(files.deadlines_ics(items, utcnow()), mimetype="text/calendar",
                    headers={"Content-Disposition": 'inline; filename="deadlines.ics"',
                             "Cache-Control": "private, no-store",
                             "Referrer-Policy": "no-referrer"})


# --- reconciliation ------------------------------------------------------------------------


@bp.route("/reconciliation", methods=["GET"])
@requires("viewer")
@bp.response(200, ReconciliationSchema)
def reconciliation() -> dict[str, Any]:
    """Supersession chains, items closed as superseded, items restated by a later report, and
    new items that matched nothing."""
    return reconciliation_report.reconciliation(db_session())
