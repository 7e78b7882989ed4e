"""One of everything a URL of the app can name, for the tests that walk every URL: who may
reach which, and what a browser's accessibility checker finds on every page."""

from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.models import CaseParty, Child, Escalation, KeptApart, Unavailability
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


def one_of_everything() -> tuple[dict, dict]:
    """One of everything a URL can name, as (ids by URL argument, users by visitor); the chair
    user chairs the meeting, the other chair does not."""
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
