"""Who attends how: each attendee's role at the meeting (from a fixed list), whether they come
in the room, online or either, and learning or communication needs; a case's domestic-abuse
flag; how parties kept apart are kept apart, and a manager's reason for seeing a vulnerable
parent other than in the room, on the request; a chair's personal meeting link.

Existing attendees keep their role when it is already one of the list, else one read from
their free text ("mother" is a parent) or from the person's own role, else "other"; they come
in the room for an in-person or off-site meeting, online for a virtual one, either for a hybrid
one. A request that needed a separate waiting area keeps it as its kept-apart arrangement.

SQLite: only `request_attendees` (which nothing references) is rebuilt by batch mode. The other
tables gain plain columns in place, and lose them with DROP COLUMN: rebuilding
`meeting_requests` or `cases` under enforced foreign keys would delete the rows that cascade
from them.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# As they were when this migration was written (the models may grow; this must not change).
ROLES = ("parent", "child", "carer", "social_worker", "gp", "school", "health_visitor",
         "police", "advocate", "interpreter", "other")  # fmt: skip
PRESENCE = ("in_room", "online", "either")
ARRANGEMENTS = ("", "arrival_times", "waiting_area")
# Free text seen in roles (a party's relationship to the case, a person's role) and its role.
SAME_AS = {
    "mother": "parent", "father": "parent", "mum": "parent", "dad": "parent",
    "step_parent": "parent", "stepmother": "parent", "stepfather": "parent",
    "step_mother": "parent", "step_father": "parent", "foster_carer": "carer",
    "kinship_carer": "carer", "special_guardian": "carer", "young_person": "child",
    "team_manager_sw": "social_worker", "social_work_manager": "social_worker",
    "school_nurse": "health_visitor", "designated_teacher": "school", "teacher": "school",
}  # fmt: skip
PRESENCE_BY_FORMAT = {"in_person": "in_room", "off_site": "in_room", "virtual": "online"}


def _known(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def role_for(*texts: str) -> str:
    """The first of `texts` that names a role of the list, else "other"."""
    for text in texts:
        word = "_".join((text or "").strip().lower().replace("-", " ").split())
        found = word if word in ROLES else SAME_AS.get(word)
        if found:
            return found
    return "other"


def upgrade():
    with op.batch_alter_table("request_attendees") as batch:
        batch.add_column(sa.Column("presence", sa.String(10), nullable=False,
                                   server_default="either"))  # fmt: skip
        batch.add_column(sa.Column("communication_needs", sa.Boolean(), nullable=False,
                                   server_default="0"))  # fmt: skip
    _map_attendees()
    with op.batch_alter_table("request_attendees") as batch:
        batch.create_check_constraint(op.f("ck_request_attendees_role_known"),
                                      _known("role", ROLES))  # fmt: skip
        batch.create_check_constraint(op.f("ck_request_attendees_presence_known"),
                                      _known("presence", PRESENCE))  # fmt: skip
    # Plain columns (and a column's own CHECK) are added in place: no rebuild on SQLite.
    with op.batch_alter_table("meeting_requests") as batch:
        batch.add_column(
            sa.Column(
                "kept_apart_arrangement",
                sa.String(16),
                sa.CheckConstraint(_known("kept_apart_arrangement", ARRANGEMENTS),
                                   name=op.f("ck_meeting_requests_kept_apart_arrangement_known")),
                nullable=False,
                server_default="",
            )
        )  # fmt: skip
        batch.add_column(sa.Column("in_person_override_reason", sa.Text(), nullable=False,
                                   server_default=""))  # fmt: skip
        batch.add_column(sa.Column("in_person_override_by", sa.String(120), nullable=False,
                                   server_default=""))  # fmt: skip
    op.execute("UPDATE meeting_requests SET kept_apart_arrangement = 'waiting_area' "
               "WHERE needs_separate_waiting_area")  # fmt: skip
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("domestic_abuse", sa.Boolean(), nullable=False,
                                   server_default="0"))  # fmt: skip
    with op.batch_alter_table("chairs") as batch:
        batch.add_column(sa.Column("personal_meeting_link", sa.String(500), nullable=False,
                                   server_default=""))  # fmt: skip


def _map_attendees():
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT a.request_id, a.person_id, a.role, p.role, r.format "
            "FROM request_attendees a JOIN people p ON p.id = a.person_id "
            "JOIN meeting_requests r ON r.id = a.request_id"
        )
    ).all()
    for request_id, person_id, role, person_role, meeting_format in rows:
        connection.execute(
            sa.text(
                "UPDATE request_attendees SET role = :role, presence = :presence "
                "WHERE request_id = :request_id AND person_id = :person_id"
            ),
            {
                "role": role_for(role, person_role),
                "presence": PRESENCE_BY_FORMAT.get(meeting_format, "either"),
                "request_id": request_id,
                "person_id": person_id,
            },
        )


def downgrade():
    # DROP COLUMN in place (SQLite 3.35+ and PostgreSQL): see the docstring for why not batch.
    op.drop_column("chairs", "personal_meeting_link")
    op.drop_column("cases", "domestic_abuse")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_meeting_requests_kept_apart_arrangement_known"),
                           "meeting_requests", type_="check")  # fmt: skip
    for column in ("in_person_override_by", "in_person_override_reason", "kept_apart_arrangement"):
        op.drop_column("meeting_requests", column)
    # Roles of the list are free text the old schema accepts as they are.
    with op.batch_alter_table("request_attendees") as batch:
        batch.drop_constraint(op.f("ck_request_attendees_presence_known"), type_="check")
        batch.drop_constraint(op.f("ck_request_attendees_role_known"), type_="check")
        batch.drop_column("communication_needs")
        batch.drop_column("presence")
