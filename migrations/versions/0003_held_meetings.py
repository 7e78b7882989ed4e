"""Held meetings: the date actually held, and why a late one was late and who agreed it; the
expected date of delivery a pre-birth request's window was counted from.

A meeting held after its request's latest day is out of timescale: the service still books it,
but records the reason and the manager who agreed it (spec/domain-timescales.md). The next
meeting of the chain counts from `held_on`, so it is stored, not derived from `starts_at`.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DROPPED = (
    ("meeting_requests", "expected_delivery"),
    ("meetings", "late_agreed_by"),
    ("meetings", "late_reason"),
    ("meetings", "held_on"),
)


def upgrade():
    # Batch mode in "auto" adds a column with a plain ALTER TABLE on SQLite too (no table
    # copy), so the no-double-booking triggers of 0002 on `meetings` survive.
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("held_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("late_reason", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("late_agreed_by", sa.String(length=120), nullable=False, server_default="")
        )
    with op.batch_alter_table("meeting_requests") as batch:
        batch.add_column(sa.Column("expected_delivery", sa.Date(), nullable=True))


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        # Not batch mode: recreating `meetings` would silently drop the no-double-booking
        # triggers of 0002. SQLite >= 3.35 drops a column in place, triggers kept.
        for table, column in DROPPED:
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        return
    for table, column in DROPPED:
        op.drop_column(table, column)
