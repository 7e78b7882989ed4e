"""Meeting request pages: list, create, edit, cancel; checks on what an admin enters."""

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import MeetingRequest, OutboxMessage, RequestAttendee
from tests.app.factories.cases import (
    audit_details,
    count,
    date_parts,
    make_kept_apart,
    make_party,
    staff_signed_in,
)
from tests.app.factories.rows import (
    make_case,
    make_chair,
    make_locality,
    make_meeting,
    make_request,
)


@pytest.fixture
def admin(app, client):
    return staff_signed_in(app, client)


def _form(**overrides) -> dict:
    return {"meeting_type": "CIC_REVIEW", "sequence": "first",
            "trigger_date": date_parts(date(2025, 12, 8)), "format": "in_person",
            "recording_late": "y", **overrides}  # fmt: skip


def _create(client, case, **overrides):
    return client.post(f"/requests/new?case={case.reference}", data=_form(**overrides))


def _refused_unchanged(response, message: str) -> None:
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert count(MeetingRequest) == 0


def test_the_request_list_filters_by_type(client, admin):
    make_request(meeting_type="ICPC", sequence="first", case=make_case(reference="CICPC1"))
    make_request(case=make_case(reference="CCIC01"))
    db.session.commit()
    page = client.get("/requests?meeting_type=ICPC").get_data(as_text=True)
    assert "CICPC1" in page and "CCIC01" not in page


def test_the_request_list_filters_by_window_ending_on_or_before_a_day(client, admin):
    make_request(case=make_case(reference="CSOON1"), latest=date(2026, 3, 13))
    make_request(case=make_case(reference="CLATER"), latest=date(2026, 3, 27))
    db.session.commit()
    page = client.get("/requests?ends_before=13&ends_before=3&ends_before=2026").get_data(
        as_text=True
    )
    assert "CSOON1" in page and "CLATER" not in page


def test_the_request_list_filters_by_locality(client, admin):
    here = make_locality(name="Louth")
    make_request(case=make_case(reference="CHERE1", home_locality=here))
    make_request(case=make_case(reference="CTHERE"))
    db.session.commit()
    page = client.get(f"/requests?locality={here.id}").get_data(as_text=True)
    assert "CHERE1" in page and "CTHERE" not in page


def test_held_requests_are_listed_only_when_asked(client, admin):
    make_request(case=make_case(reference="CHELD1"), status="held")
    db.session.commit()
    assert "CHELD1" not in client.get("/requests").get_data(as_text=True)
    assert "CHELD1" in client.get("/requests?status=held").get_data(as_text=True)


def test_a_request_from_the_list_asks_which_case_first(client, admin):
    response = client.get("/requests/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Case reference" in page and "Type of meeting" not in page


def test_an_unknown_case_reference_is_refused(client, admin):
    response = client.get("/requests/new?case=CNOSUCH")
    assert response.status_code == 400
    assert "No case has the reference CNOSUCH" in response.get_data(as_text=True)


def test_the_new_request_form_ticks_a_separate_waiting_area_when_parties_are_kept_apart(
    client, admin
):
    case = make_case()
    make_kept_apart(case)
    db.session.commit()
    page = client.get(f"/requests/new?case={case.reference}").get_data(as_text=True)
    field = page[page.index('name="needs_separate_waiting_area"') - 200 :][:400]
    assert "checked" in field


def test_a_new_request_takes_the_case_locality_iro_and_the_types_usual_length(client, admin):
    chair = make_chair()
    case = make_case(allocated_chair=chair)
    db.session.commit()
    assert _create(client, case, meeting_type="ICPC").status_code == 302
    created = db.session.query(MeetingRequest).one()
    assert (created.locality_id, created.allocated_chair_id, created.duration_minutes) == (
        case.home_locality_id,
        chair.id,
        120,
    )


def test_a_length_off_the_fifteen_minute_grain_is_refused(client, admin):
    case = make_case()
    db.session.commit()
    _refused_unchanged(_create(client, case, duration_minutes="100"), "multiple of 15")


def test_a_joining_link_that_is_not_https_is_refused(client, admin):
    case = make_case()
    db.session.commit()
    response = _create(client, case, format="virtual", joining_link="http://meet.example.org/x")
    _refused_unchanged(response, "https://")


def test_an_in_person_meeting_cannot_have_a_joining_link(client, admin):
    case = make_case()
    db.session.commit()
    response = _create(client, case, joining_link="https://meet.example.org/x")
    _refused_unchanged(response, "Only hybrid and virtual meetings have a joining link")


def test_an_attendee_who_is_not_a_party_to_the_case_is_refused(client, admin):
    case = make_case()
    make_party(case)
    db.session.commit()
    _refused_unchanged(_create(client, case, required_attendees="999999"), "not a valid choice")


def test_attendees_are_stored_with_their_attendance_and_their_own_role(client, admin):
    case = make_case()
    mother, gp = make_party(case, "mother"), make_party(case, "GP", role="gp")
    nurse = make_party(case, "school nurse", role="school_nurse")
    db.session.commit()
    response = _create(client, case, required_attendees=[mother.person_id, nurse.person_id],
                       optional_attendees=str(gp.person_id))  # fmt: skip
    assert response.status_code == 302
    stored = {(a.person_id, a.attendance, a.role) for a in db.session.query(RequestAttendee)}
    assert stored == {(mother.person_id, "required", "parent"), (gp.person_id, "optional", "gp"),
                      (nurse.person_id, "required", "health_visitor")}  # fmt: skip


def test_only_this_chair_needs_a_chair(client, admin):
    case = make_case()
    db.session.commit()
    _refused_unchanged(_create(client, case, chair_fixed="y"), "Choose the chair who must take")


def test_a_not_before_time_after_the_not_after_time_is_refused(client, admin):
    case = make_case()
    db.session.commit()
    response = _create(client, case, not_before_time="15:00", not_after_time="10:00")
    _refused_unchanged(response, "earlier than")


def test_cancelling_a_request_cancels_its_confirmed_meeting(client, admin):
    meeting = make_meeting(status="confirmed")
    db.session.commit()
    response = client.post(f"/requests/{meeting.request_id}/cancel", data={"reason": "court"})
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert (meeting.request.status, meeting.status, meeting.ical_sequence) == (
        "cancelled",
        "cancelled",
        1,
    )


def test_cancelling_a_request_sends_its_chair_a_cancel_in_the_same_transaction(client, admin):
    meeting = make_meeting(status="confirmed")
    db.session.commit()

    client.post(f"/requests/{meeting.request_id}/cancel", data={"reason": "court"})

    sent = db.session.scalars(select(OutboxMessage)).all()
    assert [(m.method, m.recipient_email, m.sequence) for m in sent] == [
        ("CANCEL", meeting.chair.email, 1)
    ]


def test_removing_an_attendee_from_a_booked_request_sends_them_alone_a_cancel(client, admin):
    case = make_case()
    mother, father = make_party(case, "mother"), make_party(case, "father")
    request = make_request(case=case, status="booked", meeting_type="CIC_REVIEW", sequence="first")
    for party in (mother, father):
        db.session.add(RequestAttendee(request=request, person_id=party.person_id, role="parent"))
    make_meeting(request=request, status="confirmed")
    db.session.commit()

    both = [str(mother.person_id), str(father.person_id)]
    response = client.post(f"/requests/{request.id}/edit", data=_form(required_attendees=both[:1]))

    assert response.status_code == 302
    sent = [(m.method, m.recipient_email) for m in db.session.scalars(select(OutboxMessage))]
    assert sent == [("CANCEL", father.person.email)]


def test_a_held_request_cannot_be_edited(client, admin):
    meeting_request = make_request(status="held")
    db.session.commit()
    response = client.post(f"/requests/{meeting_request.id}/edit", data=_form(notes="late edit"))
    assert response.status_code == 400
    db.session.refresh(meeting_request)
    assert meeting_request.notes == ""


def test_creating_a_request_is_audited_without_the_childs_details(client, admin):
    case = make_case()
    db.session.commit()
    _create(client, case)
    details = audit_details()
    assert any(f"case_id={case.id}" in d for d in details)
    assert not any("AB" in d or "2018" in d for d in details)
