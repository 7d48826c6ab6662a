"""The pages people use: log in, upload and watch reports, review drafts, browse the tracker.

Pages are server-rendered templates with a little JavaScript (``api/static``) that talks to
the JSON API with the login cookie and its CSRF token. A page needs a login: without one it
redirects to ``/login``. What a page shows depends on the role (reviewers see the decision
buttons, admins the user controls); the API checks the role again on every call.

The review page also gets a report's pages as images (``/reports/<id>/pages/<n>.png``), to
draw a box round an item reading missed, whether or not any draft is on that page.

Every page response carries a Content-Security-Policy that allows scripts, styles and
images from this site only (no inline script), and forbids framing.

The words pages show for kinds, statuses, scopes and confidences are ``hmic_actions.vocab``'s
labels: every page gets them in its JSON ``vocabulary`` block (``hmic.label`` in
``common.js`` reads them) and templates through ``label(list, value)``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pypdfium2 as pdfium
from flask import Blueprint, Response, redirect, render_template, request, session, url_for

from api.auth import current_user
from api.services import db_session
from api.source import IMAGE_SCALE, page_png
from extractor.region import PDFIUM_LOCK
from hmic_actions import vocab
from hmic_actions.bodies import current_vocabulary
from matching.paf import load_framework
from models.ops.users import has_role
from models.tables import Report, StoredFile, TrackedItem

bp = Blueprint("pages", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static")

ViewT = TypeVar("ViewT", bound=Callable[..., Any])

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}

# The navigation: (endpoint, label, role needed).
NAVIGATION = (
    ("pages.reports", "Reports", "viewer"),
    ("pages.inbox", "Inbox", "viewer"),
    ("pages.items", "Tracked items", "viewer"),
    ("pages.dashboard", "Live activity", "viewer"),
    ("pages.deadlines", "Deadlines", "viewer"),
    ("pages.reconciliation", "Reconciliation", "viewer"),
    ("pages.users", "Users", "admin"),
)

# Statuses a person sets on the item page (superseded is set by naming the superseding item,
# from the review page) and the delivery confidences with the RAG colour each stands for.
EDITABLE_STATUSES = tuple(s for s in vocab.ITEM_STATUSES if s != "superseded")
# The follow-up activity levels, in the words of the inspectorate's scheme.
ACTIVITY_LEVELS = {1: "1: closed, no follow-up", 2: "2: the force closes it with a signed letter",
                   3: "3: the force self-certifies, HMICFRS verifies at the next inspection",
                   4: "4: HMICFRS-led follow-up"}
RAG = {"high": "green", "medium": "amber", "low": "red"}


@bp.after_app_request
def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _login_url() -> str:
    return url_for("pages.login", next=request.full_path.rstrip("?"))


def page(role: str = "viewer") -> Callable[[ViewT], ViewT]:
    """A page for logged-in users of at least ``role`` (others: to the login, or 403)."""

    def decorate(view: ViewT) -> ViewT:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None or request.authorization is not None:
                return redirect(_login_url())
            if not has_role(user, role):
                return render_template("forbidden.html", needed=role), 403
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


@bp.app_context_processor
def _page_context() -> dict[str, Any]:
    user = current_user() if request.blueprint == "pages" else None

    def can(role: str) -> bool:
        return has_role(user, role)

    navigation = [(endpoint, label) for endpoint, label, role in NAVIGATION if can(role)]
    return {"user": user, "can": can, "navigation": navigation, "label": _label,
            "vocabulary": {"labels": vocab.labels()},  # review and items send more
            "csrf_token": session.get("csrf", "") if user is not None else ""}


def _label(kind: str, value: str | None) -> str:
    """The label people read for ``value`` in the list ``kind`` (e.g. "statuses")."""
    if value is None:
        return ""
    return vocab.labels()[kind].get(value, value)


def _safe_next(target: str | None) -> str:
    """Where to go after logging in: a path on this site only."""
    if not target:
        return url_for("pages.reports")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("pages.reports")
    return target


@bp.get("/login")
def login() -> str:
    """The login form (it logs in through ``POST /api/session``)."""
    return render_template("login.html", next=_safe_next(request.args.get("next")))


@bp.get("/")
@page()
def reports() -> str:
    """Reports: upload one, watch it being read, open it for review."""
    return render_template("reports.html")


@bp.get("/inbox")
@page()
def inbox() -> str:
    """Reports with drafts waiting for review, or that failed or found nothing, with how far
    their review has gone."""
    return render_template("inbox.html")


@bp.get("/reports/<int:report_id>")
@page()
def review(report_id: int) -> Any:
    """The review screen for one report's drafts."""
    report = db_session().get(Report, report_id)
    if report is None:
        return _not_found(f"report {report_id}")
    return render_template("review.html", report=report, vocabulary=_vocabulary(),
                           kinds=vocab.KINDS, statuses=vocab.EXTRACTED_STATUSES,
                           activity_levels=ACTIVITY_LEVELS, page_scale=IMAGE_SCALE)


@bp.get("/reports/<int:report_id>/pages/<int:number>.png")
@page()
def report_page(report_id: int, number: int) -> Any:
    """Page ``number`` of the report's file as a PNG, at the scale of a draft's page image
    (``api.source``): the review page draws a box on it to add an item reading missed."""
    session = db_session()
    report = session.get(Report, report_id)
    stored = session.get(StoredFile, report.sha256) if report is not None else None
    if stored is None:
        return _not_found(f"report {report_id}")
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(bytes(stored.content))
        except pdfium.PdfiumError:
            return Response(f"report {report_id}'s file cannot be read as a PDF", status=422,
                            mimetype="text/plain")
        try:
            if not 1 <= number <= len(document):
                return Response(f"report {report_id} has {len(document)} pages", status=404,
                                mimetype="text/plain")
            pdf_page = document[number - 1]
            try:
                return page_png(pdf_page)
            finally:
                pdf_page.close()
        finally:
            document.close()


@bp.get("/items")
@page()
def items() -> str:
    """The tracked items: filter, sort, export."""
    choices = {"status": vocab.ITEM_STATUSES, "kind": vocab.ITEM_KINDS, "scope": vocab.SCOPES,
               "activity_level": vocab.ACTIVITY_LEVELS}
    return render_template("items.html", vocabulary=_vocabulary(), choices=choices)


@bp.get("/items/<int:item_id>")
@page()
def item(item_id: int) -> Any:
    """One tracked item: its texts, fields, progress updates and history; reviewers change
    it and add updates here."""
    tracked = db_session().get(TrackedItem, item_id)
    if tracked is None:
        return _not_found(f"tracked item {item_id}")
    return render_template("item.html", item=tracked, statuses=EDITABLE_STATUSES,
                           confidences=vocab.DELIVERY_CONFIDENCES, rag=RAG,
                           evidenced=vocab.EVIDENCED_STATUSES)


@bp.get("/dashboard")
@page()
def dashboard() -> str:
    """Live activity: the committee table as of a date, and live items month by month."""
    return render_template("dashboard.html")


@bp.get("/deadlines")
@page()
def deadlines() -> str:
    """Items overdue and due in the next 30, 60 and 90 days, per lead."""
    return render_template("deadlines.html")


@bp.get("/reconciliation")
@page()
def reconciliation() -> str:
    """Superseded chains, items closed as superseded and new items with no match."""
    return render_template("reconciliation.html")


@bp.get("/reports/<int:report_id>/pack")
@page()
def pack(report_id: int) -> Any:
    """The plenary pack of a report."""
    report = db_session().get(Report, report_id)
    if report is None:
        return _not_found(f"report {report_id}")
    return render_template("pack.html", report=report)


@bp.get("/admin/users")
@page("admin")
def users() -> str:
    """Users and roles (admins only)."""
    return render_template("users.html", roles=vocab.ROLES)


def _not_found(what: str) -> tuple[str, int]:
    return render_template("not_found.html", what=what), 404


def _vocabulary() -> dict[str, Any]:
    """Names the page shows for addressee ids, PAF areas and activity levels, and the
    vocabulary's labels."""
    vocabulary = current_vocabulary()
    framework = load_framework()
    return {
        "addressees": [{"id": body.id, "name": body.name} for body in vocabulary.bodies],
        "paf_areas": [{"id": area.id, "title": area.title}
                      for area in sorted(framework.areas.values(), key=lambda a: a.id)],
        "activity_levels": {str(level): name for level, name in ACTIVITY_LEVELS.items()},
        "labels": vocab.labels(),
    }
