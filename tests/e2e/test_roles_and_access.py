"""Roles in the browser and at the API, and the pages' accessibility basics."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import USERS, Live, screenshot

PAGES = ["/", "/inbox", "/items", "/dashboard", "/deadlines", "/reconciliation"]


def _csrf(page: Any) -> str:
    return page.locator('meta[name="csrf-token"]').get_attribute("content")


def test_a_viewer_reads_drafts_but_cannot_decide(page_for, live: Live) -> None:
    report = live.upload("custody_eastfield.pdf")
    status, body = live.api("GET", f"/api/reports/{report['id']}/drafts")
    draft = body["drafts"][0]

    page = page_for("viewer")
    page.goto("/")
    assert page.locator("#upload").count() == 0  # uploading needs the reviewer role
    page.goto(f"/reports/{report['id']}")
    page.locator(".draft.selected").wait_for()
    assert page.locator("#d-text").inner_text() == draft["text"]
    for control in ("#do-accept", "#do-reject", "#bulk-accept", "#reject-dialog", "#add-item",
                    "#add-dialog", "#delete-report", "#retry-report"):
        assert page.locator(control).count() == 0, control
    page.keyboard.press("a")
    page.locator("#notice").filter(has_text="needs the reviewer role").wait_for()

    # At the API, with the viewer's own login and CSRF token: refused.
    response = page.request.post(f"/api/drafts/{draft['id']}/accept",
                                 data={"version": draft["version"]},
                                 headers={"X-CSRF-Token": _csrf(page)})
    assert response.status == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert live.api("GET", f"/api/drafts/{draft['id']}")[1]["review_state"] == "pending"
    screenshot(page, "review-viewer")


def test_a_reviewer_sees_no_admin_controls(page_for) -> None:
    page = page_for("reviewer")
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Users").count() == 0
    response = page.goto("/admin/users")
    assert response.status == 403
    assert page.get_by_role("heading", name="Not allowed").is_visible()
    assert page.locator("#add-user").count() == 0
    api = page.request.get("/api/users")
    assert api.status == 403
    created = page.request.post("/api/users", data={"name": "mallory", "role": "admin",
                                                    "password": "a-long-password-1"},
                                headers={"X-CSRF-Token": _csrf(page)})
    assert created.status == 403


def test_an_admin_manages_users_on_the_page(page_for, live: Live) -> None:
    page = page_for("admin")
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    table = page.locator("#users-table tbody")
    table.locator("tr").first.wait_for()
    names = table.locator("tr").evaluate_all("rows => rows.map(r => r.dataset.name)")
    assert {name for name, _ in USERS.values()} <= set(names)
    page.get_by_label("Name").fill("nia")
    page.get_by_label("Role", exact=True).select_option("lead")
    page.get_by_label("Password").fill("a-long-password-2")
    page.get_by_role("button", name="Add user").click()
    table.locator('tr[data-name="nia"]').wait_for()
    assert table.locator('tr[data-name="nia"] select').input_value() == "lead"
    status, body = live.api("GET", "/api/users", token=None)
    assert status == 403  # the reviewer's token cannot list users either
    screenshot(page, "users")


def test_logging_out_ends_the_session(page_for) -> None:
    page = page_for("reviewer")
    page.goto("/items")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login")
    page.goto("/items")
    assert "/login" in page.url
    assert page.request.get("/api/tracked-items").status == 401


def test_a_wrong_password_is_refused_with_one_line(browser, live: Live) -> None:
    context = browser.new_context(base_url=live.url)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Name").fill("rory")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    problem = page.locator("#login-error")
    problem.wait_for()
    assert "wrong" in problem.inner_text()
    assert "/login" in page.url
    context.close()


# Every form control has a label, images have text alternatives, the focus can be seen, and
# text has at least WCAG AA contrast (4.5:1) against the background it sits on.
_AUDIT = """() => {
  const problems = [];
  const visible = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  for (const e of document.querySelectorAll("input, select, textarea")) {
    if (e.type === "hidden") continue;
    const named = (e.labels && e.labels.length) || e.getAttribute("aria-label") ||
                  e.getAttribute("aria-labelledby");
    if (!named) problems.push("no label: " + e.outerHTML.slice(0, 80));
  }
  for (const e of document.querySelectorAll("button, a[href]")) {
    if (visible(e) && !(e.textContent.trim() || e.getAttribute("aria-label")))
      problems.push("no name: " + e.outerHTML.slice(0, 80));
  }
  for (const e of document.querySelectorAll("img")) {
    if (!e.hasAttribute("alt")) problems.push("no alt: " + e.outerHTML.slice(0, 80));
  }
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (e) => {
    for (let n = e; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  for (const e of document.querySelectorAll("body *")) {
    if (!visible(e) || e.closest("dialog:not([open])")) continue;
    const text = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!text) continue;
    const style = getComputedStyle(e);
    if (style.visibility === "hidden" || Number(style.opacity) < 1) continue;
    const fg = lum(rgb(style.color).slice(0, 3));
    const bg = lum(background(e));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) {
      const what = e.textContent.trim().slice(0, 40);
      problems.push(`contrast ${ratio.toFixed(2)}: ${e.tagName} ${what}`);
    }
  }
  return problems;
}"""


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_labelled_readable_and_usable_by_keyboard(page_for, path: str) -> None:
    page = page_for("admin")
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(_AUDIT) == []
    # Tab from the top: the first stop is the skip link, then the focus moves on visibly.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    for _ in range(3):
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("none", ""), page.evaluate("document.activeElement.outerHTML")


def test_the_review_screen_passes_the_same_checks(page_for, live: Live) -> None:
    report = live.upload("two_column_fraud.pdf")
    page = page_for("reviewer")
    page.goto(f"/reports/{report['id']}")
    page.locator(".draft.selected").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.evaluate(_AUDIT) == []
    page.keyboard.press("e")
    page.locator("#edit-dialog[open]").wait_for()
    assert page.evaluate(_AUDIT) == []
    page.keyboard.press("Escape")


def test_pages_send_security_headers(page_for) -> None:
    page = page_for("viewer")
    response = page.goto("/items")
    headers = response.headers
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
