"""/api/v1/reports: the service's figures for the council's performance team (staff tokens)."""

from app.api.auth import token_required
from app.api.blueprint import bp
from app.api.schemas import MonthlyOut, ReportQuery, TimelinessOut
from app.services.reports import figures
from app.time import london_date, utc_now


def _period(query: ReportQuery) -> figures.Period:
    return figures.period(query.from_, query.to, london_date(utc_now()))


def _period_out(chosen: figures.Period) -> dict:
    return {"from": chosen.start, "to": chosen.end}


@bp.get("/reports/timeliness")
@token_required
@bp.input(ReportQuery, location="query", arg_name="query")
@bp.output(TimelinessOut)
def report_timeliness(query: ReportQuery):
    """Timeliness per meeting type

    Meetings held from `from` to `to` (Quorum's and those imported from before it), per
    meeting type held: how many, how many in timescale, the percentage to two decimals, and
    each one held late with its reason and the manager who agreed it."""
    chosen = _period(query)
    rows = figures.timeliness(chosen)
    return {
        "period": _period_out(chosen),
        "by_type": {
            row.meeting_type.value: {
                "held": row.held, "in_timescale": row.in_timescale, "percent": row.percentage,
                "late": [{"held_on": late.held_on, "latest": late.latest,
                          "days_late": late.days_late, "reason": late.reason,
                          "agreed_by": late.agreed_by} for late in row.late],
            }
            for row in rows
        },
    }  # fmt: skip


@bp.get("/reports/monthly")
@token_required
@bp.input(ReportQuery, location="query", arg_name="query")
@bp.output(MonthlyOut)
def report_monthly(query: ReportQuery):
    """Meetings held per month

    Per meeting type, the meetings held in each month of the period (`months`, as YYYY-MM),
    and apart from them the children's reviews (a sibling group's review is one meeting)."""
    chosen = _period(query)
    table = figures.monthly(chosen)
    return {"period": _period_out(chosen), "months": table.months, "by_type": table.meetings,
            "children_by_type": table.children}  # fmt: skip
