"""A room or a chair never holds two overlapping confirmed or held meetings: the database
refuses it (PostgreSQL exclusion constraints, SQLite triggers), on both databases."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.services.booking.bookings import BookingConflict, book_meeting
from tests.app.factories.rows import NOW, make_chair, make_meeting, make_request, make_room

TEN = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)

# (existing meeting, new meeting) in hours after 10:00, and whether the new one may be booked.
INTERVALS = [
    ((0, 1), (1, 2), True),  # touching: ends 11:00, next starts 11:00
    ((1, 2), (0, 1), True),  # touching the other way
    ((0, 2), (1, 3), False),  # overlapping the end
    ((1, 3), (0, 2), False),  # overlapping the start
    ((0, 3), (1, 2), False),  # inside
    ((1, 2), (0, 3), False),  # around
    ((0, 1), (0, 1), False),  # identical
]


RESOURCES = {"room": make_room, "chair": make_chair}


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize(("existing", "new", "allowed"), INTERVALS)
def test_a_room_or_chair_takes_a_second_meeting_only_when_the_times_do_not_overlap(
    app, resource, existing, new, allowed
):
    shared = {resource: RESOURCES[resource]()}
    make_meeting(**shared, starts_at=TEN + existing[0] * HOUR, ends_at=TEN + existing[1] * HOUR)
    db.session.commit()
    # Added as a proposal (which blocks nothing), then confirmed: the UPDATE path is checked too.
    clash = make_meeting(
        **shared, starts_at=TEN + new[0] * HOUR, ends_at=TEN + new[1] * HOUR, status="proposed"
    )
    db.session.commit()
    clash.status = "confirmed"
    if allowed:
        db.session.commit()
    else:
        with pytest.raises(IntegrityError, match=f"meetings_{resource}_no_overlap"):
            db.session.commit()


@pytest.mark.parametrize("status", ["proposed", "cancelled"])
def test_proposed_and_cancelled_meetings_block_nothing(app, status):
    room, chair = make_room(), make_chair()
    make_meeting(room=room, chair=chair, starts_at=TEN, ends_at=TEN + HOUR, status=status)
    make_meeting(room=room, chair=chair, starts_at=TEN, ends_at=TEN + HOUR, status="confirmed")
    db.session.commit()


def test_a_held_meeting_blocks_its_room(app):
    room = make_room()
    make_meeting(room=room, starts_at=TEN, ends_at=TEN + HOUR, status="held")
    with pytest.raises(IntegrityError, match="meetings_room_no_overlap"):
        make_meeting(room=room, starts_at=TEN, ends_at=TEN + HOUR, status="confirmed")


def test_booking_a_taken_room_says_which_room_and_when_and_changes_nothing(app):
    room = make_room(name="Boston Family Centre, Room 2")
    make_meeting(room=room, starts_at=TEN, ends_at=TEN + HOUR)
    request = make_request()
    db.session.commit()
    with pytest.raises(BookingConflict) as refused:
        book_meeting(NOW, None, request.id, TEN, TEN + HOUR, make_chair().id, room.id)
    assert str(refused.value) == (
        "Boston Family Centre, Room 2 is already booked from 10:00 to 11:00 on Tue 3 Mar 2026."
    )
    assert db.session.scalar(text("SELECT count(*) FROM meetings")) == 1
    assert db.session.get(type(request), request.id).status == "open"


ATTEMPTS = 50


def test_fifty_concurrent_bookings_of_one_room_and_slot_give_exactly_one_meeting(app):
    room = make_room()
    chairs = [make_chair() for _ in range(ATTEMPTS)]
    requests = [make_request() for _ in range(ATTEMPTS)]
    room_id = room.id
    attempts = [(r.id, c.id) for r, c in zip(requests, chairs, strict=True)]
    # Commit and read nothing more here: on SQLite a read would begin a transaction and hold
    # the write lock that the 50 threads are waiting for.
    db.session.commit()
    start = threading.Barrier(ATTEMPTS)

    def attempt(ids: tuple[int, int]) -> str:
        request_id, chair_id = ids
        with app.app_context():
            start.wait()
            try:
                book_meeting(NOW, None, request_id, TEN, TEN + HOUR, chair_id, room_id)
                return "booked"
            except BookingConflict as conflict:
                assert "is already booked" in conflict.message
                return "conflict"
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        outcomes = list(pool.map(attempt, attempts))

    assert outcomes.count("booked") == 1
    assert outcomes.count("conflict") == ATTEMPTS - 1
    assert _overlapping_pairs() == 0


def _overlapping_pairs() -> int:
    """The independent check: a self-join over every blocking meeting of each room."""
    return db.session.scalar(
        text(
            "SELECT count(*) FROM meetings a JOIN meetings b "
            "ON a.room_id = b.room_id AND a.id < b.id "
            "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at "
            "WHERE a.status IN ('confirmed', 'held') AND b.status IN ('confirmed', 'held')"
        )
    )
