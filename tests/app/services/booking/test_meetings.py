"""A chair sees only their own meetings; managers and admins see all."""

from datetime import UTC, datetime

from app.extensions import db
from tests.app.auth_helpers import sign_in, signed_in_as
from tests.app.factories.rows import make_case, make_chair, make_meeting, make_request, make_user

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
PERIOD = "/meetings?from=2026-03-01&to=2026-03-31"


def _two_chairs_meetings():
    mine, theirs = make_chair(name="Alex Mine"), make_chair(name="Sam Theirs")
    own = make_meeting(
        chair=mine, starts_at=MONDAY, request=make_request(case=make_case(reference="OWN001"))
    )
    other = make_meeting(
        chair=theirs, starts_at=MONDAY, request=make_request(case=make_case(reference="OTHER1"))
    )
    return mine, own, other


def test_a_chair_lists_only_their_own_meetings(client):
    mine, _, _ = _two_chairs_meetings()
    user = make_user(role="chair")
    mine.user = user
    db.session.commit()
    sign_in(client, user)
    page = client.get(PERIOD).get_data(as_text=True)
    assert "OWN001" in page
    assert "OTHER1" not in page


def test_a_chair_cannot_open_another_chairs_meeting(client):
    mine, own, other = _two_chairs_meetings()
    mine.user = make_user(role="chair")
    db.session.commit()
    sign_in(client, mine.user)
    assert client.get(f"/meetings/{own.id}").status_code == 200
    assert client.get(f"/meetings/{other.id}").status_code == 404


def test_a_manager_lists_every_chairs_meetings(client):
    _two_chairs_meetings()
    signed_in_as(client, "manager")
    page = client.get(PERIOD).get_data(as_text=True)
    assert "OWN001" in page and "OTHER1" in page


def test_an_impossible_period_is_a_clear_bad_request(client):
    signed_in_as(client, "admin")
    response = client.get("/meetings?from=2026-02-30")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.get_data(as_text=True)
