"""Drafts say who added them by hand; references are numbered from a counter per prefix.

``drafts.added_by`` names the person who added an item the extraction missed (NULL for the
drafts extraction found, so every old draft stays NULL). ``reference_counters`` holds the
last number given under each prefix ("HMI-2025"): it starts at the highest number already
used by a tracked item, or by an item removed since (whose reference is never given again).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-09
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The shape of the references the service gives, as it was when this revision was written.
_REFERENCE = re.compile(r"^(HMI-\d{4})-(\d+)$")


def upgrade() -> None:
    op.add_column("drafts", sa.Column("added_by", sa.String(100), nullable=True))
    op.create_table(
        "reference_counters",
        sa.Column("prefix", sa.String(50), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", name="pk_reference_counters"),
    )
    _start_counters()


def _start_counters() -> None:
    """One counter per prefix in use, at the highest number used or removed under it."""
    connection = op.get_bind()
    items = sa.table("tracked_items", sa.column("reference", sa.String))
    events = sa.table("audit_events", sa.column("action", sa.String),
                      sa.column("entity_type", sa.String), sa.column("before", sa.JSON))
    used = list(connection.scalars(sa.select(items.c.reference)))
    removed = connection.scalars(sa.select(events.c.before).where(
        events.c.action == "remove_item", events.c.entity_type == "tracked_items"))
    used += [before.get("reference") for before in removed if isinstance(before, dict)]
    highest: dict[str, int] = {}
    for reference in used:
        match = _REFERENCE.match(str(reference or ""))
        if match:
            prefix, number = match[1], int(match[2])
            highest[prefix] = max(number, highest.get(prefix, 0))
    counters = sa.table("reference_counters", sa.column("prefix", sa.String),
                        sa.column("last_number", sa.Integer))
    if highest:
        connection.execute(counters.insert(), [
            {"prefix": prefix, "last_number": number}
            for prefix, number in sorted(highest.items())])


def downgrade() -> None:
    op.drop_table("reference_counters")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("added_by")
