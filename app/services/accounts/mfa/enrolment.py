"""Setting up an authenticator app: a new secret, shown once and kept (sealed) only after a
code from the app confirms it, with ten recovery codes shown once and kept as hashes."""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import delete, func, select

from app.extensions import db
from app.models import MfaRecoveryCode, User, UserMfa
from app.services import NotFound, ServiceError, audit
from app.services.accounts import auth
from app.services.accounts.mfa import MFA_REQUIRED_ROLES, codes, sealing

# How long a secret being set up waits for its confirming code.
PENDING_SECONDS = 10 * 60
ISSUER = "Quorum"


@dataclass(frozen=True)
class PendingEnrolment:
    """A secret being set up: `secret` for the page (QR code and text), `sealed` for the
    visitor's session until a code confirms it (the database holds nothing yet)."""

    secret: str
    sealed: str
    uri: str


def _key() -> str:
    return current_app.config["SECRET_KEY"]


def is_enrolled(user_id: int) -> bool:
    return db.session.get(UserMfa, user_id) is not None


def second_step(user: User) -> str | None:
    """What a user whose password was right must do before their session starts: "code" (they
    have an authenticator), "setup" (their role requires one), or None."""
    if is_enrolled(user.id):
        return "code"
    return "setup" if user.role in MFA_REQUIRED_ROLES else None


def must_set_up(user: User) -> bool:
    """An admin or manager with a local (password) account and no authenticator app. A chair
    is never asked; nor is anyone who signs in through the council's identity provider, whose
    own sign-in (with its second factor) is the council's to enforce."""
    if user.sso_subject is not None:
        return False
    return user.role in MFA_REQUIRED_ROLES and not is_enrolled(user.id)


def recovery_codes_left(user_id: int) -> int:
    unused = (MfaRecoveryCode.user_id == user_id, MfaRecoveryCode.used_at.is_(None))
    return db.session.scalar(select(func.count()).select_from(MfaRecoveryCode).where(*unused)) or 0


def pending_enrolment(now: datetime, user_id: int, sealed: str | None) -> PendingEnrolment:
    """The secret being set up (the same one while it is fresh, so a mistyped code does not
    change the QR code), or a new one."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    secret = sealing.unseal(_key(), sealed, now, PENDING_SECONDS) if sealed else None
    if secret is None:
        secret = codes.new_secret()
        sealed = sealing.seal(_key(), secret, now)
    assert sealed is not None
    return PendingEnrolment(secret, sealed, codes.provisioning_uri(secret, user.email, ISSUER))


def enrol(now: datetime, user_id: int, sealed: str | None, code: str) -> list[str]:
    """Keep the secret being set up once `code` is its current code; returns the recovery codes
    (shown once). A wrong or late code keeps nothing."""
    codes_shown = _confirm(now, user_id, sealed, code)
    db.session.commit()
    return codes_shown


def enrol_and_sign_in(
    now: datetime, user_id: int, sealed: str | None, code: str
) -> tuple[list[str], str]:
    """The same for someone half signed in whose role requires a second factor: their session
    starts with it. Returns the recovery codes and the session token. Someone who has an app
    already is refused: knowing the password must not be enough to swap it for another."""
    if is_enrolled(user_id):
        raise ServiceError("You have an authenticator app: sign in with its code.", "code")
    codes_shown = _confirm(now, user_id, sealed, code)
    return codes_shown, auth.start_session(now, db.session.get_one(User, user_id))


def add_enrolment(now: datetime, user: User, secret: str) -> list[str]:
    """Give `user` this secret and new recovery codes, replacing any they had (added, not
    committed: the caller's transaction keeps it, as the demo load does)."""
    db.session.execute(delete(UserMfa).where(UserMfa.user_id == user.id))
    db.session.execute(delete(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user.id))
    recovery = codes.new_recovery_codes()
    db.session.add(
        UserMfa(user_id=user.id, secret_sealed=sealing.seal(_key(), secret, now), enrolled_at=now)
    )
    db.session.add_all(
        MfaRecoveryCode(user_id=user.id, code_hash=codes.recovery_hash(c)) for c in recovery
    )
    return recovery


def _confirm(now: datetime, user_id: int, sealed: str | None, code: str) -> list[str]:
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        raise NotFound("No such user.")
    secret = sealing.unseal(_key(), sealed, now, PENDING_SECONDS) if sealed else None
    if secret is None:
        raise ServiceError("The setup took too long: scan the new QR code and try again.", "code")
    step = codes.matching_step(secret, code, now, None)
    if step is None:
        raise ServiceError("Enter the 6-digit code your authenticator app shows now.", "code")
    replacing = is_enrolled(user.id)
    recovery = add_enrolment(now, user, secret)
    db.session.flush()
    # The code that confirmed the secret is spent: it cannot also be used to sign in.
    db.session.get_one(UserMfa, user.id).last_step = step
    audit.record(now, user.id, "user.mfa_enrolled", user, "replaced" if replacing else "")
    return recovery
