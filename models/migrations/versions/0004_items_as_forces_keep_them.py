"""Tracked items as forces keep them: the force's action required, the source report's
publication date and year, the evidence for closing, and progress updates; drafts keep
the other drafts of their report they relate to.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ITEM_COLUMNS = (("source_published", sa.Date), ("source_year", sa.Integer),
                 ("action_required", sa.Text), ("evidence", sa.Text))


def upgrade() -> None:
    for name, kind in _ITEM_COLUMNS:
        op.add_column("tracked_items", sa.Column(name, kind(), nullable=True))
    # Every existing draft relates to no other yet: filled, then required like suggestions.
    op.add_column("drafts", sa.Column("sibling_suggestions", sa.JSON(), nullable=True))
    drafts = sa.table("drafts", sa.column("sibling_suggestions", sa.JSON))
    op.get_bind().execute(drafts.update().values(sibling_suggestions=[]))
    with op.batch_alter_table("drafts") as batch:
        batch.alter_column("sibling_suggestions", existing_type=sa.JSON(), nullable=False)
    op.create_table(
        "progress_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tracked_item_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_progress_updates"),
        sa.ForeignKeyConstraint(["tracked_item_id"], ["tracked_items.id"],
                                name="fk_progress_updates_tracked_item_id_tracked_items"),
        sa.CheckConstraint("source IN ('page', 'api', 'import')",
                           name="ck_progress_updates_source"),
    )
    op.create_index("ix_progress_updates_tracked_item_id", "progress_updates",
                    ["tracked_item_id"])
    _date_existing_items()


# How a title named its year when this revision was written ("PEEL 2018/19" → 2019); kept
# here so the revision gives old databases the same years whatever the code does later.
_TITLE_YEAR = re.compile(r"(?<![\d/£$])((?:19|20)\d\d)(?:\s*[/\-–]\s*((?:19|20)?\d\d))?(?![\d%])")


def _year_in_title(title: str | None) -> int | None:
    years = []
    for match in _TITLE_YEAR.finditer(title or ""):
        start, end = int(match[1]), match[2]
        ending = None if end is None else (
            int(end) if len(end) == 4 else start // 100 * 100 + int(end))
        years.append(ending if ending is not None and 0 < ending - start <= 2 else start)
    return years[-1] if years else None


def _date_existing_items() -> None:
    """Give items made before this revision the date of their report: the uploaded report's
    publication date where there is one, else a year named in the source report's title."""
    connection = op.get_bind()
    items = sa.table("tracked_items", sa.column("id", sa.Integer),
                     sa.column("source_report_id", sa.Integer),
                     sa.column("source_report", sa.Text),
                     sa.column("source_published", sa.Date),
                     sa.column("source_year", sa.Integer))
    reports = sa.table("reports", sa.column("id", sa.Integer), sa.column("published", sa.Date),
                       sa.column("title", sa.Text))
    rows = connection.execute(
        sa.select(items.c.id, items.c.source_report, reports.c.published, reports.c.title)
        .select_from(items.outerjoin(reports, items.c.source_report_id == reports.c.id))
    ).all()
    for item_id, source_title, published, report_title in rows:
        year = published.year if published else _year_in_title(source_title or report_title)
        if published is None and year is None:
            continue
        connection.execute(items.update().where(items.c.id == item_id)
                           .values(source_published=published, source_year=year))


def downgrade() -> None:
    op.drop_index("ix_progress_updates_tracked_item_id", table_name="progress_updates")
    op.drop_table("progress_updates")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("sibling_suggestions")
    with op.batch_alter_table("tracked_items") as batch:
        for name, _kind in reversed(_ITEM_COLUMNS):
            batch.drop_column(name)
