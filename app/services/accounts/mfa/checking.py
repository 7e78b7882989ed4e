"""The second step of signing in: a code from the authenticator app, taken once, or a recovery
code, used up. Failures are audited with why and from where, never with what was typed."""

from datetime import datetime
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, Update, or_, update

from app.extensions import db
from app.models import MfaRecoveryCode, User, UserMfa
from app.services import audit
from app.services.accounts import auth
from app.services.accounts.mfa import codes, sealing
from app.services.accounts.mfa.enrolment import recovery_codes_left


def finish_sign_in(now: datetime, user_id: int, code: str, address: str) -> str | None:
    """The new session's token once `code` is the user's current one-time code or one of their
    unused recovery codes; None (and the failure audited) otherwise."""
    user = db.session.get(User, user_id)
    mfa = db.session.get(UserMfa, user_id)
    if user is None or not user.active or mfa is None:
        return None
    if codes.looks_like_recovery_code(code):
        why = _use_recovery_code(now, user, code)
    else:
        why = _take_one_time_code(now, mfa, code)
    if why:
        audit.record(now, None, "user.mfa_failed", user, f"{why}; from {address[:64]}")
        db.session.commit()
        return None
    return auth.start_session(now, user)


def _take_one_time_code(now: datetime, mfa: UserMfa, code: str) -> str:
    secret = sealing.unseal(current_app.config["SECRET_KEY"], mfa.secret_sealed)
    if secret is None:
        return "secret unreadable (was SECRET_KEY changed?)"
    step = codes.matching_step(secret, code, now, mfa.last_step)
    if step is None:
        used = codes.matching_step(secret, code, now, None) is not None
        return "code already used" if used else "wrong code"
    # Taken in one statement, so two requests racing with the same code cannot both win.
    taken = _updated(
        update(UserMfa)
        .where(UserMfa.user_id == mfa.user_id)
        .where(or_(UserMfa.last_step.is_(None), UserMfa.last_step < step))
        .values(last_step=step)
    )
    return "" if taken.rowcount == 1 else "code already used"


def _use_recovery_code(now: datetime, user: User, code: str) -> str:
    used = _updated(
        update(MfaRecoveryCode)
        .where(MfaRecoveryCode.user_id == user.id)
        .where(MfaRecoveryCode.code_hash == codes.recovery_hash(code))
        .where(MfaRecoveryCode.used_at.is_(None))
        .values(used_at=now)
    )
    if used.rowcount != 1:
        return "wrong or used recovery code"
    left = recovery_codes_left(user.id)
    audit.record(now, user.id, "user.mfa_recovery_code_used", user, f"{left} left")
    return ""


def _updated(statement: Update) -> CursorResult[Any]:
    """An UPDATE's result, whose rowcount says whether this request was the one that won."""
    return cast(
        CursorResult[Any],
        db.session.execute(statement.execution_options(synchronize_session=False)),
    )
