"""Browser fixtures: the app served over HTTP, the scheduler's sweeps, and Debian's Chromium.

Everything runs in this process, on the `app` fixture's database (SQLite copy or PostgreSQL),
with the clock travelled to the factories' NOW (Monday 2 March 2026) and ticking: the pages,
the plan-run job and the confirm service all read it. That is why the scheduler runs here, in a
thread, rather than as a `quorum scheduler` subprocess, which cannot share a travelled clock.
Playwright never downloads a browser: it drives /usr/bin/chromium (`make browser` installs it).
"""

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page, expect, sync_playwright
from werkzeug.serving import make_server

from app.scheduler.process import build_scheduler
from tests.app.factories.rows import NOW

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Generous: a plan run spends its whole 10 s budget, and CI machines are slow.
TIMEOUT_MS = 30_000


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def live_server(app, clock) -> Iterator[str]:
    """The app behind werkzeug's threaded server on a free port, as `flask run` serves it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def scheduler(app, clock) -> Iterator[None]:
    """The scheduler process's own APScheduler and jobs (the plan-run sweep every 3 s), started
    in a thread; only the singleton guard and the signal handling of `quorum scheduler` are
    left out. Stopping waits for a solve under way to finish."""
    running = build_scheduler(app)
    thread = threading.Thread(target=running.start, name="scheduler", daemon=True)
    thread.start()
    while not running.running:  # shutting down a scheduler that has not started raises
        time.sleep(0.01)
    yield
    running.shutdown(wait=True)
    thread.join()


@pytest.fixture
def page(live_server) -> Iterator[Page]:
    """A fresh Chromium per test: Playwright's event loop never outlives the test."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run `make browser`"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(base_url=live_server, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        expect.set_options(timeout=TIMEOUT_MS)
        yield context.new_page()
        browser.close()
