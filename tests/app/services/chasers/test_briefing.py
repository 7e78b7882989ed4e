"""The chair's briefing the working day before: who has not replied, who sent apologies, whose
report is missing; professionals by name and role, family members by role only; once."""

from app.services.notifications.chasers import send_due
from app.services.notifications.outbox import message_bytes
from tests.app.factories.outbox import parsed
from tests.app.services.chasers.factories import (
    booked_meeting,
    day_before,
    london,
    notices,
    receive_report,
    send_apologies,
    sent,
)

BRIEFING_DAY = london(2026, 3, 11)  # Wed 11 March, for Thu 12 March


def _sections(body: bytes) -> dict[str, list[str]]:
    text = parsed(body).get_body(("plain",)).get_content().replace("\r\n", "\n")
    blocks = [block.splitlines() for block in text.strip().split("\n\n")]
    return {block[0]: block[1:] for block in blocks}


def test_the_chair_is_briefed_the_working_day_before_once(app):
    world, _ = booked_meeting(roles=("gp", "social_worker", "police", "parent"))
    gp, social_worker, police = (world.people[r] for r in ("gp", "social_worker", "police"))
    send_apologies(world, "social_worker")
    receive_report(world, "police")

    send_due(day_before(BRIEFING_DAY))
    assert sent("briefing") == []
    send_due(BRIEFING_DAY)
    send_due(london(2026, 3, 11, 16))

    (row,) = sent("briefing")
    assert row.recipient_email == world.chair.email and row.audience == "chair"
    sections = _sections(message_bytes(row))
    assert sorted(sections["Not replied yet"]) == sorted(
        [f"{gp.name}, GP", f"{police.name}, Police", "Parent"]
    )
    assert sections["Sent apologies"] == [f"{social_worker.name}, Social worker"]
    assert sorted(sections["Reports not received"]) == sorted(
        [f"{gp.name}, GP", f"{social_worker.name}, Social worker"]
    )
    assert world.people["parent"].name not in message_bytes(row).decode()
    assert [n.kind for n in notices("briefing")] == ["briefing"]


def test_a_meeting_booked_after_the_briefing_day_gets_no_briefing(app):
    booked_meeting(roles=("gp",), booked=london(2026, 3, 12, 8))

    send_due(london(2026, 3, 12, 8, 30))

    assert sent("briefing") == []
    assert [(n.kind, n.outcome) for n in notices("briefing")] == [("briefing", "skipped")]


def test_everyone_replied_and_every_report_in_is_said_in_words(app):
    world, _ = booked_meeting(roles=("gp",))
    send_apologies(world, "gp")
    receive_report(world, "gp")

    send_due(BRIEFING_DAY)

    sections = _sections(message_bytes(sent("briefing")[0]))
    assert sections["Not replied yet"] == ["Everyone has replied."]
    assert sections["Reports not received"] == ["Every report asked for is in."]
