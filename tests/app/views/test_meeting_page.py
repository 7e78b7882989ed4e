"""The meeting page: everything about one meeting for staff, and a chair's own meeting only."""

from datetime import UTC, date, datetime, timedelta

from app.extensions import db
from app.models import (
    AuditEvent,
    CaseParty,
    KeptApart,
    Rearrangement,
    RearrangementMove,
    RequestAttendee,
)
from tests.app.auth_helpers import sign_in, signed_in_as
from tests.app.factories.rows import (
    NOW,
    make_case,
    make_chair,
    make_meeting,
    make_person,
    make_request,
    make_room,
    make_user,
)


def _meeting(**request_fields):
    case = make_case(reference="CASEMEET1")
    request = make_request(case=case, meeting_type="RCPC", sequence="first",
                           earliest=date(2026, 3, 2), preferred_latest=date(2026, 3, 10),
                           latest=date(2026, 3, 20), **request_fields)  # fmt: skip
    room = make_room(name="Boston Family Room", hybrid="none", step_free=True)
    chair = make_chair(name="Chair Anwen Rees", portable_hybrid_kit=True)
    meeting = make_meeting(request=request, room=room, chair=chair,
                           starts_at=datetime(2026, 3, 12, 10, tzinfo=UTC))  # fmt: skip
    return case, request, meeting


def _page(client, meeting) -> str:
    response = client.get(f"/meetings/{meeting.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_names_the_type_in_words_and_shows_its_window_in_timescale(client):
    _case, _request, meeting = _meeting()
    db.session.commit()
    signed_in_as(client, "admin")

    text = _page(client, meeting)

    assert "Review child protection conference" in text
    assert "RCPC" not in text
    assert "Mon 2 Mar 2026" in text and "Tue 10 Mar 2026" in text and "Fri 20 Mar 2026" in text
    assert "In timescale, after the preferred day" in text


def test_a_meeting_after_the_latest_day_is_shown_out_of_timescale(client):
    _case, request, meeting = _meeting()
    meeting.starts_at, meeting.ends_at = (
        datetime(2026, 3, 24, 10, tzinfo=UTC),
        datetime(2026, 3, 24, 11, tzinfo=UTC),
    )
    db.session.commit()
    signed_in_as(client, "manager")

    assert "Out of timescale: 4 days after the latest day" in _page(client, meeting)


def test_the_page_shows_room_kit_chair_kit_and_the_joining_link(client):
    _case, _request, meeting = _meeting(format="hybrid", joining_link="https://meet.example.org/x")
    db.session.commit()
    signed_in_as(client, "admin")

    text = _page(client, meeting)

    assert "Boston Family Room" in text and "No hybrid kit in the room" in text
    assert "the chair brings portable kit" in text
    assert "https://meet.example.org/x" in text


def test_attendees_show_their_attendance_and_how_they_join(client):
    _case, request, meeting = _meeting()
    mum, gp = make_person(name="Parent Tamsin Vale", role="parent"), make_person(name="Dr Oak")
    db.session.add_all([
        RequestAttendee(request=request, person=mum, attendance="required", role="parent",
                        presence="in_room"),
        RequestAttendee(request=request, person=gp, attendance="optional", role="gp",
                        presence="online"),
    ])  # fmt: skip
    db.session.commit()
    signed_in_as(client, "admin")

    text = _page(client, meeting)

    mum_row = text[text.index("Parent Tamsin Vale") :].split("</tr>")[0]
    gp_row = text[text.index("Dr Oak") :].split("</tr>")[0]
    assert "Required" in mum_row and "In the room" in mum_row
    assert "Optional" in gp_row and "Online" in gp_row


def test_the_page_lists_the_needs_with_whether_the_room_meets_them(client):
    case, _request, meeting = _meeting(needs_step_free=True, needs_separate_waiting_area=True,
                                       interpreter_language="Polish",
                                       kept_apart_arrangement="waiting_area")  # fmt: skip
    db.session.commit()
    signed_in_as(client, "admin")

    text = _page(client, meeting)
    needs = text[text.index('id="needs"') :].split("</ul>")[0]

    assert "Step-free room (this room has it)" in needs
    assert "Separate waiting area (this room does not have it)" in needs
    assert "Interpreter: Polish" in needs
    assert "Parties kept apart: Separate waiting areas" in needs


def test_a_kept_apart_pair_without_an_arrangement_is_named_as_a_need(client):
    case, _request, meeting = _meeting()
    a, b = make_person(), make_person()
    db.session.add_all(
        [
            CaseParty(case=case, person=a, relationship_to_case="mother"),
            CaseParty(case=case, person=b, relationship_to_case="father"),
        ]
    )
    db.session.add(KeptApart(case=case, person_a_id=min(a.id, b.id), person_b_id=max(a.id, b.id)))
    db.session.commit()
    signed_in_as(client, "admin")

    assert "Parties kept apart: no arrangement chosen yet" in _page(client, meeting)


def test_staff_get_links_to_the_case_the_request_and_the_actions(client):
    case, request, meeting = _meeting()
    db.session.commit()
    signed_in_as(client, "manager")

    text = _page(client, meeting)

    assert f'href="/cases/{case.id}"' in text
    assert f'href="/requests/{request.id}"' in text
    assert f"/rearrangements/meeting/{meeting.id}" in text
    assert "kind=cancelled" in text and "Cancel this meeting" in text
    assert f'href="/requests/{request.id}#mark-held"' in text
    assert f'action="/meetings/{meeting.id}/lock"' in text


def test_a_held_meeting_offers_nothing_to_rearrange(client):
    _case, _request, meeting = _meeting()
    meeting.status, meeting.held_on = "held", date(2026, 3, 12)
    db.session.commit()
    signed_in_as(client, "admin")

    text = _page(client, meeting)

    assert "Rearrange this meeting" not in text and "Lock this meeting" not in text
    assert "nothing to rearrange, cancel or lock" in text


def test_the_history_lists_audited_changes_and_rearrangements_newest_first(client):
    _case, _request, meeting = _meeting()
    admin = make_user(role="admin", name="Admin Bea Holt")
    db.session.add(
        AuditEvent(
            at=NOW,
            actor_id=admin.id,
            action="meeting.booked",
            object_type="Meeting",
            object_id=str(meeting.id),
            detail="",
        )
    )
    db.session.add(AuditEvent(at=NOW + timedelta(hours=2), actor_id=admin.id,
                              action="meeting.locked", object_type="Meeting",
                              object_id=str(meeting.id), detail=""))  # fmt: skip
    rearrangement = Rearrangement(created_at=NOW + timedelta(hours=1), created_by_id=admin.id,
                                  kind="window_changed", reason="court", summary="moved",
                                  status="confirmed")  # fmt: skip
    db.session.add(rearrangement)
    db.session.flush()
    db.session.add(RearrangementMove(rearrangement_id=rearrangement.id, meeting_id=meeting.id,
                                     change="moved", from_starts_at=NOW + timedelta(days=2),
                                     from_chair_id=meeting.chair_id,
                                     to_starts_at=meeting.starts_at,
                                     to_chair_id=meeting.chair_id))  # fmt: skip
    db.session.commit()
    signed_in_as(client, "admin")

    text = _page(client, meeting)
    history = text[text.index('id="history"') :].split("</ol>")[0]

    locked = history.index("Locked: a repair keeps it where it is")
    moved = history.index("Moved from Wed 4 Mar 2026, 09:00 to Thu 12 Mar 2026, 10:00")
    booked = history.index("Booked")
    assert locked < moved < booked
    assert "Court delay or order" in history and "Admin Bea Holt" in history


def test_a_chair_sees_their_own_meeting_without_staff_actions(client):
    _case, request, meeting = _meeting()
    chair_user = make_user(role="chair")
    meeting.chair.user = chair_user
    db.session.commit()
    sign_in(client, chair_user)

    text = _page(client, meeting)

    assert "CASEMEET1" in text and "Fri 20 Mar 2026" in text
    assert f'href="/requests/{request.id}"' not in text and "Lock this meeting" not in text


def test_a_chair_cannot_open_another_chairs_meeting(client):
    _case, _request, meeting = _meeting()
    other = make_chair()
    other.user = make_user(role="chair")
    db.session.commit()
    sign_in(client, other.user)

    response = client.get(f"/meetings/{meeting.id}")

    assert response.status_code == 404
    assert "CASEMEET1" not in response.get_data(as_text=True)
