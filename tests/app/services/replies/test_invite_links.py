"""Each professional's invite carries their private page, the same link in every invite to
them; a family's and the chair's invites carry none."""

import re

from app.services.notifications.outbox import message_bytes
from app.services.replies.links import open_link
from tests.app.factories.outbox import book, decoded_parts, make_world, outbox_rows
from tests.app.services.replies.factories import BEFORE

LINK = re.compile(r"http://127\.0\.0\.1:5000/reply/[A-Za-z0-9_-]{43}")


def _links(row) -> set[str]:
    return {link for part in decoded_parts(message_bytes(row)) for link in LINK.findall(part)}


def test_a_professionals_invite_carries_a_link_that_opens_their_page_and_a_parents_none(app):
    world = make_world(roles=("gp", "parent"))
    meeting = book(world)

    rows = {row.recipient_email: row for row in outbox_rows()}
    gp_links = _links(rows[world.people["gp"].email])
    assert len(gp_links) == 1  # the text, HTML and calendar parts all carry the same one
    secret = gp_links.pop().rsplit("/", 1)[1]
    opened = open_link(BEFORE, secret)
    assert (opened.person.id, opened.meeting.id) == (world.people["gp"].id, meeting.id)
    assert _links(rows[world.people["parent"].email]) == set()
    assert _links(rows[world.chair.email]) == set()


def test_the_private_page_is_offered_for_the_ways_the_meeting_can_be_attended(app):
    world = make_world(roles=("gp",))  # in person
    book(world)

    (row,) = [r for r in outbox_rows() if r.recipient_email == world.people["gp"].email]
    text = " ".join(" ".join(decoded_parts(message_bytes(row))).split())
    assert "tell us that you will come." in text
    assert "in the room or online" not in text
