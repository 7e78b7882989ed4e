"""Bearer tokens for the JSON API: create (shown once), revoke, and check one on a request.

Only the SHA-256 of a token is stored. A token acts as its user: revoked, unknown, or
belonging to a deactivated user, it is refused alike (the caller learns nothing more).
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.models.api_tokens import ApiToken
from app.services import NotFound, ServiceError, audit
from app.services.accounts.auth import normalise_email

TOKEN_BYTES = 32  # 256 random bits
MAX_NAME_LENGTH = 80
# Writing last_used_at on every call would turn every API read into a write; a minute's
# precision is enough to tell a live integration from a forgotten token.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(now: datetime, email: str, name: str = "") -> tuple[ApiToken, str]:
    """A new token for the user with `email`: (row, the token itself — shown once, never kept)."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise ServiceError(f"No user has the email {email.strip()[:254]}.", "user")
    if not user.active:
        raise ServiceError(f"The user {user.email} is deactivated.", "user")
    name = name.strip()
    if len(name) > MAX_NAME_LENGTH:
        raise ServiceError(f"Name the token in {MAX_NAME_LENGTH} characters or fewer.", "name")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = ApiToken(user=user, name=name, token_hash=hash_token(token), created_at=now)
    db.session.add(row)
    db.session.flush()
    audit.record(now, None, "api_token.create", row, f"user_id={user.id}")
    db.session.commit()
    return row, token


def revoke_token(now: datetime, token_id: int) -> ApiToken:
    row = db.session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"There is no API token {token_id}.", "id")
    if row.revoked_at is not None:
        raise ServiceError(f"API token {token_id} is already revoked.", "id")
    row.revoked_at = now
    audit.record(now, None, "api_token.revoke", row, f"user_id={row.user_id}; changed: revoked_at")
    db.session.commit()
    return row


def user_for_token(now: datetime, token: str) -> User | None:
    """The active user a live token belongs to, or None. Notes when it was last used."""
    if not token:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    user = row.user
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_PRECISION:
        row.last_used_at = now
        # The last thing read or written here (the user is taken before it): what the caller
        # does next is the action's own transaction (app.database.forget_bookkeeping_commit).
        db.session.commit()
    return user
