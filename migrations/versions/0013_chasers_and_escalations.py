"""The outbox carries plain emails as well as invites (`kind`: invite, chaser, briefing, digest;
a digest is about no one meeting, and only an invite has a method and a SEQUENCE); what the
chaser sweep sent (`sent_notices`, one row per chaser, briefing or digest under a unique key);
and escalations after a meeting (`escalations`).

SQLite cannot change nullability or add a CHECK in place: batch mode recreates `outbox_messages`
(it has no triggers, so nothing is lost by the copy).

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# As they were when this migration was written (the models may grow; this must not change).
KINDS = "kind IN ('invite', 'chaser', 'briefing', 'digest')"
INVITE_FIELDS = (
    "(kind = 'invite' AND method IS NOT NULL AND sequence IS NOT NULL)"
    " OR (kind <> 'invite' AND method IS NULL AND sequence IS NULL)"
)
MEETING_UNLESS_DIGEST = "kind = 'digest' OR meeting_id IS NOT NULL"
NOTICE_KINDS = "kind IN ('chaser_5', 'chaser_2', 'briefing', 'digest')"
OUTCOMES = "outcome IN ('sent', 'skipped')"
SENT_HAS_MESSAGE = "(outcome = 'sent') = (outbox_message_id IS NOT NULL)"
STATUSES = "status IN ('proposed', 'raised', 'resolved', 'dismissed')"
ORGANISATIONS = (
    "organisation IN ('gp', 'social_work', 'education', 'early_help', 'health_visitor', "
    "'police', 'probation', 'housing', 'advocate', 'other_health', 'other')"
)
THEMES = (
    "theme = '' OR theme IN ('no_report', 'late_report', 'no_attendance', 'report_quality', "
    "'other')"
)


def upgrade():
    with op.batch_alter_table("outbox_messages") as batch:
        # Every message already queued is an invite or a cancellation.
        batch.add_column(
            sa.Column("kind", sa.String(length=12), nullable=False, server_default="invite")
        )
        batch.alter_column("meeting_id", existing_type=sa.Integer(), nullable=True)
        batch.alter_column("method", existing_type=sa.String(length=8), nullable=True)
        batch.alter_column("sequence", existing_type=sa.Integer(), nullable=True)
        batch.create_check_constraint(op.f("ck_outbox_messages_kind_known"), KINDS)
        batch.create_check_constraint(op.f("ck_outbox_messages_method_only_invites"),
                                      INVITE_FIELDS)  # fmt: skip
        batch.create_check_constraint(
            op.f("ck_outbox_messages_meeting_unless_digest"), MEETING_UNLESS_DIGEST
        )
    with op.batch_alter_table("outbox_messages") as batch:
        # The model sets it on every row; the default was only for the rows already there.
        batch.alter_column("kind", existing_type=sa.String(length=12), server_default=None)

    op.create_table(
        "sent_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("chair_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(NOTICE_KINDS, name=op.f("ck_sent_notices_kind_known")),
        sa.CheckConstraint(OUTCOMES, name=op.f("ck_sent_notices_outcome_known")),
        sa.CheckConstraint(SENT_HAS_MESSAGE, name=op.f("ck_sent_notices_sent_has_message")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_sent_notices_meeting_id_meetings"),
            ondelete="CASCADE",
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["response_id"], ["attendee_responses.id"],
            name=op.f("fk_sent_notices_response_id_attendee_responses"), ondelete="CASCADE",
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["chair_id"], ["chairs.id"], name=op.f("fk_sent_notices_chair_id_chairs")
        ),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"], ["outbox_messages.id"],
            name=op.f("fk_sent_notices_outbox_message_id_outbox_messages"),
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_notices")),
        sa.UniqueConstraint("key", name=op.f("uq_sent_notices_key")),
    )
    with op.batch_alter_table("sent_notices") as batch:
        batch.create_index(batch.f("ix_sent_notices_meeting_id"), ["meeting_id"])

    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("chair_id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=20), nullable=False),
        sa.Column("theme", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("dismiss_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acted_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(STATUSES, name=op.f("ck_escalations_status_known")),
        sa.CheckConstraint(ORGANISATIONS, name=op.f("ck_escalations_organisation_known")),
        sa.CheckConstraint(THEMES, name=op.f("ck_escalations_theme_known")),
        sa.CheckConstraint(
            "status = 'dismissed' OR dismiss_reason = ''",
            name=op.f("ck_escalations_reason_only_dismissed"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_escalations_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_escalations_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["chair_id"], ["chairs.id"], name=op.f("fk_escalations_chair_id_chairs")
        ),
        sa.ForeignKeyConstraint(
            ["acted_by_id"], ["users.id"], name=op.f("fk_escalations_acted_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalations")),
        sa.UniqueConstraint("meeting_id", "person_id", name="uq_escalations_meeting_person"),
    )
    with op.batch_alter_table("escalations") as batch:
        batch.create_index(batch.f("ix_escalations_meeting_id"), ["meeting_id"])
        batch.create_index(batch.f("ix_escalations_chair_id"), ["chair_id"])


def downgrade():
    op.drop_table("escalations")
    op.drop_table("sent_notices")
    # The old schema has only invites: plain emails (sent or not) cannot be kept in it, and the
    # old version has no sweep that would know them, so they go.
    op.execute("DELETE FROM outbox_messages WHERE kind <> 'invite'")
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_constraint(op.f("ck_outbox_messages_meeting_unless_digest"), type_="check")
        batch.drop_constraint(op.f("ck_outbox_messages_method_only_invites"), type_="check")
        batch.drop_constraint(op.f("ck_outbox_messages_kind_known"), type_="check")
        batch.alter_column("sequence", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("method", existing_type=sa.String(length=8), nullable=False)
        batch.alter_column("meeting_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("kind")
