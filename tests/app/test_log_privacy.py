"""No log line carries a searched name or a secret: the development server's request log, the
production access log (gunicorn, four workers) and database errors. The same gunicorn run shows
failed sign-ins are counted once across all its workers (Redis)."""

import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis
from sqlalchemy import text
from werkzeug.serving import make_server

from app.extensions import db
from app.log_privacy import private_request_line
from app.policy import POLICY, PUBLIC
from tests.app.conftest import SECRET
from tests.app.factories.rows import make_person, make_user

CANARY = "Zebedee Quillfeather"
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.mark.parametrize(
    ("line", "logged"),
    [
        ("GET /people?q=Zebedee+Quillfeather HTTP/1.1", "GET /people HTTP/1.1"),
        ("GET /feeds/s3cr3t.ics?x=1 HTTP/1.1", "GET /feeds/[secret] HTTP/1.1"),
        ("POST /reply/abc123/report HTTP/1.1", "POST /reply/[secret]/report HTTP/1.1"),
        ("GET /feeds/mine HTTP/1.1", "GET /feeds/mine HTTP/1.1"),
        ("\x1b[32mGET /people?q=Zebedee HTTP/1.1\x1b[0m", "GET /people HTTP/1.1"),
        ("not a request line", "not a request line"),
    ],
)
def test_a_request_line_keeps_its_path_only(line, logged):
    assert private_request_line(line) == logged


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_development_servers_request_log_has_no_searched_name(app, caplog):
    make_person(name=CANARY)
    db.session.commit()
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            query = urllib.parse.urlencode({"q": CANARY})
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{server.port}/people?{query}")
            except urllib.error.HTTPError:
                pass  # signed out: redirected to sign in, which is logged all the same
    finally:
        server.shutdown()
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any("GET /people HTTP/1.1" in line for line in lines), lines
    assert not any("Zebedee" in line for line in lines)


def test_a_failed_statement_is_logged_without_its_values(app, client, caplog, monkeypatch):
    # A page whose statement fails on a value typed into it (here, a name the database
    # refuses to store without a role): the database's own message would quote the row.
    def fails():
        db.session.execute(text("INSERT INTO people (name, role) VALUES (:name, NULL)"),
                           {"name": CANARY})  # fmt: skip
        return "unreachable"

    app.add_url_rule("/test-failing-statement", "test_failing_statement", fails)
    monkeypatch.setitem(POLICY, "test_failing_statement", PUBLIC)
    with caplog.at_level(logging.INFO):
        response = client.get("/test-failing-statement")
    assert response.status_code == 500
    logged = "\n".join(
        record.getMessage() + str(record.exc_info or "") for record in caplog.records
    )
    assert "unhandled database error on GET /test-failing-statement: IntegrityError" in logged
    assert "INSERT INTO people (name, role) VALUES" in logged
    assert "Zebedee" not in logged and "Zebedee" not in caplog.text


# -- four gunicorn workers ----------------------------------------------------------------------


@pytest.fixture
def gunicorn(app, database_url, tmp_path):
    """Four real workers on this test's database, counting sign-ins in Redis; yields (base URL,
    the access log's path)."""
    store = redis.Redis.from_url(REDIS_URL)
    store.flushdb()
    make_user(email="target@example.org")
    make_person(name=CANARY)
    db.session.commit()
    port = _free_port()
    log = tmp_path / "access.log"
    env = {
        **os.environ,
        "QUORUM_DATABASE_URL": database_url
        if "://" in database_url
        else f"sqlite:///{database_url}",
        "QUORUM_SECRET_KEY": SECRET,
        "QUORUM_RATELIMIT_STORAGE_URI": REDIS_URL,
        "QUORUM_INSTANCE_PATH": str(tmp_path / "instance"),
        "QUORUM_LOGIN_RATE_LIMIT": "1000 per minute",
    }
    command = [str(Path(sys.executable).with_name("gunicorn")), "-c", "python:app.gunicorn_conf",
               "-w", "4", "-b", f"127.0.0.1:{port}", "--access-logfile", str(log),
               "app:create_app()"]  # fmt: skip
    assert shutil.which(command[0]), "gunicorn is a dependency"
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=30)
        store.flushdb()


def _sign_in_attempt(base: str, email: str) -> int:
    """A fresh browser (cookies, CSRF token) each time, so each attempt may reach any worker."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()),
                                         _NoRedirect())  # fmt: skip
    page = opener.open(f"{base}/login").read().decode()
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    data = urllib.parse.urlencode({"email": email, "password": "wrong guess 123",
                                   "csrf_token": token}).encode()  # fmt: skip
    try:
        return opener.open(f"{base}/login", data=data).status
    except urllib.error.HTTPError as error:
        return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_failed_sign_ins_are_counted_once_across_four_workers(gunicorn):
    base, _ = gunicorn
    statuses = [_sign_in_attempt(base, "target@example.org") for _ in range(12)]
    # Five failures a minute per account, whichever worker each reached.
    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}


def test_the_access_log_keeps_searches_and_secrets_out(gunicorn):
    base, log = gunicorn
    for path in (f"/people?{urllib.parse.urlencode({'q': CANARY})}", "/feeds/s3cr3tfeed.ics"):
        try:
            urllib.request.urlopen(base + path)
        except urllib.error.HTTPError:
            pass
    time.sleep(0.5)
    written = log.read_text()
    assert "GET /people HTTP/1.1" in written
    assert "Zebedee" not in written and "s3cr3tfeed" not in written
    assert "/feeds/[secret]" in written
