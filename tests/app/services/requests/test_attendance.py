"""Who attends how: each attendee's role, in the room or online, a vulnerable parent seen in
person unless a team manager agrees, a room that holds everyone in it, and parties kept apart."""

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Approval, AuditEvent, MeetingRequest, RequestAttendee
from tests.app.factories.cases import (
    count,
    date_parts,
    make_kept_apart,
    make_party,
    staff_signed_in,
)
from tests.app.factories.rows import make_case, make_request
from tests.app.factories.settings import use_settings


def _form(**overrides) -> dict:
    return {"meeting_type": "CIC_REVIEW", "sequence": "first",
            "trigger_date": date_parts(date(2025, 12, 8)), "format": "hybrid",
            "recording_late": "y", **overrides}  # fmt: skip


def _create(client, case, **overrides):
    return client.post(f"/requests/new?case={case.reference}", data=_form(**overrides))


def _refused(response, message: str, field: str) -> None:
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert f'href="#{field}"' in page  # the error summary links to the field at fault
    assert count(MeetingRequest) == 0 and count(RequestAttendee) == 0


def _stored() -> dict[int, tuple]:
    return {a.person_id: (a.role, a.presence, a.communication_needs)
            for a in db.session.scalars(select(RequestAttendee))}  # fmt: skip


@pytest.fixture
def admin(app, client):
    return staff_signed_in(app, client)


@pytest.fixture
def manager(app, client):
    return staff_signed_in(app, client, role="manager")


def test_an_attendee_is_stored_with_the_role_presence_and_needs_chosen(client, admin):
    case = make_case()
    worker = make_party(case, "social worker", role="social_worker")
    db.session.commit()
    pid = worker.person_id
    response = _create(
        client,
        case,
        required_attendees=str(pid),
        **{f"role_{pid}": "interpreter", f"presence_{pid}": "online", f"needs_{pid}": "y"},
    )
    assert response.status_code == 302
    assert _stored() == {pid: ("interpreter", "online", True)}


def test_a_role_off_the_list_is_refused_on_its_field(client, admin):
    case = make_case()
    pid = make_party(case, "social worker", role="social_worker").person_id
    db.session.commit()
    response = _create(client, case, required_attendees=str(pid), **{f"role_{pid}": "uncle"})
    _refused(response, "Choose the person&#39;s role", f"role_{pid}")


def test_someone_in_the_room_of_a_virtual_meeting_is_refused(client, admin):
    case = make_case()
    pid = make_party(case, "social worker", role="social_worker").person_id
    db.session.commit()
    response = _create(client, case, format="virtual", required_attendees=str(pid),
                       **{f"presence_{pid}": "in_room"})  # fmt: skip
    _refused(response, "A virtual meeting has no room", f"presence_{pid}")


def test_someone_online_at_an_in_person_meeting_is_refused_and_at_a_hybrid_one_accepted(
    client, admin
):
    case = make_case()
    pid = make_party(case, "social worker", role="social_worker").person_id
    db.session.commit()
    online = {"required_attendees": str(pid), f"presence_{pid}": "online"}
    _refused(_create(client, case, format="in_person", **online), "Only a hybrid or virtual",
             f"presence_{pid}")  # fmt: skip
    assert _create(client, case, format="hybrid", **online).status_code == 302


def test_a_parent_in_a_domestic_abuse_case_online_is_refused_in_words(client, admin):
    case = make_case(domestic_abuse=True)
    pid = make_party(case, "mother").person_id
    db.session.commit()
    response = _create(client, case, required_attendees=str(pid), **{f"presence_{pid}": "online"})
    _refused(response, "in a case flagged for domestic abuse: they come in the room",
             f"presence_{pid}")  # fmt: skip


def test_a_parent_online_is_accepted_when_the_case_is_not_flagged(client, admin):
    case = make_case(domestic_abuse=False)
    pid = make_party(case, "mother").person_id
    db.session.commit()
    response = _create(client, case, required_attendees=str(pid), **{f"presence_{pid}": "online"})
    assert response.status_code == 302
    assert _stored() == {pid: ("parent", "online", False)}


def test_a_professional_online_in_a_domestic_abuse_case_is_accepted(client, admin):
    case = make_case(domestic_abuse=True)
    pid = make_party(case, "police", role="police").person_id
    db.session.commit()
    response = _create(client, case, required_attendees=str(pid), **{f"presence_{pid}": "online"})
    assert response.status_code == 302


def test_a_parent_with_communication_needs_is_refused_online_and_made_in_the_room_from_either(
    client, admin
):
    case = make_case()
    pid = make_party(case, "father").person_id
    db.session.commit()
    needs = {"required_attendees": str(pid), f"needs_{pid}": "y"}
    _refused(_create(client, case, **needs, **{f"presence_{pid}": "online"}),
             "with learning or communication needs", f"presence_{pid}")  # fmt: skip
    assert _create(client, case, **needs, **{f"presence_{pid}": "either"}).status_code == 302
    assert _stored() == {pid: ("parent", "in_room", True)}


def test_a_virtual_meeting_for_a_vulnerable_parent_is_refused_on_the_format(client, admin):
    case = make_case(domestic_abuse=True)
    pid = make_party(case, "mother").person_id
    db.session.commit()
    response = _create(client, case, format="virtual", required_attendees=str(pid))
    _refused(response, "the meeting must be in person or hybrid", "format")


def test_a_vulnerable_parent_online_needs_a_reason(client, admin):
    case = make_case(domestic_abuse=True)
    pid = make_party(case, "mother").person_id
    db.session.commit()
    response = _create(client, case, required_attendees=str(pid), **{f"presence_{pid}": "online"})
    _refused(response, "they come in the room", f"presence_{pid}")


def test_an_admins_reason_is_kept_with_no_name_and_waits_for_a_manager(client, admin):
    case = make_case(domestic_abuse=True)
    pid = make_party(case, "mother").person_id
    db.session.commit()
    response = _create(
        client,
        case,
        required_attendees=str(pid),
        **{f"presence_{pid}": "online", "in_person_override_reason": "Lives 60 miles away"},
    )
    assert response.status_code == 302
    request = db.session.scalars(select(MeetingRequest)).one()
    assert (request.in_person_override_reason, request.in_person_override_by) == (
        "Lives 60 miles away", "")  # fmt: skip
    approval = db.session.scalars(select(Approval)).one()
    assert (approval.kind, approval.status, approval.request_id, approval.requested_by_id) == (
        "in_person_override", "pending", request.id, admin.id)  # fmt: skip
    page = client.get(f"/requests/{request.id}").get_data(as_text=True)
    assert "awaiting a manager's agreement" in page.split('id="override"', 1)[1][:600]


def test_a_manager_agrees_with_a_reason_kept_and_audited_and_kept_when_an_admin_saves(
    app, client, manager
):
    case = make_case(domestic_abuse=True)
    pid = make_party(case, "mother").person_id
    db.session.commit()
    agreed = {"required_attendees": str(pid), f"presence_{pid}": "online",
              "in_person_override_reason": "Lives 60 miles away"}  # fmt: skip
    assert _create(client, case, **agreed).status_code == 302
    request = db.session.scalars(select(MeetingRequest)).one()
    assert (request.in_person_override_reason, request.in_person_override_by) == (
        "Lives 60 miles away",
        manager.name,
    )
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "request.create"))
    detail = audit.one().detail
    assert "in-person override" in detail and "miles" not in detail  # no words in the log

    app.config["WTF_CSRF_ENABLED"] = True  # to sign in
    admin_client = app.test_client()
    staff_signed_in(app, admin_client)  # an admin edits something else: the agreement stands
    response = admin_client.post(f"/requests/{request.id}/edit", data=_form(**agreed, notes="Lift"))
    assert response.status_code == 302
    db.session.refresh(request)
    assert (request.notes, request.in_person_override_by) == ("Lift", manager.name)


def test_the_room_must_hold_everyone_in_it(client, admin):
    case = make_case()
    parties = [make_party(case, "mother"), make_party(case, "GP", role="gp")]
    db.session.commit()
    both = [p.person_id for p in parties]
    gp_online = {f"presence_{both[1]}": "online"}
    # The chair, the mother (either, at a hybrid meeting) and the GP in the room: three.
    _refused(_create(client, case, required_attendees=both, in_person_count="2"),
             "enter at least 3", "in_person_count")  # fmt: skip
    assert _create(client, case, required_attendees=both, in_person_count="3").status_code == 302
    db.session.execute(MeetingRequest.__table__.delete().where(MeetingRequest.id > 0))
    db.session.commit()
    assert _create(client, case, required_attendees=both, **gp_online).status_code == 302
    assert db.session.scalars(select(MeetingRequest)).one().in_person_count == 2


def test_parties_kept_apart_both_in_person_need_an_arrangement(client, admin):
    case = make_case()
    pair = make_kept_apart(case)
    db.session.commit()
    both = [pair.person_a_id, pair.person_b_id]
    _refused(_create(client, case, required_attendees=both), "are kept apart and may both come",
             "kept_apart_arrangement")  # fmt: skip
    response = _create(client, case, required_attendees=both,
                       kept_apart_arrangement="arrival_times")  # fmt: skip
    assert response.status_code == 302
    request = db.session.scalars(select(MeetingRequest)).one()
    assert (request.kept_apart_arrangement, request.needs_separate_waiting_area) == (
        "arrival_times",
        False,
    )


def test_a_separate_waiting_area_arrangement_asks_the_solver_for_such_a_room(client, admin):
    case = make_case()
    pair = make_kept_apart(case)
    db.session.commit()
    response = _create(client, case, required_attendees=[pair.person_a_id, pair.person_b_id],
                       kept_apart_arrangement="waiting_area")  # fmt: skip
    assert response.status_code == 302
    assert db.session.scalars(select(MeetingRequest)).one().needs_separate_waiting_area


def test_parties_kept_apart_need_no_arrangement_when_one_joins_online(client, admin):
    case = make_case()
    pair = make_kept_apart(case)
    db.session.commit()
    response = _create(client, case, required_attendees=[pair.person_a_id, pair.person_b_id],
                       **{f"presence_{pair.person_b_id}": "online"})  # fmt: skip
    assert response.status_code == 302


def test_the_edit_page_shows_each_attendees_role_presence_and_needs(client, admin):
    case = make_case()
    pid = make_party(case, "mother").person_id
    request = make_request(case=case, format="hybrid")
    db.session.add(RequestAttendee(request=request, person_id=pid, role="carer",
                                   presence="online", communication_needs=True))  # fmt: skip
    db.session.commit()
    page = client.get(f"/requests/{request.id}/edit").get_data(as_text=True)
    assert '<option value="carer" selected>' in page
    assert f'name="presence_{pid}" type="radio" value="online" checked>' in page
    assert f'name="needs_{pid}" type="checkbox" value="y" checked' in page


def test_the_case_form_keeps_the_domestic_abuse_flag(client, admin):
    case = make_case()
    db.session.commit()
    form = {"reference": case.reference, "home_locality": str(case.home_locality_id),
            "opened_on": date_parts(date(2026, 1, 5)), "domestic_abuse": "y"}  # fmt: skip
    assert client.post(f"/cases/{case.id}/edit", data=form).status_code == 302
    db.session.refresh(case)
    assert case.domestic_abuse is True


@pytest.mark.parametrize(
    ("email", "shown"),
    [
        ("advocacy@example.org", "Invited (Voice Advocacy) when a child is 10 or over on the day"),
        ("", "Not set up: local practice has no advocacy service address"),
    ],
)
def test_a_cic_review_says_whether_local_practices_advocacy_service_is_invited(
    client, admin, email, shown
):
    use_settings(advocacy_name="Voice Advocacy", advocacy_email=email, advocate_from_age=10)
    request = make_request(meeting_type="CIC_REVIEW")
    db.session.commit()
    page = client.get(f"/requests/{request.id}").get_data(as_text=True)
    assert shown in page
