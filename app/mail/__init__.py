"""Sending email behind a small transport interface: SMTP in production, a folder of .eml files
for `make run`, memory for tests. Transports raise TransientFailure (retry later) or
PermanentFailure (give up); the outbox decides what to do about each."""

from app.mail.transports import (
    FolderTransport,
    MemoryTransport,
    PermanentFailure,
    SmtpTransport,
    TransientFailure,
    Transport,
    transport_from_config,
)

__all__ = [
    "FolderTransport",
    "MemoryTransport",
    "PermanentFailure",
    "SmtpTransport",
    "TransientFailure",
    "Transport",
    "transport_from_config",
]
