"""Taking away a user's second factor (a lost phone): by another admin, or from the command
line when no admin can sign in. Their sessions end with it; an admin or manager then sets up a
new authenticator at their next sign-in."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from app.extensions import db
from app.models import MfaRecoveryCode, User, UserMfa, UserSession
from app.services import NotFound, ServiceError, audit
from app.services.accounts import auth
from app.services.accounts.mfa.enrolment import is_enrolled


@dataclass(frozen=True)
class ResetPage:
    user: User
    enrolled: bool
    own: bool


def reset_page(admin: User, user_id: int) -> ResetPage:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return ResetPage(user, is_enrolled(user.id), user.id == admin.id)


def reset_by_admin(now: datetime, admin: User, user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    if user.id == admin.id:
        # Another admin must see that it is really you: a stolen session cannot shed the factor.
        raise ServiceError("You cannot reset your own authenticator: ask another admin.", "user")
    _reset(now, admin.id, user, "by an admin")
    db.session.commit()
    return user


def reset_from_command_line(now: datetime, email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == auth.normalise_email(email)))
    if user is None:
        raise NotFound(f"No account has the email {auth.normalise_email(email)}.", "email")
    _reset(now, None, user, "from the command line")
    db.session.commit()
    return user


def _reset(now: datetime, actor_id: int | None, user: User, how: str) -> None:
    if not is_enrolled(user.id):
        raise ServiceError(f"{user.name} has no authenticator app set up.", "user")
    db.session.execute(delete(UserMfa).where(UserMfa.user_id == user.id))
    db.session.execute(delete(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user.id))
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    audit.record(now, actor_id, "user.mfa_reset", user, how)
