"""Error pages for people, JSON errors under /api."""

import traceback
from pathlib import Path

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db, login_manager
from app.log_privacy import private_path
from app.services._retry import is_contention

APP_FOLDER = Path(__file__).resolve().parent

TITLES = {
    400: "There is a problem with your request",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "That action is not allowed here",
    409: "That clashes with something already booked",
    410: "This link has closed",
    413: "That file is too large",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
    503: "The service is busy",
}
BUSY_RETRY_AFTER_SECONDS = 5
BUSY_DETAIL = (
    "Quorum is busy with other changes and did not make this one. Nothing was changed: "
    f"try again in {BUSY_RETRY_AFTER_SECONDS} seconds."
)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(OperationalError, _database_error)
    app.register_error_handler(Exception, _unexpected_error)


def _respond(status: int, detail: str, headers: dict | None = None):
    title = TITLES.get(status, "Something went wrong")
    if request.path.startswith("/api/"):
        return jsonify({"status": status, "title": title, "detail": detail}), status, headers
    return render_template("errors/error.html", title=title, detail=detail), status, headers


def _http_error(error: HTTPException):
    if isinstance(error, CSRFError):
        return _respond(400, "The form had expired or was not sent from Quorum. Try again.")
    if error.code == 429:
        return _respond(429, "Too many attempts. Wait a minute, then try again.")
    if error.code == 413:
        return _respond(413, "That is more than Quorum accepts: a report can be at most "
                        "10 MB. Save it smaller (a PDF without large pictures, say) and try "
                        "again.")  # fmt: skip
    # The exception's own headers (Allow on a 405), not its content type: ours is the page's.
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return _respond(error.code or 500, error.description or "", headers)


def _database_error(error: OperationalError):
    """Contention that outlasted the retries (SQLite's write lock, a PostgreSQL deadlock) is a
    503 with Retry-After: the request was fine and nothing was written. Anything else is a 500."""
    if not is_contention(error):
        return _unexpected_error(error)
    current_app.logger.warning("database busy on %s %s", request.method, loggable_path())
    db.session.rollback()
    if "_login_user" not in g:  # the page's header must not wait for the database again
        g._login_user = login_manager.anonymous_user()
    return _respond(503, BUSY_DETAIL, {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)})


def _unexpected_error(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    if isinstance(error, DBAPIError):
        # The database's own message may quote the row it refused ("Failing row contains
        # (…, a child's name, …)"): the log gets the statement, its state and where it came
        # from, never the message or the values.
        words = database_error_words(error)
        path = loggable_path()
        current_app.logger.error(
            "unhandled database error on %s %s: %s", request.method, path, words
        )
    else:
        current_app.logger.exception("unhandled error on %s %s", request.method, loggable_path())
    return _respond(500, InternalServerError.description)


def database_error_words(error: DBAPIError) -> str:
    """What a log may say of a failed statement: its kind, SQLSTATE, constraint, statement (with
    placeholders, not values) and the code lines that ran it."""
    original = error.orig
    diagnostics = getattr(original, "diag", None)
    parts = [
        f"{type(error).__name__} ({type(original).__name__})",
        f"sqlstate={getattr(original, 'sqlstate', None) or '-'}",
        f"constraint={getattr(diagnostics, 'constraint_name', None) or '-'}",
        f"statement={' '.join(str(error.statement or '').split())[:500]}",
    ]
    frames = traceback.extract_tb(error.__traceback__)
    # Quorum's own frames say which code ran it; the library's below them say nothing more.
    own = [f for f in frames if f"{APP_FOLDER}" in f.filename] or frames[-3:]
    where = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in own[-4:][::-1])
    return "; ".join(parts) + f"; at {where}"


def loggable_path() -> str:
    """The request's path as a log may give it (app.log_privacy)."""
    return private_path(request.path)
