"""`quorum …`: the Flask CLI plus Quorum's own commands."""

import secrets
import sys
from datetime import UTC, datetime

import click
from flask import Flask
from flask.cli import AppGroup, FlaskGroup

from app import create_app
from app.cli_timescale import timescale

users_cli = AppGroup("users", help="Manage sign-in accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "manager", "chair"]), required=True)
@click.option("--name", default="", help="Display name (defaults to the email address).")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input."
)
def create_user_command(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create an account. Without --password-stdin a strong password is generated and printed
    once."""
    from app.services import ServiceError, auth

    password = sys.stdin.readline().rstrip("\n") if password_stdin else secrets.token_urlsafe(15)
    try:
        user = auth.create_user(datetime.now(UTC), email, name, role, password)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created {user.role} {user.email}.")
    if not password_stdin:
        click.echo(f"Password (shown once): {password}")


def init_app(app: Flask) -> None:
    app.cli.add_command(users_cli)


@click.group(cls=FlaskGroup, create_app=lambda: create_app(), add_version_option=False)
def cli() -> None:
    """Quorum: meeting scheduling for Independent Reviewing Services."""


# Needs no app, database or secret key: an admin can check a window anywhere.
cli.add_command(timescale)


def main() -> None:
    cli()
