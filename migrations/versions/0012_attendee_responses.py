"""What invited people say through their private link: a reply (attending in the room or
online, or apologies with a reason) per attendee of a request, and the reports they upload.
Only the SHA-256 of a link's secret is stored (the secret is derived from the server's key and
the row's salt when an invite is written).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# As they were when this migration was written (the model may grow; this must not change).
REPLIES = "reply IN ('none', 'attending_in_room', 'attending_online', 'apologies')"
KINDS = "kind IN ('pdf', 'docx', 'doc')"
SIZE = "size_bytes > 0 AND size_bytes <= 10485760"


def upgrade():
    op.create_table(
        "attendee_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("link_salt", sa.String(length=32), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("reply", sa.String(length=20), nullable=False),
        sa.Column("apology_reason", sa.Text(), nullable=False),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(REPLIES, name=op.f("ck_attendee_responses_reply_known")),
        sa.CheckConstraint(
            "reply = 'apologies' OR apology_reason = ''",
            name=op.f("ck_attendee_responses_reason_only_apologies"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["meeting_requests.id"],
            name=op.f("fk_attendee_responses_request_id_meeting_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_attendee_responses_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendee_responses")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_attendee_responses_secret_hash")),
        sa.UniqueConstraint("request_id", "person_id", name="uq_attendee_responses_attendee"),
    )
    with op.batch_alter_table("attendee_responses") as batch:
        batch.create_index(batch.f("ix_attendee_responses_request_id"), ["request_id"])
    op.create_table(
        "attendee_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(KINDS, name=op.f("ck_attendee_reports_kind_known")),
        sa.CheckConstraint(SIZE, name=op.f("ck_attendee_reports_size_range")),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["attendee_responses.id"],
            name=op.f("fk_attendee_reports_response_id_attendee_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendee_reports")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_attendee_reports_stored_name")),
    )
    with op.batch_alter_table("attendee_reports") as batch:
        batch.create_index(batch.f("ix_attendee_reports_response_id"), ["response_id"])


def downgrade():
    # The uploaded files stay on disk (QUORUM_REPORTS_DIR): removing them is the operator's call.
    op.drop_table("attendee_reports")
    op.drop_table("attendee_responses")
