"""/api/v1/plan-runs: start a plan run (202: it runs in the scheduler process) and read its state.
Admins and managers only, as on the Plan pages."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.api.auth import current_user, token_required
from app.api.blueprint import bp
from app.api.schemas import Day, Id, Text
from app.services.planning import runs as service
from app.services.planning.confirm import confirm_plan_run
from app.time import utc_now

STAFF_ONLY = {403: "The token's user is a chair: planning is for admins and managers."}


class PlanRunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    horizon_end: Day | None = Field(
        None,
        description="Plan every open request whose window ends on or before this day "
        "(default: six weeks from today); from today to "
        f"{service.LONGEST_HORIZON_WEEKS} weeks ahead, as on the Plan page.",
    )
    time_limit_seconds: int = Field(
        service.DEFAULT_TIME_LIMIT_SECONDS,
        ge=service.SHORTEST_TIME_LIMIT_SECONDS,
        le=service.LONGEST_TIME_LIMIT_SECONDS,
        description="The solver's time budget, within the Plan page's choices' range.",
    )


class PlanRunStarted(BaseModel):
    id: int
    status: Literal["queued", "running", "done", "failed", "cancelled"]


class PlanSummary(BaseModel):
    requests: int
    placed: int
    at_risk: int
    late: int
    unscheduled: int


class LateAgreement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(min_length=1, max_length=500, pattern=Text)] = Field(
        description="Why it cannot be held in time."
    )


class PlanRunConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    request_ids: list[Id] | None = Field(
        None,
        max_length=10_000,
        description="The requests whose proposed meetings to book (default: every one).",
    )
    late_agreements: dict[Id, LateAgreement] = Field(
        default_factory=dict,
        max_length=10_000,
        description="For each request whose proposed meeting is after its latest day (out of "
        "timescale), keyed by request id: why. Required for each. A manager's agreement is the "
        "token's user's own if a manager; otherwise it is asked for in the managers' queue.",
    )


class PlanRunConfirmed(BaseModel):
    id: int
    status: Literal["done", "cancelled"]
    booked: int = Field(description="How many meetings were booked.")
    meeting_ids: list[int]


class PlanRunOut(PlanRunStarted):
    progress: int = Field(description="Share of the time budget used, 0-100.")
    summary: PlanSummary | None = Field(description="Counts of the plan, once it is made.")
    horizon_end: date
    best_score: int | None
    error: str
    confirmed_at: datetime | None = Field(description="When its proposal was booked, if it was.")


@bp.post("/plan-runs")
@token_required
@bp.input(PlanRunIn, location="json", arg_name="body")
@bp.output(PlanRunStarted, status_code=202)
@bp.doc(
    responses={
        **STAFF_ONLY,
        400: "The body is not JSON.",
        422: "A bad field, or a run for this horizon is already queued or running.",
    }
)
def create_plan_run(body: PlanRunIn):
    """Start a plan run

    An empty object `{}` plans the default horizon: every open request whose statutory window
    ends in the next six weeks. The run is queued and made by the scheduler process; poll
    `GET /api/v1/plan-runs/{id}` for its progress. One run at a time per horizon.
    """
    run = service.start_plan_run(
        utc_now(), current_user().id, body.horizon_end, body.time_limit_seconds
    )
    return {"id": run.id, "status": run.status}, 202


@bp.get("/plan-runs/<int:run_id>")
@token_required
@bp.output(PlanRunOut)
@bp.doc(responses=STAFF_ONLY)
def get_plan_run(run_id: int):
    """Get a plan run's state"""
    run = service.get_plan_run(run_id)
    return {
        "id": run.id,
        "status": run.status,
        "progress": run.progress,
        "summary": service.summary_of(run),
        "horizon_end": run.horizon_end,
        "best_score": run.best_score,
        "error": run.error,
        "confirmed_at": run.confirmed_at,
    }


@bp.post("/plan-runs/<int:run_id>/confirm")
@token_required
@bp.input(PlanRunConfirmIn, location="json", arg_name="body")
@bp.output(PlanRunConfirmed)
@bp.doc(
    responses={
        **STAFF_ONLY,
        400: "The body is not JSON.",
        404: "There is no such plan run.",
        409: "Something was booked or closed since the plan was made: nothing was booked. "
        "`errors.request_ids` lists each clash; start a new run.",
        422: "The run is not finished, was already confirmed, a request id is not in it, or a "
        "meeting out of timescale has no late agreement.",
    }
)
def confirm_plan_run_api(run_id: int, body: PlanRunConfirmIn):
    """Confirm a plan run

    Books the proposed meetings (all, or those of `request_ids`) in one transaction: either every
    one is booked or, if anything clashes with a booking made since the plan was made, none is.
    """
    late = {key: a.reason for key, a in body.late_agreements.items()}
    confirmed = confirm_plan_run(utc_now(), current_user().id, run_id, body.request_ids, late)
    return {
        "id": confirmed.run.id,
        "status": confirmed.run.status,
        "booked": len(confirmed.meetings),
        "meeting_ids": [meeting.id for meeting in confirmed.meetings],
    }
