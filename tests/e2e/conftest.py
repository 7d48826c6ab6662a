"""A running service and a real browser for the page tests.

``live`` starts ``hmic-actions serve`` (embedded worker, SQLite) on a free port with three
users (admin, reviewer, viewer), an API token for the reviewer, and an imported tracker, once
for the session; ``live_pg`` is the same service on a fresh PostgreSQL database (made for the
session and dropped after it, through the ``databases`` fixture of tests/conftest.py), and
``start_live`` starts one on any database with any tracker; ``distinct_copy`` gives a sample
report new bytes, to upload it as a report of its own. ``browser`` is Debian's Chromium
driven by Playwright; ``page_for(role)`` opens a 1280×800 page logged in as that role (on
``live``, or on the service given as ``on``), and fails the test on any script error or
Content-Security-Policy violation. Screenshots go to ``HMIC_SCREENSHOTS`` (default
``build/screenshots``).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.service import HMIC_ACTIONS, REPO, free_port, http, multipart, processes, wait_for

CHROMIUM = Path(os.environ.get("HMIC_CHROMIUM", "/usr/bin/chromium"))
# No outside network: keep Chromium from trying to reach Google's services.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--disable-dev-shm-usage"]
VIEWPORT = {"width": 1280, "height": 800}
SCREENSHOTS = Path(os.environ.get("HMIC_SCREENSHOTS", REPO / "build" / "screenshots"))

USERS = {"admin": ("ann", "admin-password-1"), "reviewer": ("rory", "reviewer-password-1"),
         "viewer": ("vera", "viewer-password-1")}

TRACKER_COLUMNS = ("Reference", "Source report", "Published", "Kind", "Number",
                   "Inspectorate text", "Action required", "Current deadline", "Status",
                   "Local or national", "Activity level", "PAF area", "Chief Officer lead",
                   "Delivery lead", "Delivery confidence", "Evidence")
STALKING_2023 = "Stalking and harassment: An inspection of Westmarch Police"


def _row(**cells: str) -> dict[str, str]:
    row = {column: "" for column in TRACKER_COLUMNS}
    row.update({key.replace("_", " "): value for key, value in cells.items()})
    assert set(row) == set(TRACKER_COLUMNS), set(row) - set(TRACKER_COLUMNS)
    return row


# Items already tracked before the reports are uploaded:
# - NM-2023-AFI-04 is an earlier version of an area for improvement in
#   samples/peel_northmoor.pdf, so matching suggests it (the new one supersedes it);
# - the WM-2023 items are recommendations of 2023 that samples/progress_stalking.pdf, a
#   progress report of 2025, quotes again with their new status (1: completed, 2: in
#   progress, 4: incomplete, with a new deadline and wording);
# - the PR-2024 items are used only by the tracked item page's tests.
TRACKER_ROWS = [
    _row(Reference="NM-2023-AFI-04", Source_report="PEEL 2023: Northmoor Police",
         Kind="Area for improvement", Number="4",
         Inspectorate_text="The force should make sure it answers emergency and non-emergency "
                           "calls promptly, in line with national standards.",
         Status="Open", Local_or_national="Local", Activity_level="3", PAF_area="5a",
         Chief_Officer_lead="ACC Operations"),
    _row(Reference="VT-2022-REC-01", Source_report="Vetting inspection 2022",
         Kind="Recommendation", Number="1",
         Inspectorate_text="By 31 March 2027, chief constables should make sure that every "
                           "vetting decision is recorded with its reasons.",
         Current_deadline="2027-03-31", Status="In progress", Local_or_national="National",
         Activity_level="3", PAF_area="2c", Chief_Officer_lead="DCC"),
    _row(Reference="WM-2023-REC-01", Source_report=STALKING_2023, Published="2023-05-10",
         Kind="Recommendation", Number="1",
         Inspectorate_text="By 31 December 2023, the force should make sure that all reports "
                           "of stalking are recorded as stalking offences, rather than as "
                           "harassment or malicious communications.",
         Action_required="Audit the recording of stalking reports every month and feed back "
                         "to the officers who recorded them.",
         Current_deadline="2023-12-31", Status="In progress", Local_or_national="Local",
         Activity_level="3", Chief_Officer_lead="ACC Crime"),
    _row(Reference="WM-2023-REC-02", Source_report=STALKING_2023, Published="2023-05-10",
         Kind="Recommendation", Number="2",
         Inspectorate_text="By 31 March 2024, the force should train all frontline officers "
                           "and staff to recognise stalking behaviour, using the College of "
                           "Policing's stalking training package.",
         Current_deadline="2024-03-31", Status="Open", Local_or_national="Local",
         Activity_level="3", Chief_Officer_lead="ACC Crime"),
    _row(Reference="WM-2023-REC-04", Source_report=STALKING_2023, Published="2023-05-10",
         Kind="Recommendation", Number="4",
         Inspectorate_text="By 31 March 2024, the force and the Crown Prosecution Service "
                           "should agree a protocol for the early investigative advice given "
                           "in stalking cases.",
         Current_deadline="2024-03-31", Status="Completed", Local_or_national="Local",
         Activity_level="3", Chief_Officer_lead="ACC Crime",
         Evidence="Protocol signed by the force and the CPS in March 2024."),
    _row(Reference="PR-2024-AFI-03",
         Source_report="Property and exhibits: An inspection of Eastbrook Police",
         Published="2024-06-12", Kind="Area for improvement", Number="3",
         Inspectorate_text="The force should review how long it keeps seized property after "
                           "an investigation ends, and return or dispose of it promptly.",
         Current_deadline="2026-12-31", Status="Open", Local_or_national="Local",
         Activity_level="2", Chief_Officer_lead="ACC Crime",
         Delivery_lead="Insp Property Store"),
    _row(Reference="PR-2024-AFI-02",
         Source_report="Property and exhibits: An inspection of Eastbrook Police",
         Published="2024-06-12", Kind="Area for improvement", Number="2",
         Inspectorate_text="The force should make sure that all seized property is recorded "
                           "on its property system on the day it is seized, and that each "
                           "item can be traced to the investigation it belongs to.",
         Action_required="Custody sergeants check the property records every day; compliance "
                         "is reported to the monthly performance meeting.",
         Current_deadline="2026-09-30", Status="In progress", Local_or_national="Local",
         Activity_level="3", Chief_Officer_lead="ACC Crime",
         Delivery_lead="Supt Property and Exhibits", Delivery_confidence="Amber"),
]


@dataclass
class Live:
    """The running service."""

    url: str
    env: dict[str, str]
    token: str
    directory: Path
    log: Callable[[], str] = field(repr=False, default=lambda: "")

    def cli(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run([str(HMIC_ACTIONS), *args], env=self.env, cwd=REPO, text=True,
                              input=stdin, capture_output=True, timeout=120)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout

    def api(self, method: str, path: str, body: Any = None, token: str | None = None
            ) -> tuple[int, Any]:
        """Call the API with a token (the reviewer's by default): (status, JSON body)."""
        data = json.dumps(body).encode() if body is not None else None
        return http(method, self.url + path, data, "application/json" if data else None,
                    token or self.token)

    def get(self, path: str) -> Any:
        """GET ``path`` with the reviewer's token; the JSON body (the answer must be 200)."""
        status, body = self.api("GET", path)
        assert status == 200, (path, body)
        return body

    def item(self, reference: str) -> dict[str, Any]:
        """The tracked item with this reference, as the API lists it."""
        body = self.get(f"/api/tracked-items?q={reference}")
        assert body["total"] == 1, body
        return body["items"][0]

    def upload(self, sample: str | Path) -> dict[str, Any]:
        """Upload a sample report (a name in samples/, or a path) with the reviewer's token
        and wait until it is read."""
        path = sample if isinstance(sample, Path) else REPO / "samples" / sample
        body, content_type = multipart("file", path.name, path.read_bytes())
        status, report = http("POST", self.url + "/api/reports", body, content_type, self.token)
        assert status in (200, 202), report
        return self.wait_ready(report["id"])

    def wait_ready(self, report_id: int) -> dict[str, Any]:
        def ready() -> dict[str, Any] | None:
            status, report = self.api("GET", f"/api/reports/{report_id}")
            assert status == 200, report
            assert report["status"] != "failed", report
            return report if report["status"] == "ready" else None

        return wait_for(ready, 90, f"report {report_id} to be ready", interval=0.3)


def distinct_copy(sample: str, directory: Path, tag: str) -> Path:
    """A copy of the sample report ``sample`` with bytes of its own, so that uploading it makes
    a new report (with fresh drafts) even when another test uploaded the sample: a comment
    after the end-of-file marker, which readers ignore, as an incremental save would add."""
    path = directory / f"{Path(sample).stem}-{tag}.pdf"
    path.write_bytes((REPO / "samples" / sample).read_bytes() + f"\n%{tag}\n%%EOF\n".encode())
    return path


def write_tracker(path: Path, rows: Sequence[dict[str, str]]) -> Path:
    """``rows`` as a tracker CSV file at ``path``."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@contextlib.contextmanager
def start_live(directory: Path, database_url: str,
               tracker: Sequence[dict[str, str]] = TRACKER_ROWS) -> Iterator[Live]:
    """``hmic-actions serve`` (embedded worker) on ``database_url``, with the three users, the
    reviewer's token and ``tracker`` imported (none when empty); stopped on leaving."""
    env = {**os.environ, "DATABASE_URL": database_url,
           "HMIC_SECRET_KEY": "page-tests-secret-key"}
    env.pop("REDIS_URL", None)
    port = free_port()
    with processes(directory, env) as procs:
        live = Live(url=f"http://127.0.0.1:{port}", env=env, token="", directory=directory)
        live.cli("db", "upgrade")
        for role, (name, password) in USERS.items():
            live.cli("users", "add", name, "--role", role, "--password-stdin",
                     stdin=password + "\n")
        live.token = live.cli("tokens", "create", USERS["reviewer"][0]).strip()
        if tracker:
            live.cli("tracker", "import", str(write_tracker(directory / "tracker.csv", tracker)))
        procs.start("serve", "serve", "--port", str(port))
        live.log = lambda: procs.log("serve")

        def healthy() -> bool:
            try:
                with urllib.request.urlopen(live.url + "/healthz", timeout=2) as response:
                    return response.status == 200
            except OSError:
                return False

        wait_for(healthy, 60, "the service to answer /healthz", interval=0.2)
        yield live


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    directory = tmp_path_factory.mktemp("live")
    with start_live(directory, f"sqlite:///{directory / 'tracker.db'}") as service:
        yield service


@pytest.fixture(scope="session")
def live_pg(tmp_path_factory: pytest.TempPathFactory, databases: Any) -> Iterator[Live]:
    """The service on a PostgreSQL database of its own (a new name per run, dropped after)."""
    url = databases.new_url("postgresql")
    try:
        with start_live(tmp_path_factory.mktemp("live-pg"), url) as service:
            yield service
    finally:
        databases.drop(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_live(request: pytest.FixtureRequest) -> Live:
    """The service on SQLite, then on PostgreSQL: a test using it runs once on each."""
    return request.getfixturevalue("live" if request.param == "sqlite" else "live_pg")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium "
                    "(apt-get install chromium), as .ci/run does")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageProblems(list):
    """Script errors and policy violations a page reported."""


@pytest.fixture
def page_for(browser: Any, request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []
    problems = PageProblems()

    def open_page(role: str, on: Live | None = None) -> Any:
        service = on or request.getfixturevalue("live")
        context = browser.new_context(viewport=VIEWPORT, base_url=service.url,
                                      accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on("console", lambda message: problems.append(f"console: {message.text}")
                if message.type == "error" and "Content Security Policy" in message.text
                else None)
        log_in(page, role)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, problems


def log_in(page: Any, role: str) -> None:
    """Log in through the login form as the user of ``role``."""
    name, password = USERS[role]
    page.goto("/login")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def open_draft(page: Any, report_id: int, draft_id: int) -> None:
    """Open the report's review page and select the draft ``draft_id``."""
    page.goto(f"/reports/{report_id}")
    page.locator(".draft.selected").wait_for()
    page.locator(f"#draft-{draft_id}").click()
    page.locator(f'#draft-{draft_id}[aria-selected="true"]').wait_for()


def wait_for_state(page: Any, draft_id: int, state: str) -> None:
    """Wait until the draft's row in the list shows review state ``state``."""
    page.locator(f'#draft-{draft_id}[data-state="{state}"]').wait_for()


def screenshot(page: Any, name: str) -> Path:
    """Save a screenshot of the page as ``name``.png in the screenshots folder."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


@pytest.fixture(scope="session", autouse=True)
def _clean_screenshots() -> None:
    if SCREENSHOTS.exists() and SCREENSHOTS.is_relative_to(REPO / "build"):
        shutil.rmtree(SCREENSHOTS)
