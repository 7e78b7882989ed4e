"""Plan runs: one solver run over the open requests of a horizon, run by the scheduler process.

Its state lives here, not in a web worker, so a page reload or a web restart loses nothing.
"""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, one_of


class PlanRunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


# A run still to finish; one at a time per horizon (the partial unique index below).
ACTIVE_STATUSES = (PlanRunStatus.QUEUED, PlanRunStatus.RUNNING)
_ACTIVE = one_of("status", ACTIVE_STATUSES)
KINDS = ("plan", "repair")


class PlanRun(Base):
    __tablename__ = "plan_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    horizon_end: Mapped[date]
    status: Mapped[str] = mapped_column(String(12), default=PlanRunStatus.QUEUED.value)
    time_limit_seconds: Mapped[int]
    progress: Mapped[int] = mapped_column(default=0)  # 0-100, driven by the time budget
    best_score: Mapped[int | None] = mapped_column(BigInteger)
    bound: Mapped[int | None] = mapped_column(BigInteger)
    summary: Mapped[str] = mapped_column(Text, default="")  # JSON: placed, at_risk, …
    instance: Mapped[str] = mapped_column(Text, default="")  # JSON chairs-instance/1
    solution: Mapped[str] = mapped_column(Text, default="")  # JSON chairs-solution/1
    error: Mapped[str] = mapped_column(Text, default="")  # in words, for the admin
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    # Set once, in the transaction that books the confirmed meetings (migration 0006).
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_count: Mapped[int | None]
    # "plan" books open requests; "repair" moves the confirmed meetings listed in `movable`
    # (JSON ids) after a rearrangement, everything else pinned (migration 0008).
    kind: Mapped[str] = mapped_column(String(8), default="plan", server_default="plan")
    movable: Mapped[str] = mapped_column(Text, default="", server_default="")

    __table_args__ = (
        CheckConstraint(one_of("status", PlanRunStatus), name="status_known"),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        CheckConstraint(one_of("kind", KINDS), name="kind_known"),
        CheckConstraint(
            "confirmed_at IS NULL OR status IN ('done', 'cancelled')",
            name="confirmed_only_when_done",
        ),
        CheckConstraint("time_limit_seconds BETWEEN 1 AND 3600", name="time_limit_range"),
        # One run at a time per horizon: the database refuses a second queued or running one.
        Index(
            "uq_plan_runs_one_active_per_horizon",
            "horizon_end",
            unique=True,
            sqlite_where=text(_ACTIVE),
            postgresql_where=text(_ACTIVE),
        ),
        Index("ix_plan_runs_status", "status"),
    )
