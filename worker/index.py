"""The tracked items as matching sees them, and this process's index of them, rebuilt only
when the tracked items change."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import selectinload

from hmic_actions.dates import parse_iso_date
from matching import ItemText, MatchIndex
from models.db import session_scope
from models.tables import TrackedItem


class _IndexCache:
    """The index of tracked items this process built last, and the state it was built from."""

    key: tuple | None = None
    index: Any = None


def tracked_index(engine: Engine) -> Any:
    """An index of every tracked item, rebuilt only when the tracked items have changed.

    Any insert, delete or update changes the count, the highest id, the latest update time
    or the sum of the row versions, so one cheap query tells whether the index is current.
    """
    with session_scope(engine) as session:
        key = tuple(session.execute(select(
            func.count(TrackedItem.id), func.max(TrackedItem.id),
            func.max(TrackedItem.updated_at), func.sum(TrackedItem.version))).one())
        if key == _IndexCache.key:
            return _IndexCache.index
        tracked = [tracked_item_text(item) for item in session.scalars(
            select(TrackedItem).options(selectinload(TrackedItem.report)))]
    _IndexCache.key, _IndexCache.index = key, MatchIndex(tracked)
    return _IndexCache.index


def tracked_item_text(item: TrackedItem) -> ItemText:
    """A tracked item as matching compares it."""
    source = item.report
    return ItemText(id=item.id, text=item.text, kind=item.kind, number=item.number,
                    addressees=list(item.addressees or []),
                    source_title=item.source_report or (source.title if source else None),
                    source_published=source.published if source else None,
                    status=item.status, deadline=item.current_deadline)


def new_item_text(item: Any, position: int, title: str | None, published: date | None
                  ) -> ItemText:
    """An extracted item as matching compares it; its id (a string) never equals a tracked
    item's (an integer)."""
    return ItemText(id=f"new:{position}", text=item.text, kind=item.kind, number=item.number,
                    origin=item.origin, addressees=list(item.addressees), source_title=title,
                    source_published=published, status=item.status,
                    deadline=parse_iso_date(item.deadline))
