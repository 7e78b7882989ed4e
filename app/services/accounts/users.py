"""People and access (admins): accounts, their roles, disabling leavers, one-time links to set
a password, and ending an account's sessions and API tokens.

Disabling takes effect at once: the account's sessions are deleted, its API tokens and its
chair's calendar feed revoked, its unused set-password links spent, so the very next request
with an old cookie, token or feed URL is refused. Every change is audited and committed once.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select

from app.extensions import db
from app.models import CalendarFeed, Chair, User, UserSession
from app.models.accounts.api_tokens import ApiToken
from app.models.staff import USER_ROLES
from app.services import NotFound, ServiceError, audit
from app.services.accounts import api_tokens, chair_links, password_links
from app.services.accounts.auth import normalise_email

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_NAME_LENGTH = 120


@dataclass(frozen=True)
class UserRow:
    """A user as the list shows them, with what ends at once when they are disabled."""

    user: User
    sessions: int
    live_tokens: int


def list_users(now: datetime) -> list[UserRow]:
    users = list(db.session.scalars(select(User).order_by(User.active.desc(), User.name)))
    sessions = dict(
        db.session.execute(
            select(UserSession.user_id, func.count()).group_by(UserSession.user_id)
        ).all()
    )
    tokens = _live_token_counts(now)
    return [UserRow(user, sessions.get(user.id, 0), tokens.get(user.id, 0)) for user in users]


def get_user(now: datetime, user_id: int) -> UserRow:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    sessions = db.session.scalar(
        select(func.count()).select_from(UserSession).where(UserSession.user_id == user.id)
    )
    return UserRow(user, sessions or 0, _live_token_counts(now, user.id).get(user.id, 0))


def why_unlinked(user: User) -> str:
    return chair_links.why_unlinked(user)


def create_user(now: datetime, actor_id: int, email: str, name: str, role: str) -> tuple[User, str]:
    """A new account with no password anyone knows, and a one-time link for its owner to set
    one: (user, the link's token — shown once). A chair account is linked to its chair."""
    email = normalise_email(email or "")
    if not email:
        raise ServiceError("Enter the email address", "email")
    if len(email) > 254 or not _EMAIL.match(email):
        raise ServiceError(
            "Enter an email address in the correct format, like name@example.org", "email"
        )
    name = (name or "").strip()
    if not name:
        raise ServiceError("Enter the person's name", "name")
    if len(name) > MAX_NAME_LENGTH:
        raise ServiceError(f"Name must be {MAX_NAME_LENGTH} characters or fewer", "name")
    _check_role(role)
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise ServiceError(f"A user with the email {email} already exists", "email")
    user = User(email=email, name=name, role=role, created_at=now,
                password_hash=password_links.unusable_password_hash())  # fmt: skip
    db.session.add(user)
    db.session.flush()
    audit.record(now, actor_id, "user.created", user, f"role={role}")
    _link_chair(now, actor_id, user)
    token = password_links.issue(now, actor_id, user)
    db.session.commit()
    return user, token


def change_role(now: datetime, actor_id: int, user_id: int, role: str) -> User:
    user = _user(user_id)
    _check_role(role)
    if user.role == role:
        return user
    if user.id == actor_id:
        raise ServiceError("You cannot change your own role: ask another admin", "role")
    old = user.role
    user.role = role
    audit.record(now, actor_id, "user.role_changed", user, f"role={old}->{role}")
    if old == "chair" and user.chair is not None:
        # Only a chair account sees a chair's own meetings: the link would mean nothing.
        chair = user.chair
        chair.user = None
        audit.record(now, actor_id, "chair.updated", chair, "fields=user_id; role changed")
    _link_chair(now, actor_id, user)
    db.session.commit()
    return user


def disable_user(now: datetime, actor_id: int | None, user_id: int) -> User:
    user = _user(user_id)
    if user.id == actor_id:
        raise ServiceError("You cannot disable your own account: ask another admin", "disable")
    if not user.active:
        raise ServiceError(f"{user.name}'s account is already disabled", "disable")
    end_access(now, actor_id, user, "disabled")
    db.session.commit()
    return user


def end_access(now: datetime, actor_id: int | None, user: User, why: str) -> None:
    """A leaver: the account is disabled, its sessions end, its API tokens and its chair's
    calendar feeds are revoked and its set-password links spent — audited, not committed (the
    caller's action commits, so it all happens at once or not at all)."""
    if user.active:
        user.active = False
        audit.record(now, actor_id, "user.disabled", user, why)
    _end_sessions(now, actor_id, user, why)
    api_tokens.revoke_all_of(now, actor_id, user.id, why)
    password_links.spend_all(now, user.id)
    if user.chair is not None:
        revoke_chair_feeds(now, actor_id, user.chair, why)


def revoke_chair_feeds(now: datetime, actor_id: int | None, chair: Chair, why: str) -> None:
    """Every live calendar feed of the chair stops working (not committed)."""
    for feed in db.session.scalars(
        select(CalendarFeed).where(
            CalendarFeed.chair_id == chair.id, CalendarFeed.revoked_at.is_(None)
        )
    ):
        feed.revoked_at = now
        audit.record(now, actor_id, "feed.revoke", feed, f"chair_id={chair.id}; {why}")


def enable_user(now: datetime, actor_id: int, user_id: int) -> User:
    """The account may sign in again (with its password; its tokens and feeds stay revoked)."""
    user = _user(user_id)
    if user.active:
        raise ServiceError(f"{user.name}'s account is already active", "enable")
    user.active = True
    audit.record(now, actor_id, "user.enabled", user)
    _link_chair(now, actor_id, user)
    db.session.commit()
    return user


def reset_password(now: datetime, actor_id: int, user_id: int) -> tuple[User, str]:
    """A one-time link for the account's owner to set a new password: (user, its token — shown
    once). The current password keeps working until the new one is set."""
    user = _user(user_id)
    if not user.active:
        raise ServiceError("Enable the account before resetting its password", "reset")
    token = password_links.issue(now, actor_id, user)
    db.session.commit()
    return user, token


def revoke_sessions(now: datetime, actor_id: int, user_id: int) -> int:
    """Sign the account out everywhere: how many sessions ended."""
    user = _user(user_id)
    ended = _end_sessions(now, actor_id, user, "revoked by an admin")
    db.session.commit()
    return ended


def revoke_tokens(now: datetime, actor_id: int, user_id: int) -> int:
    """Revoke every live API token of the account: how many."""
    user = _user(user_id)
    revoked = api_tokens.revoke_all_of(now, actor_id, user.id, "revoked by an admin")
    db.session.commit()
    return revoked


def _end_sessions(now: datetime, actor_id: int | None, user: User, why: str) -> int:
    ended = db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    count = ended.rowcount or 0  # type: ignore[attr-defined]
    if count:
        audit.record(now, actor_id, "user.sessions_ended", user, f"sessions={count}; {why}")
    return count


def _link_chair(now: datetime, actor_id: int | None, user: User) -> None:
    if user.role == "chair" and user.active and user.chair is None:
        chair = chair_links.link_user(user)
        if chair is not None:
            audit.record(now, actor_id, "chair.updated", chair, "fields=user_id; same email")


def _check_role(role: str) -> None:
    if role not in USER_ROLES:
        raise ServiceError(f"Select a role: one of {', '.join(USER_ROLES)}", "role")


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    return user


def _live_token_counts(now: datetime, user_id: int | None = None) -> dict[int, int]:
    query = (
        select(ApiToken.user_id, func.count())
        .where(ApiToken.revoked_at.is_(None), ApiToken.expires_at > now)
        .group_by(ApiToken.user_id)
    )
    if user_id is not None:
        query = query.where(ApiToken.user_id == user_id)
    return dict(db.session.execute(query).all())  # type: ignore[arg-type]
