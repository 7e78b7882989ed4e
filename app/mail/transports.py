"""The three transports and the configuration that picks one.

SMTP failures are sorted by what a retry can change: a 4xx reply, a refused connection or a
timeout may pass later (TransientFailure); a 5xx reply to a message's recipient or content will
not (PermanentFailure). A refusal before the recipient (the connection, EHLO, STARTTLS, the
login, the sender address) is a refusal of Quorum, not of the message: TransportRefused, so the
relay stops and every message stays queued until the settings or the server are fixed."""

import hashlib
import os
import re
import smtplib
import ssl
import tempfile
from collections.abc import Mapping
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Literal, Protocol

Security = Literal["starttls", "tls", "none"]
SECURITIES = ("starttls", "tls", "none")


class TransientFailure(Exception):
    """The message was not sent but may be on a later try (4xx, refused, timeout)."""


class PermanentFailure(Exception):
    """The message was refused for good (5xx); retrying the same bytes will not help."""


class TransportRefused(TransientFailure):
    """The server refused Quorum itself (its login, its sender address…), whatever the message:
    the fault is in the settings or the server, and every message waits for it to be fixed."""

    PREFIX = "The mail server refused Quorum's"

    def __init__(self, stage: str, code: int, text: str) -> None:
        super().__init__(f"{self.PREFIX} {stage}: {code} {text}")


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class MemoryTransport:
    """Keeps what it is given, for tests."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


class FolderTransport:
    """One .eml file per message, named from its Message-ID, so sending the same message again
    overwrites the same file. Written to a temporary file and renamed, so a reader (the Outbox
    page, a person opening the folder) never sees half a message."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def path_for(self, message: EmailMessage) -> Path:
        return self.folder / (_file_stem(message) + ".eml")

    def send(self, message: EmailMessage) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(self.path_for(message), message.as_bytes(policy=policy.SMTP))
        except OSError as error:  # a full disk or a missing mount may clear
            raise TransientFailure(f"could not write to {self.folder}: {error}") from error


def _file_stem(message: EmailMessage) -> str:
    message_id = str(message.get("Message-ID", "")).strip().strip("<>")
    if not message_id:
        # No Message-ID: name the file by its content, which is still stable for the same bytes.
        return hashlib.sha256(message.as_bytes()).hexdigest()[:32]
    stem = re.sub(r"[^A-Za-z0-9@._+-]", "_", message_id)[:150].lstrip(".")
    return stem or hashlib.sha256(message_id.encode()).hexdigest()[:32]


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".eml")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class SmtpTransport:
    """One connection per message: the relay sends a handful a minute, and a fresh connection
    cannot be left half-broken by the previous message."""

    def __init__(
        self,
        host: str,
        port: int,
        security: Security = "starttls",
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30,
    ) -> None:
        if security not in SECURITIES:
            raise ValueError(f"SMTP security must be one of {SECURITIES}, not {security!r}")
        self.host, self.port, self.security = host, int(port), security
        self.username, self.password, self.timeout = username, password, timeout

    def send(self, message: EmailMessage) -> None:
        stage = ["connection"]  # how far it got, for the words of a refusal before RCPT
        try:
            with self._connect(stage) as smtp:
                if self.username:
                    stage[0] = "login"
                    smtp.login(self.username, self.password or "")
                stage[0] = "sender address (MAIL FROM)"
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            raise _by_code(_worst_code(error.recipients), str(error.recipients)) from error
        except smtplib.SMTPDataError as error:
            raise _by_code(error.smtp_code, _reply_text(error.smtp_error)) from error
        except smtplib.SMTPResponseException as error:
            refused = _refused_stage(error, stage[0])
            raise TransportRefused(
                refused, error.smtp_code, _reply_text(error.smtp_error)
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            # Refused, reset, timed out, disconnected, TLS handshake failed: all may clear.
            raise TransientFailure(f"{type(error).__name__}: {error}") from error

    def _connect(self, stage: list[str]) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.security == "tls":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            stage[0] = "request to start TLS (STARTTLS)"
            try:
                smtp.starttls(context=context)
            except BaseException:
                smtp.close()
                raise
        return smtp


def _refused_stage(error: smtplib.SMTPResponseException, stage: str) -> str:
    """What the server refused, in an admin's words (EHLO can fail at any stage)."""
    if isinstance(error, smtplib.SMTPHeloError):
        return "greeting (EHLO)"
    return stage


def _worst_code(recipients: Mapping[str, tuple[int, bytes]]) -> int:
    """All refused: permanent if any refusal was permanent, else transient."""
    return max(code for code, _ in recipients.values())


def _reply_text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _by_code(code: int, text: str) -> Exception:
    if 500 <= code < 600:
        return PermanentFailure(f"{code} {text}")
    return TransientFailure(f"{code} {text}")


def transport_from_config(
    config: Mapping, instance_path: Path | str | None = None
) -> FolderTransport | SmtpTransport | MemoryTransport:
    """QUORUM_MAIL_TRANSPORT picks the transport: "folder" (the default; QUORUM_MAIL_FOLDER or
    <instance>/outbox), "smtp" (QUORUM_SMTP_*), or "memory"."""
    kind = str(config.get("QUORUM_MAIL_TRANSPORT") or "folder").strip().lower()
    if kind == "memory":
        return MemoryTransport()
    if kind == "folder":
        return FolderTransport(_outbox_folder(config, instance_path))
    if kind == "smtp":
        return _smtp_from_config(config)
    raise ValueError(f"QUORUM_MAIL_TRANSPORT must be folder, smtp or memory, not {kind!r}")


def _outbox_folder(config: Mapping, instance_path: Path | str | None) -> Path:
    if config.get("QUORUM_MAIL_FOLDER"):
        return Path(config["QUORUM_MAIL_FOLDER"])
    if instance_path is None:
        raise ValueError("The folder transport needs QUORUM_MAIL_FOLDER or the instance path")
    return Path(instance_path) / "outbox"


def _smtp_from_config(config: Mapping) -> SmtpTransport:
    host = config.get("QUORUM_SMTP_HOST")
    if not host:
        raise ValueError("QUORUM_MAIL_TRANSPORT is smtp but QUORUM_SMTP_HOST is not set")
    security = str(config.get("QUORUM_SMTP_SECURITY") or "starttls").strip().lower()
    default_port = {"tls": 465, "starttls": 587, "none": 25}.get(security, 587)
    return SmtpTransport(
        host=str(host),
        port=int(config.get("QUORUM_SMTP_PORT") or default_port),
        security=security,  # type: ignore[arg-type]  # checked by SmtpTransport
        username=config.get("QUORUM_SMTP_USERNAME") or None,
        password=config.get("QUORUM_SMTP_PASSWORD") or None,
        timeout=float(config.get("QUORUM_SMTP_TIMEOUT") or 30),
    )
