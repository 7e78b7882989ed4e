"""The unavailability service, shared by rooms, chairs and people, and its table's constraints."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from app.models import Unavailability
from app.services import NotFound, ServiceError
from app.services import unavailability as service
from app.services.unavailability import Period
from tests.app.factories import NOW, make_chair, make_person, make_room
from tests.app.factories_admin import count, make_unavailability


def period(kind="leave", start=(2026, 6, 1, 9, 0), end=(2026, 6, 1, 17, 0), note="") -> Period:
    return Period(kind, date(*start[:3]), time(*start[3:]), date(*end[:3]), time(*end[3:]), note)


def test_a_chairs_leave_is_added(app):
    chair = make_chair()
    row = service.add(NOW, None, chair, period())
    assert (row.chair_id, row.room_id, row.person_id, row.kind) == (chair.id, None, None, "leave")


def test_a_room_takes_only_closures(app):
    with pytest.raises(ServiceError, match="Select a kind from the list"):
        service.add(NOW, None, make_room(), period(kind="leave"))


def test_a_person_cannot_be_closed(app):
    with pytest.raises(ServiceError, match="Select a kind from the list"):
        service.add(NOW, None, make_person(), period(kind="closure"))


def test_a_start_in_the_spring_forward_gap_is_refused_on_the_start_time(app):
    with pytest.raises(ServiceError) as refusal:
        service.add(NOW, None, make_chair(), period(start=(2026, 3, 29, 1, 30)))
    assert refusal.value.field == "starts_at"


def test_an_end_in_the_spring_forward_gap_is_refused_on_the_end_time(app):
    with pytest.raises(ServiceError) as refusal:
        service.add(
            NOW, None, make_chair(), period(start=(2026, 3, 28, 9, 0), end=(2026, 3, 29, 1, 0))
        )
    assert refusal.value.field == "ends_at"


def test_a_period_across_the_autumn_change_lasts_the_real_elapsed_time(app):
    row = service.add(
        NOW, None, make_chair(), period(start=(2026, 10, 24, 18, 0), end=(2026, 10, 25, 18, 0))
    )
    assert row.ends_at - row.starts_at == timedelta(hours=25)


def test_a_period_ending_in_the_repeated_autumn_hour_ends_at_its_first_occurrence(app):
    row = service.add(
        NOW, None, make_chair(), period(start=(2026, 10, 25, 0, 30), end=(2026, 10, 25, 1, 30))
    )
    assert row.ends_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_an_end_before_the_start_changes_nothing(app):
    with pytest.raises(ServiceError, match="The end must be after the start"):
        service.add(
            NOW, None, make_chair(), period(start=(2026, 6, 2, 9, 0), end=(2026, 6, 1, 9, 0))
        )
    assert count(Unavailability) == 0


def test_a_note_over_200_characters_is_refused(app):
    with pytest.raises(ServiceError, match="Note must be 200 characters or fewer"):
        service.add(NOW, None, make_chair(), period(note="x" * 201))


def test_periods_that_have_ended_are_not_listed(app):
    chair = make_chair()
    make_unavailability(chair_id=chair.id, starts_at=NOW - timedelta(days=2))
    current = make_unavailability(chair_id=chair.id, starts_at=NOW - timedelta(hours=1))
    assert service.periods_of(chair, NOW) == [current]


def test_another_owners_period_cannot_be_removed(app):
    chair, other = make_chair(), make_chair()
    row = make_unavailability(chair_id=other.id)
    with pytest.raises(NotFound):
        service.remove(NOW, None, chair, row.id)


def test_the_database_refuses_a_period_with_two_owners(app):
    chair, room = make_chair(), make_room()
    with pytest.raises(IntegrityError):
        make_unavailability(chair_id=chair.id, room_id=room.id)


def test_the_database_refuses_a_period_that_ends_as_it_starts(app):
    chair = make_chair()
    with pytest.raises(IntegrityError):
        make_unavailability(chair_id=chair.id, starts_at=NOW, ends_at=NOW)


def test_the_database_refuses_an_unknown_kind(app):
    with pytest.raises(IntegrityError):
        make_unavailability(chair_id=make_chair().id, kind="holiday")


def test_the_database_refuses_a_naive_time(app):
    with pytest.raises(Exception, match="naive datetime"):
        make_unavailability(chair_id=make_chair().id, starts_at=datetime(2026, 6, 1, 9, 0))
