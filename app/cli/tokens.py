"""`quorum tokens create|list|revoke`: bearer tokens for integrations calling the JSON API.

A token is printed once, alone on the last line of the output (so a script can take it with
`tail -n 1`), and stored only as a hash.
"""

import click
from flask.cli import AppGroup

from app.services import ServiceError
from app.services.accounts import api_tokens
from app.time import format_local, utc_now

tokens_cli = AppGroup("tokens", help="API tokens for integrations (/api/v1).")


@tokens_cli.command("create")
@click.option("--user", "email", required=True, help="The email of the user the token acts as.")
@click.option("--name", default="", help="What the token is for (e.g. the integration's name).")
@click.option(
    "--days",
    type=int,
    default=api_tokens.DEFAULT_DAYS,
    show_default=True,
    help=f"How many days the token works for (at most {api_tokens.MAX_DAYS}).",
)
def create_command(email: str, name: str, days: int) -> None:
    """Create a token acting as USER, with USER's role. It is shown once: keep it secret."""
    try:
        row, token = api_tokens.create_token(utc_now(), email, name, days)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created API token {row.id} for {row.user.email} ({row.user.role}), "
               f"expiring {format_local(row.expires_at)}.")  # fmt: skip
    click.echo("The token is shown once, on the next line; only its hash is kept:")
    click.echo(token)


@tokens_cli.command("list")
def list_command() -> None:
    """Every token: id, user, name, and when it expires (or whether it is revoked)."""
    now = utc_now()
    for row in api_tokens.list_tokens(None):
        if row.revoked_at is not None:
            state = f"revoked {format_local(row.revoked_at)}"
        elif row.expires_at <= now:
            state = f"expired {format_local(row.expires_at)}"
        else:
            state = f"expires {format_local(row.expires_at)}"
        click.echo(f"{row.id}\t{row.user.email}\t{row.name or '-'}\t{state}")


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_command(token_id: int) -> None:
    """Revoke the token with this id: it stops working at once."""
    try:
        row = api_tokens.revoke_token(utc_now(), token_id)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Revoked API token {row.id} of {row.user.email}.")
