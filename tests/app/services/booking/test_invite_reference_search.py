"""Staff find a meeting from the invite reference its invitations quote ("ref 7F3K"), typed
into the Cases page's reference box in any case and with spaces; the meeting page shows it."""

import itertools
from datetime import UTC, datetime

import pytest

from app.services.booking.meetings import meetings_by_invite_reference
from app.services.notifications.notices import invite_reference, reference_for_uid, typed_reference
from tests.app.auth_helpers import signed_in_as
from tests.app.factories.rows import make_case, make_meeting, make_request, make_user

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("typed", ["7F3K", "7f3k", " 7F 3K ", "ref 7F3K", "REF-7F3K"])
def test_what_people_type_or_read_out_is_the_reference(typed):
    assert typed_reference(typed) == "7F3K"


@pytest.mark.parametrize("typed", ["", "7F3", "7F3KX", "7F3O", "7F31", "C7F3K2"])
def test_what_cannot_be_a_reference_finds_nothing(typed):
    assert typed_reference(typed) is None


def test_a_reference_typed_loosely_goes_straight_to_its_meeting(client):
    meeting = make_meeting(starts_at=MONDAY)
    reference = invite_reference(meeting)
    signed_in_as(client, "admin")

    typed = f" {reference[:2].lower()} {reference[2:].lower()} "
    response = client.get("/cases", query_string={"reference": typed})

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Invite reference" in page and reference in page


def _two_uids_with_one_reference() -> tuple[str, str]:
    """Four characters from 32 do collide: a few thousand UIDs hold a pair."""
    seen: dict[str, str] = {}
    for n in itertools.count():
        uid = f"collide-{n}@quorum.example.org"
        reference = reference_for_uid(uid)
        if reference in seen:
            return seen[reference], uid
        seen[reference] = uid
    raise AssertionError("unreachable")


def test_meetings_sharing_a_reference_are_listed_for_staff_to_choose(client):
    first_uid, second_uid = _two_uids_with_one_reference()
    first = make_meeting(starts_at=MONDAY, ical_uid=first_uid,
                         request=make_request(case=make_case(reference="FIRST1")))  # fmt: skip
    second = make_meeting(starts_at=MONDAY, ical_uid=second_uid,
                          request=make_request(case=make_case(reference="SECOND")))  # fmt: skip
    reference = invite_reference(first)
    signed_in_as(client, "manager")

    response = client.get("/cases", query_string={"reference": reference.lower()})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"2 meetings with invite reference {reference}" in page
    assert f"/meetings/{first.id}" in page and f"/meetings/{second.id}" in page
    assert "FIRST1" in page and "SECOND" in page


def test_a_case_matching_the_same_text_is_shown_beside_the_meeting(client):
    meeting = make_meeting(starts_at=MONDAY)
    reference = invite_reference(meeting)
    make_case(reference=f"C{reference}9")
    signed_in_as(client, "admin")

    page = client.get("/cases", query_string={"reference": reference}).get_data(as_text=True)

    assert f"1 meeting with invite reference {reference}" in page
    assert f"C{reference}9" in page and f"/meetings/{meeting.id}" in page


def test_a_chair_finds_only_their_own_meetings_by_reference(app):
    meeting = make_meeting(starts_at=MONDAY)
    reference = invite_reference(meeting)
    staff, chair_user = make_user(role="admin"), make_user(role="chair")
    make_meeting(starts_at=MONDAY).chair.user = chair_user  # another chair's user

    assert meetings_by_invite_reference(staff, reference.lower()) == [meeting]
    assert meetings_by_invite_reference(chair_user, reference) == []
    assert meetings_by_invite_reference(staff, "not a reference") == []
