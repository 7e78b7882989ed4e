"""Europe/London wall-clock times to UTC, across both 2026 clock changes."""

from datetime import UTC, date, datetime, time

import pytest

from app.time import NonexistentLocalTime, to_utc


def test_a_winter_time_is_the_same_in_utc():
    assert to_utc(date(2026, 1, 15), time(9, 30)) == datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


def test_a_summer_time_is_an_hour_ahead_of_utc():
    assert to_utc(date(2026, 7, 1), time(9, 30)) == datetime(2026, 7, 1, 8, 30, tzinfo=UTC)


def test_the_result_is_an_aware_utc_datetime():
    assert to_utc(date(2026, 7, 1), time(9, 30)).tzinfo is UTC


def test_a_time_in_the_spring_forward_hour_is_refused():
    with pytest.raises(NonexistentLocalTime, match="does not exist"):
        to_utc(date(2026, 3, 29), time(1, 30))


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (time(0, 59), datetime(2026, 3, 29, 0, 59, tzinfo=UTC)),
        (time(2, 0), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
    ],
)
def test_the_minutes_either_side_of_the_spring_forward_hour_exist(local, expected):
    assert to_utc(date(2026, 3, 29), local) == expected


def test_the_repeated_autumn_hour_means_its_first_occurrence_in_summer_time():
    assert to_utc(date(2026, 10, 25), time(1, 30)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_the_hour_after_the_autumn_change_is_winter_time():
    assert to_utc(date(2026, 10, 25), time(2, 0)) == datetime(2026, 10, 25, 2, 0, tzinfo=UTC)
