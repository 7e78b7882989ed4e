"""Migrations that rebuild a table go down and up again with its rows stored — on SQLite, where
batch mode rebuilds the table under enforced foreign keys, as on PostgreSQL: rearrangements
(0008), outbox messages queued as their inputs (0010), attendees' roles and attendance (0011,
whose other tables must keep the rows that cascade from them), and the rearrangements' kinds
(0024, whose moves point at them)."""

from datetime import timedelta

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from app.extensions import db
from app.models import (
    Case,
    MeetingRequest,
    PlanRun,
    Rearrangement,
    RearrangementMove,
    RequestAttendee,
)
from app.services.notifications.outbox import message_bytes
from tests.app.factories.cases import make_party
from tests.app.factories.outbox import book, make_world, outbox_rows
from tests.app.factories.plan_runs import make_plan_run
from tests.app.factories.rows import NOW, make_case, make_chair, make_meeting, make_request


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_0008_downgrades_and_upgrades_again_with_rearrangements_stored(app):
    meeting = make_meeting()
    run = make_plan_run(status="done")
    rearrangement = Rearrangement(
        created_at=NOW,
        kind="chair_unavailable",
        reason="chair_absence",
        reason_text="",
        summary="The chair is away",
        status="confirmed",
        plan_run_id=run.id,
    )
    db.session.add(rearrangement)
    db.session.flush()
    db.session.add(
        RearrangementMove(
            rearrangement_id=rearrangement.id,
            meeting_id=meeting.id,
            change="moved",
            from_starts_at=meeting.starts_at,
            from_chair_id=meeting.chair_id,
            to_starts_at=meeting.starts_at + timedelta(days=1),
            to_chair_id=meeting.chair_id,
        )
    )
    db.session.commit()
    run_id = run.id
    db.session.remove()
    db.engine.dispose()

    downgrade(revision="0007")
    db.engine.dispose()
    assert "rearrangements" not in _tables()
    assert "kind" not in {c["name"] for c in inspect(db.engine).get_columns("plan_runs")}

    upgrade()
    db.engine.dispose()
    assert {"rearrangements", "rearrangement_moves"} <= _tables()
    assert db.session.get(PlanRun, run_id) is not None  # the plan run survived both ways


def test_0010_downgrades_with_every_unsent_message_built_and_upgrades_again(app):
    book(make_world(roles=("parent", "social_worker")))
    rows = outbox_rows()
    rows[0].body = message_bytes(rows[0])  # as the relay's first claim leaves it
    db.session.commit()
    expected = {row.id: message_bytes(row) for row in rows}
    db.session.remove()
    db.engine.dispose()

    downgrade(revision="0009")
    db.engine.dispose()
    with db.engine.connect() as connection:
        stored = dict(connection.execute(text("SELECT id, body FROM outbox_messages")).all())
    assert {key: bytes(body) for key, body in stored.items()} == expected
    assert "content" not in {c["name"] for c in inspect(db.engine).get_columns("outbox_messages")}

    upgrade()
    db.engine.dispose()
    assert {row.id: message_bytes(row) for row in outbox_rows()} == expected


def test_0013_downgrades_keeping_the_invites_and_upgrades_again(app):
    from app.invites import Recipient
    from app.invites.content import Paragraph
    from app.models import Escalation, SentNotice
    from app.services.notifications.outbox import queue_plain_email

    world = make_world(roles=("gp",))
    meeting = book(world)
    gp = world.people["gp"]
    words = [Paragraph(None, ("Hello",))]
    chaser = queue_plain_email(NOW, "chaser", Recipient(gp.email, gp.name, "professional"),
                               "Reminder", words, meeting.id)  # fmt: skip
    queue_plain_email(NOW, "digest", Recipient("c@example.org", "C", "chair"), "Digest", words,
                      None)  # fmt: skip
    db.session.flush()
    db.session.add(SentNotice(key="chaser_5:x", kind="chaser_5", meeting_id=meeting.id,
                              due_on=NOW.date(), outcome="sent", outbox_message_id=chaser.id,
                              created_at=NOW))  # fmt: skip
    db.session.add(Escalation(meeting_id=meeting.id, person_id=gp.id, chair_id=meeting.chair_id,
                              organisation="gp", theme="", status="proposed", dismiss_reason="",
                              created_at=NOW))  # fmt: skip
    db.session.commit()
    invites = {row.id: message_bytes(row) for row in outbox_rows(kind="invite")}
    db.session.remove()
    db.engine.dispose()

    downgrade(revision="0012")
    db.engine.dispose()
    assert not {"sent_notices", "escalations"} & _tables()
    assert "kind" not in {c["name"] for c in inspect(db.engine).get_columns("outbox_messages")}
    with db.engine.connect() as connection:
        ids = {row_id for (row_id,) in connection.execute(text("SELECT id FROM outbox_messages"))}
    assert ids == set(invites)  # the invites stay; the plain emails could not

    upgrade()
    db.engine.dispose()
    assert {"sent_notices", "escalations"} <= _tables()
    assert {row.id: message_bytes(row) for row in outbox_rows()} == invites
    assert {row.kind for row in outbox_rows()} == {"invite"}


def _attendees() -> dict[int, tuple]:
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT person_id, role FROM request_attendees")).all()
    return dict(rows)


def test_0011_downgrades_and_upgrades_again_with_attendees_and_requests_stored(app):
    case = make_case(domestic_abuse=True)
    mother, worker = make_party(case), make_party(case, "social worker", role="social_worker")
    request = make_request(case=case, format="virtual", kept_apart_arrangement="waiting_area",
                           needs_separate_waiting_area=True)  # fmt: skip
    db.session.add_all([
        RequestAttendee(request=request, person=mother.person, role="parent", presence="online",
                        communication_needs=True),
        RequestAttendee(request=request, person=worker.person, role="social_worker"),
    ])  # fmt: skip
    make_meeting(request=request)
    make_chair(personal_meeting_link="https://meet.example.org/chair-1")
    db.session.commit()
    request_id, mother_id, worker_id = request.id, mother.person_id, worker.person_id
    db.session.remove()
    db.engine.dispose()

    downgrade(revision="0010")
    db.engine.dispose()
    assert _attendees() == {mother_id: "parent", worker_id: "social_worker"}
    columns = {c["name"] for c in inspect(db.engine).get_columns("request_attendees")}
    assert "presence" not in columns and "communication_needs" not in columns
    assert "domestic_abuse" not in {c["name"] for c in inspect(db.engine).get_columns("cases")}
    with db.engine.begin() as connection:  # free text, as the old schema allowed
        connection.execute(text("UPDATE request_attendees SET role = 'Mother' "
                                f"WHERE person_id = {mother_id}"))  # fmt: skip
        assert connection.execute(text("SELECT count(*) FROM meetings")).scalar() == 1

    upgrade()
    db.engine.dispose()
    request = db.session.get_one(MeetingRequest, request_id)
    found = {a.person_id: (a.role, a.presence, a.communication_needs) for a in request.attendees}
    assert found == {mother_id: ("parent", "online", False),
                     worker_id: ("social_worker", "online", False)}  # fmt: skip
    assert request.kept_apart_arrangement == "waiting_area"
    assert db.session.get_one(Case, request.case_id).domestic_abuse is False


def _sent_notices() -> list[tuple]:
    with db.engine.connect() as connection:
        query = "SELECT key, outbox_message_id FROM sent_notices ORDER BY key"
        return [tuple(row) for row in connection.execute(text(query))]


def test_0016_rebuilds_the_outbox_keeping_the_sent_notices_that_point_at_it(app):
    from app.invites import Recipient
    from app.invites.content import Paragraph
    from app.models import SentNotice
    from app.services.notifications.outbox import queue_plain_email

    world = make_world(roles=("gp",))
    meeting = book(world)
    gp = world.people["gp"]
    chaser = queue_plain_email(NOW, "chaser", Recipient(gp.email, gp.name, "professional"),
                               "Reminder", [Paragraph(None, ("Hello",))], meeting.id)  # fmt: skip
    db.session.flush()
    db.session.add(SentNotice(key="chaser_5:x", kind="chaser_5", meeting_id=meeting.id,
                              due_on=NOW.date(), outcome="sent", outbox_message_id=chaser.id,
                              created_at=NOW))  # fmt: skip
    db.session.commit()
    chaser_id = chaser.id
    messages = {row.id: message_bytes(row) for row in outbox_rows()}
    db.session.remove()
    notices = _sent_notices()
    db.engine.dispose()

    downgrade(revision="0015")
    db.engine.dispose()
    assert not {"childrens_homes", "reg44_visits", "independent_visitors"} & _tables()
    assert _sent_notices() == notices

    upgrade()
    db.engine.dispose()
    assert _sent_notices() == notices == [("chaser_5:x", chaser_id)]
    assert {row.id: message_bytes(row) for row in outbox_rows()} == messages


def test_0024_keeps_rearrangements_and_their_moves_both_ways(app):
    """The kinds' check is rebuilt; the rearrangements and the moves pointing at them stay,
    and a hand move comes back down as a changed window."""
    meeting = make_meeting()
    kept = []
    for kind in ("chair_unavailable", "moved_by_hand"):
        rearrangement = Rearrangement(
            created_at=NOW, kind=kind, reason="chair_absence", reason_text="", summary="A change",
            status="confirmed",
        )  # fmt: skip
        db.session.add(rearrangement)
        db.session.flush()
        move = RearrangementMove(
            rearrangement_id=rearrangement.id, meeting_id=meeting.id, change="moved",
            from_starts_at=meeting.starts_at, from_chair_id=meeting.chair_id,
            to_starts_at=meeting.starts_at + timedelta(days=1), to_chair_id=meeting.chair_id,
        )  # fmt: skip
        db.session.add(move)
        db.session.flush()
        kept.append((rearrangement.id, move.id))
    db.session.commit()
    db.session.remove()
    db.engine.dispose()

    downgrade(revision="0023")
    db.engine.dispose()
    with db.engine.connect() as connection:
        kinds = dict(connection.execute(text("SELECT id, kind FROM rearrangements")).all())
        moves = dict(connection.execute(
            text("SELECT id, rearrangement_id FROM rearrangement_moves")).all())  # fmt: skip
    assert kinds == {kept[0][0]: "chair_unavailable", kept[1][0]: "window_changed"}
    assert moves == {move_id: rearrangement_id for rearrangement_id, move_id in kept}

    upgrade()
    db.engine.dispose()
    assert {m.id for m in db.session.scalars(select(RearrangementMove))} == {m for _, m in kept}
