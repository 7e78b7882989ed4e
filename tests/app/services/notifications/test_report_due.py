"""When professionals' reports are due, in working days before the meeting: 3 for an initial
child protection conference, 5 for a review conference, 3 for a children-in-care review; bank
holidays and weekends are not counted, and meetings that ask for no report have no due day."""

from datetime import UTC, date, datetime

import pytest

from app.services.notifications.notices import report_due
from tests.app.factories.rows import make_meeting, make_request

TUESDAY_10_MARCH = datetime(2026, 3, 10, 10, tzinfo=UTC)
TUESDAY_AFTER_EASTER = datetime(
    2026, 4, 7, 10, tzinfo=UTC
)  # Good Friday 3 Apr, Easter Monday 6 Apr


@pytest.mark.parametrize(
    ("meeting_type", "starts_at", "due"),
    [
        ("ICPC", TUESDAY_10_MARCH, date(2026, 3, 5)),  # Thu, Fri, Mon: 3 working days
        ("PREBIRTH_ICPC", TUESDAY_10_MARCH, date(2026, 3, 5)),
        ("RCPC", TUESDAY_10_MARCH, date(2026, 3, 3)),
        ("CIC_REVIEW", TUESDAY_10_MARCH, date(2026, 3, 5)),
        ("CIC_REVIEW", TUESDAY_AFTER_EASTER, date(2026, 3, 31)),  # Wed, Thu; then Tue 31 Mar
        ("STB_REVIEW", TUESDAY_10_MARCH, None),
    ],
)
def test_reports_are_due_working_days_before_the_meeting_by_its_type(
    app, meeting_type, starts_at, due
):
    request = make_request(meeting_type=meeting_type)
    meeting = make_meeting(request=request, starts_at=starts_at)

    assert report_due(meeting, request) == due
