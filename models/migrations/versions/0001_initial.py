"""The tracker: users, stored files, reports, drafts, tracked items, links, audit, decisions.

Revision ID: 0001
Revises:
Create Date: 2025-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _one_of(name: str, column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=name)


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


DRAFT_KINDS = ("recommendation", "area_for_improvement", "cause_of_concern")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("token_hash", sa.String(255), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("name", name="uq_users_name"),
        _one_of("ck_users_role", "role", ("admin", "lead", "reviewer", "viewer")),
    )
    op.create_table(
        "stored_files",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_stored_files"),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        _timestamp("at"),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("entity_type", sa.String(50), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
    )
    op.create_index("ix_audit_events_entity_type_entity_id", "audit_events",
                    ["entity_type", "entity_id"])
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("inspection_type", sa.String(20), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("progress_stage", sa.String(50), nullable=True),
        sa.Column("progress_done", sa.Integer(), nullable=False),
        sa.Column("progress_total", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=True),
        _timestamp("uploaded_at"),
        _timestamp("processed_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
        sa.UniqueConstraint("sha256", name="uq_reports_sha256"),
        sa.ForeignKeyConstraint(["sha256"], ["stored_files.sha256"],
                                name="fk_reports_sha256_stored_files"),
        sa.ForeignKeyConstraint(["uploaded_by"], ["users.id"],
                                name="fk_reports_uploaded_by_users"),
        _one_of("ck_reports_inspection_type", "inspection_type",
                ("peel", "thematic", "progress", "joint", "other")),
        _one_of("ck_reports_status", "status", ("queued", "processing", "ready", "failed")),
    )
    op.create_table(
        "tracked_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(50), nullable=False),
        sa.Column("source_report_id", sa.Integer(), nullable=True),
        sa.Column("source_report", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("number", sa.String(20), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("original_deadline", sa.Date(), nullable=True),
        sa.Column("current_deadline", sa.Date(), nullable=True),
        sa.Column("addressees", sa.JSON(), nullable=False),
        sa.Column("applies_to_forces", sa.Boolean(), nullable=False),
        sa.Column("scope", sa.String(10), nullable=False),
        sa.Column("activity_level", sa.Integer(), nullable=True),
        sa.Column("paf_area", sa.String(10), nullable=True),
        sa.Column("chief_officer_lead", sa.String(200), nullable=True),
        sa.Column("delivery_lead", sa.String(200), nullable=True),
        sa.Column("delivery_confidence", sa.String(10), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tracked_items"),
        sa.UniqueConstraint("reference", name="uq_tracked_items_reference"),
        sa.ForeignKeyConstraint(["source_report_id"], ["reports.id"],
                                name="fk_tracked_items_source_report_id_reports"),
        sa.ForeignKeyConstraint(["superseded_by_id"], ["tracked_items.id"],
                                name="fk_tracked_items_superseded_by_id_tracked_items"),
        _one_of("ck_tracked_items_kind", "kind", (*DRAFT_KINDS, "super_complaint")),
        _one_of("ck_tracked_items_scope", "scope", ("local", "national")),
        _one_of("ck_tracked_items_delivery_confidence", "delivery_confidence",
                ("high", "medium", "low")),
        _one_of("ck_tracked_items_status", "status",
                ("open", "in_progress", "completed", "closed", "superseded")),
        sa.CheckConstraint("activity_level BETWEEN 1 AND 4",
                           name="ck_tracked_items_activity_level"),
    )
    op.create_index("ix_tracked_items_source_report_id", "tracked_items", ["source_report_id"])
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("number", sa.String(20), nullable=True),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("deadline_text", sa.Text(), nullable=True),
        sa.Column("immediate", sa.Boolean(), nullable=False),
        sa.Column("deadline_relative", sa.String(20), nullable=True),
        sa.Column("addressees", sa.JSON(), nullable=False),
        sa.Column("addressees_other", sa.JSON(), nullable=False),
        sa.Column("applies_to_forces", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(20), nullable=True),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("bbox", sa.JSON(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("proposed_deadline", sa.Date(), nullable=True),
        sa.Column("deadline_confirmed", sa.Boolean(), nullable=False),
        sa.Column("suggestions", sa.JSON(), nullable=False),
        sa.Column("match_state", sa.String(20), nullable=True),
        sa.Column("paf_suggestion", sa.JSON(), nullable=True),
        sa.Column("review_state", sa.String(20), nullable=False),
        sa.Column("reviewed_by", sa.String(100), nullable=True),
        _timestamp("reviewed_at", nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("edit_history", sa.JSON(), nullable=False),
        sa.Column("tracked_item_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_drafts"),
        sa.UniqueConstraint("report_id", "position", name="uq_drafts_report_id_position"),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"],
                                name="fk_drafts_report_id_reports"),
        sa.ForeignKeyConstraint(["tracked_item_id"], ["tracked_items.id"],
                                name="fk_drafts_tracked_item_id_tracked_items"),
        _one_of("ck_drafts_kind", "kind", DRAFT_KINDS),
        _one_of("ck_drafts_origin", "origin", ("this_report", "earlier_report")),
        _one_of("ck_drafts_status", "status",
                ("completed", "in_progress", "incomplete", "closed", "superseded")),
        _one_of("ck_drafts_match_state", "match_state", ("found", "no_candidate", "failed")),
        _one_of("ck_drafts_review_state", "review_state",
                ("pending", "accepted", "edited", "rejected", "linked")),
    )
    op.create_index("ix_drafts_tracked_item_id", "drafts", ["tracked_item_id"])
    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_item_id", sa.Integer(), nullable=False),
        sa.Column("to_item_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(20), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_links"),
        sa.UniqueConstraint("from_item_id", "to_item_id", "relation",
                            name="uq_links_from_item_id_to_item_id_relation"),
        sa.ForeignKeyConstraint(["from_item_id"], ["tracked_items.id"],
                                name="fk_links_from_item_id_tracked_items"),
        sa.ForeignKeyConstraint(["to_item_id"], ["tracked_items.id"],
                                name="fk_links_to_item_id_tracked_items"),
        _one_of("ck_links_relation", "relation",
                ("same_as", "supersedes", "depends_on", "related")),
    )
    op.create_index("ix_links_to_item_id", "links", ["to_item_id"])
    op.create_table(
        "match_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("tracked_item_id", sa.Integer(), nullable=False),
        sa.Column("suggested_relation", sa.String(20), nullable=True),
        sa.Column("chosen_relation", sa.String(20), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("band", sa.String(20), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=True),
        sa.Column("decided_by", sa.String(100), nullable=False),
        _timestamp("decided_at"),
        sa.PrimaryKeyConstraint("id", name="pk_match_decisions"),
        sa.ForeignKeyConstraint(["draft_id"], ["drafts.id"],
                                name="fk_match_decisions_draft_id_drafts"),
        sa.ForeignKeyConstraint(["tracked_item_id"], ["tracked_items.id"],
                                name="fk_match_decisions_tracked_item_id_tracked_items"),
        _one_of("ck_match_decisions_chosen_relation", "chosen_relation",
                ("same_as", "supersedes", "depends_on", "related", "none")),
    )
    op.create_index("ix_match_decisions_draft_id", "match_decisions", ["draft_id"])
    op.create_index("ix_match_decisions_tracked_item_id", "match_decisions",
                    ["tracked_item_id"])


def downgrade() -> None:
    for index, table in (
        ("ix_match_decisions_tracked_item_id", "match_decisions"),
        ("ix_match_decisions_draft_id", "match_decisions"),
    ):
        op.drop_index(index, table_name=table)
    op.drop_table("match_decisions")
    op.drop_index("ix_links_to_item_id", table_name="links")
    op.drop_table("links")
    op.drop_index("ix_drafts_tracked_item_id", table_name="drafts")
    op.drop_table("drafts")
    op.drop_index("ix_tracked_items_source_report_id", table_name="tracked_items")
    op.drop_table("tracked_items")
    op.drop_table("reports")
    op.drop_index("ix_audit_events_entity_type_entity_id", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_table("stored_files")
    op.drop_table("users")
