"""Who may reach which URL: every rule in app.url_map, for anonymous visitors, an admin, a
manager, a chair, and another chair. A new endpoint fails this test until it is added to
ACCESS with the roles that may use it."""

from datetime import UTC, datetime, timedelta

import pytest
from flask import url_for

from app.extensions import db
from app.models import CaseParty, Child, KeptApart, Unavailability
from tests.app.auth_helpers import sign_in
from tests.app.factories.rows import (
    make_case,
    make_chair,
    make_locality,
    make_meeting,
    make_person,
    make_request,
    make_room,
    make_user,
)

PUBLIC, SIGNED_IN, STAFF, OWN_MEETING = "public", "signed in", "staff", "own meeting"
SIGN_OUT = "sign out"  # everyone ends up on the login page
TOKEN_ONLY = "bearer token"  # the JSON API: a session cookie is not a token, so 401

ACCESS = {
    "static": PUBLIC,
    "main.healthz": PUBLIC,
    "auth.login": PUBLIC,
    "openapi.spec": PUBLIC,
    "openapi.docs": PUBLIC,
    "openapi.swagger_ui_oauth_redirect": PUBLIC,
    "auth.logout": SIGN_OUT,
    "main.dashboard": SIGNED_IN,
    "meetings.list_page": SIGNED_IN,
    "meetings.detail": OWN_MEETING,
    "feeds.calendar_feed": PUBLIC,  # the secret in the URL is the credential (404 without it)
    "feeds.meeting_download": OWN_MEETING,
    "feeds.index": SIGNED_IN,
    "feeds.rotate_mine": SIGNED_IN,  # a user who is not a chair gets 404
    "feeds.revoke_mine": SIGNED_IN,
    "feeds.rotate_room": STAFF,
    "feeds.revoke": STAFF,
    "outbox.index": STAFF,
    "outbox.show": STAFF,
    "outbox.retry": STAFF,
    "outbox.retry_all_failed": STAFF,
    **{
        endpoint: TOKEN_ONLY
        for endpoint in (
            "api.list_requests",
            "api.create_request",
            "api.get_request",
            "api.list_meetings",
            "api.create_plan_run",
            "api.get_plan_run",
            "api.confirm_plan_run_api",
        )
    },
    # A chair sees calendars filtered to their own column and meetings (see test_calendar.py).
    **{
        endpoint: SIGNED_IN
        for endpoint in (
            "calendar.chairs",
            "calendar.rooms",
            "calendar.day",
            "calendar.list_view",
            "calendar.events",
        )
    },
    "calendar.at_risk": STAFF,
    **{
        endpoint: STAFF
        for endpoint in (
            "localities.index",
            "localities.show",
            "localities.create",
            "localities.edit",
            "localities.retire",
            "localities.travel",
            "rooms.index",
            "rooms.show",
            "rooms.create",
            "rooms.edit",
            "rooms.retire",
            "rooms.add_closure",
            "rooms.remove_closure",
            "chairs.index",
            "chairs.show",
            "chairs.create",
            "chairs.edit",
            "chairs.retire",
            "chairs.add_unavailability",
            "chairs.remove_unavailability",
            "people.index",
            "people.show",
            "people.create",
            "people.edit",
            "people.retire",
            "people.add_unavailability",
            "people.remove_unavailability",
            "cases.index",
            "cases.show",
            "cases.create",
            "cases.edit",
            "cases.close",
            "cases.add_child",
            "cases.remove_child",
            "cases.add_party",
            "cases.remove_party",
            "cases.add_kept_apart",
            "cases.remove_kept_apart",
            "requests.index",
            "requests.show",
            "requests.create",
            "requests.edit",
            "requests.cancel",
            "requests.mark_held",
            "plans.index",
            "plans.start",
            "plans.show",
            "plans.progress",
            "plans.cancel",
            "find_times.show",
            "find_times.book",
            "plans.confirm",
            "meetings.lock",
            "rearrangements.index",
            "rearrangements.repair_again",
            "rearrangements.record_chair",
            "rearrangements.record_room",
            "rearrangements.record_meeting",
            "rearrangements.show",
            "rearrangements.confirm",
            "rearrangements.discard",
        )
    },
}

VISITORS = ("anonymous", "admin", "manager", "chair", "other chair")


@pytest.fixture
def world(app):
    """One of everything a URL can name; the chair user chairs the meeting, the other does not."""
    mine, theirs = make_chair(), make_chair()
    mine.user, theirs.user = make_user(role="chair"), make_user(role="chair")
    case = make_case()
    person, other = make_person(), make_person()
    db.session.add_all(
        [
            CaseParty(case=case, person=person, relationship_to_case="parent"),
            CaseParty(case=case, person=other, relationship_to_case="parent"),
        ]
    )
    pair = KeptApart(
        case=case, person_a_id=min(person.id, other.id), person_b_id=max(person.id, other.id)
    )
    room = make_room()
    start = datetime(2026, 3, 3, 10, tzinfo=UTC)
    closure = Unavailability(
        room_id=room.id, starts_at=start, ends_at=start + timedelta(hours=1), kind="closure"
    )
    meeting = make_meeting(chair=mine, room=room, request=make_request(case=case))
    db.session.add_all([pair, closure])
    db.session.flush()
    child = db.session.query(Child).filter_by(case_id=case.id).one()
    ids = {
        "case_id": case.id,
        "child_id": child.id,
        "pair_id": pair.id,
        "person_id": person.id,
        "locality_id": make_locality().id,
        "room_id": room.id,
        "chair_id": mine.id,
        "unavailability_id": closure.id,
        "request_id": meeting.request_id,
        "meeting_id": meeting.id,
        "filename": "quorum.css",
        "secret": "no-such-feed-secret",
        "feed_id": 1,
        "outbox_id": 1,
        "run_id": 1,  # no such run: staff get 404 (not 403), chairs 403
        "rearrangement_id": 1,  # likewise
    }
    users = {
        "admin": make_user(role="admin"),
        "manager": make_user(role="manager"),
        "chair": mine.user,
        "other chair": theirs.user,
    }
    db.session.commit()
    return ids, users


def test_every_endpoint_has_a_row_in_the_access_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - ACCESS.keys() == set(), "add the new endpoints to ACCESS"
    assert ACCESS.keys() - endpoints == set(), "remove rows for endpoints that are gone"


@pytest.mark.parametrize("visitor", VISITORS)
def test_each_visitor_reaches_exactly_the_urls_their_role_allows(app, client, world, visitor):
    ids, users = world
    if visitor != "anonymous":
        sign_in(client, users[visitor])
    app.config["WTF_CSRF_ENABLED"] = False  # the matrix is about roles; CSRF has its own test
    failures = []
    for rule, method in _rules_logout_last(app):
        with app.test_request_context():
            url = url_for(rule.endpoint, **{arg: ids[arg] for arg in rule.arguments})
        response = client.open(url, method=method)
        verdict = _verdict(ACCESS[rule.endpoint], visitor, response)
        if verdict:
            failures.append(f"{method} {url} as {visitor}: {verdict}")
    assert failures == []


def _rules_logout_last(app):
    pairs = [
        (rule, method)
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]
    return sorted(pairs, key=lambda pair: (pair[0].endpoint == "auth.logout", pair[0].rule))


def _verdict(access: str, visitor: str, response) -> str | None:
    """What is wrong with this response, or None when it is what the role should get."""
    status = response.status_code
    to_login = status == 302 and "/login" in response.headers.get("Location", "")
    if status >= 500:
        return f"server error {status}"
    if access == SIGN_OUT:
        return None if to_login else f"expected the login page, got {status}"
    if access == PUBLIC:
        return None if status != 403 and not to_login else f"refused ({status})"
    if access == TOKEN_ONLY:
        return None if status == 401 else f"expected 401 (no bearer token), got {status}"
    if visitor == "anonymous":
        return None if to_login else f"expected the login page, got {status}"
    allowed = access in (SIGNED_IN, OWN_MEETING) or visitor in ("admin", "manager")
    if access == OWN_MEETING and visitor == "other chair":
        return None if status == 404 else f"another chair's meeting gave {status}, not 404"
    if allowed:
        return None if status != 403 and not to_login else f"refused ({status})"
    return None if status == 403 else f"expected 403, got {status}"
