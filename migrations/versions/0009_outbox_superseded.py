"""Outbox messages can be superseded: a newer message to the same person for the same meeting
replaces an unsent one, which is then never sent. The status column grows to fit the word.

SQLite cannot alter a CHECK constraint or a column type in place: batch mode recreates
`outbox_messages` (it has no triggers, unlike `meetings`, so nothing is lost by the copy).
PostgreSQL drops and re-creates the constraint and widens the column.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# As they were when this migration was written (the model may grow; this must not change).
BEFORE = ("queued", "sending", "sent", "failed")
AFTER = (*BEFORE, "superseded")


def _known(values) -> str:
    return f"status IN ({', '.join(repr(v) for v in values)})"


def _rebuild(statuses, width: int) -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_constraint(op.f("ck_outbox_messages_status_known"), type_="check")
        batch.alter_column("status", type_=sa.String(length=width), existing_nullable=False)
        batch.create_check_constraint(op.f("ck_outbox_messages_status_known"), _known(statuses))


def upgrade():
    _rebuild(AFTER, 12)


def downgrade():
    # A superseded message was never sent and must not be: "failed" is the nearest the old
    # schema has (it is not sent unless someone asks for it again).
    op.execute(
        "UPDATE outbox_messages SET status = 'failed', "
        "last_error = 'Replaced by a newer message to the same person' "
        "WHERE status = 'superseded'"
    )
    _rebuild(BEFORE, 8)
