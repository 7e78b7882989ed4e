"""Who may reach which endpoint: one table, read by the pages' guard (app.views.access), the
JSON API's token check (app.api.auth), the navigation, and the access-matrix test.

An endpoint missing from the table is refused to everyone (the guard fails closed), and the
access-matrix test fails until the new endpoint has its row here.
"""

from dataclasses import dataclass

ADMIN, MANAGER, CHAIR = "admin", "manager", "chair"
ROLES = (ADMIN, MANAGER, CHAIR)
STAFF_ROLES = (ADMIN, MANAGER)


@dataclass(frozen=True)
class Access:
    """How an endpoint is reached: by whom (`roles`; none means anyone, signed in or not),
    through the JSON API's bearer token rather than a signed-in session, and whether a chair
    reaches only their own meeting there (another chair's answers 404, as if it did not exist;
    the services scope it)."""

    roles: tuple[str, ...] = ()
    token: bool = False
    own_meeting_only: bool = False

    @property
    def public(self) -> bool:
        return not self.roles


PUBLIC = Access()
SIGNED_IN = Access(ROLES)  # a chair sees their own column and meetings (the services scope it)
OWN_MEETING = Access(ROLES, own_meeting_only=True)
STAFF = Access(STAFF_ROLES)
# The chair of the meeting only: staff see these things but do not act for the chair.
CHAIRS_OWN = Access((CHAIR,), own_meeting_only=True)
TOKEN = Access(ROLES, token=True)
STAFF_TOKEN = Access(STAFF_ROLES, token=True)
ADMINS = Access((ADMIN,))


def _rows(access: Access, *endpoints: str) -> dict[str, Access]:
    return dict.fromkeys(endpoints, access)


POLICY: dict[str, Access] = {
    **_rows(PUBLIC, "static", "main.healthz", "auth.login", "auth.logout"),
    # Single sign-on through the council's identity provider (404 while it is off).
    **_rows(PUBLIC, "sso.start", "sso.callback"),
    **_rows(PUBLIC, "openapi.spec", "api_docs.docs"),
    # The step after the password: public, but each answers only to a visitor whose password
    # was right moments ago (the half-signed-in state in their cookie session).
    **_rows(PUBLIC, "auth.login_code", "auth.login_setup"),
    # Each user's own authenticator app; an admin resets another's (never their own).
    **_rows(SIGNED_IN, "mfa.account", "mfa.setup"),
    **_rows(Access((ADMIN,)), "mfa.reset"),
    # The secret in the feed's URL is its credential (404 without it).
    **_rows(PUBLIC, "feeds.calendar_feed"),
    # The same for the private reply link in each invite (404 without it, 410 once closed).
    **_rows(PUBLIC, "replies.reply", "replies.upload"),
    **_rows(SIGNED_IN, "main.dashboard", "meetings.list_page"),
    # The search box: staff find cases, people and meetings; a chair only their own meetings
    # (the service scopes it). The term goes by POST, never in a URL.
    **_rows(SIGNED_IN, "search.form", "search.results"),
    **_rows(OWN_MEETING, "meetings.detail", "feeds.meeting_download", "replies.report_download"),
    # A chair's reading list for their own coming meetings (staff read them on each meeting).
    **_rows(Access((CHAIR,)), "replies.reports_to_read_page"),
    # A user who is not a chair gets 404 from their own feed's actions.
    **_rows(SIGNED_IN, "feeds.index", "feeds.rotate_mine", "feeds.revoke_mine"),
    **_rows(STAFF, "feeds.rotate_room", "feeds.revoke"),
    # Staff see every escalation; a chair sees and acts on their own only (404 for another's).
    **_rows(SIGNED_IN, "escalations.index"),
    **_rows(OWN_MEETING, "escalations.show"),
    **_rows(CHAIRS_OWN, "escalations.raise_it", "escalations.dismiss", "escalations.resolve"),
    # The authority's local practice: managers and admins (every version is audited).
    **_rows(STAFF, "settings.index", "settings.save"),
    # The service's figures and the history they are set beside.
    **_rows(
        STAFF,
        "figures.index",
        "figures.print_page",
        "figures.annual_pack",
        "figures.table_download",
        "figures.history_form",
        "figures.history_upload",
    ),
    # Reference data, leave and open requests from a spreadsheet: admins, who keep them.
    **_rows(
        ADMINS,
        "imports.index",
        "imports.form",
        "imports.template",
        "imports.preview",
        "imports.confirm",
    ),
    # Who did what, and when: the audit log, for managers and admins.
    **_rows(STAFF, "audit.index"),
    # The managers' queue: staff see what awaits a manager; only a manager agrees or refuses.
    **_rows(STAFF, "approvals.index"),
    **_rows(Access((MANAGER,)), "approvals.agree", "approvals.refuse"),
    **_rows(STAFF, "outbox.index", "outbox.show", "outbox.retry", "outbox.retry_all_failed"),
    # The one-time link's token is its credential (404 without a live one).
    **_rows(PUBLIC, "passwords.set_password"),
    # People and access: who may sign in, with what role; leavers disabled at once.
    **_rows(
        ADMINS,
        "users.index",
        "users.create",
        "users.show",
        "users.change_role",
        "users.disable",
        "users.enable",
        "users.reset_password",
        "users.revoke_sessions",
        "users.revoke_tokens",
    ),
    # Everyone sees and revokes their own API tokens (another's is 404); admins every one, and
    # only admins make them.
    **_rows(SIGNED_IN, "api_tokens.index", "api_tokens.revoke"),
    **_rows(ADMINS, "api_tokens.create"),
    **_rows(TOKEN, "api.list_meetings", "api.get_meeting_api"),
    **_rows(STAFF_TOKEN, "api.list_requests", "api.create_request", "api.get_request"),
    # The service's figures, for the council's performance team.
    **_rows(STAFF_TOKEN, "api.report_timeliness", "api.report_monthly"),
    **_rows(STAFF_TOKEN, "api.create_plan_run", "api.get_plan_run", "api.confirm_plan_run_api"),
    **_rows(
        SIGNED_IN,
        "calendar.chairs",
        "calendar.rooms",
        "calendar.day",
        "calendar.list_view",
        "calendar.sheet",
    ),
    **_rows(STAFF, "calendar.at_risk"),
    **_rows(
        STAFF,
        "localities.index",
        "localities.show",
        "localities.create",
        "localities.edit",
        "localities.retire",
        "localities.travel",
    ),
    **_rows(
        STAFF,
        "rooms.index",
        "rooms.show",
        "rooms.create",
        "rooms.edit",
        "rooms.retire",
        "rooms.add_closure",
        "rooms.remove_closure",
    ),
    **_rows(
        STAFF,
        "chairs.index",
        "chairs.show",
        "chairs.create",
        "chairs.edit",
        "chairs.retire",
        "chairs.add_unavailability",
        "chairs.remove_unavailability",
    ),
    **_rows(
        STAFF,
        "people.index",
        "people.show",
        "people.create",
        "people.edit",
        "people.retire",
        "people.add_unavailability",
        "people.remove_unavailability",
    ),
    **_rows(
        STAFF,
        "cases.index",
        "cases.show",
        "cases.create",
        "cases.edit",
        "cases.close",
        "cases.add_child",
        "cases.remove_child",
        "cases.record_birth",
        "cases.add_party",
        "cases.find_party",
        "cases.remove_party",
        "cases.add_kept_apart",
        "cases.remove_kept_apart",
    ),
    **_rows(
        STAFF,
        "requests.index",
        "requests.show",
        "requests.create",
        "requests.edit",
        "requests.cancel",
        "requests.mark_held",
    ),
    **_rows(
        STAFF,
        "plans.index",
        "plans.start",
        "plans.show",
        "plans.progress",
        "plans.cancel",
        "plans.confirm",
    ),
    **_rows(STAFF, "find_times.show", "find_times.book", "held.record", "meetings.lock"),
    **_rows(STAFF, "meetings.move"),
    **_rows(
        STAFF,
        "rearrangements.index",
        "rearrangements.repair_again",
        "rearrangements.record_chair",
        "rearrangements.record_room",
        "rearrangements.record_meeting",
        "rearrangements.show",
        "rearrangements.confirm",
        "rearrangements.discard",
    ),
    **_rows(
        STAFF,
        "reg44.tracker_page",
        "reg44.visit",
        "reg44.record_visit",
        "reg44.record_report",
        "reg44.book",
        "reg44.cancel_booking",
        "reg44.homes_page",
        "reg44.create_home",
        "reg44.edit_home",
        "reg44.close_home",
        "reg44.visitors_page",
        "reg44.create_visitor",
        "reg44.edit_visitor",
        "reg44.retire_visitor",
    ),
}


def access_to(endpoint: str | None) -> Access | None:
    """The endpoint's row, or None: not in the table, so nobody may reach it."""
    return POLICY.get(endpoint or "")


def may_reach(role: str | None, endpoint: str) -> bool:
    """Whether a signed-in user of `role` may reach `endpoint` (for links and navigation)."""
    access = access_to(endpoint)
    return access is not None and (access.public or role in access.roles)
