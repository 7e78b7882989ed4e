"""The search box on every page: cases, people and meetings by what a caller quotes.

The term is sent by POST (with the CSRF token every form carries) and the results are
rendered in the answer to that POST. It is never put in a URL, so it reaches no access log,
browser history, bookmark or Referer header, and nothing about it is kept afterwards (not
even in the session, which would make it outlive the page). The cost: the results page cannot
be bookmarked or reloaded without the browser asking to send the form again, which is right
for a search for a child's family. GET shows the empty box.
"""

from flask import Blueprint, render_template, request
from flask_login import current_user

from app.services import search as service
from app.time import LONDON, utc_now

bp = Blueprint("search", __name__, url_prefix="/search")


@bp.get("")
def form():
    return render_template("search/results.html", results=None)


@bp.post("")
def results():
    found = service.search(current_user, utc_now(), request.form.get("q", ""))
    return render_template("search/results.html", results=found, london=LONDON)
