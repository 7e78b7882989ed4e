"""The demo's Regulation 44 visits: a few fictional children's homes, their independent
visitors, and the last months' visits (one missed, one report still awaited), so the tracker
and the at-risk page have something to show."""

from datetime import date, timedelta

from app.extensions import db
from app.models import ChildrensHome, IndependentVisitor, Locality, Reg44Visit
from app.services.reg44.schedule import periods
from app.services.reg44.tracker import visit_row
from app.timescales import add_months

# (name, supported living, months ago the home opened)
HOMES = (
    ("Willow House", False, 14),
    ("Kestrel Lodge", False, 20),
    ("The Sycamores", False, 9),
    ("Harbour View (supported living)", True, 16),
)
VISITORS = (("Morgan Avery", "morgan.avery@example.org"),
            ("Sam Okafor", "sam.okafor@example.org"))  # fmt: skip
MISSED_HOME = "The Sycamores"
REPORT_AWAITED_DAYS = 30


def add_reg44(localities: list[Locality], load_day: date) -> int:
    """Add the homes, visitors and visits; returns how many homes."""
    visitors = [IndependentVisitor(name=name, email=email) for name, email in VISITORS]
    db.session.add_all(visitors)
    for n, (name, supported, months_open) in enumerate(HOMES):
        opened = add_months(load_day.replace(day=1), -months_open) + timedelta(days=4)
        home = ChildrensHome(name=name, locality=localities[n % len(localities)],
                             supported_living=supported, visitor=visitors[n % 2],
                             opened_on=opened)  # fmt: skip
        db.session.add(home)
        db.session.flush()
        _visit_history(home, load_day)
    return len(HOMES)


def _visit_history(home: ChildrensHome, load_day: date) -> None:
    """Every finished period visited mid-period, its report a week later, except The
    Sycamores' month before last (missed) and reports of the last weeks (still awaited)."""
    visits: list[Reg44Visit] = []
    skipped: set[date] = set()
    while True:
        todo = [period for period in periods(home, visits, load_day)
                if period.visit is None and period.start not in skipped]  # fmt: skip
        if not todo or todo[0].ends >= load_day:
            return  # the visit still to come this month (or this span)
        period = todo[0]
        if home.name == MISSED_HOME and period.start == add_months(load_day.replace(day=1), -2):
            skipped.add(period.start)
            continue
        visit = visit_row(home, period)
        visit.visited_on = period.start + (period.ends - period.start) // 2
        visit.visitor_id = home.visitor_id
        if visit.visited_on + timedelta(days=REPORT_AWAITED_DAYS) < load_day:
            visit.report_received_on = visit.visited_on + timedelta(days=7)
        db.session.flush()
        visits.append(visit)
