"""One-time codes (RFC 6238: 6 digits, 30-second steps, SHA-1, as every authenticator app
reads them) and recovery codes. Time is passed in; nothing here reads the clock."""

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp

STEP_SECONDS = 30
# A code from the step before or after is taken too: a phone's clock may drift a little and a
# code typed as it turns over should still work.
DRIFT_STEPS = 1
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o or 1/l/i to misread


def new_secret() -> str:
    """160 random bits in base32, the length RFC 4226 recommends."""
    return pyotp.random_base32(32)


def step_at(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def code_at_step(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, interval=STEP_SECONDS).at(step * STEP_SECONDS)


def matching_step(secret: str, code: str, now: datetime, after: int | None) -> int | None:
    """The step whose code this is (within the drift allowed), or None; steps at or before
    `after` (the last one accepted) never match again, so no code is taken twice."""
    code = "".join(code.split())
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return None
    current = step_at(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(code_at_step(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    return totp.provisioning_uri(name=account, issuer_name=issuer)


def new_recovery_codes() -> list[str]:
    """Ten codes of 16 characters (about 79 random bits each), written in groups of four."""
    return [
        "-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(4)) for _ in range(4))
        for _ in range(RECOVERY_CODES)
    ]


def looks_like_recovery_code(text: str) -> bool:
    return len(_normalised(text)) == 16


def recovery_hash(code: str) -> str:
    """A code's fingerprint: its many random bits make a fast hash enough (as for API tokens).
    Case, spaces and hyphens do not matter when it is typed back."""
    return hashlib.sha256(_normalised(code).encode()).hexdigest()


def _normalised(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())
