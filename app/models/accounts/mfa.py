"""A user's second factor: their authenticator app's secret and their single-use recovery codes.

The secret is stored sealed (encrypted with a key derived from SECRET_KEY,
app.services.accounts.mfa.sealing), so a copy of the database alone does not give it; recovery
codes are stored only as hashes.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime
from app.models.staff import User


class UserMfa(Base):
    __tablename__ = "user_mfa"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    secret_sealed: Mapped[str] = mapped_column(String(400))
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The last 30-second step whose code was accepted: no code of it or before is taken again,
    # so a code seen over someone's shoulder cannot be replayed within its window.
    last_step: Mapped[int | None]

    user: Mapped[User] = relationship()

    __table_args__ = (CheckConstraint("last_step IS NULL OR last_step >= 0", name="step_known"),)


class MfaRecoveryCode(Base):
    __tablename__ = "mfa_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # A code carries 80 random bits, so a fast hash is enough (as for API tokens).
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("user_id", "code_hash"),)
