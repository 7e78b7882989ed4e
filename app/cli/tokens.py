"""`quorum tokens create|revoke`: bearer tokens for integrations calling the JSON API.

A token is printed once, alone on the last line of the output (so a script can take it with
`tail -n 1`), and stored only as a hash.
"""

import click
from flask.cli import AppGroup

from app.services import ServiceError
from app.services.accounts import api_tokens
from app.time import utc_now

tokens_cli = AppGroup("tokens", help="API tokens for integrations (/api/v1).")


@tokens_cli.command("create")
@click.option("--user", "email", required=True, help="The email of the user the token acts as.")
@click.option("--name", default="", help="What the token is for (e.g. the integration's name).")
def create_command(email: str, name: str) -> None:
    """Create a token acting as USER, with USER's role. It is shown once: keep it secret."""
    try:
        row, token = api_tokens.create_token(utc_now(), email, name)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created API token {row.id} for {row.user.email} ({row.user.role}).")
    click.echo("The token is shown once, on the next line; only its hash is kept:")
    click.echo(token)


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_command(token_id: int) -> None:
    """Revoke the token with this id: it stops working at once."""
    try:
        row = api_tokens.revoke_token(utc_now(), token_id)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Revoked API token {row.id} of {row.user.email}.")
