"""What a log line may say about a request: its path, never its query string (a search for a
child's name travels there) and never a secret that a path carries (a calendar feed's, a
private reply link's, which are credentials).

Used by the error log (app.errors), the development server's request log (werkzeug) and the
production access log (gunicorn, app.gunicorn_conf).
"""

import logging
import re

_SECRET_IN_PATH = re.compile(r"^/(feeds|reply)/(?!mine\b|rooms\b)[^/?]+")
_REQUEST_LINE = re.compile(r"^(?P<method>[A-Z]+) (?P<target>\S+) (?P<version>HTTP/[\d.]+)$")
# The development server colours its request lines on a terminal.
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def private_path(target: str) -> str:
    """The path of a request target, without its query string or a secret in it."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    return _SECRET_IN_PATH.sub(r"/\1/[secret]", path)


def private_request_line(line: str) -> str:
    """'GET /people?q=… HTTP/1.1' as 'GET /people HTTP/1.1'; anything else as it is."""
    match = _REQUEST_LINE.match(_COLOUR.sub("", line))
    if not match:
        return line
    return f"{match['method']} {private_path(match['target'])} {match['version']}"


class PrivateRequestLines(logging.Filter):
    """For werkzeug's request log: its first argument is the request line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
            record.args = (private_request_line(record.args[0]), *record.args[1:])
        return True


def init_app() -> None:
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, PrivateRequestLines) for f in werkzeug.filters):
        werkzeug.addFilter(PrivateRequestLines())
