"""What a booked meeting's invites say about it: its type in every subject, each attendee
read as their role, and for the chair who is coming and what the meeting needs."""

from app.extensions import db
from app.models import RequestAttendee
from app.services.notifications import notices
from app.services.notifications.outbox import message_bytes
from tests.app.factories.outbox import book, make_world, outbox_rows, parsed
from tests.app.factories.rows import make_person


def _messages() -> dict[str, object]:
    """Each queued message parsed back, by recipient email."""
    return {row.recipient_email: parsed(message_bytes(row)) for row in outbox_rows()}


def _text(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_every_invite_names_the_meeting_type_and_its_reference(app):
    meeting = book(make_world(roles=("parent", "gp"), meeting_type="ICPC"))

    reference = notices.invite_reference(meeting)
    subjects = {str(message["Subject"]) for message in _messages().values()}
    assert subjects == {f"Invitation: Initial child protection conference – ref {reference}"}


def test_the_summary_setting_places_the_type_and_an_older_setting_still_works(app):
    app.config["QUORUM_INVITE_SUMMARY"] = "{meeting_type} (ref {reference})"
    first = book(make_world(roles=(), meeting_type="RCPC"))
    app.config["QUORUM_INVITE_SUMMARY"] = "Meeting ref {reference}"  # written before types
    second = book(make_world(roles=(), meeting_type="RCPC"))

    subjects = {row.meeting_id: str(parsed(message_bytes(row))["Subject"]) for row in outbox_rows()}
    assert subjects == {
        first.id: f"Invitation: Review child protection conference (ref "
        f"{notices.invite_reference(first)})",
        second.id: f"Invitation: Meeting ref {notices.invite_reference(second)}",
    }


def test_each_attendee_reads_the_invite_as_their_role(app):
    world = make_world(roles=("parent", "team_manager_sw", "school_nurse", "midwife"))
    interpreter = make_person(role="other")
    db.session.add(RequestAttendee(request=world.request, person=interpreter, role="interpreter"))
    foster_carer = make_person(role="other")
    db.session.add(RequestAttendee(request=world.request, person=foster_carer, role="carer"))
    db.session.commit()
    meeting = book(world)

    roles = {email: r.role for email, r in notices.recipients(meeting).items()}
    audiences = {email: r.audience for email, r in notices.recipients(meeting).items()}
    people = world.people
    assert roles[people["parent"].email] == "parent"
    assert roles[people["team_manager_sw"].email] == "social_worker"
    assert roles[people["school_nurse"].email] == "health_visitor"
    assert roles[people["midwife"].email] == "other"
    assert roles[interpreter.email] == "interpreter"
    assert (roles[foster_carer.email], audiences[foster_carer.email]) == ("carer", "family")
    assert roles[world.chair.email.lower()] == "other"
    assert audiences[world.chair.email.lower()] == "chair"
    messages = _messages()
    assert "You can bring someone to support you" in _text(messages[people["parent"].email])
    assert "You are booked to interpret" in _text(messages[interpreter.email])
    assert "As a carer" in _text(messages[foster_carer.email])


def test_the_chair_is_told_who_is_coming_by_role_and_what_the_meeting_needs(app):
    world = make_world(roles=("parent", "social_worker"), interpreter_language="Romanian",
                       needs_separate_waiting_area=True, needs_step_free=True)  # fmt: skip
    gp = make_person(role="gp", email="")  # no address: no invite, but still expected
    db.session.add(RequestAttendee(request=world.request, person=gp, role="gp", presence="online"))
    world.request.attendees[0].presence = "in_room"  # the parent
    db.session.commit()
    meeting = book(world)

    text = _text(_messages()[world.chair.email])
    assert "Parent: in the room\nSocial worker: in the room or online\nGP: online" in text
    assert "Interpreter: Romanian" in text and "Step-free access: needed" in text
    assert "Separate waiting area: needed" in text
    assert f"Reference: {notices.invite_reference(meeting)}" in text
    for person in (*world.people.values(), gp):
        assert person.name not in text  # by role, never by name
