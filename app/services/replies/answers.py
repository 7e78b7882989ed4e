"""A person's answer through their private link: will they come (in the room or online), or
their apologies with a reason; and their report, a PDF or Word file checked by its content.

A report is written under a random name in QUORUM_REPORTS_DIR (outside the web root) before its
row is committed; a failed commit removes the file, so there is never a row without its file.
Audit rows name the request and the attendee's id, never what they wrote.
"""

import hashlib
import io
import os
import secrets
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Protocol

from flask import current_app
from werkzeug.utils import secure_filename

from app.extensions import db
from app.models import AttendeeReport
from app.models.replies import REPORT_MAX_BYTES
from app.services import ServiceError, audit
from app.services.replies.links import open_link

APOLOGY_REASON_LENGTH = 500
ONLINE_FORMATS = ("hybrid", "virtual")
IN_ROOM_FORMATS = ("in_person", "hybrid", "off_site")
_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")  # the container of Word 97-2003 .doc files


def record_reply(now: datetime, secret: str, reply: str, reason: str) -> None:
    opened = open_link(now, secret)
    meeting_format = opened.request.format
    reason = (reason or "").strip()
    if reply not in ("attending_in_room", "attending_online", "apologies"):
        raise ServiceError("Choose whether you will come, and how, or send apologies.", "reply")
    if reply == "attending_in_room" and meeting_format not in IN_ROOM_FORMATS:
        raise ServiceError("This meeting is online only: choose online, or send apologies.",
                           "reply")  # fmt: skip
    if reply == "attending_online" and meeting_format not in ONLINE_FORMATS:
        raise ServiceError("This meeting has no online joining: choose in the room, or send "
                           "apologies.", "reply")  # fmt: skip
    if reply == "apologies" and not reason:
        raise ServiceError("Say briefly why you cannot come.", "reason")
    if len(reason) > APOLOGY_REASON_LENGTH:
        raise ServiceError(f"Give the reason in at most {APOLOGY_REASON_LENGTH} characters.",
                           "reason")  # fmt: skip
    response = opened.response
    response.reply = reply
    response.apology_reason = reason if reply == "apologies" else ""
    response.replied_at = now
    detail = f"request={opened.request.id}; person={opened.person.id}; reply={reply}"
    audit.record(now, None, "response.reply", response, detail)
    db.session.commit()


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def store_report(now: datetime, secret: str, filename: str, stream: Readable) -> AttendeeReport:
    opened = open_link(now, secret)
    content = stream.read(REPORT_MAX_BYTES + 1)
    if not content:
        raise ServiceError("Choose the report to upload: the file was empty or missing.", "report")
    if len(content) > REPORT_MAX_BYTES:
        raise ServiceError("The report is larger than 10 MB: save it smaller (for example "
                           "as a PDF without large pictures) and upload it again.",
                           "report")  # fmt: skip
    kind = kind_of(content)
    if kind is None:
        raise ServiceError("Upload the report as a PDF or a Word document (.pdf, .docx or "
                           ".doc): this file is not one of those.", "report")  # fmt: skip
    stored_name = secrets.token_hex(16)
    path = reports_dir() / stored_name
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as file:  # never overwrites
        file.write(content)
        file.flush()
        os.fsync(file.fileno())
    report = AttendeeReport(
        response_id=opened.response.id, stored_name=stored_name,
        original_name=_shown_name(filename, kind), kind=kind, size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(), uploaded_at=now,
    )  # fmt: skip
    try:
        db.session.add(report)
        db.session.flush()
        detail = f"request={opened.request.id}; person={opened.person.id}; kind={kind}"
        audit.record(now, None, "response.report", report, detail)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        path.unlink(missing_ok=True)
        raise
    return report


def kind_of(content: bytes) -> str | None:
    """pdf, docx or doc from what the file is, not what it is called."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(_OLE2):
        return "doc"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:  # names only: nothing unpacked
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


def _shown_name(filename: str, kind: str) -> str:
    """The name staff see: made safe, and ending as what the file really is."""
    stem = Path(secure_filename(filename or "")).stem[:150] or "report"
    return f"{stem}.{kind}"


def reports_dir() -> Path:
    configured = current_app.config["QUORUM_REPORTS_DIR"]
    return Path(configured) if configured else Path(current_app.instance_path) / "reports"


def report_path(report: AttendeeReport) -> Path:
    return reports_dir() / report.stored_name
