"""A council's IT team installs Quorum from its wheel, as the README says: build the wheel from
this checkout, install it into a fresh virtual environment outside the checkout, create the
database with `quorum db upgrade`, and serve the sign-in page and a static file with gunicorn
from that environment. Nothing of the checkout may be on the path while it runs."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run(*command: str | Path, cwd: Path, env: dict | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, deadline: float) -> tuple[int, str]:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", folder, CHECKOUT, cwd=folder
    )
    (built,) = folder.glob("quorum-*.whl")
    return built


def test_the_wheel_ships_templates_static_files_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "app/templates/base.html" in names
    assert "app/templates/auth/login.html" in names
    assert "app/static/quorum.css" in names
    assert "app/static/vendor/govuk-frontend/govuk-frontend.min.css" in names
    assert "solver/format/schemas/instance.schema.json" in names
    assert "app/migrations/env.py" in names
    assert "app/migrations/alembic.ini" in names
    assert any(name.startswith("app/migrations/versions/0001_") for name in names)
    assert not any(name.startswith(("templates/", "migrations/", "tests/")) for name in names)


def test_an_installed_wheel_upgrades_a_new_database_and_serves_sign_in(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    _run(venv / "bin" / "pip", "install", "-q", wheel, cwd=tmp_path)
    instance = tmp_path / "instance"
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "QUORUM_INSTANCE_PATH": str(instance),
        "QUORUM_SECRET_KEY": "an-installed-wheel-test-key-of-enough-length",
    }
    if "PIP_CONFIG_FILE" in os.environ:
        env["PIP_CONFIG_FILE"] = os.environ["PIP_CONFIG_FILE"]

    _run(venv / "bin" / "quorum", "db", "upgrade", cwd=tmp_path, env=env)
    assert (instance / "quorum.sqlite3").is_file()

    port = _free_port()
    server = subprocess.Popen(
        [venv / "bin" / "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "app:create_app()"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        status, page = _get(f"http://127.0.0.1:{port}/login", deadline)
        assert status == 200
        assert '<form method="post"' in page and 'name="password"' in page
        status, css = _get(f"http://127.0.0.1:{port}/static/quorum.css", deadline)
        assert status == 200 and css.strip()
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors, errors
