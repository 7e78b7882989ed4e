"""Every figure of a period as a table: what the Figures page shows (with a chart beside each),
what each CSV and Excel download holds, and the annual-report pack's sheets. One list, so the
page, the downloads and the pack can never disagree."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.services.reports import activity, figures
from app.services.reports.figures import Period, financial_year
from app.timescales import MeetingType

Cell = str | int | float | date | None


@dataclass(frozen=True)
class Chart:
    """Bars of one value column against the label column (the first)."""

    value_column: int
    unit: str  # "meetings", "%", "hours" …


@dataclass(frozen=True)
class Table:
    key: str  # in the download's file name and the workbook's sheet name
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    chart: Chart | None = None
    note: str = ""
    group: str = ""
    total_row: bool = False  # the last row is a total (shown apart)


def _type_words(code: str) -> str:
    try:
        return MeetingType(code).label
    except ValueError:
        return code


def _month_words(month: str) -> str:
    year, number = month.split("-")
    return date(int(year), int(number), 1).strftime("%b %Y")


def timeliness_tables(chosen: Period) -> list[Table]:
    rows = figures.timeliness(chosen)
    by_type = Table(
        "timeliness", "Timeliness by meeting type",
        ["Meeting type", "Held", "In timescale", "Out of timescale", "% in timescale"],
        [[_type_words(r.meeting_type.value), r.held, r.in_timescale, r.held - r.in_timescale,
          r.percentage] for r in rows],
        Chart(4, "%"), group="Timeliness",
    )  # fmt: skip
    totals = Table(
        "timeliness-totals", "Conferences and children-in-care reviews in timescale",
        ["Meetings", "Held", "In timescale", "Out of timescale", "% in timescale"],
        [[t.label, t.held, t.in_timescale, t.held - t.in_timescale, t.percentage]
         for t in figures.totals(rows)],
        Chart(4, "%"), group="Timeliness",
        note="As the annual report gives them: every child protection conference (initial, "
        "pre-birth and review) together, and every children-in-care review.",
    )  # fmt: skip
    late = Table(
        "out-of-timescale", "Meetings held out of timescale",
        ["Meeting type", "Held on", "Latest day", "Days late", "Reason", "Agreed by",
         "Reference"],
        [[_type_words(m.meeting_type.value), m.held_on, m.latest, m.days_late, m.reason or "",
          m.agreed_by or "", m.reference or ""] for r in rows for m in r.late],
        group="Timeliness",
        note="The reference is Quorum's request number, or the case reference of a meeting "
        "imported from before Quorum.",
    )  # fmt: skip
    return [by_type, totals, late]


def held_tables(chosen: Period) -> list[Table]:
    table = figures.monthly(chosen)
    kinds = list(table.meetings)
    headings = ["Month", *(_type_words(k) for k in kinds), "All meetings"]

    def per_month(counts: dict[str, list[int]]) -> list[list[Cell]]:
        rows: list[list[Cell]] = []
        for index, month in enumerate(table.months):
            values = [counts[k][index] for k in kinds]
            rows.append([_month_words(month), *values, sum(values)])
        totals = [sum(counts[k]) for k in kinds]
        rows.append(["Total", *totals, sum(totals)])
        return rows

    cumulative = {k: table.cumulative(k) for k in kinds}
    cumulative_rows: list[list[Cell]] = [
        [_month_words(month), *(cumulative[k][i] for k in kinds),
         sum(cumulative[k][i] for k in kinds)]
        for i, month in enumerate(table.months)
    ]  # fmt: skip
    return [
        Table("held-per-month", "Meetings held per month", headings, per_month(table.meetings),
              Chart(len(headings) - 1, "meetings"), group="Meetings held", total_row=True),
        Table("held-cumulative", "Meetings held, cumulatively", headings, cumulative_rows,
              Chart(len(headings) - 1, "meetings"), group="Meetings held"),
        Table("children-per-month", "Children's reviews per month", headings,
              per_month(table.children), Chart(len(headings) - 1, "children"),
              group="Meetings held", total_row=True,
              note="A sibling group's review is one meeting and a review for each child."),
    ]  # fmt: skip


# Year on year: the annual report's comparison of this year with earlier ones.
YEAR_ON_YEAR = figures.TOTALS
EARLIER_YEARS = 4


def year_on_year_tables(chosen: Period) -> list[Table]:
    this_year = financial_year(chosen.end)
    years = [Period(this_year.start.replace(year=this_year.start.year - back),
                    this_year.end.replace(year=this_year.end.year - back))
             for back in range(EARLIER_YEARS, -1, -1)]  # fmt: skip
    tables = [figures.monthly(year) for year in years]
    labels = [f"{year.start.year}-{(year.start.year + 1) % 100:02d}" for year in years]
    months = [date(2000, m, 1).strftime("%b") for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
    found = []
    for label, kinds in YEAR_ON_YEAR.items():
        counts = [[sum(t.meetings.get(k.value, [0] * 12)[i] for k in kinds) for i in range(12)]
                  for t in tables]  # fmt: skip
        rows: list[list[Cell]] = [[month, *(c[i] for c in counts)] for i, month in
                                  enumerate(months)]  # fmt: skip
        rows.append(["Total", *(sum(c) for c in counts)])
        found.append(Table(
            f"year-on-year-{'conferences' if 'conference' in label else 'reviews'}",
            f"{label} per month, year on year", ["Month", *labels], rows,
            Chart(len(labels), "meetings"), group="Year on year", total_row=True,
            note=f"Financial years ending with {labels[-1]}, April to March.",
        ))  # fmt: skip
    return found


def rearrangement_tables(chosen: Period) -> list[Table]:
    changes = activity.rearrangements(chosen)
    heads = ["Rearranged", "Cancelled"]

    def table(key: str, title: str, first: str, by: Callable, words: Callable) -> Table:
        rows: list[list[Cell]] = [[words(k), moved, cancelled] for k, moved, cancelled in
                                  changes.by(by)]  # fmt: skip
        return Table(key, title, [first, *heads], rows, Chart(1, "meetings"),
                     group="Rearrangements and cancellations")  # fmt: skip

    return [
        table("rearranged-by-reason", "Rearranged and cancelled, by reason", "Reason",
              lambda c: c.reason, activity.reason_words),
        table("rearranged-by-type", "Rearranged and cancelled, by meeting type", "Meeting type",
              lambda c: c.meeting_type, _type_words),
        table("rearranged-by-month", "Rearranged and cancelled, by month", "Month",
              lambda c: f"{c.day:%Y-%m}", _month_words),
        table("rearranged-by-quarter", "Rearranged and cancelled, by quarter", "Quarter",
              lambda c: activity.quarter(c.day), str),
    ]  # fmt: skip


def escalation_tables(chosen: Period) -> list[Table]:
    raised = activity.escalations(chosen)

    def table(key: str, title: str, first: str, values: list[str], words: Callable) -> Table:
        counts: dict[str, int] = {}
        for value in values:
            counts[value] = counts.get(value, 0) + 1
        rows: list[list[Cell]] = [[words(k), counts[k]] for k in sorted(counts)]
        rows.append(["Total", len(values)])
        return Table(key, title, [first, "Escalations"], rows, Chart(1, "escalations"),
                     group="Escalations", total_row=True)  # fmt: skip

    return [
        table("escalations-by-month", "Escalations raised, by month", "Month",
              [f"{e.day:%Y-%m}" for e in raised], _month_words),
        table("escalations-by-organisation", "Escalations raised, by organisation",
              "Organisation", [e.organisation for e in raised], activity.organisation_words),
        table("escalations-by-theme", "Escalations raised, by theme", "Theme",
              [e.theme for e in raised], activity.theme_words),
    ]  # fmt: skip


def workload_tables(chosen: Period) -> list[Table]:
    chairs = activity.workload(chosen)
    rooms = activity.room_use(chosen)
    kit = sum(r.portable_kit for r in rooms)
    return [
        Table(
            "chair-workload", "Each chair's workload",
            ["Chair", "FTE", "Meetings", "Hours", "Travel hours", "Children allocated",
             "Handbook range", "Against the range"],
            [[c.name, float(c.fte), c.meetings, c.hours, c.travel_hours, c.children,
              "{} to {}".format(*c.caseload_range), c.caseload_words] for c in chairs],
            Chart(5, "children"), group="Chairs and rooms",
            note="The IRO Handbook's caseload is 50 to 70 children per full-time IRO, scaled "
            "here by each chair's FTE. Travel is from the chair's base to each meeting's room "
            "and back.",
        ),
        Table(
            "room-use", "Rooms: use and hybrid equipment",
            ["Room", "Locality", "Hybrid equipment", "Meetings", "Hours",
             "Needed a portable kit"],
            [[r.name, r.locality, "Yes" if r.hybrid else "No", r.meetings, r.hours,
              r.portable_kit] for r in rooms],
            Chart(3, "meetings"), group="Chairs and rooms",
            note=f"{kit} hybrid meetings needed a chair's portable kit because their room had "
            "no hybrid equipment.",
        ),
    ]  # fmt: skip


def all_tables(chosen: Period) -> list[Table]:
    """Every figure of the period, in the annual report's order."""
    return [
        *timeliness_tables(chosen),
        *held_tables(chosen),
        *year_on_year_tables(chosen),
        *rearrangement_tables(chosen),
        *escalation_tables(chosen),
        *workload_tables(chosen),
    ]
