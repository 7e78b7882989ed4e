"""Users, their server-side sessions, and chairs (independent chairs and team managers)."""

from datetime import datetime
from decimal import Decimal

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime
from app.models.places import Locality

USER_ROLES = ("admin", "manager", "chair")
CHAIR_ROLES = ("chair", "senior", "team_manager")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    # A disabled user (a leaver) cannot sign in; disabling also ends their sessions, API
    # tokens and calendar feed (app.services.accounts.users).
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Who the council's identity provider says this is (single sign-on): its issuer and the
    # subject it never reassigns. None for a local (password) account, such as break-glass.
    sso_issuer: Mapped[str | None] = mapped_column(String(300))
    sso_subject: Mapped[str | None] = mapped_column(String(255))
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    chair: Mapped["Chair | None"] = relationship(back_populates="user")

    __table_args__ = (
        CheckConstraint("role IN ('admin', 'manager', 'chair')", name="role_known"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint(
            "(sso_issuer IS NULL) = (sso_subject IS NULL)", name="sso_subject_with_issuer"
        ),  # fmt: skip
        UniqueConstraint("sso_issuer", "sso_subject"),
    )


class UserSession(Base):
    """A signed-in session, kept server-side so that logout and timeouts really end it.

    Only a hash of the session token is stored; the token itself lives in the signed cookie.
    """

    __tablename__ = "user_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class Chair(Base):
    __tablename__ = "chairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    base_locality_id: Mapped[int] = mapped_column(ForeignKey("localities.id"))
    fte: Mapped[Decimal] = mapped_column(Numeric(3, 2))
    # Space-separated subsets of CHAIR_ROLES and WEEKDAYS, in canonical order (services keep
    # them canonical; the checks stop the obviously wrong).
    roles: Mapped[str] = mapped_column(String(40))
    working_days: Mapped[str] = mapped_column(String(20))
    max_meetings_per_day: Mapped[int]
    max_minutes_per_week: Mapped[int]
    portable_hybrid_kit: Mapped[bool] = mapped_column(default=False)
    # The chair's own meeting room link: used for a meeting of theirs entered without one.
    personal_meeting_link: Mapped[str] = mapped_column(String(500), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    base_locality: Mapped[Locality] = relationship()
    user: Mapped[User | None] = relationship(back_populates="chair")

    __table_args__ = (
        CheckConstraint("fte > 0 AND fte <= 1", name="fte_range"),
        CheckConstraint("length(roles) > 0", name="has_role"),
        CheckConstraint("length(working_days) > 0", name="works_some_day"),
        CheckConstraint("max_meetings_per_day BETWEEN 1 AND 10", name="daily_cap_range"),
        CheckConstraint("max_minutes_per_week BETWEEN 60 AND 3000", name="weekly_cap_range"),
    )

    @property
    def role_list(self) -> list[str]:
        return self.roles.split()

    @property
    def working_day_list(self) -> list[str]:
        return self.working_days.split()
