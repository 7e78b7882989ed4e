"""Requests at risk: red (on or past the latest day), amber (within 5 working days of it),
unscheduled (no meeting at all); staff only."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.services.requests.at_risk import at_risk, classify
from tests.app.auth_helpers import signed_in_as
from tests.app.factories.rows import make_case, make_meeting, make_request

MON_2_MAR = date(2026, 3, 2)
WED_1_APR = date(2026, 4, 1)  # Good Friday 3 Apr and Easter Monday 6 Apr follow


@pytest.mark.parametrize(
    ("today", "latest", "expected"),
    [
        (MON_2_MAR, date(2026, 2, 27), "red"),  # past the latest day
        (MON_2_MAR, MON_2_MAR, "red"),  # the latest day is today
        (MON_2_MAR, date(2026, 3, 3), "amber"),  # 1 working day left
        (MON_2_MAR, date(2026, 3, 9), "amber"),  # 5 working days left
        (MON_2_MAR, date(2026, 3, 10), None),  # 6 working days left
        (WED_1_APR, date(2026, 4, 10), "amber"),  # 9 calendar days but 5 working days
        (WED_1_APR, date(2026, 4, 13), None),  # 6 working days over Easter
        (date(2026, 3, 7), date(2026, 3, 9), "amber"),  # a Saturday: Monday is 1 working day
    ],
)
def test_classification_boundaries(today, latest, expected):
    assert classify(today, latest) == expected


def _open_request(reference: str, latest: date, **overrides):
    case = make_case(reference=reference)
    return make_request(case=case, earliest=date(2026, 2, 2), latest=latest, **overrides)


def test_an_open_request_without_a_meeting_is_sorted_by_its_latest_day(app):
    red = _open_request("RED001", MON_2_MAR)
    amber = _open_request("AMBER1", date(2026, 3, 9))
    unscheduled = _open_request("LATER1", date(2026, 3, 10))
    result = at_risk(MON_2_MAR)
    assert [row.request_id for row in result.red] == [red.id]
    assert [row.request_id for row in result.amber] == [amber.id]
    assert [row.request_id for row in result.unscheduled] == [unscheduled.id]


def test_a_confirmed_or_held_meeting_takes_a_request_off_the_list(app):
    for status in ("confirmed", "held"):
        make_meeting(request=_open_request(f"OK{status[:4].upper()}", MON_2_MAR), status=status)
    assert at_risk(MON_2_MAR).counts() == {"red": 0, "amber": 0, "unscheduled": 0}


def test_a_proposal_alone_leaves_a_request_at_risk_but_not_unscheduled(app):
    late = make_meeting(request=_open_request("PROP01", MON_2_MAR), status="proposed")
    make_meeting(request=_open_request("PROP02", date(2026, 3, 20)), status="proposed")
    result = at_risk(MON_2_MAR)
    assert [(row.request_id, row.proposed) for row in result.red] == [(late.request_id, True)]
    assert result.unscheduled == []


def test_a_cancelled_meeting_does_not_count_as_a_meeting(app):
    make_meeting(request=_open_request("CANC01", date(2026, 3, 20)), status="cancelled")
    assert [row.case_reference for row in at_risk(MON_2_MAR).unscheduled] == ["CANC01"]


def test_requests_that_are_not_open_are_never_at_risk(app):
    for status in ("booked", "held", "cancelled"):
        _open_request(f"NOT{status[:3].upper()}", MON_2_MAR, status=status)
    assert at_risk(MON_2_MAR).counts() == {"red": 0, "amber": 0, "unscheduled": 0}


def test_the_page_links_each_request_and_reads_today_in_london(client):
    # 23:30Z on Sun 29 Mar 2026 is already Monday 30 March in London (BST).
    request = _open_request("LINK01", date(2026, 3, 30))
    with time_machine.travel(datetime(2026, 3, 29, 23, 30, tzinfo=UTC), tick=False):
        signed_in_as(client, "manager")
        page = client.get("/at-risk").get_data(as_text=True)
    red = page[page.index('id="red"') : page.index('id="amber"')]
    assert f'href="/requests/{request.id}"' in red
    assert "LINK01" in red


def test_the_start_page_shows_the_at_risk_counts_to_staff(client):
    _open_request("DASH01", date(2026, 3, 2))
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        signed_in_as(client, "admin")
        page = client.get("/").get_data(as_text=True)
    assert "1 red" in page
    assert 'href="/at-risk"' in page


def test_a_chair_is_refused_the_at_risk_page(client):
    signed_in_as(client, "chair")
    assert client.get("/at-risk").status_code == 403
