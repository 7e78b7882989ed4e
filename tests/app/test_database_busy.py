"""When the database is busy with other writers — SQLite's one write lock held past the busy
timeout, a PostgreSQL deadlock or serialization failure that outlasts the retries — the answer
is a 503 with Retry-After (the JSON error under /api, a page for people), never a 500, and
nothing is written. And a request's action takes SQLite's write lock first (waiting for it) even
after the sign-in bookkeeping has committed."""

import sqlite3
import threading
import time
from collections import Counter

import pytest
from flask import has_request_context
from flask.testing import FlaskClient
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from app import create_app
from app.api import plan_runs as api_plan_runs
from app.extensions import db
from app.models import MeetingRequest, Person
from app.services._retry import ATTEMPTS
from app.services.accounts import api_tokens
from app.services.requests import api as api_requests
from app.services.requests import requests as request_service
from tests.app.auth_helpers import signed_in_as
from tests.app.conftest import IsolatedClient, _config
from tests.app.factories.api_tokens import bearer, make_token
from tests.app.factories.reference_forms import Browser, count, person_data
from tests.app.factories.rows import make_case

URL = "/api/v1/meeting-requests"
sqlite_only = pytest.mark.sqlite_only


def _icpc(case) -> dict:
    # A fixed day long past, so recorded as a late request (today's date plays no part).
    return {
        "case_reference": case.reference,
        "meeting_type": "ICPC",
        "trigger_date": "2025-12-18",
        "recording_late": True,
    }


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(MeetingRequest))


@pytest.fixture
def impatient_app(database_url):
    """The test's database, with writers that wait only 50 ms for SQLite's write lock."""
    app = create_app({**_config(database_url), "QUORUM_SQLITE_BUSY_TIMEOUT_MS": 50})
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _hold_write_lock(database_url: str) -> sqlite3.Connection:
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


@sqlite_only
def test_a_write_lock_held_past_the_busy_timeout_is_a_503_with_retry_after(
    impatient_app, database_url
):
    body = _icpc(make_case())
    token = make_token(role="admin")
    client = impatient_app.test_client()
    holder = _hold_write_lock(database_url)
    try:
        response = client.post(URL, json=body, headers=bearer(token))
    finally:
        holder.rollback()
        holder.close()

    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "5"
    body = response.get_json()
    assert (body["status"], body["title"]) == (503, "The service is busy")
    assert "Nothing was changed" in body["detail"]
    assert _count() == 0


@sqlite_only
def test_a_change_once_committed_is_answered_even_while_another_writer_holds_the_lock(
    impatient_app, database_url, monkeypatch
):
    """The answer to a change is read after its commit: that read must not wait for the write
    lock, or a saved change would be answered 503 (and a client told to send it again)."""
    holders = []
    create = request_service.create_request

    def create_then_lose_the_lock(*args, **kwargs):
        created = create(*args, **kwargs)  # committed
        holders.append(_hold_write_lock(database_url))
        return created

    monkeypatch.setattr(request_service, "create_request", create_then_lose_the_lock)
    body = _icpc(make_case())
    token = make_token(role="admin")
    try:
        response = impatient_app.test_client().post(URL, json=body, headers=bearer(token))
    finally:
        for holder in holders:
            holder.rollback()
            holder.close()

    assert response.status_code == 201, response.get_data(as_text=True)
    assert _count() == 1


def _transactions_in_requests(engine) -> list[str]:
    """Each BEGIN a request issues and each commit it makes ("COMMIT"), in order."""
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _begin(_conn, _cursor, statement, *_args) -> None:
        if has_request_context() and statement.startswith("BEGIN"):
            seen.append(statement)

    @event.listens_for(engine, "commit")
    def _commit(_conn) -> None:
        if has_request_context():
            seen.append("COMMIT")

    return seen


# The sign-in bookkeeping (the session's or the token's last use) is committed first; the
# action's own transaction must then take the write lock at once, not begin as a plain BEGIN
# whose first write would fail to upgrade, without waiting, while another writer holds it.
BOOKKEEPING_THEN_ACTION = ["BEGIN IMMEDIATE", "COMMIT", "BEGIN IMMEDIATE", "COMMIT"]


@sqlite_only
def test_a_page_posts_action_takes_the_write_lock_first_after_the_sessions_bookkeeping(client):
    admin = Browser(client, "admin")
    transactions = _transactions_in_requests(db.engine)

    response = admin.post("/people/new", person_data())

    assert response.status_code == 302, response.get_data(as_text=True)
    assert transactions[:4] == BOOKKEEPING_THEN_ACTION, transactions
    assert count(Person) == 1


@sqlite_only
def test_an_api_posts_action_takes_the_write_lock_first_after_the_tokens_bookkeeping(client):
    body = _icpc(make_case())
    token = make_token(role="admin")  # never used: its first use is noted (a commit)
    transactions = _transactions_in_requests(db.engine)

    response = client.post(URL, json=body, headers=bearer(token))

    assert response.status_code == 201, response.get_data(as_text=True)
    assert transactions[:4] == BOOKKEEPING_THEN_ACTION, transactions
    assert _count() == 1


@sqlite_only
def test_after_the_tokens_bookkeeping_a_write_waits_for_another_writer_rather_than_failing(
    client, database_url, monkeypatch
):
    """Another writer takes the lock just after the token's last use is noted, for a moment
    well inside the busy timeout: the request waits for it and is answered 201."""
    note_use = api_tokens.user_for_token
    released = []

    def note_use_then_lose_the_lock_for_a_moment(*args, **kwargs):
        user = note_use(*args, **kwargs)
        holder = sqlite3.connect(
            database_url.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False
        )
        holder.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.3, holder.rollback)
        release.start()
        released.append((release, holder))
        return user

    monkeypatch.setattr(api_tokens, "user_for_token", note_use_then_lose_the_lock_for_a_moment)
    body = _icpc(make_case())
    token = make_token(role="admin")
    try:
        response = client.post(URL, json=body, headers=bearer(token))
    finally:
        for release, holder in released:
            release.join()
            holder.close()

    assert released, "the token was not looked up"
    assert response.status_code == 201, response.get_data(as_text=True)
    assert _count() == 1


@sqlite_only
def test_a_request_waits_for_the_write_lock_no_longer_than_its_time_for_waiting_in_all(
    database_url, monkeypatch
):
    """A retried action (confirming a plan) begun while another writer holds the lock: its
    attempts, each waiting up to a busy timeout, stop when the request's time for waiting is
    spent, so the 503 is answered in time, before the web server's worker timeout."""
    busy_timeout_ms, request_wait_ms = 250, 300  # ATTEMPTS busy timeouts would be 750 ms
    app = create_app(
        {
            **_config(database_url),
            "QUORUM_SQLITE_BUSY_TIMEOUT_MS": busy_timeout_ms,
            "QUORUM_SQLITE_REQUEST_WAIT_MS": request_wait_ms,
        }
    )
    app.test_client_class = IsolatedClient
    holders = []
    confirm = api_plan_runs.confirm_plan_run

    def lose_the_lock_then_confirm(*args, **kwargs):
        # The request's transaction so far (reading the token's user) ends, as it does between
        # a retry's attempts, and another writer takes the lock before the action begins.
        db.session.rollback()
        holders.append(_hold_write_lock(database_url))
        return confirm(*args, **kwargs)

    monkeypatch.setattr(api_plan_runs, "confirm_plan_run", lose_the_lock_then_confirm)
    with app.app_context():
        token = make_token(role="admin")
        waits = _lock_waits(db.engine)
        try:
            response = app.test_client().post(
                "/api/v1/plan-runs/1/confirm", json={}, headers=bearer(token)
            )
        finally:
            for holder in holders:
                holder.rollback()
                holder.close()
            db.session.remove()
            db.engine.dispose()

    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "5"
    assert 0 < len(waits) < ATTEMPTS, waits
    # SQLite's sleeps may overrun a little on a busy machine; the 750 ms would not fit.
    assert sum(waits) < request_wait_ms / 1000 * 1.25, waits


def _lock_waits(engine) -> list[float]:
    """The seconds each BEGIN IMMEDIATE that failed for the lock spent waiting for it."""
    started: list[float] = []
    waits: list[float] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _before(_conn, _cursor, statement, *_args) -> None:
        if statement == "BEGIN IMMEDIATE":
            started.append(time.monotonic())

    @event.listens_for(engine, "handle_error")
    def _failed(context) -> None:
        if context.statement == "BEGIN IMMEDIATE":
            waits.append(time.monotonic() - started[-1])

    return waits


@sqlite_only
def test_a_page_while_the_write_lock_is_held_is_a_busy_page_not_a_500(impatient_app, database_url):
    client = impatient_app.test_client()
    signed_in_as(client, "admin")
    holder = _hold_write_lock(database_url)
    try:
        response = client.get("/cases")
    finally:
        holder.rollback()
        holder.close()

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.mimetype == "text/html"
    assert "The service is busy" in response.get_data(as_text=True)


@sqlite_only
def test_a_burst_of_writes_against_a_busy_database_gets_only_2xx_409_422_or_503(
    impatient_app, database_url
):
    """Eight clients post requests while another writer keeps taking the lock for longer
    than they will wait: each answer is a success, a refusal or a 503, never a 500."""
    bodies = [_icpc(make_case()) for _ in range(8)]
    token = make_token(role="admin")
    answers: list[int] = []  # list.append is atomic across threads; Counter's += is not
    stop = threading.Event()

    def hog_the_lock():
        while not stop.is_set():
            holder = _hold_write_lock(database_url)
            stop.wait(0.3)
            holder.rollback()
            holder.close()
            stop.wait(0.05)

    def post_requests(body):
        client = FlaskClient(impatient_app)  # each request in this thread's own context
        for _ in range(6):
            response = client.post(URL, json=body, headers=bearer(token))
            answers.append(response.status_code)

    hog = threading.Thread(target=hog_the_lock)
    hog.start()
    workers = [threading.Thread(target=post_requests, args=(body,)) for body in bodies]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    finally:
        stop.set()
        hog.join()
    statuses = Counter(answers)

    assert set(statuses) <= {201, 409, 422, 503}, statuses
    assert statuses[503] > 0 and statuses[201] > 0, statuses  # contention, and progress
    assert _count() == statuses[201]


@pytest.mark.parametrize("sqlstate", ["40P01", "40001"])
def test_a_deadlock_that_outlasts_the_retries_is_a_503(client, monkeypatch, sqlstate):
    class DriverError(Exception):
        def __init__(self):
            super().__init__(sqlstate)
            self.sqlstate = sqlstate

    def deadlocked(*_args, **_kwargs):
        raise OperationalError("INSERT …", {}, DriverError())

    monkeypatch.setattr(api_requests, "create_request", deadlocked)
    case = make_case()

    response = client.post(URL, json=_icpc(case), headers=bearer(make_token(role="admin")))

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.get_json()["title"] == "The service is busy"


def test_any_other_database_error_is_still_a_500(client, monkeypatch):
    class DriverError(Exception):
        sqlstate = "08006"  # connection failure: not contention

    def broken(*_args, **_kwargs):
        raise OperationalError("INSERT …", {}, DriverError())

    monkeypatch.setattr(api_requests, "create_request", broken)
    case = make_case()

    response = client.post(URL, json=_icpc(case), headers=bearer(make_token(role="admin")))

    assert response.status_code == 500
