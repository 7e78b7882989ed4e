"""The statutory window of a request is computed by app.timescales, never typed."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from app.extensions import db
from app.models import MeetingRequest
from tests.app.factories.cases import count, date_parts, make_unborn_child, staff_signed_in
from tests.app.factories.rows import make_case, make_request

STRATEGY_DISCUSSION = date(2025, 12, 18)  # worked example: ICPC latest Tue 2026-01-13


@pytest.fixture
def admin(app, client):
    # After every trigger below and before the pre-birth examples' expected delivery; the worked
    # examples' windows have passed, so the form says it is recording them late.
    with time_machine.travel(datetime(2026, 3, 20, 9, 0, tzinfo=UTC)):
        yield staff_signed_in(app, client)


def _form(**overrides) -> dict:
    return {"meeting_type": "ICPC", "sequence": "first",
            "trigger_date": date_parts(STRATEGY_DISCUSSION), "format": "in_person",
            "duration_minutes": "120", "recording_late": "y", **overrides}  # fmt: skip


def _create(client, case, **overrides):
    return client.post(f"/requests/new?case={case.reference}", data=_form(**overrides))


def test_an_icpc_window_is_computed_from_the_strategy_discussion(client, admin):
    case = make_case()
    db.session.commit()
    assert _create(client, case).status_code == 302
    created = db.session.query(MeetingRequest).one()
    assert (created.earliest, created.preferred_latest, created.latest) == (
        date(2025, 12, 29),
        date(2026, 1, 6),
        date(2026, 1, 13),
    )


def test_the_request_page_shows_the_window_with_its_rule_in_words(client, admin):
    case = make_case()
    db.session.commit()
    page = client.get(_create(client, case).headers["Location"]).get_data(as_text=True)
    assert "Tue 13 Jan 2026" in page
    assert "15 working days after the strategy discussion on Thu 18 Dec 2025" in page


def test_changing_the_trigger_recomputes_the_window(client, admin):
    case = make_case()
    db.session.commit()
    _create(client, case)
    created = db.session.query(MeetingRequest).one()
    # Fri 9 Sep 2022: the state funeral (Mon 19 Sep) is skipped, so the latest day is Mon 3 Oct.
    data = _form(trigger_date=date_parts(date(2022, 9, 9)))
    assert client.post(f"/requests/{created.id}/edit", data=data).status_code == 302
    db.session.refresh(created)
    assert created.latest == date(2022, 10, 3)
    assert "Thu 18 Dec 2025" not in created.window_rule


def test_a_latest_day_typed_by_hand_is_ignored(client, admin):
    case = make_case()
    db.session.commit()
    _create(client, case, latest=date_parts(date(2026, 12, 31)), earliest="2026-12-01")
    assert db.session.query(MeetingRequest).one().latest == date(2026, 1, 13)


def test_editing_other_fields_leaves_the_stored_window_alone(client, admin):
    meeting_request = make_request(meeting_type="ICPC", sequence="first",
                                   trigger_date=STRATEGY_DISCUSSION, earliest=date(2025, 12, 29),
                                   latest=date(2026, 1, 13), window_rule="as agreed")  # fmt: skip
    db.session.commit()
    data = _form(notes="Bring the ramp.")
    assert client.post(f"/requests/{meeting_request.id}/edit", data=data).status_code == 302
    db.session.refresh(meeting_request)
    assert (meeting_request.notes, meeting_request.window_rule) == ("Bring the ramp.", "as agreed")


def test_a_timescale_error_becomes_a_form_error_and_nothing_is_saved(client, admin):
    case = make_case()
    db.session.commit()
    response = _create(client, case, sequence="second")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and "has no second meeting" in page
    assert count(MeetingRequest) == 0


def test_a_prebirth_conference_counts_from_the_unborn_childs_edd(client, admin):
    case = make_case()
    make_unborn_child(case, date(2026, 6, 10))
    db.session.commit()
    response = _create(client, case, meeting_type="PREBIRTH_ICPC",
                       trigger_date=date_parts(date(2026, 3, 18)))  # fmt: skip
    assert response.status_code == 302
    created = db.session.query(MeetingRequest).one()
    assert (created.earliest, created.latest) == (date(2026, 4, 1), date(2026, 4, 10))
    assert created.expected_delivery == date(2026, 6, 10)


def test_a_prebirth_conference_without_an_edd_is_refused(client, admin):
    case = make_case()
    db.session.commit()
    response = _create(client, case, meeting_type="PREBIRTH_ICPC",
                       trigger_date=date_parts(date(2026, 3, 18)))  # fmt: skip
    assert response.status_code == 400
    assert "expected date of delivery" in response.get_data(as_text=True)
    assert count(MeetingRequest) == 0


def test_changing_the_edd_of_a_prebirth_conference_recomputes_its_earliest_day(client, admin):
    case = make_case()
    make_unborn_child(case, date(2026, 6, 10))
    db.session.commit()
    prebirth = {"meeting_type": "PREBIRTH_ICPC", "trigger_date": date_parts(date(2026, 3, 18))}
    _create(client, case, **prebirth)
    created = db.session.query(MeetingRequest).one()
    data = _form(**prebirth, expected_delivery=date_parts(date(2026, 6, 17)))
    assert client.post(f"/requests/{created.id}/edit", data=data).status_code == 302
    db.session.refresh(created)
    assert created.earliest == date(2026, 4, 8)  # 30 weeks' gestation: EDD − 10 weeks
