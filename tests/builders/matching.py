"""Small builders for matching tests."""

from __future__ import annotations

from datetime import date

from matching.items import ItemText
from matching.settings import Thresholds

# Three tracked items on unrelated subjects, used as background in many tests.
BACKGROUND = [
    ("B1", "By 31 March 2022, chief constables should make sure that fatal road collisions are "
           "investigated by accredited collision investigators."),
    ("B2", "The force should make sure that detainees receive their prescribed medication "
           "promptly in custody."),
    ("B3", "By 30 June 2023, the Home Office should fund independent advocates for victims of "
           "modern slavery."),
]


def item(id: str, text: str, *, kind: str = "recommendation", number: str | None = None,
         origin: str = "this_report", addressees: list[str] | None = None,
         title: str | None = None, published: date | None = None,
         status: str | None = None, source_year: int | None = None) -> ItemText:
    return ItemText(id=id, text=text, kind=kind, number=number, origin=origin,
                    addressees=["chief_constables"] if addressees is None else addressees,
                    source_title=title, source_published=published, status=status,
                    source_year=source_year)


def background() -> list[ItemText]:
    return [item(i, text) for i, text in BACKGROUND]


DEFAULTS = Thresholds()
