"""What every request's input passes before a view reads it: ids in URLs that a row could have,
JSON bodies Python can read, and no NUL characters anywhere in the address or a form.

Each is checked once here, for every page and API operation, so a crafted request (an id past
64 bits, 10,000 nested brackets, `%00` in a search) is a 4xx in words rather than an error deep
in a query or the JSON parser. The bounds are app.limits'.
"""

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask.wrappers import Request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

from app.limits import MAX_ID, MAX_PAGE, NUL, NUL_MESSAGE

NESTED_MESSAGE = "The JSON body is nested too deeply to read."


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: a number past MAX_ID matches no route (404, as for any id
    that is not there) instead of reaching the database, which cannot compare it (SQLite
    fails past 64 bits; PostgreSQL past its integer types)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 (werkzeug's name)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class JSONNestedTooDeeply(ValueError):
    pass


class JSONProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError:  # Python's parser recurses once per [ or {
            raise JSONNestedTooDeeply(NESTED_MESSAGE) from None


class QuorumRequest(Request):
    def on_json_loading_failed(self, e: ValueError | None):
        if isinstance(e, JSONNestedTooDeeply):
            raise BadRequest(NESTED_MESSAGE)
        return super().on_json_loading_failed(e)


def refuse_nul_characters() -> None:
    """PostgreSQL cannot store or compare text holding NUL, and no person types one: a 400 for
    any in the path, the query string or a form (JSON bodies: the API's schemas refuse it)."""
    if NUL in request.path:
        raise BadRequest(NUL_MESSAGE)
    for source in (request.args, request.form):
        for name, value in source.items(multi=True):
            if NUL in name or NUL in value:
                raise BadRequest(NUL_MESSAGE)


def page_number(args) -> int:
    """A list's ?page=: 1 when absent or not a whole number (as it always was), a 400 in words
    past MAX_PAGE (a huge offset fails in the database)."""
    page = args.get("page", 1, type=int)
    if page > MAX_PAGE:
        raise BadRequest(f"The page number must be at most {MAX_PAGE}.")
    return page


def init_app(app: Flask) -> None:
    """Before any route is added: the converter is read when a rule is."""
    app.url_map.converters["int"] = IdConverter
    app.json_provider_class = JSONProvider
    app.json = JSONProvider(app)
    app.request_class = QuorumRequest
    app.before_request(refuse_nul_characters)
