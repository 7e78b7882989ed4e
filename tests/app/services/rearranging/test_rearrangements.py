"""Rearrangements: each change event on a small county, repaired by the real scheduler job,
checked by the solver's own checker, confirmed in one transaction with its history and mail."""

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Approval,
    AuditEvent,
    Meeting,
    OutboxMessage,
    PlanRun,
    RearrangementMove,
    Unavailability,
)
from app.services import Clash, ServiceError
from app.services.booking.meetings import set_locked
from app.services.notifications.notices import recipients
from app.services.notifications.outbox_relay import relay_due
from app.services.planning import runs as plan_runs
from app.services.rearranging.rearrangements import Change, record_change, repair_again
from app.services.rearranging.repairs import confirm_repair, discard_repair, preview
from app.services.requests.requests import cancel_request
from app.solver_bridge.calls import check_solution
from tests.app.factories.booked_county import make_booked_meeting, make_county
from tests.app.factories.outbox import Clock, calendar_part, parsed, smtp_transport
from tests.app.factories.reference_forms import make_unavailability
from tests.app.factories.rows import NOW, make_user

TUESDAY, WEDNESDAY = date(2026, 3, 3), date(2026, 3, 4)


@pytest.fixture
def county(app):
    """Chair A's two meetings on Tuesday, chair B's one on Wednesday (see make_county)."""
    return make_county()


def _repair(change: Change):
    rearrangement = record_change(NOW, None, change)
    db.session.commit()
    plan_runs.execute_next_plan_run(lambda: NOW, deterministic=True, workers=1)
    db.session.expire_all()
    return rearrangement


def _sick(chair, first=TUESDAY, last=TUESDAY, reason="chair_absence") -> Change:
    return Change("chair_unavailable", reason, chair_id=chair.id, first_day=first, last_day=last)


def test_a_chair_off_sick_moves_only_their_meetings_and_the_plan_passes_the_checker(county):
    a, _ = county["chairs"]
    rearrangement = _repair(_sick(a))

    planned = preview(rearrangement)
    moved = {m.meeting.id for m in planned.moves}

    assert moved == {county["meetings"][0].id, county["meetings"][1].id}
    assert all(m.to is not None and m.to.chair_id != a.id for m in planned.moves)
    assert planned.unchanged == 1
    report = _checked(rearrangement)
    assert report.violations == [] and report.claim_matches


def _checked(rearrangement):
    run = db.session.get(PlanRun, rearrangement.plan_run_id)
    return check_solution(json.loads(run.instance), json.loads(run.solution))


def test_recording_the_change_adds_the_unavailability_and_an_audit_row(county):
    a, _ = county["chairs"]

    rearrangement = record_change(NOW, None, _sick(a))

    assert rearrangement.status == "repairing" and "unavailable on Tue 3 Mar 2026" in (
        rearrangement.summary
    )
    assert db.session.scalar(select(func.count()).select_from(Unavailability)) == 1
    actions = list(db.session.scalars(select(AuditEvent.action)))
    assert "rearrangement.chair_unavailable" in actions


def test_confirming_moves_the_meetings_records_history_and_mails_only_those_affected(county):
    a, _ = county["chairs"]
    untouched = county["meetings"][2]
    rearrangement = _repair(_sick(a))
    planned = preview(rearrangement)

    confirm_repair(NOW, None, rearrangement.id)

    for move in planned.moves:
        meeting = db.session.get(Meeting, move.meeting.id)
        assert (meeting.starts_at, meeting.chair_id) == (move.to.starts_at, move.to.chair_id)
        assert meeting.status == "confirmed" and meeting.ical_sequence >= 1
    history = list(db.session.scalars(select(RearrangementMove)))
    assert {h.meeting_id for h in history} == {m.meeting.id for m in planned.moves}
    assert all(h.from_chair_id == a.id and h.change == "moved" for h in history)
    mailed = set(db.session.scalars(select(OutboxMessage.meeting_id)))
    assert mailed == {m.meeting.id for m in planned.moves} and untouched.id not in mailed


def test_a_room_closed_moves_its_meetings_to_the_other_room(county):
    closed = county["rooms"][0]
    change = Change(
        "room_closed", "room_or_it_failure", room_id=closed.id, first_day=TUESDAY, last_day=TUESDAY
    )
    rearrangement = _repair(change)

    planned = preview(rearrangement)

    assert {m.meeting.id for m in planned.moves} == {m.id for m in county["meetings"][:2]}
    assert all(m.to.room_id != closed.id for m in planned.moves)
    assert _checked(rearrangement).violations == []


def test_an_attendee_who_cannot_come_moves_that_meeting_only(county):
    meeting = county["meetings"][2]
    person_id = meeting.request.attendees[0].person_id
    change = Change(
        "attendee_unavailable", "family_request", meeting_id=meeting.id, person_id=person_id
    )
    rearrangement = _repair(change)

    planned = preview(rearrangement)

    assert [m.meeting.id for m in planned.moves] == [meeting.id]
    assert planned.moves[0].to.starts_at != meeting.starts_at
    assert _checked(rearrangement).violations == []


def test_a_window_brought_forward_moves_the_meeting_inside_it(county):
    meeting = county["meetings"][2]  # Wednesday
    change = Change("brought_forward", "court", meeting_id=meeting.id, latest=date(2026, 3, 3))
    rearrangement = _repair(change)

    planned = preview(rearrangement)

    assert [m.meeting.id for m in planned.moves] == [meeting.id]
    assert planned.moves[0].to.starts_at.date() <= date(2026, 3, 3)


def test_a_window_change_the_meeting_still_fits_needs_no_repair(county):
    meeting = county["meetings"][2]
    change = Change(
        "window_changed",
        "placement",
        meeting_id=meeting.id,
        earliest=date(2026, 3, 2),
        latest=date(2026, 3, 20),
    )

    rearrangement = record_change(NOW, None, change)

    assert rearrangement.status == "applied" and rearrangement.plan_run_id is None


def test_a_cancelled_meeting_sends_a_cancel_to_each_recipient_and_nothing_else(county):
    meeting = county["meetings"][0]

    rearrangement = record_change(
        NOW, None, Change("cancelled", "placement", meeting_id=meeting.id)
    )

    assert rearrangement.status == "applied"
    assert db.session.get(Meeting, meeting.id).status == "cancelled"
    methods = list(db.session.scalars(select(OutboxMessage.method)))
    assert methods == ["CANCEL"] * 3  # the chair, the parent and the social worker


def test_a_move_out_of_timescale_needs_a_reason_and_the_agreeing_manager(county):
    a, _ = county["chairs"]
    late_request = county["meetings"][0].request
    late_request.latest = TUESDAY  # its last legal day is the day its chair is off
    late_request.allocated_chair_id, late_request.chair_fixed = a.id, True  # and no other may
    db.session.commit()
    rearrangement = _repair(_sick(a))
    late = [m for m in preview(rearrangement).moves if m.late]
    assert [m.meeting.id for m in late] == [county["meetings"][0].id]

    with pytest.raises(ServiceError, match="out of timescale"):
        confirm_repair(NOW, None, rearrangement.id)
    assert db.session.scalar(select(func.count()).select_from(RearrangementMove)) == 0

    decision = {late[0].meeting.id: "Court hearing moved"}
    confirm_repair(NOW, None, rearrangement.id, decision)
    row = db.session.scalar(
        select(RearrangementMove).where(RearrangementMove.meeting_id == late[0].meeting.id)
    )
    # Nobody signed in is a manager: the move keeps its reason and a manager is asked.
    assert (row.late_reason, row.late_agreed_by) == ("Court hearing moved", "")
    assert db.session.scalar(select(Approval.status).where(
        Approval.meeting_id == late[0].meeting.id)) == "pending"  # fmt: skip


def test_a_discarded_repair_moves_nothing_and_cannot_then_be_confirmed(county):
    a, _ = county["chairs"]
    rearrangement = _repair(_sick(a))

    discard_repair(NOW, None, rearrangement.id)

    with pytest.raises(ServiceError, match="already discarded"):
        confirm_repair(NOW, None, rearrangement.id)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (Change("chair_unavailable", "nonsense", chair_id=1), "reason"),
        (Change("chair_unavailable", "other", chair_id=1), "reason_text"),
        (Change("teleported", "court"), "kind"),
        (
            Change("chair_unavailable", "court", chair_id=1, first_day=WEDNESDAY, last_day=TUESDAY),
            "last_day",
        ),  # fmt: skip
        (Change("cancelled", "court", meeting_id=999_999), "meeting_id"),
        (Change("brought_forward", "court", meeting_id=3, latest=date(2026, 3, 20)), "latest"),
    ],
)
def test_bad_input_is_refused_in_words_and_changes_nothing(county, change, field):
    with pytest.raises(ServiceError) as refused:
        record_change(NOW, None, change)

    assert refused.value.field == field
    assert db.session.scalar(select(func.count()).select_from(Unavailability)) == 0


def test_over_real_smtp_only_the_moved_meetings_people_get_mail(county, smtp):
    """Each moved meeting: a REQUEST to its people and new chair, a CANCEL to the sick chair."""
    recorder, port, start = smtp
    start()
    a, _ = county["chairs"]
    rearrangement = _repair(_sick(a))
    moved = [db.session.get(Meeting, m.meeting.id) for m in preview(rearrangement).moves]
    confirm_repair(NOW, None, rearrangement.id)
    expected = sorted(
        [("REQUEST", r.email) for m in moved for r in recipients(m).values()]
        + [("CANCEL", a.email)] * len(moved)
    )

    relay_due(Clock(NOW), smtp_transport(port))

    assert sorted(_method_and_recipient(body) for body in recorder.received) == expected
    untouched = recipients(county["meetings"][2]).values()  # chair B's: only its people
    assert not {r.email for r in untouched if r.audience != "chair"} & {e for _, e in expected}


def _method_and_recipient(body: bytes) -> tuple[str, str]:
    method = "CANCEL" if "METHOD:CANCEL" in calendar_part(body) else "REQUEST"
    return method, parsed(body)["To"].addresses[0].addr_spec


def test_a_locked_meeting_the_change_does_not_touch_is_pinned_in_the_repair(county):
    a, _ = county["chairs"]
    locked = county["meetings"][2]
    set_locked(NOW, None, locked.id, True)

    rearrangement = record_change(NOW, None, _sick(a))

    movable = json.loads(db.session.get(PlanRun, rearrangement.plan_run_id).movable)
    assert locked.id not in movable and county["meetings"][0].id in movable


def test_locking_is_audited_and_only_for_confirmed_meetings(county):
    meeting = county["meetings"][0]

    set_locked(NOW, None, meeting.id, True)
    meeting.status = "held"

    assert "meeting.locked" in list(db.session.scalars(select(AuditEvent.action)))
    with pytest.raises(ServiceError, match="this one is held"):
        set_locked(NOW, None, meeting.id, False)


def test_a_repair_gone_stale_moves_nothing_and_can_be_made_again(county):
    a, _ = county["chairs"]
    rearrangement = _repair(_sick(a))
    cancelled = county["meetings"][0]
    cancel_request(NOW, None, cancelled.request_id, "court")  # after the repair read the calendar

    with pytest.raises(Clash) as refused:
        confirm_repair(NOW, None, rearrangement.id)

    assert refused.value.clashes == [
        "The meeting from 10:00 to 11:30 on Tue 3 Mar 2026 is cancelled now."
    ]
    assert db.session.get(Meeting, cancelled.id).status == "cancelled"
    moved = (
        select(func.count())
        .select_from(RearrangementMove)
        .where(RearrangementMove.rearrangement_id == rearrangement.id)
    )
    assert db.session.scalar(moved) == 0  # the cancellation's own record is all there is
    repair_again(NOW, None, rearrangement.id)
    plan_runs.execute_next_plan_run(lambda: NOW, deterministic=True, workers=1)
    db.session.expire_all()
    assert [m.meeting.id for m in preview(rearrangement).moves] == [county["meetings"][1].id]
    confirm_repair(NOW, None, rearrangement.id)


def test_a_closure_recorded_since_the_repair_makes_it_stale(county):
    a, _ = county["chairs"]
    rearrangement = _repair(_sick(a))
    for room in county["rooms"]:
        make_unavailability(
            room_id=room.id, kind="closure", starts_at=_at(3, 0), ends_at=_at(3, 23)
        )
    db.session.commit()

    with pytest.raises(Clash) as refused:
        confirm_repair(NOW, None, rearrangement.id)

    assert any("closed" in line or "unavailable" in line for line in refused.value.clashes)


def test_a_sick_chairs_meeting_later_today_is_listed_to_rearrange_by_hand(county):
    a, _ = county["chairs"]
    today = _meeting_today(county, a)

    planned = preview(_repair(_sick(a, first=date(2026, 3, 2))))

    listed = {m.meeting.id: m for m in planned.moves}
    assert listed[today.id].to is None and "rearrange it by hand" in listed[today.id].reasons[0]


def _meeting_today(county, chair):
    town = county["rooms"][0].locality
    meeting = make_booked_meeting(
        town, chair, county["rooms"][1], datetime(2026, 3, 2, 14, tzinfo=UTC)
    )
    db.session.commit()
    return meeting


def test_discarding_a_repair_not_yet_started_cancels_its_run(county):
    a, _ = county["chairs"]
    rearrangement = record_change(NOW, None, _sick(a))

    discard_repair(NOW, None, rearrangement.id)

    assert db.session.get(PlanRun, rearrangement.plan_run_id).status == "cancelled"


def test_a_late_moves_reason_is_kept_on_the_meeting_for_when_it_is_held(county):
    a, _ = county["chairs"]
    late_request = county["meetings"][0].request
    late_request.latest, late_request.allocated_chair_id, late_request.chair_fixed = (
        TUESDAY,
        a.id,
        True,
    )
    db.session.commit()
    rearrangement = _repair(_sick(a))
    meeting_id = county["meetings"][0].id

    manager = make_user(role="manager", name="Sam Lee")
    confirm_repair(NOW, manager.id, rearrangement.id, {meeting_id: "Court moved"})

    meeting = db.session.get(Meeting, meeting_id)
    assert (meeting.late_reason, meeting.late_agreed_by) == ("Court moved", "Sam Lee")


def test_a_window_moved_later_keeps_its_safe_day_inside_it(county):
    meeting = county["meetings"][2]
    meeting.request.preferred_latest = date(2026, 3, 20)  # before the new window opens
    change = Change(
        "window_changed", "court", meeting_id=meeting.id,
        earliest=date(2026, 4, 6), latest=date(2026, 4, 24),
    )  # fmt: skip

    record_change(NOW, None, change)

    request = db.session.get(Meeting, meeting.id).request
    assert date(2026, 4, 6) <= request.preferred_latest <= date(2026, 4, 24)


def test_a_cancelled_meeting_is_kept_in_the_history(county):
    meeting = county["meetings"][0]

    rearrangement = record_change(
        NOW, None, Change("cancelled", "placement", meeting_id=meeting.id)
    )

    assert [(m.meeting_id, m.change) for m in rearrangement.moves] == [(meeting.id, "cancelled")]


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def _hybrid_moving_from_a_to(county, link_of_b: str):
    """Chair A's first meeting made hybrid, its invite's link A's own; A is off sick."""
    a, b = county["chairs"]
    meeting = county["meetings"][0]
    meeting.request.format = "hybrid"
    a.personal_meeting_link, b.personal_meeting_link = "https://meet.example.org/a", link_of_b
    for chair in county["chairs"]:
        chair.portable_hybrid_kit = True
    db.session.commit()
    rearrangement = _repair(_sick(a))
    moved = {m.meeting.id: m.to for m in preview(rearrangement).moves}
    assert moved[meeting.id] is not None and moved[meeting.id].chair_id == b.id
    return rearrangement, meeting


def test_a_repair_moving_a_hybrid_meeting_to_a_chair_with_no_link_moves_nothing(app, county):
    rearrangement, meeting = _hybrid_moving_from_a_to(county, "")
    sent = db.session.scalar(select(func.count()).select_from(OutboxMessage))

    with pytest.raises(ServiceError, match=f"Nothing was moved: request {meeting.request_id} "):
        confirm_repair(NOW, None, rearrangement.id)

    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == sent
    assert db.session.scalar(select(func.count()).select_from(RearrangementMove)) == 0


def test_a_repair_moving_a_hybrid_meeting_to_a_chair_with_a_link_is_confirmed(app, county):
    rearrangement, meeting = _hybrid_moving_from_a_to(county, "https://meet.example.org/b")
    confirm_repair(NOW, None, rearrangement.id)
    assert db.session.get(Meeting, meeting.id).chair_id == county["chairs"][1].id
