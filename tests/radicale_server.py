"""A real CalDAV server (Radicale) in a thread on loopback, for the tests that check that
calendars accept what Quorum sends. Anyone may log in (auth none); each user owns their own
collections (rights owner_only)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import radicale
import radicale.config


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass  # one line a request would bury the test output


@contextmanager
def radicale_on_loopback(folder: Path) -> Iterator[int]:
    """The port of a Radicale server storing its calendars under `folder`; shut down after."""
    configuration = radicale.config.load()
    configuration.update(
        {
            "auth": {"type": "none"},
            "rights": {"type": "owner_only"},
            "storage": {"filesystem_folder": str(folder)},
        },
        "test",
        privileged=True,
    )
    server = make_server(
        "127.0.0.1", 0, radicale.Application(configuration), handler_class=_QuietHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
