"""A booked meeting whose attendees have private links, and report files of each kind."""

import io
import zipfile
from dataclasses import dataclass

from app.extensions import db
from app.models import Meeting
from app.services.replies.links import response_for, secret_of
from tests.app.factories.outbox import HOUR, SLOT, World, book, make_world

BEFORE = SLOT - 48 * HOUR  # two days before the meeting: every link works
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DOC = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504


def docx(with_document: bool = True) -> bytes:
    """A minimal Word document: the parts a .docx is recognised by."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if with_document:
            archive.writestr("word/document.xml", "<w:document/>")
        else:
            archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@dataclass
class Linked:
    world: World
    meeting: Meeting
    secrets: dict  # role -> secret


def linked(meeting_format: str = "hybrid", roles=("gp", "parent")) -> Linked:
    link = "https://meet.example.org/q-1" if meeting_format in ("hybrid", "virtual") else ""
    world = make_world(roles=roles, format=meeting_format, joining_link=link)
    meeting = book(world)
    found = {}
    for role, person in world.people.items():
        found[role] = secret_of(response_for(BEFORE, world.request.id, person.id))
    db.session.commit()
    return Linked(world, meeting, found)
