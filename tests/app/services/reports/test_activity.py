"""The other figures: rearrangements and cancellations (by reason, type, month, quarter),
escalations raised (by month, organisation, theme), chairs' workload against the IRO Handbook
scaled by FTE, and rooms' use with the hybrid meetings that needed a portable kit."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from app.extensions import db
from app.models import Child, Escalation, Rearrangement, RearrangementMove
from app.services.reports import activity
from app.services.reports.figures import Period
from app.services.reports.tables import rearrangement_tables
from tests.app.factories.rows import (
    NOW,
    make_case,
    make_chair,
    make_locality,
    make_meeting,
    make_person,
    make_request,
    make_room,
    make_travel_time,
)

YEAR = Period(date(2025, 4, 1), date(2026, 3, 31))


def _rearranged(when: datetime, reason: str, change: str, meeting_type: str = "CIC_REVIEW"):
    meeting = make_meeting(request=make_request(meeting_type=meeting_type))
    row = Rearrangement(created_at=when, decided_at=when, kind="window_changed", reason=reason,
                        summary="moved", status="confirmed")  # fmt: skip
    db.session.add(row)
    db.session.flush()
    moved = change == "moved"
    db.session.add(RearrangementMove(
        rearrangement_id=row.id, meeting_id=meeting.id, change=change,
        from_starts_at=meeting.starts_at, from_chair_id=meeting.chair_id,
        to_starts_at=meeting.starts_at + timedelta(days=7) if moved else None,
        to_chair_id=meeting.chair_id if moved else None,
    ))  # fmt: skip


def test_rearrangements_count_by_reason_type_and_the_quarter_they_were_decided_in(app):
    # 30 June 23:30 UTC is already 1 July in London: the second quarter.
    _rearranged(datetime(2025, 6, 30, 22, 30, tzinfo=UTC), "court", "moved")
    _rearranged(datetime(2025, 6, 30, 23, 30, tzinfo=UTC), "court", "cancelled", "RCPC")
    _rearranged(datetime(2025, 7, 2, 10, tzinfo=UTC), "placement", "moved")
    _rearranged(datetime(2026, 4, 1, 10, tzinfo=UTC), "placement", "moved")  # the next year
    db.session.commit()

    changes = activity.rearrangements(YEAR)

    assert changes.by(lambda c: c.reason) == [("court", 1, 1), ("placement", 1, 0)]
    assert changes.by(lambda c: activity.quarter(c.day)) == [
        ("2025-26 Q1", 1, 0), ("2025-26 Q2", 1, 1),
    ]  # fmt: skip
    by_type = {t.key: t for t in rearrangement_tables(YEAR)}["rearranged-by-type"]
    assert by_type.rows == [
        ["Children in care review", 2, 0], ["Review child protection conference", 0, 1],
    ]  # fmt: skip


def test_escalations_count_when_raised_never_when_only_proposed(app):
    meeting = make_meeting()
    people = [make_person() for _ in range(3)]
    for person, organisation, theme, raised in (
        (people[0], "gp", "no_report", datetime(2025, 5, 2, 9, tzinfo=UTC)),
        (people[1], "gp", "", datetime(2025, 6, 2, 9, tzinfo=UTC)),
        (people[2], "police", "no_report", None),
    ):
        db.session.add(Escalation(meeting=meeting, person=person, chair=meeting.chair,
                                  organisation=organisation, theme=theme, created_at=NOW,
                                  status="raised" if raised else "proposed",
                                  raised_at=raised))  # fmt: skip
    db.session.commit()

    raised = activity.escalations(YEAR)

    assert [(e.day, e.organisation) for e in raised] == [
        (date(2025, 5, 2), "gp"), (date(2025, 6, 2), "gp"),
    ]  # fmt: skip
    assert activity.theme_words("") == "No theme given"


def test_a_part_time_chairs_caseload_range_is_scaled_and_their_travel_counted(app):
    base, away = make_locality(), make_locality()
    make_travel_time(base, away, 40)
    chair = make_chair(base_locality=base, fte=Decimal("0.60"))
    case = make_case(allocated_chair=chair)
    for _ in range(44):  # 45 children with the factory's own: above 0.6 x 70 = 42
        db.session.add(Child(case=case, initials="C", date_of_birth=date(2015, 1, 1)))
    room = make_room(locality=away)
    make_meeting(chair=chair, room=room, starts_at=datetime(2025, 5, 6, 10, tzinfo=UTC),
                 request=make_request(case=case))  # fmt: skip
    db.session.commit()

    (load,) = [c for c in activity.workload(YEAR) if c.name == chair.name]

    assert (load.meetings, load.hours, load.travel_hours) == (1, 1.5, round(80 / 60, 2))
    assert load.caseload_range == (30, 42)
    assert (load.children, load.caseload_words) == (45, "Above the Handbook's range")


@pytest.mark.parametrize(
    ("children", "words"),
    [(29, "Below the range"), (30, "Within the range"), (41, "Within the range"),
     (42, "At the upper limit"), (43, "Above the Handbook's range")],
)  # fmt: skip
def test_a_caseload_is_judged_against_the_handbooks_range_for_the_chairs_fte(children, words):
    load = activity.ChairLoad("A Chair", Decimal("0.60"), 0, 0.0, 0.0, children)
    assert load.caseload_words == words


def test_a_hybrid_meeting_in_a_room_without_equipment_needed_a_portable_kit(app):
    plain, equipped = make_room(hybrid="none"), make_room(hybrid="full")
    day = datetime(2025, 5, 6, 10, tzinfo=UTC)
    make_meeting(room=plain, starts_at=day, request=make_request(format="hybrid"))
    make_meeting(room=plain, starts_at=day + timedelta(days=1))
    make_meeting(room=equipped, starts_at=day, request=make_request(format="hybrid"))
    db.session.commit()

    rooms = {r.name: r for r in activity.room_use(YEAR)}

    assert (rooms[plain.name].meetings, rooms[plain.name].portable_kit) == (2, 1)
    assert (rooms[equipped.name].hybrid, rooms[equipped.name].portable_kit) == (True, 0)
