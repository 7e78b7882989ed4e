"""A rearrangement can be a meeting moved by hand (to a day, time, chair and room the admin
chooses, from its page or by dragging it on the calendar): its kind joins the known ones.

SQLite cannot alter a CHECK constraint in place: batch mode recreates `rearrangements` (it has
no triggers; its moves are kept aside meanwhile). PostgreSQL drops and re-creates the
constraint.

Revision ID: 0024
Revises: 0023
"""

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

# As they were when this migration was written (the model may grow; this must not change).
BEFORE = (
    "window_changed",
    "chair_unavailable",
    "room_closed",
    "attendee_unavailable",
    "cancelled",
    "brought_forward",
)
AFTER = (*BEFORE, "moved_by_hand")


def _rebuild(kinds) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # Dropping the old table would delete it from under its moves (foreign keys are on, in
        # one transaction): the moves wait in a copy and come back once it is rebuilt.
        op.execute("CREATE TEMPORARY TABLE moves_kept AS SELECT * FROM rearrangement_moves")
        op.execute("DELETE FROM rearrangement_moves")
    with op.batch_alter_table("rearrangements") as batch:
        batch.drop_constraint(op.f("ck_rearrangements_kind_known"), type_="check")
        batch.create_check_constraint(
            op.f("ck_rearrangements_kind_known"),
            f"kind IN ({', '.join(repr(kind) for kind in kinds)})",
        )
    if sqlite:
        op.execute("INSERT INTO rearrangement_moves SELECT * FROM moves_kept")
        op.execute("DROP TABLE moves_kept")


def upgrade():
    _rebuild(AFTER)


def downgrade():
    # A hand move is history; the nearest the old schema has is a changed window (the meeting
    # was moved to a new place, for its reason).
    op.execute("UPDATE rearrangements SET kind = 'window_changed' WHERE kind = 'moved_by_hand'")
    _rebuild(BEFORE)
