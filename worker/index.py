"""The tracked items as matching sees them, and this process's index of them, brought up to
date only for the items that changed."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import selectinload

from hmic_actions.dates import parse_iso_date
from matching import ItemText, MatchIndex
from models.db import session_scope
from models.tables import Draft, TrackedItem


class _IndexCache:
    """The index of tracked items this process built last, the database it reads and the
    version of every item in it."""

    database: str | None = None
    key: tuple | None = None
    versions: dict[int, int] = {}
    index: Any = None


def tracked_index(engine: Engine) -> Any:
    """An index of every tracked item, brought up to date only when the tracked items have
    changed, and then only for the items that did.

    Any insert, delete or update changes the count, the highest id, the latest update time
    or the sum of the row versions, so one cheap query tells whether the index is current;
    when it is not, the items' versions say which were added, changed or removed (every
    change of an item moves its version), so a decision on one draft re-indexes one item,
    not the whole tracker.
    """
    database = engine.url.render_as_string(hide_password=True)
    with session_scope(engine) as session:
        key = tuple(session.execute(select(
            func.count(TrackedItem.id), func.max(TrackedItem.id),
            func.max(TrackedItem.updated_at), func.sum(TrackedItem.version))).one())
        if key == _IndexCache.key and database == _IndexCache.database:
            return _IndexCache.index
        versions = dict(session.execute(select(TrackedItem.id, TrackedItem.version)).all())
        if _IndexCache.index is None or database != _IndexCache.database:
            index = MatchIndex(_texts(session, None))
        else:
            index = _IndexCache.index
            for gone in _IndexCache.versions.keys() - versions.keys():
                index.remove(gone)
            changed = [i for i, v in versions.items() if _IndexCache.versions.get(i) != v]
            for start in range(0, len(changed), 500):
                for item in _texts(session, changed[start:start + 500]):
                    index.update(item)
    _IndexCache.database, _IndexCache.key = database, key
    _IndexCache.versions, _IndexCache.index = versions, index
    return index


def _texts(session: Any, ids: list[int] | None) -> list[ItemText]:
    statement = select(TrackedItem).options(selectinload(TrackedItem.report))
    if ids is not None:
        statement = statement.where(TrackedItem.id.in_(ids))
    return [tracked_item_text(item) for item in session.scalars(statement)]


def tracked_item_text(item: TrackedItem) -> ItemText:
    """A tracked item as matching compares it."""
    source = item.report
    return ItemText(id=item.id, text=item.text, kind=item.kind, number=item.number,
                    addressees=list(item.addressees or []),
                    source_title=item.source_report or (source.title if source else None),
                    source_published=item.source_published or (
                        source.published if source else None),
                    source_year=item.source_year,
                    status=item.status, deadline=item.current_deadline)


def new_item_text(item: Any, position: int, title: str | None, published: date | None
                  ) -> ItemText:
    """An extracted item as matching compares it; its id (a string) never equals a tracked
    item's (an integer)."""
    return ItemText(id=f"new:{position}", text=item.text, kind=item.kind, number=item.number,
                    origin=item.origin, addressees=list(item.addressees), source_title=title,
                    source_published=published, status=item.status,
                    deadline=parse_iso_date(item.deadline))


def draft_item_text(draft: Draft) -> ItemText:
    """A stored draft as matching compares it (as its report's item at its position)."""
    report = draft.report
    return ItemText(id=f"new:{draft.position}", text=draft.text, kind=draft.kind,
                    number=draft.number, origin=draft.origin,
                    addressees=list(draft.addressees or []), source_title=report.title,
                    source_published=report.published, status=draft.status,
                    deadline=draft.deadline)
