"""An email's inputs as JSON, so the outbox can queue it cheaply and build it once, later.

Confirming a month's plan queues about four messages a meeting; building each email (text, HTML
and calendar parts, MIME encoding) inside the confirmation made it most of the confirmation's
time. The outbox stores these inputs in the booking's transaction instead, and the relay builds
the bytes when it first claims the message and keeps them, so every resend is the same bytes.

The inputs are plain values (app.invites.values), so the JSON is generic over their fields: a
field added to them needs no change here, and one missing from a row written before it existed
takes the field's default.
"""

import json
import types
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import date, datetime
from email import policy
from typing import Any, Union, get_args, get_origin, get_type_hints

from app.invites.content import Paragraph
from app.invites.imip import invite_message
from app.invites.plain import plain_message
from app.invites.values import InviteMeeting, Method, Organizer, Recipient


@dataclass(frozen=True)
class PendingEmail:
    """Everything `invite_message` is given for one recipient."""

    meeting: InviteMeeting
    recipient: Recipient
    method: Method
    organizer: Organizer
    stamp: datetime  # DTSTAMP and Date: when the change was made, not when it was sent
    message_id: str

    def as_bytes(self) -> bytes:
        message = invite_message(self.meeting, self.recipient, self.method, self.organizer,
                                 self.stamp, message_id=self.message_id)  # fmt: skip
        return message.as_bytes(policy=policy.SMTP)


@dataclass(frozen=True)
class PlainEmail:
    """A plain email (a report chaser, a chair's briefing, a weekly digest): a subject and
    paragraphs, written as text and HTML with no calendar part. The caller writes the words;
    like an invite's, they are built from values it chose, never from a case."""

    recipient: Recipient
    organizer: Organizer
    subject: str
    paragraphs: tuple[Paragraph, ...]
    stamp: datetime  # Date: when it fell due, not when it was sent
    message_id: str

    def as_bytes(self) -> bytes:
        message = plain_message(self.recipient, self.organizer, self.subject,
                                list(self.paragraphs), self.stamp, self.message_id)  # fmt: skip
        return message.as_bytes(policy=policy.SMTP)


class UnreadableContent(ValueError):
    """Stored inputs that no longer fit the values they are read into."""


def dumps(pending: PendingEmail | PlainEmail) -> str:
    return json.dumps(_plain(pending), ensure_ascii=False, sort_keys=True)


def loads(text: str, kind: type[PendingEmail] | type[PlainEmail] = PendingEmail):
    """The stored inputs read back as `kind`: the outbox row's kind says which."""
    try:
        return _value(kind, json.loads(text))
    except (KeyError, TypeError, ValueError) as error:
        raise UnreadableContent(f"stored email inputs cannot be read: {error}") from error


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, date):  # datetime too: both keep their ISO form, offset included
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def _value(kind: Any, plain: Any) -> Any:
    """`plain` read back as `kind`, a field's type hint."""
    if plain is None:
        return None
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        return _value(next(arg for arg in get_args(kind) if arg is not type(None)), plain)
    if origin is tuple:
        arguments = get_args(kind)
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return tuple(_value(arguments[0], item) for item in plain)
        return tuple(
            _value(argument, item) for argument, item in zip(arguments, plain, strict=True)
        )
    if kind is datetime:
        return datetime.fromisoformat(plain)
    if kind is date:
        return date.fromisoformat(plain)
    if isinstance(kind, type) and is_dataclass(kind):
        hints = get_type_hints(kind)
        values = {}
        for field in fields(kind):
            if field.name in plain:
                values[field.name] = _value(hints[field.name], plain[field.name])
            elif field.default is MISSING and field.default_factory is MISSING:
                raise KeyError(field.name)
        return kind(**values)
    return plain
