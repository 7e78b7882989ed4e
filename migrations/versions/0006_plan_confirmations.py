"""Plan confirmations: when a plan run's proposal was booked, by whom, and how many meetings;
and at most one confirmed meeting per request, so two confirmations racing cannot both book it.

A run is confirmed at most once; confirming is one transaction with the bookings it makes.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

CONFIRMED = "status = 'confirmed'"


def upgrade():
    with op.batch_alter_table("plan_runs") as batch:
        batch.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("confirmed_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("confirmed_count", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_plan_runs_confirmed_by_id_users"), "users", ["confirmed_by_id"], ["id"]
        )
        batch.create_check_constraint(
            op.f("ck_plan_runs_confirmed_only_when_done"),
            "confirmed_at IS NULL OR status IN ('done', 'cancelled')",
        )
    op.create_index(
        op.f("uq_meetings_one_confirmed_per_request"),
        "meetings",
        ["request_id"],
        unique=True,
        sqlite_where=sa.text(CONFIRMED),
        postgresql_where=sa.text(CONFIRMED),
    )


def downgrade():
    op.drop_index(op.f("uq_meetings_one_confirmed_per_request"), table_name="meetings")
    with op.batch_alter_table("plan_runs") as batch:
        batch.drop_constraint(op.f("ck_plan_runs_confirmed_only_when_done"), type_="check")
        batch.drop_constraint(op.f("fk_plan_runs_confirmed_by_id_users"), type_="foreignkey")
        batch.drop_column("confirmed_count")
        batch.drop_column("confirmed_by_id")
        batch.drop_column("confirmed_at")
