"""`quorum import KIND FILE`: chairs, rooms, leave and the rest from CSV or Excel, all or
nothing, as the upload on the import pages; `quorum import history FILE` for past meetings.

Without --dry-run the file is saved when it has no bad row; with it, only the preview is shown.
"""

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.cli.history import BAD_INPUT, import_history_command
from app.services.imports import batches
from app.services.imports.columns import Kind
from app.services.imports.registry import KINDS
from app.services.spreadsheets import ImportRefused
from app.time import london_date, utc_now

import_cli = click.Group("import", help="Bring a service's records into Quorum.")
import_cli.add_command(import_history_command)


def _command(kind: Kind) -> click.Command:
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--dry-run", is_flag=True, help="Show what would change; save nothing.")
    @with_appcontext
    def run(file: Path, dry_run: bool) -> None:
        content = file.read_bytes()
        try:
            if dry_run:
                found = batches.preview(kind, file.name, content, london_date(utc_now()))
                if found.errors:
                    raise found.refused()
            else:  # checked and saved in one go: the file is read once
                found = batches.save(utc_now(), None, kind, file.name, content)
        except ImportRefused as refused:
            click.echo(f"Error: {refused.message}", err=True)
            for error in refused.errors:
                click.echo(f"  {error.words}", err=True)
            raise click.exceptions.Exit(BAD_INPUT) from None
        click.echo(f"Read {found.read} row{'' if found.read == 1 else 's'} from {file.name}.")
        for column in found.unknown:
            click.echo(f"Ignored the column '{column}': Quorum does not know it.")
        if dry_run:
            click.echo(f"Would be: {found.words}. Nothing was saved (--dry-run).")
        else:
            click.echo(f"{kind.title} imported: {found.words}.")

    columns = ", ".join(
        f"{column.header}{' (required)' if column.required else ''}" for column in kind.columns
    )
    run.__doc__ = (
        f"Import {kind.plural} from FILE (.csv or .xlsx), all or nothing, matched by "
        f"{kind.matched_by}. Columns by header: {columns}."
    )
    return click.command(kind.name)(run)


for _kind in KINDS.values():
    import_cli.add_command(_command(_kind))
