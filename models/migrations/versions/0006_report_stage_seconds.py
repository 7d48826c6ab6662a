"""Reports keep the seconds each stage of their processing took.

``reports.stage_seconds`` maps a stage (reading, layout, items, analysis, matching, saving) to
the seconds it took, the stage in hand counted so far; NULL for a report not processed since.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("reports", sa.Column("stage_seconds", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("stage_seconds")
