"""Outbox (invites and cancellations waiting for the relay) and calendar feeds (per chair and
per room; only the SHA-256 of a feed's secret is stored).

Partial unique indexes allow one live feed per chair and per room (SQLite and PostgreSQL both
support `WHERE` on an index).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

LIVE_CHAIR = "revoked_at IS NULL AND chair_id IS NOT NULL"
LIVE_ROOM = "revoked_at IS NULL AND room_id IS NOT NULL"


def upgrade():
    _create_outbox()
    _create_feeds()


def _create_outbox():
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("recipient_email", sa.String(length=254), nullable=False),
        sa.Column("recipient_name", sa.String(length=120), nullable=False),
        sa.Column("audience", sa.String(length=12), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=200), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'sending', 'sent', 'failed')",
            name=op.f("ck_outbox_messages_status_known"),
        ),
        sa.CheckConstraint(
            "audience IN ('family', 'professional', 'chair')",
            name=op.f("ck_outbox_messages_audience_known"),
        ),
        sa.CheckConstraint(
            "method IN ('REQUEST', 'CANCEL')", name=op.f("ck_outbox_messages_method_known")
        ),
        sa.CheckConstraint("sequence >= 0", name=op.f("ck_outbox_messages_sequence_not_negative")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_outbox_messages_attempts_not_negative")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_outbox_messages_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbox_messages_message_id")),
    )
    with op.batch_alter_table("outbox_messages") as batch:
        batch.create_index(batch.f("ix_outbox_messages_meeting_id"), ["meeting_id"])
        batch.create_index("ix_outbox_messages_due", ["status", "next_attempt_at"])


def _create_feeds():
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chair_id", sa.Integer(), nullable=True),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(chair_id IS NULL AND room_id IS NOT NULL) OR "
            "(chair_id IS NOT NULL AND room_id IS NULL)",
            name=op.f("ck_calendar_feeds_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["chair_id"], ["chairs.id"], name=op.f("fk_calendar_feeds_chair_id_chairs")
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["rooms.id"], name=op.f("fk_calendar_feeds_room_id_rooms")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_calendar_feeds_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_calendar_feeds_secret_hash")),
    )
    for name, column, where in (
        ("uq_calendar_feeds_live_chair", "chair_id", LIVE_CHAIR),
        ("uq_calendar_feeds_live_room", "room_id", LIVE_ROOM),
    ):
        op.create_index(
            name,
            "calendar_feeds",
            [column],
            unique=True,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )


def downgrade():
    op.drop_index("uq_calendar_feeds_live_room", table_name="calendar_feeds")
    op.drop_index("uq_calendar_feeds_live_chair", table_name="calendar_feeds")
    op.drop_table("calendar_feeds")
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_index("ix_outbox_messages_due")
        batch.drop_index(batch.f("ix_outbox_messages_meeting_id"))
    op.drop_table("outbox_messages")
