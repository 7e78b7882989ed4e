"""Recording a meeting already held that was never booked in Quorum: it ends as a booked meeting
marked held would (held_on, the next request of its chain, the late-meeting rule, the audit
log), sends nothing, and is refused in words when it could not have happened: a day to come,
a time the clocks skip, a chair or room already taken, a request with a booked meeting."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import Approval, AuditEvent, Meeting, MeetingRequest
from app.services import ServiceError
from app.services.booking.bookings import book_meeting
from app.services.booking.held import HeldMeeting, mark_held, record_held
from app.time import LONDON
from tests.app.factories.cases import count, date_parts, requests_for, staff_signed_in
from tests.app.factories.outbox import add_attendee, outbox_count
from tests.app.factories.rows import make_chair, make_meeting, make_person, make_request, make_room

# Monday 1 June 2026, 10:00:30 in London (BST): 10:00 today has just passed, 10:01 has not.
NOW = datetime(2026, 6, 1, 9, 0, 30, tzinfo=UTC)
THURSDAY = date(2026, 5, 28)
LATE_REASON = "Chair off sick; the family asked for the next free date"


@pytest.fixture(autouse=True)
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def admin(app, client):
    return staff_signed_in(app, client)


@pytest.fixture
def world(app):
    """An open ICPC whose window runs to Wed 10 Jun, with a parent and a social worker to
    invite (so a booking would queue invites), a chair and a room."""
    request = _icpc()
    chair, room = make_chair(), make_room()
    db.session.commit()
    return request, chair, room


def _icpc(**overrides) -> MeetingRequest:
    fields = {"meeting_type": "ICPC", "sequence": "first", "trigger_date": date(2026, 5, 20),
              "earliest": date(2026, 5, 20), "latest": date(2026, 6, 10),
              "duration_minutes": 120, **overrides}  # fmt: skip
    request = make_request(**fields)
    for role in ("parent", "social_worker"):
        add_attendee(request, make_person(role=role))
    return request


def _form(chair, room=None, day: date = THURSDAY, start: str = "10:00", **extra) -> dict:
    return {"day": date_parts(day), "start": start, "chair": str(chair.id),
            "room": str(room.id) if room else "", "duration_minutes": "", **extra}  # fmt: skip


def _record(client, request, form: dict):
    return client.post(f"/requests/{request.id}/record-held", data=form)


def _nothing_recorded(request) -> None:
    db.session.expire_all()
    assert db.session.get(MeetingRequest, request.id).status == "open"
    assert (count(Meeting), count(MeetingRequest), outbox_count()) == (0, 1, 0)
    assert _audited() == 0


def _audited() -> int:
    """Audit rows about meetings and requests (signing in writes its own)."""
    kinds = AuditEvent.object_type.in_(("Meeting", "MeetingRequest"))
    return len(db.session.scalars(select(AuditEvent.id).where(kinds)).all())


def _at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), LONDON).astimezone(UTC)


# -- the happy path -------------------------------------------------------------------------------


def test_a_recorded_meeting_is_held_requests_the_next_and_sends_nothing(client, admin, world):
    request, chair, room = world

    response = _record(client, request, _form(chair, room))

    assert response.status_code == 302
    meeting = db.session.scalars(select(Meeting)).one()
    assert (meeting.status, meeting.held_on, meeting.chair_id, meeting.room_id) == (
        "held", THURSDAY, chair.id, room.id,
    )  # fmt: skip
    assert meeting.starts_at == _at(THURSDAY, "10:00")
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=120)  # the request's length
    assert db.session.get(MeetingRequest, request.id).status == "held"
    following = requests_for(request.case)[-1]
    assert (following.meeting_type, following.sequence, following.trigger_date) == (
        "RCPC", "first", THURSDAY,
    )  # fmt: skip
    assert response.headers["Location"].endswith(f"/requests/{following.id}")
    assert outbox_count() == 0
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"meeting.recorded", "meeting.held", "request.held", "request.create"} <= actions


def test_it_ends_as_a_booked_meeting_marked_held_would_but_sends_nothing(app):
    booked, recorded = _icpc(), _icpc()
    chair_a, chair_b = make_chair(), make_chair()
    db.session.commit()
    starts_at = _at(THURSDAY, "10:00")
    booked_at = starts_at - timedelta(days=7)
    book_meeting(booked_at, None, booked.id, starts_at, starts_at + timedelta(minutes=120),
                 chair_a.id, None)  # fmt: skip
    invites = outbox_count()
    next_after_booked = mark_held(NOW, None, booked.id, False, "")

    next_after_recorded = record_held(
        NOW, None, recorded.id, HeldMeeting(THURSDAY, time(10), chair_b.id), False, ""
    )

    assert invites > 0 and outbox_count() == invites  # the booking's invites; nothing more
    both = [db.session.scalars(select(Meeting).filter_by(request_id=r.id)).one()
            for r in (booked, recorded)]  # fmt: skip
    state = [(m.status, m.held_on, m.starts_at, m.ends_at, m.late_reason, m.late_agreed_by,
              m.request.status) for m in both]  # fmt: skip
    assert state[0] == state[1]
    assert next_after_booked is not None and next_after_recorded is not None
    window = [(r.meeting_type, r.sequence, r.trigger_date, r.earliest, r.latest, r.status,
               r.duration_minutes, len(r.attendees))
              for r in (next_after_booked, next_after_recorded)]  # fmt: skip
    assert window[0] == window[1]
    assert next_after_recorded.allocated_chair_id == chair_b.id  # the RCPC goes to its chair


def test_ticking_that_the_plan_has_ended_requests_nothing_further(client, admin, world):
    request, chair, room = world

    response = _record(client, request, _form(chair, plan_ended="y"))

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/requests/{request.id}")
    assert (count(Meeting), count(MeetingRequest), outbox_count()) == (1, 1, 0)


def test_a_length_given_is_kept(client, admin, world):
    request, chair, room = world

    _record(client, request, _form(chair, duration_minutes="45"))

    meeting = db.session.scalars(select(Meeting)).one()
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=45)


# -- when it was held -----------------------------------------------------------------------------


def test_a_time_just_past_today_is_accepted(client, admin, world):
    request, chair, room = world

    response = _record(client, request, _form(chair, day=date(2026, 6, 1), start="10:00"))

    assert response.status_code == 302
    assert db.session.scalars(select(Meeting)).one().held_on == date(2026, 6, 1)
    assert outbox_count() == 0


def test_a_time_still_to_come_today_is_refused_on_the_start_field(client, admin, world):
    request, chair, room = world

    response = _record(client, request, _form(chair, day=date(2026, 6, 1), start="10:01"))

    assert response.status_code == 400
    assert "10:01 today has not come yet" in response.get_data(as_text=True)
    _nothing_recorded(request)


def test_a_day_to_come_is_refused_on_the_day_field(client, admin, world):
    request, chair, room = world

    response = _record(client, request, _form(chair, day=date(2026, 6, 2), start="09:00"))

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Tue 2 Jun 2026 has not come yet" in page and 'href="#day' in page
    _nothing_recorded(request)


def test_a_day_before_the_trigger_is_refused(client, admin, world):
    request, chair, room = world

    response = _record(client, request, _form(chair, day=date(2026, 5, 19)))

    assert response.status_code == 400
    assert "before Wed 20 May 2026, the request&#39;s trigger date" in response.get_data(
        as_text=True
    )
    _nothing_recorded(request)


def test_a_time_the_clocks_skip_is_refused_like_the_other_forms(client, admin, app):
    request = _icpc(trigger_date=date(2026, 3, 20), earliest=date(2026, 3, 20),
                    latest=date(2026, 4, 10))  # fmt: skip
    chair = make_chair()
    db.session.commit()

    response = _record(client, request, _form(chair, day=date(2026, 3, 29), start="01:30"))

    assert response.status_code == 400
    assert "does not exist in UK time" in response.get_data(as_text=True)
    _nothing_recorded(request)


# -- out of timescale -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("late", "words"),
    [
        ({}, "Enter why."),
        # A typed manager's name is no longer read: it is not the reason.
        ({"late_agreed_by": "Pat Manager"}, "Enter why."),
        ({"late_reason": "  "}, "Enter why."),
    ],
)
def test_a_late_meeting_without_the_reason_is_refused(client, admin, app, late, words):
    request = _icpc(latest=date(2026, 5, 27))
    chair = make_chair()
    db.session.commit()

    response = _record(client, request, _form(chair, **late))

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "out of timescale" in page and words in page
    _nothing_recorded(request)


def test_a_late_meeting_keeps_the_reason_and_asks_a_manager(client, admin, app):
    request = _icpc(latest=date(2026, 5, 27))
    chair = make_chair()
    db.session.commit()

    response = _record(
        client, request, _form(chair, late_reason=LATE_REASON, late_agreed_by="Pat Manager")
    )

    assert response.status_code == 302
    meeting = db.session.scalars(select(Meeting)).one()
    assert (meeting.status, meeting.late_reason, meeting.late_agreed_by) == (
        "held", LATE_REASON, "",
    )  # fmt: skip
    approval = db.session.scalars(select(Approval)).one()
    assert (approval.kind, approval.status, approval.meeting_id, approval.reason) == (
        "late_meeting", "pending", meeting.id, LATE_REASON)  # fmt: skip
    held = [d for d in db.session.scalars(select(AuditEvent.detail)) if "out of timescale" in d]
    assert len(held) == 1 and "awaiting a manager" in held[0] and LATE_REASON in held[0]
    assert outbox_count() == 0


def test_a_meeting_in_timescale_keeps_no_late_reason(client, admin, world):
    request, chair, room = world

    _record(client, request, _form(chair, late_reason=LATE_REASON))

    meeting = db.session.scalars(select(Meeting)).one()
    assert (meeting.late_reason, meeting.late_agreed_by) == ("", "")
    assert count(Approval) == 0


# -- what it must not clash with ------------------------------------------------------------------


def test_a_request_with_a_booked_meeting_is_refused(client, admin, world):
    request, chair, room = world
    booked = make_meeting(request=request, chair=chair, starts_at=_at(THURSDAY, "14:00"))
    request.status = "booked"
    db.session.commit()

    response = _record(client, request, _form(chair))

    assert response.status_code == 400
    assert "has a booked meeting" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [m.id for m in db.session.scalars(select(Meeting))] == [booked.id]
    assert db.session.get(Meeting, booked.id).status == "confirmed"
    assert (count(MeetingRequest), outbox_count(), _audited()) == (1, 0, 0)


def test_a_held_request_is_refused(app, world):
    request, chair, room = world
    request.status = "held"
    db.session.commit()

    with pytest.raises(ServiceError, match="already held"):
        record_held(NOW, None, request.id, HeldMeeting(THURSDAY, time(10), chair.id),
                    False, "")  # fmt: skip


def test_overlapping_a_meeting_the_same_chair_held_is_refused_in_words(client, admin, world):
    request, chair, room = world
    other = make_meeting(chair=chair, starts_at=_at(THURSDAY, "10:00"), status="held",
                         held_on=THURSDAY)  # 10:00 to 11:30  # fmt: skip
    db.session.commit()

    response = _record(client, request, _form(chair, start="11:00"))

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    slot = "from 10:00 to 11:30 on Thu 28 May 2026"
    assert f"{chair.name} is already chairing a meeting {slot}" in page
    db.session.expire_all()
    assert [m.id for m in db.session.scalars(select(Meeting))] == [other.id]
    assert db.session.get(MeetingRequest, request.id).status == "open"
    assert (count(MeetingRequest), outbox_count(), _audited()) == (2, 0, 0)


def test_overlapping_a_meeting_in_the_same_room_is_refused_in_words(client, admin, world):
    request, chair, room = world
    make_meeting(room=room, starts_at=_at(THURSDAY, "10:00"), status="held", held_on=THURSDAY)
    db.session.commit()

    response = _record(client, request, _form(chair, room, start="11:00"))

    assert response.status_code == 400
    assert f"{room.name} is already booked from 10:00 to 11:30" in response.get_data(as_text=True)
    assert (count(Meeting), outbox_count()) == (1, 0)


def test_a_meeting_straight_after_the_chairs_last_is_accepted(client, admin, world):
    request, chair, room = world
    make_meeting(chair=chair, starts_at=_at(THURSDAY, "08:30"), status="held", held_on=THURSDAY)
    db.session.commit()

    assert _record(client, request, _form(chair, start="10:00")).status_code == 302


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"day": ["", "", ""]}, "Enter the day it was held"),
        ({"day": ["31", "2", "2026"]}, "must be a real date"),
        ({"day": ["1", "1", "1999"]}, "2000"),
        ({"start": ""}, "Enter the time it started"),
        ({"start": "25:00"}, "like 09:30"),
        ({"chair": ""}, "Choose the chair who chaired it."),
        ({"chair": "2147483647"}, "Choose the chair who chaired it."),
        ({"chair": "99999999999999999999"}, "could not coerce"),
        ({"room": "2147483647"}, "Choose a room from the list"),
        ({"duration_minutes": "50"}, "multiple of 15"),
        ({"duration_minutes": "ninety"}, "Length in minutes must be a whole number"),
        ({"duration_minutes": "99999999999999999999"}, "multiple of 15"),
        ({"late_reason": "r" * 2001}, "must be 2,000 characters or fewer"),
    ],
)
def test_bad_input_is_an_error_on_the_form_and_changes_nothing(client, admin, world, change, words):
    request, chair, room = world

    response = _record(client, request, {**_form(chair, room), **change})

    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    _nothing_recorded(request)


def test_a_request_that_does_not_exist_is_404(client, admin, world):
    assert client.get("/requests/2147483647/record-held").status_code == 404


# -- the pages that lead to it --------------------------------------------------------------------


def test_an_open_requests_page_links_to_it_and_a_booked_ones_does_not(client, admin, world):
    request, chair, room = world
    link = f'href="/requests/{request.id}/record-held"'

    assert link in client.get(f"/requests/{request.id}").get_data(as_text=True)
    make_meeting(request=request, chair=chair, starts_at=_at(date(2026, 6, 3), "10:00"))
    request.status = "booked"
    db.session.commit()
    assert link not in client.get(f"/requests/{request.id}").get_data(as_text=True)
    page = client.get(f"/requests/{request.id}/record-held").get_data(as_text=True)
    assert "mark that meeting held" in page and 'name="day"' not in page


def test_the_form_says_nothing_is_sent(client, admin, world):
    request, chair, room = world

    response = client.get(f"/requests/{request.id}/record-held")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nothing is sent" in page and chair.name in page and room.name in page


def test_booking_a_past_day_by_hand_points_to_recording_it(client, admin, world):
    request, chair, room = world

    response = client.post(f"/requests/{request.id}/times", data=_form(chair, room))

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Thu 28 May 2026 has passed" in page
    assert "Record a meeting already held" in page
    assert f'href="/requests/{request.id}/record-held"' in page
    assert (count(Meeting), outbox_count()) == (0, 0)
