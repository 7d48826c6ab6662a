"""A running service and a real browser for the page tests.

``live`` starts ``hmic-actions serve`` (embedded worker, SQLite) on a free port with three
users (admin, reviewer, viewer), an API token for the reviewer, and an imported tracker, once
for the session. ``browser`` is Debian's Chromium driven by Playwright; ``page_for(role)``
opens a 1280×800 page logged in as that role, and fails the test on any script error or
Content-Security-Policy violation. Screenshots go to ``HMIC_SCREENSHOTS`` (default
``build/screenshots``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
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

# Items already tracked before the reports are uploaded: the first is an earlier version of
# an area for improvement in samples/peel_northmoor.pdf, so matching suggests it.
TRACKER_ROWS = [
    {"Reference": "NM-2023-AFI-04", "Source report": "PEEL 2023: Northmoor Police",
     "Kind": "Area for improvement", "Number": "4",
     "Action required": "The force should make sure it answers emergency and non-emergency "
                        "calls promptly, in line with national standards.",
     "Current deadline": "", "Status": "Open", "Local/National": "Local",
     "Activity level": "3", "PAF area": "5a", "Chief Officer lead": "ACC Operations"},
    {"Reference": "VT-2022-REC-01", "Source report": "Vetting inspection 2022",
     "Kind": "Recommendation", "Number": "1",
     "Action required": "By 31 March 2027, chief constables should make sure that every "
                        "vetting decision is recorded with its reasons.",
     "Current deadline": "2027-03-31", "Status": "In progress", "Local/National": "National",
     "Activity level": "3", "PAF area": "2c", "Chief Officer lead": "DCC"},
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

    def upload(self, sample: str) -> dict[str, Any]:
        """Upload a sample report with the reviewer's token and wait until it is read."""
        content = (REPO / "samples" / sample).read_bytes()
        body, content_type = multipart("file", sample, content)
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


def _write_tracker(path: Path) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(TRACKER_ROWS[0]))
        writer.writeheader()
        writer.writerows(TRACKER_ROWS)
    return path


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    directory = tmp_path_factory.mktemp("live")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{directory / 'tracker.db'}",
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
        live.cli("tracker", "import", str(_write_tracker(directory / "tracker.csv")))
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
def page_for(browser: Any, live: Live) -> Iterator[Callable[[str], Any]]:
    contexts: list[Any] = []
    problems = PageProblems()

    def open_page(role: str) -> Any:
        context = browser.new_context(viewport=VIEWPORT, base_url=live.url,
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
