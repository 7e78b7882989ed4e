"""A manager's agreements: asked for when an admin holds or books a meeting after its latest day,
agreed at once when a manager does it; pending, agreed or refused, one pending per question.

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

PENDING = "status = 'pending'"
OVERRIDE = "kind = 'in_person_override'"


def upgrade():
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refusal_reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('late_meeting', 'late_booking', 'in_person_override')",
            name=op.f("ck_approvals_kind_known"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'agreed', 'refused')", name=op.f("ck_approvals_status_known")
        ),
        sa.CheckConstraint(
            f"({OVERRIDE} AND meeting_id IS NULL) OR (NOT {OVERRIDE} AND meeting_id IS NOT NULL)",
            name=op.f("ck_approvals_meeting_unless_override"),
        ),
        sa.CheckConstraint(
            f"({PENDING} AND decided_by_id IS NULL AND decided_at IS NULL) OR "
            f"(NOT {PENDING} AND decided_by_id IS NOT NULL AND decided_at IS NOT NULL)",
            name=op.f("ck_approvals_decided_when_decided"),
        ),
        sa.CheckConstraint(
            "(status = 'refused' AND length(trim(refusal_reason)) > 0) OR "
            "(status <> 'refused' AND refusal_reason = '')",
            name=op.f("ck_approvals_refusal_reason_when_refused"),
        ),
        sa.CheckConstraint("length(trim(reason)) > 0", name=op.f("ck_approvals_reason_given")),
        sa.ForeignKeyConstraint(
            ["request_id"], ["meeting_requests.id"],
            name=op.f("fk_approvals_request_id_meeting_requests"),
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_approvals_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"], ["users.id"], name=op.f("fk_approvals_requested_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_approvals_decided_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approvals")),
    )
    with op.batch_alter_table("approvals") as batch:
        batch.create_index(batch.f("ix_approvals_request_id"), ["request_id"])
        batch.create_index(batch.f("ix_approvals_meeting_id"), ["meeting_id"])
    # One pending question per meeting (per request, for an override): two admins acting at
    # once cannot queue it twice.
    op.create_index(
        "uq_approvals_one_pending_per_meeting",
        "approvals",
        ["kind", "meeting_id"],
        unique=True,
        sqlite_where=sa.text(PENDING),
        postgresql_where=sa.text(PENDING),
    )
    op.create_index(
        "uq_approvals_one_pending_override",
        "approvals",
        ["request_id"],
        unique=True,
        sqlite_where=sa.text(f"{PENDING} AND {OVERRIDE}"),
        postgresql_where=sa.text(f"{PENDING} AND {OVERRIDE}"),
    )


def downgrade():
    op.drop_index("uq_approvals_one_pending_override", table_name="approvals")
    op.drop_index("uq_approvals_one_pending_per_meeting", table_name="approvals")
    op.drop_table("approvals")
