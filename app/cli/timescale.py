"""`quorum timescale TYPE TRIGGER`: the statutory window of one meeting, as JSON.

Needs no app, database, secret key or configuration (so no `with_appcontext`): without an
authority's settings it uses the documented defaults, so a secure accommodation review is 3 months
even where an authority reviews monthly.
"""

from __future__ import annotations

import json
from datetime import date

import click

from app.timescales import SEQUENCES, TimescaleError, window

# click's own convention for bad usage, kept for our own input checks too.
BAD_INPUT = 2


def _parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise TimescaleError(
            f"The {what} '{text}' is not a real date; write it as YYYY-MM-DD, e.g. 2026-01-13."
        ) from None


@click.command("timescale")
@click.argument("meeting_type", metavar="TYPE")
@click.argument("trigger", metavar="TRIGGER")
@click.option(
    "--sequence",
    type=click.Choice(SEQUENCES, case_sensitive=False),
    default="first",
    show_default=True,
    help="The meeting's place in its chain.",
)
@click.option(
    "--edd",
    metavar="DATE",
    help="Expected date of delivery: pre-birth meetings, and the first RCPC after a pre-birth "
    "conference (never before the birth).",
)
@click.option(
    "--born",
    metavar="DATE",
    help="Date of birth, once recorded: the first RCPC after a pre-birth conference waits for it.",
)
def timescale(
    meeting_type: str, trigger: str, sequence: str, edd: str | None, born: str | None
) -> None:
    """Print the window of a TYPE meeting (ICPC, RCPC, CIC_REVIEW …) whose clock starts on
    TRIGGER (YYYY-MM-DD): earliest, latest and preferred latest day, and the rule in words."""
    try:
        result = window(
            meeting_type,
            _parse_day(trigger, "trigger date"),
            sequence=sequence,
            edd=_parse_day(edd, "expected date of delivery") if edd else None,
            born_on=_parse_day(born, "date of birth") if born else None,
        )
    except TimescaleError as error:
        click.echo(f"Error: {error}", err=True)
        raise click.exceptions.Exit(BAD_INPUT) from None
    click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
