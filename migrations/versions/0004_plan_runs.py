"""Plan runs: solver runs over a horizon's open requests, run by the scheduler process.

A partial unique index allows one queued or running run per horizon (SQLite and PostgreSQL both
support `WHERE` on an index).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ACTIVE = "status IN ('queued', 'running')"


def upgrade():
    op.create_table(
        "plan_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("horizon_end", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("time_limit_seconds", sa.Integer(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("best_score", sa.BigInteger()),
        sa.Column("bound", sa.BigInteger()),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("instance", sa.Text(), nullable=False),
        sa.Column("solution", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed', 'cancelled')",
            name=op.f("ck_plan_runs_status_known"),
        ),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name=op.f("ck_plan_runs_progress_range")),
        sa.CheckConstraint(
            "time_limit_seconds BETWEEN 1 AND 3600", name=op.f("ck_plan_runs_time_limit_range")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_plan_runs_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_runs")),
    )
    op.create_index("ix_plan_runs_status", "plan_runs", ["status"])
    op.create_index(
        "uq_plan_runs_one_active_per_horizon",
        "plan_runs",
        ["horizon_end"],
        unique=True,
        sqlite_where=sa.text(ACTIVE),
        postgresql_where=sa.text(ACTIVE),
    )


def downgrade():
    op.drop_index("uq_plan_runs_one_active_per_horizon", table_name="plan_runs")
    op.drop_index("ix_plan_runs_status", table_name="plan_runs")
    op.drop_table("plan_runs")
