"""Who was asked for what: a report is asked of those whose invitation asked for one (a
professional by the role they attend as), never of someone at a meeting recorded as held after
the event, which invited nobody."""

from datetime import UTC, date, datetime, time

from app.extensions import db
from app.models import Escalation, Meeting, RequestAttendee
from app.services.booking.held import HeldMeeting, record_held
from app.services.escalations import escalations
from app.services.replies.status import statuses
from tests.app.factories.outbox import book, make_world
from tests.app.factories.rows import make_person
from tests.app.services.replies.factories import BEFORE

AFTER_THE_MEETING = datetime(2026, 3, 12, 13, tzinfo=UTC)


def test_someone_attending_as_a_carer_is_not_asked_for_a_report(app):
    world = make_world(roles=("gp",))
    carer = make_person(role="other")
    db.session.add(RequestAttendee(request=world.request, person=carer, role="carer"))
    db.session.commit()
    meeting = book(world)

    found = {status.person_id: status for status in statuses(BEFORE, meeting)}

    assert (found[carer.id].role, found[carer.id].report) == ("carer", "not_requested")
    assert found[world.people["gp"].id].report in ("requested", "overdue")


def test_a_meeting_recorded_as_held_asked_nobody_for_anything_and_escalates_nobody(app):
    world = make_world(roles=("gp", "school"))
    held = HeldMeeting(day=date(2026, 3, 10), start=time(10), chair_id=world.chair.id)
    record_held(AFTER_THE_MEETING, None, world.request.id, held, True, "")
    meeting = db.session.scalars(db.select(Meeting)).one()

    assert all(not s.invited and s.report == "not_requested" for s in statuses(BEFORE, meeting))
    assert escalations.propose(AFTER_THE_MEETING) == 0
    assert db.session.scalars(db.select(Escalation)).all() == []
