"""A mail server that refuses Quorum itself (its login, its sender address) is the server's
problem, not the messages': every message stays queued, with the refusal recorded, until the
settings or the server are fixed. Only a refused recipient fails that one message. Against a
real SMTP server on loopback (aiosmtpd)."""

from datetime import timedelta

from aiosmtpd.smtp import AuthResult, LoginPassword

from app.mail import SmtpTransport
from app.services.notifications.outbox_relay import RelayPolicy, relay_due
from tests.app.factories.outbox import SLOT, Clock, Recorder, book, make_world, outbox_rows

POLICY = RelayPolicy(retry_base=timedelta(seconds=30), retry_cap=timedelta(minutes=4))


class Refusing(Recorder):
    """Keeps what it accepts; refuses the sender address, or one recipient, as told."""

    def __init__(self, mail_reply: str | None = None, refused_rcpt: str | None = None):
        super().__init__()
        self.mail_reply, self.refused_rcpt = mail_reply, refused_rcpt

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused_rcpt:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def only_the_right_password(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"right"
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535


def _listening(smtp, handler: Refusing) -> int:
    """Starts the server with this handler, taking logins with the right password only."""
    _, port, start = smtp
    start(handler, authenticator=only_the_right_password, auth_require_tls=False)
    return port


def _sweeps(transport, times: int = 6) -> None:
    clock = Clock(SLOT)
    for _ in range(times):
        relay_due(clock, transport, POLICY)
        clock.advance(timedelta(minutes=5))


def test_a_refused_login_leaves_every_message_queued_with_the_servers_refusal(app, smtp):
    port = _listening(smtp, Refusing())
    book(make_world())
    transport = SmtpTransport("127.0.0.1", port, "none", "relay", "wrong", timeout=5)

    _sweeps(transport)

    rows = outbox_rows()
    assert len(rows) == 3 and {row.status for row in rows} == {"queued"}
    tried = [row for row in rows if row.attempts]
    assert tried and all(row.last_error.startswith("The mail server refused Quorum's login: 535")
                         for row in tried)  # fmt: skip


def test_a_refused_sender_address_leaves_every_message_queued(app, smtp):
    port = _listening(smtp, Refusing(mail_reply="553 5.7.1 Sender address not allowed"))
    book(make_world())

    _sweeps(SmtpTransport("127.0.0.1", port, "none", timeout=5))

    rows = outbox_rows()
    assert {row.status for row in rows} == {"queued"}
    assert any("sender address (MAIL FROM): 553" in row.last_error for row in rows)


def test_a_refused_recipient_fails_only_the_message_to_them(app, smtp):
    world = make_world(roles=("parent", "social_worker"))
    handler = Refusing(refused_rcpt=world.people["parent"].email)
    port = _listening(smtp, handler)
    book(world)

    _sweeps(SmtpTransport("127.0.0.1", port, "none", timeout=5), times=1)

    statuses = {row.recipient_email: row.status for row in outbox_rows()}
    assert statuses.pop(world.people["parent"].email) == "failed"
    assert set(statuses.values()) == {"sent"} and len(handler.received) == 2
