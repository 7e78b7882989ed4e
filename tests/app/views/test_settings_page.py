"""The Local practice page: every error listed at once, the question before windows move, and
the history of versions."""

import re
from datetime import date
from html import unescape

from app.extensions import db
from app.models import MeetingRequest
from app.services.settings.values import form_values
from app.time import london_date, utc_now
from app.timescales import AuthoritySettings, window
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories.rows import make_request


def _form(client, **changes) -> dict:
    today = london_date(utc_now())
    return {**form_values(AuthoritySettings()), "effective_from-day": str(today.day),
            "effective_from-month": str(today.month), "effective_from-year": str(today.year),
            "reason": "Agreed by the Head of Service",
            "csrf_token": csrf_token(client, "/settings"), **changes}  # fmt: skip


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def test_a_manager_sees_the_settings_in_force(client):
    signed_in_as(client, "manager")
    page = _text(client.get("/settings"))
    assert "Local practice" in page and "Secure accommodation reviews after the first" in page
    assert re.search(r'id="meeting_minutes.ICPC" [^>]*value="120"', page)
    assert "None yet: the service uses the documented defaults." in page


def test_every_error_is_in_the_summary_and_nothing_is_saved(client):
    signed_in_as(client, "admin")
    response = client.post("/settings", data=_form(client, day_end="5pm", advocate_from_age="-1",
                                                   reason=""))  # fmt: skip
    assert response.status_code == 400
    summary = _text(response).split("There is a problem")[1].split("</ul>")[0]
    for field in ("day_end", "advocate_from_age", "reason"):
        assert f'href="#{field}"' in summary
    assert "None yet" in _text(client.get("/settings"))


def test_a_change_is_saved_and_shown_in_the_history(client):
    signed_in_as(client, "manager", name="Tess Manager")
    response = client.post("/settings", data=_form(client, advocate_from_age="11"))
    assert response.status_code == 302
    page = _text(client.get("/settings"))
    assert "Saved: the settings take effect from" in page
    assert "advocate from age" in page and "Agreed by the Head of Service" in page
    assert "Tess Manager" in page and "In force" in page
    assert 'id="advocate_from_age" name="advocate_from_age" type="text" value="11"' in page


def test_windows_that_would_move_are_listed_and_moved_only_when_asked(client):
    signed_in_as(client, "manager")
    held_on = london_date(utc_now())
    computed = window("SECURE_REVIEW", held_on, sequence="subsequent")
    review = make_request(meeting_type="SECURE_REVIEW", sequence="subsequent",
                          trigger_date=held_on, earliest=computed.earliest,
                          latest=computed.latest, preferred_latest=computed.preferred_latest,
                          duration_minutes=60)  # fmt: skip
    db.session.commit()
    data = _form(client, secure_review_subsequent_months="1")

    asked = client.post("/settings", data=data)
    page = _text(asked)
    assert asked.status_code == 200 and "Nothing is saved yet" in page
    assert f"/requests/{review.id}" in page and review.case.reference in page
    assert db.session.get(MeetingRequest, review.id).latest == computed.latest

    client.post("/settings", data={**data, "windows": "move"})
    moved = db.session.get(MeetingRequest, review.id).latest
    assert moved < computed.latest and moved <= date.fromordinal(held_on.toordinal() + 31)
