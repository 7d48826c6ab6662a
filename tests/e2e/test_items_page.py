"""The tracked items page: filters, sorting, an item's history."""

from __future__ import annotations

from tests.e2e.conftest import TRACKER_ROWS, Live, screenshot


def _references(page) -> list[str]:
    return page.locator("#items-table tbody tr td:first-child").all_inner_texts()


def test_items_are_filtered_sorted_and_opened_with_their_history(page_for, live: Live) -> None:
    page = page_for("viewer")
    page.goto("/items")
    page.locator("#items-table tbody tr").first.wait_for()
    imported = {row["Reference"] for row in TRACKER_ROWS}
    assert imported <= set(_references(page))

    page.get_by_label("Kind").select_option("recommendation")
    page.wait_for_function("() => [...document.querySelectorAll('#items-table tbody tr')]"
                           ".every(r => r.children[1].textContent.startsWith('Recommendation'))")
    assert "VT-2022-REC-01" in _references(page)
    status, body = live.api("GET", "/api/tracked-items?kind=recommendation&limit=500")
    assert page.locator("#items-count").inner_text().startswith(f"{body['total']} item")

    page.get_by_label("Kind").select_option("")
    page.wait_for_function("() => document.querySelectorAll('#items-table tbody tr').length > 1")
    page.get_by_label("Words or reference").fill("vetting decision")
    page.wait_for_function("() => document.querySelectorAll('#items-table tbody tr').length == 1")
    assert _references(page) == ["VT-2022-REC-01"]
    export = page.get_by_role("link", name="Export CSV").get_attribute("href")
    assert "q=vetting+decision" in export and "format=csv" in export
    page.get_by_role("button", name="Clear").click()

    # Sort by reference, then the other way: the column says which.
    page.get_by_role("button", name="Reference").click()
    page.wait_for_function("() => document.querySelector('th[data-sort=reference]')"
                           ".getAttribute('aria-sort') === 'descending'")
    shown = _references(page)
    assert shown == sorted(shown, reverse=True)
    screenshot(page, "items")

    page.get_by_role("link", name="VT-2022-REC-01").click()
    page.get_by_role("heading", name="VT-2022-REC-01").wait_for()
    history = page.locator("#history tbody tr")
    history.first.wait_for()
    assert "Imported from the tracker" in history.first.inner_text()
    page.locator("#item[data-loaded]").wait_for(state="attached")
    assert "DCC" in page.locator(".fields").inner_text()
