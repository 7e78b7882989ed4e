"""`quorum demo load|ensure`: the demo county, for trying Quorum out (and for `make run`).

The generated passwords of the demo accounts are printed once here and stored only as hashes;
the admin's and the manager's authenticator app keys are printed once too (stored sealed).
"""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from app.demo.load import existing_data, load_demo
from app.services import ServiceError
from app.time import utc_now

demo_cli = AppGroup("demo", help="The demo county (fictional data on Lincolnshire geography).")


def _load(seed: int) -> None:
    started = time.perf_counter()
    result = load_demo(utc_now(), seed)
    seconds = time.perf_counter() - started
    counts = ", ".join(f"{n} {name}" for name, n in result.counts.items())
    click.echo(f"Loaded the demo county (seed {seed}) in {seconds:.1f} s: {counts}.")
    click.echo(f"Open requests run from {result.first_day:%a %d %b %Y}.")
    click.echo("Demo accounts (passwords shown once; they are not stored in clear):")
    for role, email, password in result.accounts:
        click.echo(f"  {role:<8} {email:<34} {password}")
    click.echo("Their authenticator app keys (add each to an authenticator app, shown once):")
    for email, key in result.authenticator_keys.items():
        click.echo(f"  {email:<43} {key}")


@demo_cli.command("load")
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Same seed, same county (dates follow the day it is loaded).",
)
def load_command(seed: int) -> None:
    """Load the demo county into an empty database (refuses if there is any data)."""
    try:
        _load(seed)
    except ServiceError as error:
        raise click.ClickException(error.message) from error


@demo_cli.command("ensure")
def ensure_command() -> None:
    """In demo mode (QUORUM_DEMO), load the demo county if the database is empty; otherwise
    leave it as it is. What `make run` calls."""
    if not current_app.config.get("QUORUM_DEMO"):
        click.echo("Demo mode is off (QUORUM_DEMO): the demo county was not loaded.")
        return
    if existing_data():
        click.echo("The database already has data: the demo county was not loaded.")
        return
    _load(0)
