"""Rearrangements and their moves (the history of every change after a court or placement
change), repair runs (plan_runs.kind, plan_runs.movable) and locked meetings.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# As they were when this migration was written (the models may grow; this must not change).
KINDS = (
    "window_changed",
    "chair_unavailable",
    "room_closed",
    "attendee_unavailable",
    "cancelled",
    "brought_forward",
)
REASONS = (
    "court",
    "placement",
    "family_request",
    "professional_unavailable",
    "chair_absence",
    "room_or_it_failure",
    "reports_late",
    "inquorate",
    "other",
)
STATUSES = ("repairing", "confirmed", "discarded", "applied")
CHANGES = ("moved", "cancelled", "unplaced")


def _known(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    _rearrangements()
    _moves()
    with op.batch_alter_table("plan_runs") as batch:
        batch.add_column(sa.Column("kind", sa.String(8), nullable=False, server_default="plan"))
        batch.add_column(sa.Column("movable", sa.Text(), nullable=False, server_default=""))
        batch.create_check_constraint(op.f("ck_plan_runs_kind_known"), "kind IN ('plan', 'repair')")
    # A plain-string default: with an expression (sa.false()) batch mode recreates `meetings`
    # on SQLite, silently dropping the no-double-booking triggers of 0002.
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("locked", sa.Boolean(), nullable=False, server_default="0"))


def _rearrangements():
    op.create_table(
        "rearrangements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_by_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name=op.f("fk_rearrangements_created_by_id_users")),
        ),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("reason_text", sa.Text(), nullable=False),
        sa.Column("summary", sa.String(300), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column(
            "plan_run_id",
            sa.Integer(),
            sa.ForeignKey("plan_runs.id", name=op.f("fk_rearrangements_plan_run_id_plan_runs")),
        ),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column(
            "decided_by_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name=op.f("fk_rearrangements_decided_by_id_users")),
        ),
        sa.CheckConstraint(_known("kind", KINDS), name=op.f("ck_rearrangements_kind_known")),
        sa.CheckConstraint(_known("reason", REASONS), name=op.f("ck_rearrangements_reason_known")),
        sa.CheckConstraint(_known("status", STATUSES), name=op.f("ck_rearrangements_status_known")),
        sa.CheckConstraint(
            "reason <> 'other' OR length(trim(reason_text)) > 0",
            name=op.f("ck_rearrangements_other_says_why"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rearrangements")),
    )
    op.create_index(op.f("ix_rearrangements_created_at"), "rearrangements", ["created_at"])


def _moves():
    op.create_table(
        "rearrangement_moves",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "rearrangement_id",
            sa.Integer(),
            sa.ForeignKey(
                "rearrangements.id",
                name=op.f("fk_rearrangement_moves_rearrangement_id_rearrangements"),
            ),
            nullable=False,
        ),
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meetings.id", name=op.f("fk_rearrangement_moves_meeting_id_meetings")),
            nullable=False,
        ),
        sa.Column("change", sa.String(12), nullable=False),
        sa.Column("from_starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "from_chair_id",
            sa.Integer(),
            sa.ForeignKey("chairs.id", name=op.f("fk_rearrangement_moves_from_chair_id_chairs")),
            nullable=False,
        ),
        sa.Column(
            "from_room_id",
            sa.Integer(),
            sa.ForeignKey("rooms.id", name=op.f("fk_rearrangement_moves_from_room_id_rooms")),
        ),
        sa.Column("to_starts_at", sa.DateTime(timezone=True)),
        sa.Column(
            "to_chair_id",
            sa.Integer(),
            sa.ForeignKey("chairs.id", name=op.f("fk_rearrangement_moves_to_chair_id_chairs")),
        ),
        sa.Column(
            "to_room_id",
            sa.Integer(),
            sa.ForeignKey("rooms.id", name=op.f("fk_rearrangement_moves_to_room_id_rooms")),
        ),
        sa.Column("late_reason", sa.Text(), nullable=False),
        sa.Column("late_agreed_by", sa.String(120), nullable=False),
        sa.CheckConstraint(
            _known("change", CHANGES), name=op.f("ck_rearrangement_moves_change_known")
        ),
        sa.CheckConstraint(
            "(change = 'moved') = (to_starts_at IS NOT NULL AND to_chair_id IS NOT NULL)",
            name=op.f("ck_rearrangement_moves_moved_has_destination"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rearrangement_moves")),
    )
    for column in ("rearrangement_id", "meeting_id"):
        op.create_index(op.f(f"ix_rearrangement_moves_{column}"), "rearrangement_moves", [column])


def downgrade():
    # The tables first: on SQLite batch mode rebuilds plan_runs (copy, drop, rename) with
    # foreign keys enforced, and dropping it would fail while a rearrangement still names a run.
    op.drop_table("rearrangement_moves")
    op.drop_table("rearrangements")
    if op.get_bind().dialect.name == "sqlite":
        # Not batch mode: recreating `meetings` would drop 0002's no-double-booking triggers.
        op.execute("ALTER TABLE meetings DROP COLUMN locked")
    else:
        op.drop_column("meetings", "locked")
    with op.batch_alter_table("plan_runs") as batch:
        batch.drop_constraint(op.f("ck_plan_runs_kind_known"), type_="check")
        batch.drop_column("movable")
        batch.drop_column("kind")
