"""Single sign-on: the account for a person the council's identity provider has signed in.

The view hands over the ID token's claims only after checking the token (signature, issuer,
audience, expiry, nonce); here they decide who this is and what they may do. The account is
found by the provider's stable subject, never by email (an email is reused and renamed; the
subject is not), and its role follows the provider's roles at every sign-in.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.config import SSO_ROLES
from app.extensions import db
from app.models import User
from app.services import ServiceError, audit
from app.services.accounts import auth


@dataclass(frozen=True)
class SsoSettings:
    issuer: str
    subject_claim: str  # "sub", or Entra ID's "oid"
    roles_claim: str  # "roles" (app roles) or "groups"
    role_map: Mapping[str, str]  # the provider's value → Quorum's role


class SsoRefused(ServiceError):
    """The provider vouched for this person, but Quorum does not let them in; audited."""


NOT_GIVEN_ACCESS = (
    "Your council account is not given access to Quorum. Ask your Quorum administrator to add "
    "you to one of Quorum's roles in the council's identity provider."
)
DISABLED = "Your Quorum account is disabled. Ask your Quorum administrator if you need it back."
EMAIL_TAKEN = (
    "A Quorum account that signs in with a password already has your email address. Ask your "
    "Quorum administrator: that account is not joined to your council account by its email."
)
NO_EMAIL = "Your council account gave Quorum no email address. Ask your IT service desk."


def mapped_role(claims: Mapping, settings: SsoSettings) -> str | None:
    """The Quorum role the claims give (the one with the most access when several are given),
    or None. Entra ID sends a list; some providers send one value as a string."""
    values = claims.get(settings.roles_claim) or []
    if isinstance(values, str):
        values = [values]
    roles = {settings.role_map[v] for v in values if isinstance(v, str) and v in settings.role_map}
    return next((role for role in SSO_ROLES if role in roles), None)


def sign_in(
    now: datetime, claims: Mapping, settings: SsoSettings, address: str
) -> tuple[User, str]:
    """The signed-in user and a new server-side session token (auth.start_session), the account
    created on first sign-in and its role brought into line with the provider's; or SsoRefused,
    audited, and no account created or changed."""
    subject = str(claims.get(settings.subject_claim) or "")
    if claims.get("iss") != settings.issuer or not subject:
        # The view checked the token against the configured issuer; this is the last word.
        raise _refused(now, None, "wrong issuer or no subject", address, NOT_GIVEN_ACCESS)
    role = mapped_role(claims, settings)
    user = db.session.scalar(
        select(User).where(User.sso_issuer == settings.issuer, User.sso_subject == subject)
    )
    if user is not None and not user.active:
        raise _refused(now, user, "account disabled", address, DISABLED)
    if role is None:
        why = f"no Quorum role in {settings.roles_claim}; subject {subject[:64]}"
        raise _refused(now, user, why, address, NOT_GIVEN_ACCESS)
    if user is None:
        user = _create(now, claims, subject, role, settings, address)
    elif user.role != role:
        audit.record(now, None, "user.role_changed", user,
                     f"{user.role} → {role}, from the identity provider")  # fmt: skip
        user.role = role
    return user, auth.start_session(now, user)  # commits the account, its audit and the session


def failed(now: datetime, why: str, address: str) -> None:
    """A sign-in through the provider that did not complete (a state, nonce or token that does
    not check out, or the provider's own error), audited without the token or its claims."""
    audit.record(now, None, "user.sso_failed", None, f"{why[:200]}; from {address[:64]}")
    db.session.commit()


def _create(
    now: datetime, claims: Mapping, subject: str, role: str, settings: SsoSettings, address: str
) -> User:
    email = auth.normalise_email(str(claims.get("email") or claims.get("preferred_username") or ""))
    if "@" not in email or email.startswith("@") or email.endswith("@") or len(email) > 254:
        raise _refused(now, None, f"no email; subject {subject[:64]}", address, NO_EMAIL)
    taken = db.session.scalar(select(User).where(User.email == email))
    if taken is not None:
        why = f"email of another account; subject {subject[:64]}"
        raise _refused(now, taken, why, address, EMAIL_TAKEN)
    user = User(
        email=email,
        name=(str(claims.get("name") or "").strip() or email)[:120],
        role=role,
        # No password: such an account signs in only through the provider (an empty hash never
        # verifies, app.services.accounts.auth).
        password_hash="",
        created_at=now,
        sso_issuer=settings.issuer,
        sso_subject=subject,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(now, None, "user.created", user, f"role={role}; by single sign-on")
    return user


def _refused(now: datetime, user: User | None, why: str, address: str, message: str) -> SsoRefused:
    db.session.rollback()  # nothing of this sign-in is kept but its audit row
    audit.record(now, None, "user.sso_refused", user, f"{why}; from {address[:64]}")
    db.session.commit()
    return SsoRefused(message)
