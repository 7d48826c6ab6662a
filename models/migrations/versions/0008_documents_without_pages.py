"""Reports in other formats than PDF: Word documents and web pages.

``reports.file_format`` says what the stored file is, told by its content (pdf, docx or
html); every report before this revision was a PDF. A draft read from a document without
pages has no page: ``drafts.page`` may be NULL, and ``drafts.location`` (NULL for drafts of
PDFs) gives where its item starts instead: the headings it sits under and the index of its
block.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("file_format", sa.String(10), nullable=False,
                                   server_default="pdf"))
        batch.create_check_constraint("ck_reports_file_format",
                                      "file_format IN ('pdf', 'docx', 'html')")
    with op.batch_alter_table("drafts") as batch:
        batch.alter_column("page", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("location", sa.JSON(), nullable=True))


def downgrade() -> None:
    # Before this revision every draft had a page: one without is put on the first.
    op.execute("UPDATE drafts SET page = 1 WHERE page IS NULL")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("location")
        batch.alter_column("page", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("reports") as batch:
        batch.drop_constraint("ck_reports_file_format", type_="check")
        batch.drop_column("file_format")
