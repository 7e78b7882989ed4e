"""One-time links to set a password: made for a new account and for a reset an admin starts,
shown once to the admin to pass on, used once by the account's owner.

The token carries 256 random bits; only its SHA-256 is stored. A link stops working when it is
used, when it expires, when a newer link is made for the same account, or when the account is
disabled. Setting a password ends every session of the account.
"""

import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import delete, select, update

from app.extensions import db
from app.models import PasswordResetToken, User, UserSession
from app.services import NotFound, ServiceError, audit
from app.services.accounts.api_tokens import hash_token
from app.services.accounts.auth import MIN_PASSWORD_LENGTH

TOKEN_BYTES = 32  # 256 random bits
LINK_LIFETIME = timedelta(hours=24)
MAX_PASSWORD_LENGTH = 200  # the sign-in form's own limit
EXPIRED = "This link has expired or has already been used."
_hasher = PasswordHasher()  # argon2id, as app.services.accounts.auth


def unusable_password_hash() -> str:
    """A hash of a random password nobody is told: the account can sign in only after its
    owner sets a password through a link."""
    return _hasher.hash(secrets.token_urlsafe(TOKEN_BYTES))


def issue(now: datetime, actor_id: int | None, user: User) -> str:
    """A new link's token for `user` (earlier unused links stop working); audited, not
    committed: the caller's action commits."""
    spend_all(now, user.id)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = PasswordResetToken(user=user, token_hash=hash_token(token), created_at=now,
                             created_by_id=actor_id, expires_at=now + LINK_LIFETIME)  # fmt: skip
    db.session.add(row)
    db.session.flush()
    audit.record(now, actor_id, "user.password_link_issued", user, f"link_id={row.id}")
    return token


def spend_all(now: datetime, user_id: int) -> None:
    """Every unused link of the user stops working (not committed)."""
    for row in db.session.scalars(
        select(PasswordResetToken).where(
            PasswordResetToken.user_id == user_id, PasswordResetToken.spent_at.is_(None)
        )
    ):
        row.spent_at = now


def check(now: datetime, token: str) -> User:
    """The account a live link belongs to; NotFound alike for an unknown, used, superseded or
    expired link, or a disabled account (the visitor learns nothing more)."""
    return _live(now, token).user


def _live(now: datetime, token: str) -> PasswordResetToken:
    row = db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(token))
    )
    if row is None or row.spent_at is not None or now >= row.expires_at or not row.user.active:
        raise NotFound(EXPIRED)
    return row


def set_password(now: datetime, token: str, password: str, confirm: str) -> User:
    """Set the account's password through a live link, which is then spent; every session of
    the account ends. One commit."""
    row = _live(now, token)
    user = row.user
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(
            f"Password must be at least {MIN_PASSWORD_LENGTH} characters", "password"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ServiceError(
            f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer", "password"
        )
    if password != confirm:
        raise ServiceError("The passwords do not match", "confirm")
    # Spent only if still unspent: of two submissions at once, one sets the password.
    spent = db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.id == row.id, PasswordResetToken.spent_at.is_(None))
        .values(spent_at=now)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise NotFound(EXPIRED)
    user.password_hash = _hasher.hash(password)
    spend_all(now, user.id)
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    audit.record(now, user.id, "user.password_set", user, "through a one-time link")
    db.session.commit()
    return user
