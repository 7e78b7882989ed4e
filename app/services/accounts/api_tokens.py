"""Bearer tokens for the JSON API: create (shown once), list, revoke, and check one on a request.

Only the SHA-256 of a token is stored. A token acts as its user until it expires: expired,
revoked, unknown, or belonging to a disabled user, it is refused alike (the caller learns
nothing more).
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.models.accounts.api_tokens import ApiToken
from app.services import NotFound, ServiceError, audit
from app.services.accounts.auth import normalise_email

TOKEN_BYTES = 32  # 256 random bits
MAX_NAME_LENGTH = 80
# Writing last_used_at on every call would turn every API read into a write; a minute's
# precision is enough to tell a live integration from a forgotten token.
LAST_USED_PRECISION = timedelta(minutes=1)
# A token that is forgotten stops working by itself; an integration asks for a new one in time.
DEFAULT_DAYS = 90
MAX_DAYS = 365


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(
    now: datetime, email: str, name: str = "", days: int = DEFAULT_DAYS,
    actor_id: int | None = None,
) -> tuple[ApiToken, str]:  # fmt: skip
    """A new token for the user with `email`, working for `days` (1 to MAX_DAYS), made by
    `actor_id` (an admin on the page; None from the CLI): (row, the token itself — shown
    once, never kept)."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise ServiceError(f"No user has the email {email.strip()[:254]}.", "user")
    if not user.active:
        raise ServiceError(f"The user {user.email} is disabled.", "user")
    name = name.strip()
    if len(name) > MAX_NAME_LENGTH:
        raise ServiceError(f"Name the token in {MAX_NAME_LENGTH} characters or fewer.", "name")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ServiceError(f"A token lasts from 1 to {MAX_DAYS} days.", "days")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = ApiToken(user=user, name=name, token_hash=hash_token(token), created_at=now,
                   expires_at=now + timedelta(days=days))  # fmt: skip
    db.session.add(row)
    db.session.flush()
    audit.record(now, actor_id, "api_token.create", row, f"user_id={user.id}; days={days}")
    db.session.commit()
    return row, token


def list_tokens(user: User | None) -> list[ApiToken]:
    """What `user` may see, newest first: an admin every token, anyone else their own; None
    (the CLI, run by whoever runs the server) every token."""
    query = select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    if user is not None and user.role != "admin":
        query = query.where(ApiToken.user_id == user.id)
    return list(db.session.scalars(query))


def revoke_token(now: datetime, token_id: int, actor: User | None = None) -> ApiToken:
    """Revoke one token: from the CLI (no actor), by an admin, or by its own user (another's is
    'not found' to them, as if it did not exist)."""
    row = db.session.get(ApiToken, token_id)
    if row is None or (actor is not None and actor.role != "admin" and row.user_id != actor.id):
        raise NotFound(f"There is no API token {token_id}.", "id")
    if row.revoked_at is not None:
        raise ServiceError(f"API token {token_id} is already revoked.", "id")
    row.revoked_at = now
    audit.record(now, actor.id if actor else None, "api_token.revoke", row,
                 f"user_id={row.user_id}; changed: revoked_at")  # fmt: skip
    db.session.commit()
    return row


def revoke_all_of(now: datetime, actor_id: int | None, user_id: int, why: str) -> int:
    """Revoke every live token of a user, audited, without committing (the caller's action
    commits); how many there were."""
    live = list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        )
    )
    for row in live:
        row.revoked_at = now
        audit.record(now, actor_id, "api_token.revoke", row, f"user_id={user_id}; {why}")
    return len(live)


def is_live(row: ApiToken, now: datetime) -> bool:
    return row.revoked_at is None and now < row.expires_at


def user_for_token(now: datetime, token: str) -> User | None:
    """The active user a live token belongs to, or None. Notes when it was last used."""
    if not token:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or not is_live(row, now) or not row.user.active:
        return None
    user = row.user
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_PRECISION:
        row.last_used_at = now
        # The last thing read or written here (the user is taken before it): what the caller
        # does next is the action's own transaction (app.database.forget_bookkeeping_commit).
        db.session.commit()
    return user
