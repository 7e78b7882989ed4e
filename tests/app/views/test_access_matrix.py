"""Who may reach which URL: every rule in app.url_map, for anonymous visitors, an admin, a
manager, a chair, and another chair, against the access policy (app.policy). A new endpoint
fails this test until the policy has its row."""

from datetime import UTC, datetime, timedelta

import pytest
from flask import url_for

from app.extensions import db
from app.models import CaseParty, Child, Escalation, KeptApart, Unavailability
from app.policy import POLICY
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

# Everyone who signs out ends up on the sign-in page, whoever they were.
SIGN_OUT = "auth.logout"

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
    escalation = Escalation(meeting=meeting, person=person, chair=mine, organisation="gp",
                            theme="", status="proposed", dismiss_reason="",
                            created_at=start)  # fmt: skip
    db.session.add_all([pair, closure, escalation])
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
        "approval_id": 1,  # no such approval: a manager gets 404
        "escalation_id": escalation.id,  # the chair's own: another chair gets 404
        "report_id": 1,  # no such report: 404 to those who may see the meeting
        "key": "timeliness",  # a figure's table, downloaded
        "extension": "csv",
        "kind": "chairs",  # an import (its template, preview and confirmation)
        "home_id": 1,  # no such home or visitor: staff get 404
        "visitor_id": 1,
    }
    users = {
        "admin": make_user(role="admin"),
        "manager": make_user(role="manager"),
        "chair": mine.user,
        "other chair": theirs.user,
    }
    # An admin acts on the manager's account (disabling their own is refused, and signing
    # themselves out would end the walk through the URLs).
    ids["user_id"] = users["manager"].id
    ids["token_id"] = 1  # no such API token: 404 to those who may revoke tokens
    ids["token"] = "no-such-password-link"
    db.session.commit()
    return ids, users


def test_every_endpoint_has_a_row_in_the_access_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - POLICY.keys() == set(), "add the new endpoints to app.policy.POLICY"
    assert POLICY.keys() - endpoints == set(), "remove rows for endpoints that are gone"


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
        verdict = _verdict(rule.endpoint, visitor, response)
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


def _verdict(endpoint: str, visitor: str, response) -> str | None:
    """What is wrong with this response, or None when it is what the role should get."""
    access = POLICY[endpoint]
    status = response.status_code
    to_login = status == 302 and "/login" in response.headers.get("Location", "")
    if status >= 500:
        return f"server error {status}"
    if endpoint == SIGN_OUT:
        return None if to_login else f"expected the login page, got {status}"
    if access.public:
        return None if status != 403 and not to_login else f"refused ({status})"
    if access.token:
        return None if status == 401 else f"expected 401 (no bearer token), got {status}"
    if visitor == "anonymous":
        return None if to_login else f"expected the login page, got {status}"
    role = "chair" if visitor == "other chair" else visitor
    if access.own_meeting_only and visitor == "other chair":
        return None if status == 404 else f"another chair's meeting gave {status}, not 404"
    if role in access.roles:
        return None if status != 403 and not to_login else f"refused ({status})"
    return None if status == 403 else f"expected 403, got {status}"


# Written out by hand, apart from the policy, so that a wrong row in the policy fails here.
STAFF_ONLY_PAGES = (
    "cases.index",
    "requests.index",
    "held.record",
    "people.index",
    "plans.index",
    "rearrangements.index",
    "outbox.index",
    "calendar.at_risk",
    "reg44.tracker_page",
    "reg44.book",
)
EVERY_ROLES_PAGES = ("main.dashboard", "meetings.list_page", "calendar.chairs", "feeds.index")
ADMIN_ONLY_PAGES = (
    "users.index",
    "users.create",
    "users.show",
    "users.change_role",
    "users.disable",
    "users.enable",
    "users.reset_password",
    "users.revoke_sessions",
    "users.revoke_tokens",
)


@pytest.mark.parametrize("endpoint", STAFF_ONLY_PAGES)
def test_the_policy_keeps_case_and_booking_pages_from_chairs(endpoint):
    assert set(POLICY[endpoint].roles) == {"admin", "manager"}
    assert not POLICY[endpoint].token


@pytest.mark.parametrize("endpoint", EVERY_ROLES_PAGES)
def test_the_policy_lets_every_signed_in_role_reach_its_own_pages(endpoint):
    assert set(POLICY[endpoint].roles) == {"admin", "manager", "chair"}


@pytest.mark.parametrize("endpoint", ADMIN_ONLY_PAGES)
def test_the_policy_keeps_people_and_access_to_admins(endpoint):
    assert POLICY[endpoint].roles == ("admin",)
    assert not POLICY[endpoint].token


def test_a_page_missing_from_the_policy_is_refused_even_to_an_admin(app, client):
    app.add_url_rule("/not-in-the-policy", "not_in_the_policy", lambda: "secret")
    sign_in(client, make_user(role="admin"))
    response = client.get("/not-in-the-policy")
    assert response.status_code == 403
    assert b"secret" not in response.data
