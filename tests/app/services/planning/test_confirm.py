"""Confirming a plan run: the ticked meetings are booked in one transaction, or none of them."""

import json
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Approval, AuditEvent, Meeting, MeetingRequest, PlanRun
from app.services import ServiceError
from app.services.booking.bookings import BookingConflict, book_meeting
from app.services.planning.confirm import PlanClash, confirm_plan_run
from tests.app.factories.proposals import make_done_run, make_world
from tests.app.factories.reference_forms import make_unavailability
from tests.app.factories.rows import NOW, make_request, make_user


def _confirmed() -> list[Meeting]:
    return list(db.session.scalars(select(Meeting).where(Meeting.status == "confirmed")))


def _ids(run: PlanRun) -> list[int]:
    return sorted(int(a["meeting"][1:]) for a in json.loads(run.solution)["assignments"])


def test_confirming_books_every_proposed_meeting_at_its_proposed_time(app):
    run = make_done_run(requests=2)

    confirm_plan_run(NOW, None, run.id)

    booked = sorted(_confirmed(), key=lambda m: m.starts_at)
    assert [m.starts_at for m in booked] == [
        datetime(2026, 3, 3, 10, tzinfo=UTC),
        datetime(2026, 3, 3, 12, tzinfo=UTC),
    ]
    assert all(m.request.status == "booked" for m in booked)
    assert run.confirmed_at == NOW and run.confirmed_count == 2


def test_confirming_some_books_only_the_ticked_meetings(app):
    run = make_done_run(requests=3)
    first = _ids(run)[0]

    confirm_plan_run(NOW, None, run.id, [first])

    assert [m.request_id for m in _confirmed()] == [first]
    assert db.session.scalar(select(func.count()).where(MeetingRequest.status == "open")) == 2


def test_confirming_writes_one_audit_row_for_the_run_and_one_per_meeting(app):
    run = make_done_run(requests=2)

    confirm_plan_run(NOW, None, run.id)

    actions = list(db.session.scalars(select(AuditEvent.action)))
    assert actions.count("plan_run.confirmed") == 1 and actions.count("meeting.booked") == 2


def test_a_booking_made_since_the_plan_clashes_and_nothing_is_booked(app):
    run = make_done_run(requests=2)
    proposed = db.session.get(MeetingRequest, _ids(run)[1])
    other = make_request(case=proposed.case)
    db.session.commit()
    book_meeting(NOW, None, other.id, _at(12, 30), _at(13), _chair_of(run), None)

    with pytest.raises(PlanClash) as refused:
        confirm_plan_run(NOW, None, run.id)

    assert len(_confirmed()) == 1  # only the manual booking
    chair = _confirmed()[0].chair.name
    assert refused.value.clashes == [
        f"{chair} is now chairing a meeting from 12:30 to 13:00 on Tue 3 Mar 2026."
    ]
    assert db.session.get(PlanRun, run.id).confirmed_at is None


def test_a_request_booked_by_hand_since_the_plan_is_a_clash(app):
    run = make_done_run(requests=2)
    db.session.get(MeetingRequest, _ids(run)[0]).status = "booked"
    db.session.commit()

    with pytest.raises(PlanClash) as refused:
        confirm_plan_run(NOW, None, run.id)

    assert "is no longer open" in refused.value.clashes[0] and _confirmed() == []


def test_a_plan_is_confirmed_once(app):
    run = make_done_run(requests=1)
    confirm_plan_run(NOW, None, run.id)

    with pytest.raises(ServiceError, match="already confirmed"):
        confirm_plan_run(NOW, None, run.id)
    assert len(_confirmed()) == 1


@pytest.mark.parametrize("status", ["queued", "running", "failed"])
def test_only_a_finished_plan_can_be_confirmed(app, status):
    run = make_done_run(requests=1, status=status)

    with pytest.raises(ServiceError, match=f"this one is {status}"):
        confirm_plan_run(NOW, None, run.id)
    assert _confirmed() == []


@pytest.mark.parametrize("request_ids", [[], [999_999]])
def test_an_empty_or_foreign_selection_is_refused_and_books_nothing(app, request_ids):
    run = make_done_run(requests=1)

    with pytest.raises(ServiceError):
        confirm_plan_run(NOW, None, run.id, request_ids)
    assert _confirmed() == []


def test_confirm_and_a_concurrent_manual_booking_never_both_take_the_chair(app):
    """The two race for the chair at 10:00; whoever loses changes nothing (run many times)."""
    made = [(type(row), row.id) for row in make_world()]
    for _ in range(8):
        world = tuple(db.session.get(model, row_id) for model, row_id in made)
        run = make_done_run(requests=3, world=world)
        chair_id, extra = _chair_of(run), make_request().id
        db.session.commit()
        run_id = run.id
        db.session.remove()  # SQLite: the test's own connection must not hold the write lock
        outcome = _race(app, run_id, extra, chair_id)
        plan_booked = db.session.scalar(
            select(func.count()).where(Meeting.request_id != extra, Meeting.status == "confirmed")
        )
        if outcome["confirm"] == "ok":
            assert outcome["manual"] == "refused" and plan_booked == 3
        else:
            assert outcome["manual"] == "ok" and plan_booked == 0
        _clear()


def _race(app, run_id: int, extra_request_id: int, chair_id: int) -> dict[str, str]:
    start, outcome = threading.Barrier(2), {}

    def confirm():
        with app.app_context():
            start.wait()
            try:
                confirm_plan_run(NOW, None, run_id)
                outcome["confirm"] = "ok"
            except PlanClash:
                outcome["confirm"] = "refused"
            db.session.remove()

    def manual():
        with app.app_context():
            start.wait()
            try:
                book_meeting(NOW, None, extra_request_id, _at(10), _at(11), chair_id, None)
                outcome["manual"] = "ok"
            except BookingConflict:
                outcome["manual"] = "refused"
            db.session.remove()

    threads = [threading.Thread(target=confirm), threading.Thread(target=manual)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    return outcome


def _clear() -> None:
    """Cancel every meeting so the next round starts with a free chair (audit rows stay)."""
    for meeting in _confirmed():
        meeting.status = "cancelled"
    db.session.commit()


def _chair_of(run: PlanRun) -> int:
    return int(json.loads(run.solution)["assignments"][0]["chair"][1:])


def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 3, hour, minute, tzinfo=UTC)


def test_a_repair_run_is_not_confirmed_as_a_plan(app):
    run = make_done_run(requests=1, kind="repair", movable="[]")

    with pytest.raises(ServiceError, match="repairs a rearrangement"):
        confirm_plan_run(NOW, None, run.id)
    assert _confirmed() == []


def test_a_chair_off_sick_since_the_plan_is_a_clash_in_words_and_nothing_is_booked(app):
    run = make_done_run(requests=2)
    make_unavailability(chair_id=_chair_of(run), starts_at=_at(0), ends_at=_at(23), kind="sickness")
    db.session.commit()

    with pytest.raises(PlanClash) as refused:
        confirm_plan_run(NOW, None, run.id)

    assert len(refused.value.clashes) == 2 and _confirmed() == []
    assert all(line.startswith("Request ") for line in refused.value.clashes)
    assert "unavailable" in refused.value.clashes[0] and "C1" not in refused.value.clashes[0]


def test_a_plan_confirmed_after_its_first_day_has_passed_is_a_clash(app):
    run = make_done_run(requests=1)

    with pytest.raises(PlanClash):
        confirm_plan_run(NOW + timedelta(days=1), None, run.id)  # Tuesday's plan, on Tuesday
    assert _confirmed() == []


def _late_run():
    """One proposal on Tue 3 Mar for a request whose latest day is Mon 2 Mar."""
    run = make_done_run(requests=1)
    request = db.session.get(MeetingRequest, _ids(run)[0])
    request.earliest = request.latest = date(2026, 3, 2)
    request.preferred_latest = None
    db.session.commit()
    return run, request.id


def test_a_meeting_out_of_timescale_is_not_booked_without_the_managers_agreement(app):
    run, request_id = _late_run()

    with pytest.raises(ServiceError) as refused:
        confirm_plan_run(NOW, None, run.id)

    assert refused.value.field == f"late-{request_id}" and "out of timescale" in str(refused.value)
    assert _confirmed() == []


def test_an_admins_late_booking_keeps_the_reason_and_asks_a_manager(app):
    run, request_id = _late_run()
    admin = make_user(role="admin")

    confirm_plan_run(NOW, admin.id, run.id, None, {request_id: "Court date"})

    (meeting,) = _confirmed()
    assert (meeting.late_reason, meeting.late_agreed_by) == ("Court date", "")
    approval = db.session.scalars(select(Approval)).one()
    assert (approval.kind, approval.status, approval.meeting_id, approval.requested_by_id) == (
        "late_booking", "pending", meeting.id, admin.id)  # fmt: skip


def test_a_managers_late_booking_is_agreed_in_their_name(app):
    run, request_id = _late_run()
    manager = make_user(role="manager", name="Sam Lee")

    confirm_plan_run(NOW, manager.id, run.id, None, {request_id: "Court date"})

    (meeting,) = _confirmed()
    assert (meeting.late_reason, meeting.late_agreed_by) == ("Court date", "Sam Lee")
    approval = db.session.scalars(select(Approval)).one()
    assert (approval.status, approval.decided_by_id) == ("agreed", manager.id)
