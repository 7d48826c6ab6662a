"""The pages this work changed, at the narrowest and widest common laptop widths (and the
review page's dialogs at 1280 too): nothing runs off the side or is cut off, and every
control keeps its label."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Live, distinct_copy, screenshot
from tests.e2e.test_roles_and_access import _AUDIT

WIDTHS = (1024, 1366)
DIALOG_WIDTHS = (1024, 1280, 1366)

# Elements that run past the right edge of the page, boxes that cut their text off (an
# ellipsis on purpose aside) and a page that scrolls sideways. Scrolling boxes (the source
# page, the draft list, lists of suggestions and updates) are meant to hold more than shows.
_CLIPPED = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${width})`);
  }
  const scrolling = ".page-view, .draft-list, .suggestions, .updates, .choices, .page-text";
  for (const e of document.querySelectorAll("body *")) {
    if (!(e.offsetWidth || e.offsetHeight) || e.closest("dialog:not([open])")) continue;
    if (e.closest(".visually-hidden, .skip-link") || e.closest(scrolling)) continue;
    const box = e.getBoundingClientRect();
    const what = `${e.tagName}#${e.id}.${e.className} ${e.textContent.trim().slice(0, 30)}`;
    if (box.right > width + 1 || box.left < -1) problems.push(`off the page: ${what}`);
    const style = getComputedStyle(e);
    if (["hidden", "clip"].includes(style.overflowX) && style.textOverflow !== "ellipsis" &&
        e.scrollWidth > e.clientWidth + 1) problems.push(`cut off: ${what}`);
  }
  return problems;
}"""


def _check(page: Any, name: str, width: int) -> None:
    page.wait_for_load_state("networkidle")
    assert page.evaluate(_CLIPPED) == [], (name, width)
    assert page.evaluate(_AUDIT) == [], (name, width)
    screenshot(page, f"{name}-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_changed_pages_fit_the_width(page_for, live: Live, width: int) -> None:
    report = live.upload("progress_stalking.pdf")
    earlier = next(d for d in live.get(f"/api/reports/{report['id']}/drafts")["drafts"]
                   if d["origin"] == "earlier_report" and d["suggestions"]
                   and d["review_state"] == "pending")
    item = live.get("/api/tracked-items?q=PR-2024-AFI-02")["items"][0]
    page = page_for("reviewer")
    page.set_viewport_size({"width": width, "height": 800})

    page.goto(f"/reports/{report['id']}")
    page.locator(".draft.selected").wait_for()
    page.locator(f"#draft-{earlier['id']}").click()
    page.locator("#d-restated:not([hidden])").wait_for()
    page.locator("#suggestions li.suggestion").first.wait_for()
    _check(page, "review-earlier", width)
    page.keyboard.press("u")
    page.locator('#update-dialog[data-ready="yes"]').wait_for()
    _check(page, "review-update-dialog", width)
    page.keyboard.press("Escape")
    page.locator("#update-dialog[open]").wait_for(state="detached")

    page.goto(f"/items/{item['id']}")
    page.locator("#item[data-loaded]").wait_for(state="attached")
    _check(page, "item", width)

    page.goto("/items")
    page.locator("#items-table tbody tr").first.wait_for()
    _check(page, "items", width)

    page.goto("/reconciliation")
    page.locator("main[data-loaded]").wait_for(state="attached")
    _check(page, "reconciliation", width)


# Every field of the open dialog lies wholly inside it, and the dialog scrolls no sideways.
_INSIDE_DIALOG = """() => {
  const dialog = document.querySelector("dialog[open]");
  const edge = dialog.getBoundingClientRect();
  const problems = [];
  if (dialog.scrollWidth > dialog.clientWidth + 1) {
    problems.push(`the dialog scrolls sideways (${dialog.scrollWidth} > ${dialog.clientWidth})`);
  }
  for (const e of dialog.querySelectorAll("input, select, textarea, button, label")) {
    const box = e.getBoundingClientRect();
    if (!box.width) continue;
    if (box.left < edge.left - 1 || box.right > edge.right + 1) {
      const what = `${e.tagName}#${e.id} ${e.textContent.trim().slice(0, 30)}`;
      problems.push(`outside the dialog: ${what}`);
    }
  }
  return problems;
}"""


def _check_dialog(page: Any, name: str, width: int) -> None:
    assert page.evaluate(_INSIDE_DIALOG) == [], (name, width)
    _check(page, name, width)


@pytest.mark.parametrize("width", DIALOG_WIDTHS)
def test_the_review_dialogs_fit_the_width(page_for, live: Live, tmp_path, width: int) -> None:
    report = live.upload(distinct_copy("boxed_vetting.pdf", tmp_path, f"width-{width}"))
    page = page_for("reviewer")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"/reports/{report['id']}")
    page.locator(".draft.selected").wait_for()
    _check(page, "review", width)

    # The edit dialog, with its suggested item fields and their reasons: nothing clipped
    # (the Chief Officer lead was cut off at the laptop widths).
    page.keyboard.press("e")
    page.locator('#edit-dialog[open][data-fields="ready"]').wait_for()
    lead = page.locator("#edit-dialog").get_by_label("Chief Officer lead")
    assert lead.is_visible() and lead.bounding_box()["width"] > 120
    _check_dialog(page, "review-edit-dialog", width)
    page.keyboard.press("Escape")
    page.locator("#edit-dialog[open]").wait_for(state="detached")

    page.keyboard.press("n")
    page.locator("#add-dialog[open][data-page]").wait_for()
    page.locator("#add-dialog:not([data-page=''])").wait_for()
    _check_dialog(page, "review-add-dialog", width)
    page.keyboard.press("Escape")
    page.locator("#add-dialog[open]").wait_for(state="detached")

    page.keyboard.press("l")
    page.locator('#link-dialog[open][data-ready="yes"]').wait_for()
    _check_dialog(page, "review-link-dialog", width)
    page.keyboard.press("Escape")
    page.locator("#link-dialog[open]").wait_for(state="detached")

    page.keyboard.press("?")
    page.locator("#help-dialog[open]").wait_for()
    _check_dialog(page, "review-keys", width)
    page.keyboard.press("Escape")

    page.goto("/inbox")
    page.locator("main[data-loaded]").wait_for(state="attached")
    _check(page, "inbox", width)
