"""An index for the lists of reports: drafts by review state, report and position.

The report list and the inbox count each page's drafts by review state, find the reports
with drafts still pending and each one's first pending draft, in one query each whatever
the number of reports. ``ix_drafts_review_state_report_id_position`` answers all three
from the index alone: the pending drafts (a small share of all drafts once reports are
reviewed) are found without reading the others, and a report's first pending draft is the
lowest position under its id. The rows are not changed.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_INDEX = "ix_drafts_review_state_report_id_position"


def upgrade() -> None:
    op.create_index(_INDEX, "drafts", ["review_state", "report_id", "position"])


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="drafts")
