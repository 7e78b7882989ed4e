"""A small plannable world for plan-run tests: one town, one room, one chair, open requests."""

from datetime import date

from app.extensions import db
from app.models import PlanRun
from tests.app.factories.rows import (
    NOW,
    make_case,
    make_chair,
    make_locality,
    make_request,
    make_room,
)

# NOW is Monday 2 March 2026 09:00 UTC; the factories' requests end by Fri 27 March.
HORIZON_END = date(2026, 3, 27)


def make_plannable_world(requests: int = 2) -> list:
    town = make_locality(name="Sleaford")
    make_room(locality=town)
    make_chair(base_locality=town)
    made = [make_request(case=make_case(home_locality=town)) for _ in range(requests)]
    db.session.commit()
    return made


def make_plan_run(**overrides) -> PlanRun:
    fields = {
        "created_at": NOW,
        "horizon_end": HORIZON_END,
        "status": "queued",
        "time_limit_seconds": 5,
        "progress": 0,
        "summary": "",
        "instance": "",
        "solution": "",
        "error": "",
        "cancel_requested": False,
    }
    run = PlanRun(**{**fields, **overrides})
    db.session.add(run)
    db.session.commit()
    return run
