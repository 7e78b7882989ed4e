"""Real SMTP deliveries captured by aiosmtpd on loopback, and the failures sorted by whether a
retry can help: 4xx, refused and timeout are transient; 5xx is permanent."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from app.invites import invite_message
from app.mail import PermanentFailure, SmtpTransport, TransientFailure
from app.mail.transports import TransportRefused
from tests.invites.factories import ORGANIZER, STAMP, make_hybrid, make_meeting, make_recipient


class Capture:
    def __init__(self, data_reply="250 OK", rcpt_reply=None, mail_reply=None):
        self.data_reply, self.rcpt_reply, self.mail_reply = data_reply, rcpt_reply, mail_reply
        self.envelopes = []

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply.startswith("250"):
            self.envelopes.append(envelope)
        return self.data_reply


def accept_test_login(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"s3cret"
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd sends the 535


@pytest.fixture
def smtp_server(request):
    handler = Capture(**getattr(request, "param", {}))
    controller = Controller(
        handler, hostname="127.0.0.1", port=_free_port(), authenticator=accept_test_login,
        auth_require_tls=False,
    )  # fmt: skip
    controller.start()
    yield controller
    controller.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def transport(controller, **overrides) -> SmtpTransport:
    values = {"security": "none", "timeout": 5} | overrides
    return SmtpTransport(controller.hostname, controller.port, **values)


def an_invite(method="REQUEST", meeting=None):
    meeting = meeting or make_hybrid()
    return invite_message(
        meeting, make_recipient(), method, ORGANIZER, STAMP, "row-5@quorum.invalid"
    )


def test_a_delivered_invite_arrives_once_to_the_recipient_from_the_organizer(smtp_server):
    transport(smtp_server).send(an_invite())
    (envelope,) = smtp_server.handler.envelopes
    assert envelope.mail_from == "meetings@quorum.invalid"
    assert envelope.rcpt_tos == ["family@example.invalid"]


@pytest.mark.parametrize(
    ("method", "meeting"), [("REQUEST", make_hybrid()), ("CANCEL", make_meeting(cancelled=True))]
)
def test_a_delivered_invite_has_one_calendar_part_matching_its_method(smtp_server, method, meeting):
    transport(smtp_server).send(an_invite(method, meeting))
    received = message_from_bytes(smtp_server.handler.envelopes[0].content, policy=policy.default)
    calendars = [p for p in received.walk() if p.get_content_type() == "text/calendar"]
    (attachment,) = [p for p in received.walk() if p.get_content_type() == "application/ics"]
    assert len(calendars) == 1
    assert calendars[0].get_param("method") == method
    assert f"METHOD:{method}\r\n".encode() in calendars[0].get_payload(decode=True)
    assert attachment.get_payload(decode=True) == calendars[0].get_payload(decode=True)


def test_a_login_is_made_when_a_username_is_given(smtp_server):
    transport(smtp_server, username="relay", password="s3cret").send(an_invite())
    assert len(smtp_server.handler.envelopes) == 1


def test_a_refused_login_is_a_refusal_of_quorum_not_of_the_message(smtp_server):
    with pytest.raises(TransportRefused, match="refused Quorum's login: 535"):
        transport(smtp_server, username="relay", password="wrong").send(an_invite())


@pytest.mark.parametrize(
    "smtp_server", [{"mail_reply": "554 5.7.1 Sender address rejected"}], indirect=True
)
def test_a_refused_sender_address_is_a_refusal_of_quorum_not_of_the_message(smtp_server):
    with pytest.raises(TransportRefused, match=r"sender address \(MAIL FROM\): 554 5.7.1"):
        transport(smtp_server).send(an_invite())


def test_a_refusal_of_quorum_is_transient_so_the_message_stays_queued():
    assert issubclass(TransportRefused, TransientFailure)
    assert not issubclass(TransportRefused, PermanentFailure)


@pytest.mark.parametrize("smtp_server", [{"data_reply": "451 Try again later"}], indirect=True)
def test_a_4xx_reply_is_transient(smtp_server):
    with pytest.raises(TransientFailure, match="451"):
        transport(smtp_server).send(an_invite())


@pytest.mark.parametrize("smtp_server", [{"data_reply": "554 Rejected"}], indirect=True)
def test_a_5xx_reply_is_permanent(smtp_server):
    with pytest.raises(PermanentFailure, match="554"):
        transport(smtp_server).send(an_invite())


@pytest.mark.parametrize("smtp_server", [{"rcpt_reply": "550 No such user"}], indirect=True)
def test_a_refused_recipient_is_permanent(smtp_server):
    with pytest.raises(PermanentFailure, match="550"):
        transport(smtp_server).send(an_invite())


@pytest.mark.parametrize("smtp_server", [{"rcpt_reply": "452 Mailbox full"}], indirect=True)
def test_a_recipient_deferred_with_4xx_is_transient(smtp_server):
    with pytest.raises(TransientFailure, match="452"):
        transport(smtp_server).send(an_invite())


def test_a_refused_connection_is_transient():
    with pytest.raises(TransientFailure, match="ConnectionRefused"):
        SmtpTransport("127.0.0.1", _free_port(), security="none", timeout=5).send(an_invite())


def test_a_server_that_never_answers_is_transient():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        with pytest.raises(TransientFailure, match="timed out"):
            SmtpTransport("127.0.0.1", port, security="none", timeout=0.5).send(an_invite())


def test_starttls_against_a_server_without_it_is_transient_not_sent_in_clear(smtp_server):
    with pytest.raises(TransientFailure, match="STARTTLS"):
        transport(smtp_server, security="starttls").send(an_invite())
    assert smtp_server.handler.envelopes == []


def test_an_unknown_security_setting_is_refused():
    with pytest.raises(ValueError, match="security"):
        SmtpTransport("127.0.0.1", 25, security="ssl")
