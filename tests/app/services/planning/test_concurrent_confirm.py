"""Plans proposing the same requests, confirmed at the same moment: exactly one books them, on
SQLite and on PostgreSQL. The others are refused with the clashes in words and book nothing:
each request gets one meeting, and its people one invite each."""

import json

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Meeting, MeetingRequest, OutboxMessage, PlanRun, RequestAttendee
from app.services.planning.confirm import PlanClash, confirm_plan_run
from app.solver_bridge.instance import chair_key, room_key
from tests.app.concurrency import notices_queued_twice, run_together
from tests.app.factories.plan_runs import make_plan_run
from tests.app.factories.proposals import make_done_run, make_world
from tests.app.factories.rows import NOW, make_chair, make_person, make_room

ROUNDS = 4
PLANS = 3
REQUESTS = 3


def _same_requests(run: PlanRun, town, own_chair_and_room: bool) -> PlanRun:
    """Another finished plan for the same requests at the same times: in the same places, or
    with its own chair and room (then only the requests are shared, and no room or chair
    clash can refuse it)."""
    solution = json.loads(run.solution)
    if own_chair_and_room:
        chair, room = make_chair(base_locality=town), make_room(locality=town)
        for assignment in solution["assignments"]:
            assignment["chair"], assignment["room"] = chair_key(chair.id), room_key(room.id)
    return make_plan_run(status="done", progress=100, solution=json.dumps(solution))


def _with_someone_to_invite(requests) -> None:
    for request in requests:
        person = make_person(role="parent", email=f"parent{request.id}@example.org")
        db.session.add(RequestAttendee(request=request, person=person, attendance="required"))


@pytest.mark.parametrize("round_", range(ROUNDS))
@pytest.mark.parametrize("own_chair_and_room", [False, True], ids=["same places", "elsewhere"])
def test_of_plans_booking_the_same_requests_confirmed_together_exactly_one_applies(
    app, own_chair_and_room, round_
):
    world = make_world()
    first = make_done_run(requests=REQUESTS, world=world)
    others = [_same_requests(first, world[0], own_chair_and_room) for _ in range(PLANS - 1)]
    run_ids = [first.id] + [run.id for run in others]
    requests = list(db.session.scalars(select(MeetingRequest)))
    _with_someone_to_invite(requests)
    db.session.commit()

    outcomes = run_together(app, lambda run_id: confirm_plan_run(NOW, None, run_id), run_ids)

    clash = PlanClash([]).message
    assert sorted(outcomes) == sorted(["applied"] + [clash] * (PLANS - 1)), outcomes
    winner = run_ids[outcomes.index("applied")]
    confirmed = {r.id: r.confirmed_count for r in db.session.scalars(select(PlanRun))}
    assert confirmed == {i: REQUESTS if i == winner else None for i in run_ids}
    meetings = list(db.session.scalars(select(Meeting)))
    assert sorted(m.request_id for m in meetings) == sorted(r.id for r in requests)
    assert all(m.status == "confirmed" and m.ical_sequence == 0 for m in meetings)
    assert _count(AuditEvent, AuditEvent.action == "meeting.booked") == REQUESTS
    assert _count(AuditEvent, AuditEvent.action == "plan_run.confirmed") == 1
    parents = _count(OutboxMessage, OutboxMessage.recipient_email.like("parent%"))
    assert parents == REQUESTS and notices_queued_twice() == 0
    assert _count(OutboxMessage, OutboxMessage.status == "superseded") == 0


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))
