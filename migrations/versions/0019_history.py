"""Meetings held before Quorum, imported from the service's own spreadsheets (history only).

Revision ID: 0019
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0016"
branch_labels = None
depends_on = None

MEETING_TYPES = (
    "ICPC", "PREBIRTH_STRATEGY", "PREBIRTH_ICPC", "RCPC", "CIC_REVIEW", "STB_REVIEW",
    "SECURE_REVIEW", "REG44_VISIT", "CP_PLAN_CHECKPOINT",
)  # fmt: skip


def upgrade():
    op.create_table(
        "history_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["imported_by_id"], ["users.id"], name=op.f("fk_history_imports_imported_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_imports")),
    )
    known = ", ".join(f"'{code}'" for code in MEETING_TYPES)
    op.create_table(
        "historical_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("meeting_type", sa.String(24), nullable=False),
        sa.Column("case_reference", sa.String(40), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("latest", sa.Date(), nullable=False),
        sa.Column("children", sa.Integer(), nullable=False),
        sa.Column("chair_id", sa.Integer(), nullable=True),
        sa.Column("late_reason", sa.Text(), nullable=False),
        sa.Column("agreed_by", sa.String(120), nullable=False),
        sa.Column("rearranged", sa.Integer(), nullable=False),
        sa.Column("rearranged_reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            f"meeting_type IN ({known})", name=op.f("ck_historical_meetings_type_known")
        ),
        sa.CheckConstraint(
            "children BETWEEN 1 AND 30", name=op.f("ck_historical_meetings_children_range")
        ),
        sa.CheckConstraint(
            "rearranged >= 0", name=op.f("ck_historical_meetings_rearranged_not_negative")
        ),
        sa.CheckConstraint(
            "held_on <= latest OR (length(trim(late_reason)) > 0 AND length(trim(agreed_by)) > 0)",
            name=op.f("ck_historical_meetings_late_explained"),
        ),
        sa.ForeignKeyConstraint(
            ["import_id"], ["history_imports.id"],
            name=op.f("fk_historical_meetings_import_id_history_imports"), ondelete="CASCADE",
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["chair_id"], ["chairs.id"], name=op.f("fk_historical_meetings_chair_id_chairs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_historical_meetings")),
        sa.UniqueConstraint(
            "meeting_type", "case_reference", "held_on", name=op.f("uq_historical_meeting")
        ),
    )
    with op.batch_alter_table("historical_meetings") as batch:
        batch.create_index(batch.f("ix_historical_meetings_import_id"), ["import_id"])
        batch.create_index(batch.f("ix_historical_meetings_held_on"), ["held_on"])


def downgrade():
    op.drop_table("historical_meetings")
    op.drop_table("history_imports")
