"""Each local-practice setting changes what it should, and nothing else: a plan's working
day and bookable days, and when reports are due."""

import json
from datetime import UTC, date, datetime, time

from app.extensions import db
from app.services.notifications.notices import report_due
from app.services.planning import runs
from app.time import LONDON
from tests.app.factories.plan_runs import make_plan_run, make_plannable_world
from tests.app.factories.rows import NOW, make_meeting, make_request
from tests.app.factories.settings import use_settings

CLOSED = date(2026, 3, 11)  # a Wednesday the council shuts


def _planned() -> tuple[dict, dict]:
    make_plannable_world(requests=2)
    make_plan_run()
    db.session.commit()
    run = runs.execute_next_plan_run(lambda: NOW, deterministic=True, workers=1)
    assert run.status == "done", run.error
    return json.loads(run.instance), json.loads(run.solution)


def test_a_plan_books_inside_the_authoritys_working_day_and_never_on_a_closure_day(app):
    use_settings(day_start=time(10, 0), day_end=time(13, 0), closure_days={CLOSED})

    instance, solution = _planned()

    assert (instance["day_start"], instance["day_end"]) == ("10:00", "13:00")
    assert CLOSED.isoformat() not in instance["days"]
    assert date(2026, 3, 10).isoformat() in instance["days"]
    assert len(solution["assignments"]) == 2
    for placed in solution["assignments"]:
        start = datetime.fromisoformat(f"{placed['day']}T{placed['start']}")
        assert time(10, 0) <= start.time() and start.date() != CLOSED


def test_with_the_defaults_a_plan_has_the_nine_to_five_day(app):
    instance, _ = _planned()
    assert (instance["day_start"], instance["day_end"]) == ("09:00", "17:00")
    assert CLOSED.isoformat() in instance["days"]


def test_reports_are_due_the_authoritys_days_before_each_type_of_meeting(app):
    review = make_meeting(request=make_request(meeting_type="CIC_REVIEW"),
                          starts_at=datetime(2026, 3, 20, 10, tzinfo=UTC))  # fmt: skip
    conference = make_meeting(request=make_request(meeting_type="RCPC"),
                              starts_at=datetime(2026, 3, 20, 10, tzinfo=LONDON))  # fmt: skip
    db.session.commit()
    assert report_due(review, review.request) == date(2026, 3, 17)  # 3 working days
    assert report_due(conference, conference.request) == date(2026, 3, 13)  # 5

    use_settings(report_due_working_days_before={"CIC_REVIEW": 10})

    assert report_due(review, review.request) == date(2026, 3, 6)
    assert report_due(conference, conference.request) == date(2026, 3, 13)  # unchanged
