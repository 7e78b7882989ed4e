"""A chair's user account and the chair with the same email, linked so that the account sees
that chair's meetings; when they cannot be linked, why, in words an admin can act on."""

from sqlalchemy import select

from app.extensions import db
from app.models import Chair, User


def user_to_link(email: str, chair_id: int | None = None) -> int | None:
    """The id of the user account a chair with this email links to: an active chair account
    with the same email, not linked to another chair; None when there is none."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or user.role != "chair" or not user.active:
        return None
    if user.chair is not None and user.chair.id != chair_id:
        return None
    return user.id


def link_user(user: User) -> Chair | None:
    """Link a chair account to the live chair with its email when both are free (the caller
    audits and commits); the chair, or None when they cannot be linked."""
    chair = _chair_with_email(user.email)
    if why_unlinked(user, chair):
        return None
    assert chair is not None  # why_unlinked names a missing chair
    chair.user = user
    return chair


def why_unlinked(user: User, chair: Chair | None = None) -> str:
    """Why this chair account is not linked to a chair ('' when it is, or is not a chair)."""
    if user.role != "chair" or user.chair is not None:
        return ""
    if not user.active:
        return "The account is disabled, so it is not linked to a chair."
    chair = chair or _chair_with_email(user.email)
    if chair is None:
        return (
            f"No chair has the email {user.email}. Add the chair with this email, or correct "
            "the chair's email, and the account is linked to it."
        )
    if chair.retired_at is not None:
        return f"The chair with this email, {chair.name}, is retired."
    if chair.user is not None:
        return (
            f"The chair with this email, {chair.name}, is linked to another account "
            f"({chair.user.email}). Change the linked account on the chair's page."
        )
    return ""


def _chair_with_email(email: str) -> Chair | None:
    return db.session.scalar(select(Chair).where(Chair.email == email.strip().lower()))
