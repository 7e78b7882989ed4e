"""Users, password hashing (argon2id) and server-side sessions with idle and absolute limits."""

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from app.extensions import db
from app.models import User, UserSession
from app.models.staff import USER_ROLES
from app.services import ServiceError, audit
from app.services.accounts import chair_links

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
MIN_PASSWORD_LENGTH = 12
# Verifying against a dummy hash for unknown emails keeps response times alike, so the login
# form does not reveal which addresses have accounts.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(now: datetime, email: str, name: str, role: str, password: str) -> User:
    email = normalise_email(email)
    if role not in USER_ROLES:
        raise ServiceError(f"Role must be one of {', '.join(USER_ROLES)}.", "role")
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise ServiceError("Enter an email address in the correct format.", "email")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(
            f"Password must be at least {MIN_PASSWORD_LENGTH} characters.", "password"
        )
    if db.session.scalar(select(User).where(User.email == email)):
        raise ServiceError(f"A user with the email {email} already exists.", "email")
    user = User(
        email=email,
        name=name.strip() or email,
        role=role,
        password_hash=_hasher.hash(password),
        created_at=now,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(now, None, "user.created", user, f"role={role}")
    chair = chair_links.link_user(user) if role == "chair" else None
    if chair is not None:
        audit.record(now, None, "chair.updated", chair, "fields=user_id; same email")
    db.session.commit()
    return user


def authenticate(email: str, password: str) -> User | None:
    user, _ = _checked(email, password)
    return user


def sign_in_attempt(now: datetime, email: str, password: str, address: str) -> User | None:
    """The user whose email and password these are (and who may sign in), or None; a failed
    attempt is audited with why and from where, never with the password or an unknown email
    (which may be a mistyped password)."""
    user, why = _checked(email, password)
    if user is None:
        known = db.session.scalar(select(User).where(User.email == normalise_email(email)))
        audit.record(now, None, "user.sign_in_failed", known,
                     f"{why}; from {address[:64]}")  # fmt: skip
        db.session.commit()
    return user


def _checked(email: str, password: str) -> tuple[User | None, str]:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None, "no such account" if user is None else "wrong password"
    if user is None or not user.active:
        return None, "account disabled"
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        db.session.commit()
    return user, ""


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(now: datetime, user: User) -> str:
    """A new session (and a new token) at every sign-in; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            token_hash=_hash_token(token), user_id=user.id, created_at=now, last_seen_at=now
        )
    )
    user.last_signed_in_at = now
    audit.record(now, user.id, "user.signed_in", user)
    db.session.commit()
    return token


def resume_session(now: datetime, token: str, idle: timedelta, absolute: timedelta) -> User | None:
    """The user behind a live session token, touching it; None (and the session ended) when it
    has been idle too long or has lived past its absolute limit."""
    session = db.session.get(UserSession, _hash_token(token))
    if session is None:
        return None
    if now - session.last_seen_at > idle or now - session.created_at > absolute:
        db.session.delete(session)
        db.session.commit()
        return None
    user = session.user
    if not user.active:
        return None
    session.last_seen_at = now
    # The commit is the last thing read or written here (the user is taken before it): what the
    # caller does next is the action's own transaction (app.database.forget_bookkeeping_commit).
    db.session.commit()
    return user


def end_session(now: datetime, token: str) -> None:
    session = db.session.get(UserSession, _hash_token(token))
    if session is not None:
        audit.record(now, session.user_id, "user.signed_out", session.user)
        db.session.delete(session)
        db.session.commit()
