"""Regulation 44 visits: children's homes, their independent visitors, each visit, and the
outbox's private booking invite to a visitor (about a visit, not a meeting).

SQLite cannot alter a CHECK constraint in place: batch mode recreates `outbox_messages` (it has
no triggers, so nothing is lost by the copy). `sent_notices` refers to it, and dropping the old
table under enforced foreign keys would fail while a notice points at it: the notices are set
aside in a temporary table for the copy and put back unchanged.

Revision ID: 0016
Revises: 0015
"""

from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# As they were when this migration was written (the model may grow; this must not change).
MEETING_UNLESS_DIGEST_BEFORE = "kind = 'digest' OR meeting_id IS NOT NULL"
MEETING_UNLESS_DIGEST_AFTER = (
    "kind = 'digest' OR (meeting_id IS NOT NULL AND reg44_visit_id IS NULL)"
    " OR (kind = 'invite' AND meeting_id IS NULL AND reg44_visit_id IS NOT NULL)"
)


@contextmanager
def _sent_notices_aside():
    """On SQLite, the notices wait in a temporary table while `outbox_messages` is rebuilt."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("CREATE TEMPORARY TABLE sent_notices_aside AS SELECT * FROM sent_notices")
        op.execute("DELETE FROM sent_notices")
    yield
    if sqlite:
        op.execute("INSERT INTO sent_notices SELECT * FROM sent_notices_aside")
        op.execute("DROP TABLE sent_notices_aside")


def upgrade():
    op.create_table(
        "independent_visitors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("length(trim(name)) > 0",
                           name=op.f("ck_independent_visitors_name_not_blank")),
        sa.CheckConstraint("email LIKE '%_@_%'", name=op.f("ck_independent_visitors_email_has_at")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_independent_visitors")),
        sa.UniqueConstraint("email", name=op.f("uq_independent_visitors_email")),
    )  # fmt: skip
    op.create_table(
        "childrens_homes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("locality_id", sa.Integer(), nullable=False),
        sa.Column("supported_living", sa.Boolean(), nullable=False),
        sa.Column("visitor_id", sa.Integer(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_childrens_homes_name_not_blank")),
        sa.CheckConstraint("closed_on IS NULL OR closed_on >= opened_on",
                           name=op.f("ck_childrens_homes_closed_after_opened")),
        sa.ForeignKeyConstraint(["locality_id"], ["localities.id"],
                                name=op.f("fk_childrens_homes_locality_id_localities")),
        sa.ForeignKeyConstraint(["visitor_id"], ["independent_visitors.id"],
                                name=op.f("fk_childrens_homes_visitor_id_independent_visitors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_childrens_homes")),
        sa.UniqueConstraint("name", name=op.f("uq_childrens_homes_name")),
    )  # fmt: skip
    op.create_table(
        "reg44_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("earliest", sa.Date(), nullable=False),
        sa.Column("latest", sa.Date(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=True),
        sa.Column("visitor_id", sa.Integer(), nullable=True),
        sa.Column("report_received_on", sa.Date(), nullable=True),
        sa.Column("planned_starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("planned_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ical_uid", sa.String(length=200), nullable=False),
        sa.Column("ical_sequence", sa.Integer(), nullable=False),
        sa.CheckConstraint("earliest <= latest", name=op.f("ck_reg44_visits_window_ordered")),
        sa.CheckConstraint("visited_on IS NULL OR visited_on >= period_start",
                           name=op.f("ck_reg44_visits_visit_in_period")),
        sa.CheckConstraint("visited_on IS NULL OR visitor_id IS NOT NULL",
                           name=op.f("ck_reg44_visits_visit_has_visitor")),
        sa.CheckConstraint(
            "report_received_on IS NULL OR (visited_on IS NOT NULL"
            " AND report_received_on >= visited_on)",
            name=op.f("ck_reg44_visits_report_after_visit"),
        ),
        sa.CheckConstraint("(planned_starts_at IS NULL) = (planned_ends_at IS NULL)",
                           name=op.f("ck_reg44_visits_planned_both_or_none")),
        sa.CheckConstraint(
            "planned_starts_at IS NULL OR (planned_ends_at > planned_starts_at"
            " AND visitor_id IS NOT NULL)",
            name=op.f("ck_reg44_visits_planned_ordered"),
        ),
        sa.CheckConstraint("ical_sequence >= 0", name=op.f("ck_reg44_visits_sequence_not_negative")),
        sa.ForeignKeyConstraint(["home_id"], ["childrens_homes.id"],
                                name=op.f("fk_reg44_visits_home_id_childrens_homes")),
        sa.ForeignKeyConstraint(["visitor_id"], ["independent_visitors.id"],
                                name=op.f("fk_reg44_visits_visitor_id_independent_visitors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reg44_visits")),
        sa.UniqueConstraint("home_id", "period_start", name="uq_reg44_visits_home_period"),
        sa.UniqueConstraint("ical_uid", name=op.f("uq_reg44_visits_ical_uid")),
    )  # fmt: skip
    op.create_index(op.f("ix_reg44_visits_home_id"), "reg44_visits", ["home_id"])
    with _sent_notices_aside(), op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("reg44_visit_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_outbox_messages_reg44_visit_id_reg44_visits"),
                                 "reg44_visits", ["reg44_visit_id"], ["id"])  # fmt: skip
        batch.create_index(op.f("ix_outbox_messages_reg44_visit_id"), ["reg44_visit_id"])
        batch.drop_constraint(op.f("ck_outbox_messages_meeting_unless_digest"), type_="check")
        batch.create_check_constraint(op.f("ck_outbox_messages_meeting_unless_digest"),
                                      MEETING_UNLESS_DIGEST_AFTER)  # fmt: skip


def downgrade():
    # A visit's booking invite has no meeting, which the old schema cannot hold.
    op.execute("DELETE FROM outbox_messages WHERE reg44_visit_id IS NOT NULL")
    with _sent_notices_aside(), op.batch_alter_table("outbox_messages") as batch:
        batch.drop_constraint(op.f("ck_outbox_messages_meeting_unless_digest"), type_="check")
        batch.create_check_constraint(op.f("ck_outbox_messages_meeting_unless_digest"),
                                      MEETING_UNLESS_DIGEST_BEFORE)  # fmt: skip
        batch.drop_index(op.f("ix_outbox_messages_reg44_visit_id"))
        batch.drop_constraint(op.f("fk_outbox_messages_reg44_visit_id_reg44_visits"),
                              type_="foreignkey")  # fmt: skip
        batch.drop_column("reg44_visit_id")
    op.drop_index(op.f("ix_reg44_visits_home_id"), table_name="reg44_visits")
    op.drop_table("reg44_visits")
    op.drop_table("childrens_homes")
    op.drop_table("independent_visitors")
