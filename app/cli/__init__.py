"""`quorum …`: the Flask CLI plus Quorum's own commands.

The commands belong to the `quorum` group, not to the app (create_app knows nothing of the
CLI), so a test runs them through this group with its own app (tests/app/conftest.py).
"""

import secrets
import signal
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext
from werkzeug.serving import run_simple

from app import create_app
from app.cli.demo import demo_cli
from app.cli.imports import import_cli
from app.cli.timescale import timescale
from app.cli.tokens import tokens_cli
from app.scheduler.process import scheduler_command
from app.services import ServiceError
from app.services.accounts import auth
from app.services.accounts.mfa import resets
from app.time import utc_now

users_cli = AppGroup("users", help="Manage sign-in accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "manager", "chair"]), required=True)
@click.option("--name", default="", help="Display name (defaults to the email address).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create an account. Without --password-stdin a strong password is generated and printed
    once."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else secrets.token_urlsafe(15)
    try:
        user = auth.create_user(utc_now(), email, name, role, password)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created {user.role} {user.email}.")
    if not password_stdin:
        click.echo(f"Password (shown once): {password}")


@users_cli.command("reset-mfa")
@click.argument("email")
def reset_mfa_command(email: str) -> None:
    """Take away an account's authenticator app and recovery codes and end its sessions (when
    no other admin can sign in to do it). The reset is audited."""
    try:
        user = resets.reset_from_command_line(utc_now(), email)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Reset the authenticator app of {user.email}; they set up a new one at sign-in.")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option(
    "--scheduler/--no-scheduler",
    default=True,
    show_default=True,
    help="Also start `quorum scheduler` (plan runs) as a child process.",
)
@with_appcontext
def serve_command(host: str, port: int, scheduler: bool) -> None:
    """Serve Quorum on one machine (what `make run` starts), with the scheduler process beside
    it. Ctrl-C stops both. In production run the web workers under gunicorn and one
    `quorum scheduler` instead (see the README)."""
    child = _start_scheduler() if scheduler else None
    click.echo(f"Quorum is running on http://{host}:{port}/ (Ctrl-C to stop)")
    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # so that `finally` stops the scheduler
    try:
        # Not app.run(): Flask ignores that inside its own CLI.
        # Flask types current_app as a Flask, not as the LocalProxy it is (flask/globals.py).
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        run_simple(host, port, app, threaded=True)
    finally:
        if child is not None:
            _stop_scheduler(child)


def _start_scheduler() -> subprocess.Popen:
    # Its own process, never a thread of the web server (docs/operator-guide.md, Processes).
    # Its own session: Ctrl-C reaches only this process, which then stops the scheduler with
    # SIGTERM (a Ctrl-C in the middle of a CP-SAT solve would otherwise hit OR-Tools directly).
    command = [sys.executable, "-m", "app.cli", "scheduler"]
    return subprocess.Popen(command, start_new_session=True)


def _exit_on_sigterm(_signum, _frame) -> None:
    raise SystemExit(0)


def _stop_scheduler(child: subprocess.Popen) -> None:
    child.terminate()  # SIGTERM: a running solve stops and its run is marked failed
    try:
        child.wait(timeout=15)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


instance_cli = click.Group("instance", help="This deployment's instance/ folder.")


@instance_cli.command("init")
@with_appcontext
def init_instance_command() -> None:
    """Create instance/config.py with a random SECRET_KEY, once; never overwrite it."""
    folder = Path(current_app.instance_path)
    config = folder / "config.py"
    if config.exists():
        click.echo(f"{config} exists; left as it is.")
        return
    folder.mkdir(exist_ok=True)
    config.write_text(
        "# Created by `quorum instance init`. Keep it out of version control.\n"
        f"SECRET_KEY = {secrets.token_urlsafe(48)!r}\n"
        "QUORUM_DEMO = True\n"
    )
    config.chmod(0o600)
    click.echo(f"Created {config} with a new secret key.")


@click.group(cls=FlaskGroup, create_app=lambda: create_app(), add_version_option=False)
def cli() -> None:
    """Quorum: meeting scheduling for Independent Reviewing Services."""


cli.add_command(users_cli)
cli.add_command(demo_cli)
cli.add_command(serve_command)
cli.add_command(scheduler_command)
cli.add_command(tokens_cli)
cli.add_command(import_cli)
# Need no app, database or secret key: an admin can check a window anywhere.
cli.add_command(timescale)
cli.add_command(instance_cli)


def main() -> None:
    cli()
