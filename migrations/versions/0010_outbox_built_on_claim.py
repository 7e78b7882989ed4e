"""Outbox messages are queued as their inputs and built when first claimed: `content` holds the
inputs (JSON), `body` the bytes once built. Confirming a plan then no longer builds some thousand
emails inside its transaction. A row always has one or the other.

SQLite cannot change a column's nullability in place: batch mode recreates `outbox_messages`
(it has no triggers, so nothing is lost by the copy).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

BODY_OR_CONTENT = "body IS NOT NULL OR content IS NOT NULL"


def upgrade():
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("content", sa.Text(), nullable=True))
        batch.alter_column("body", existing_type=sa.LargeBinary(), nullable=True)
        batch.create_check_constraint(op.f("ck_outbox_messages_body_or_content"), BODY_OR_CONTENT)


def downgrade():
    # The old schema needs every message built: build the ones still waiting for their relay.
    # With today's invite code, not a frozen copy: a message queued before a later change to
    # the stored inputs that cannot be read back fails here, and is best sent before going down.
    from app.invites.stored import loads

    connection = op.get_bind()
    outbox = sa.table(
        "outbox_messages",
        sa.column("id", sa.Integer),
        sa.column("body", sa.LargeBinary),
        sa.column("content", sa.Text),
    )
    unbuilt = connection.execute(
        sa.select(outbox.c.id, outbox.c.content).where(outbox.c.body.is_(None))
    ).all()
    for row_id, content in unbuilt:
        connection.execute(
            outbox.update().where(outbox.c.id == row_id).values(body=loads(content).as_bytes())
        )
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_constraint(op.f("ck_outbox_messages_body_or_content"), type_="check")
        batch.alter_column("body", existing_type=sa.LargeBinary(), nullable=False)
        batch.drop_column("content")
