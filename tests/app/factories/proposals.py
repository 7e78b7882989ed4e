"""A finished plan run with a hand-made proposal, so confirm tests need no solve: one chair, one
room, and open requests proposed at 10:00, 12:00, … London time on Tue 3 March 2026."""

import json
from datetime import date

from app.extensions import db
from app.models import PlanRun
from app.solver_bridge.instance import chair_key, request_key, room_key
from tests.app.factories.plan_runs import make_plan_run
from tests.app.factories.rows import make_case, make_chair, make_locality, make_request, make_room

PLAN_DAY = date(2026, 3, 3)  # in GMT: London time is UTC


def make_world() -> tuple:
    town = make_locality(name="Sleaford")
    return town, make_room(locality=town), make_chair(base_locality=town)


def make_done_run(requests: int = 2, world: tuple | None = None, **run_overrides) -> PlanRun:
    town, room, chair = world or make_world()
    made = [make_request(case=make_case(home_locality=town)) for _ in range(requests)]
    db.session.flush()
    assignments = [
        {
            "meeting": request_key(r.id),
            "day": PLAN_DAY.isoformat(),
            "start": f"{10 + 2 * i:02d}:00",
            "end": f"{11 + 2 * i:02d}:30",
            "chair": chair_key(chair.id),
            "room": room_key(room.id),
        }
        for i, r in enumerate(made)
    ]
    solution = {"assignments": assignments, "unscheduled": [], "score": 0, "breakdown": {}}
    fields = {"status": "done", "progress": 100, "solution": json.dumps(solution)}
    return make_plan_run(**{**fields, **run_overrides})
