"""Who may reach which URL: every rule in app.url_map, for anonymous visitors, an admin, a
manager, a chair, and another chair, against the access policy (app.policy). A new endpoint
fails this test until the policy has its row."""

import pytest
from flask import url_for

from app.policy import POLICY
from tests.app.auth_helpers import sign_in
from tests.app.factories.every_page import one_of_everything
from tests.app.factories.rows import make_user

# Everyone who signs out ends up on the sign-in page, whoever they were.
SIGN_OUT = "auth.logout"

VISITORS = ("anonymous", "admin", "manager", "chair", "other chair")


@pytest.fixture
def world(app):
    """One of everything a URL can name; the chair user chairs the meeting, the other does not."""
    return one_of_everything()


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
