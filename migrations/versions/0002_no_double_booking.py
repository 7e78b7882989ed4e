"""No double booking, and an append-only audit log, enforced by the database.

A room or a chair cannot hold two overlapping confirmed or held meetings. Intervals are
half-open, so back-to-back meetings (one ends at 11:00, the next starts at 11:00) are fine.
PostgreSQL: exclusion constraints over tstzrange. SQLite: triggers; every SQLite transaction
begins IMMEDIATE (app/database.py), so the check and the write happen under one lock.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BLOCKING = "('confirmed', 'held')"
OVERLAP_CONSTRAINTS = {"meetings_room_no_overlap": "room_id", "meetings_chair_no_overlap": "chair_id"}


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name in OVERLAP_CONSTRAINTS:
            op.execute(f"ALTER TABLE meetings DROP CONSTRAINT {name}")
        op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
        op.execute("DROP FUNCTION audit_events_refuse_change()")
    else:
        for name in OVERLAP_CONSTRAINTS:
            op.execute(f"DROP TRIGGER {name}_insert")
            op.execute(f"DROP TRIGGER {name}_update")
        op.execute("DROP TRIGGER audit_events_no_update")
        op.execute("DROP TRIGGER audit_events_no_delete")


def _upgrade_postgresql():
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, column in OVERLAP_CONSTRAINTS.items():
        op.execute(
            f"ALTER TABLE meetings ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({column} WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
            f"WHERE (status IN {BLOCKING} AND {column} IS NOT NULL)"
        )
    op.execute(
        "CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'audit_events_append_only'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()"
    )


def _upgrade_sqlite():
    for name, column in OVERLAP_CONSTRAINTS.items():
        for event, same_row in (("insert", ""), ("update", "AND m.id <> NEW.id")):
            op.execute(
                f"CREATE TRIGGER {name}_{event} BEFORE {event.upper()} ON meetings "
                f"WHEN NEW.status IN {BLOCKING} AND NEW.{column} IS NOT NULL "
                f"BEGIN SELECT RAISE(ABORT, '{name}') WHERE EXISTS ("
                f"SELECT 1 FROM meetings m WHERE m.{column} = NEW.{column} {same_row} "
                f"AND m.status IN {BLOCKING} "
                f"AND m.starts_at < NEW.ends_at AND NEW.starts_at < m.ends_at); END"
            )
    for event in ("update", "delete"):
        op.execute(
            f"CREATE TRIGGER audit_events_no_{event} BEFORE {event.upper()} ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'audit_events_append_only'); END"
        )
