"""`quorum import history FILE`: the meetings a service held before Quorum, from CSV or Excel.

All or nothing, as the upload on the Figures page: every bad row is named and nothing changes.
"""

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.services.reports.history import ImportRefused, import_history
from app.time import utc_now

BAD_INPUT = 2  # click's own convention for bad usage


@click.command("history")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_history_command(file: Path) -> None:
    """Import the meetings held before Quorum from FILE (.csv or .xlsx), by header name:
    meeting_type, case_reference, held_on, latest (required); children, chair, late_reason,
    agreed_by, rearranged, rearranged_reason."""
    try:
        done = import_history(utc_now(), None, file.name, file.read_bytes())
    except ImportRefused as refused:
        click.echo(f"Error: {refused.message}", err=True)
        for error in refused.errors:
            click.echo(f"  {error.words}", err=True)
        raise click.exceptions.Exit(BAD_INPUT) from None
    click.echo(done.words)
