"""Error pages for people, JSON errors under /api."""

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

TITLES = {
    400: "There is a problem with your request",
    403: "You do not have access to this page",
    404: "Page not found",
    405: "That action is not allowed here",
    409: "That clashes with something already booked",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
}


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def _respond(status: int, detail: str):
    title = TITLES.get(status, "Something went wrong")
    if request.path.startswith("/api/"):
        return jsonify({"status": status, "title": title, "detail": detail}), status
    return render_template("errors/error.html", title=title, detail=detail), status


def _http_error(error: HTTPException):
    if isinstance(error, CSRFError):
        return _respond(400, "The form had expired or was not sent from Quorum. Try again.")
    if error.code == 429:
        return _respond(429, "Too many attempts. Wait a minute, then try again.")
    return _respond(error.code or 500, error.description or "")


def _unexpected_error(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return _respond(500, InternalServerError.description)
