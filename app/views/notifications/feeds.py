"""Calendar feeds (webcal:// subscriptions for chairs and rooms) and a meeting's .ics file.

The feed URL is the only credential a calendar app can carry, so it is answered without a
session, never cached, and never leaks through a Referer header.
"""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.services import NotFound, ServiceError
from app.services.notifications import feeds as service
from app.time import utc_now
from app.views._listing import change, found

bp = Blueprint("feeds", __name__)
CALENDAR_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


@bp.app_context_processor
def _live_feed():
    # The chair's and room's pages show whether a feed is live, with a revoke button.
    return {"live_feed": service.live_feed}


@bp.get("/feeds/<secret>.ics")
def calendar_feed(secret: str):
    try:
        body = service.feed_calendar(utc_now(), secret)
    except NotFound:
        abort(404)
    return _calendar(body)


@bp.get("/meetings/<int:meeting_id>/calendar.ics")
def meeting_download(meeting_id: int):
    body, name = found(service.meeting_calendar, utc_now(), current_user, meeting_id)
    response = _calendar(body)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _calendar(body: bytes) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers.update(CALENDAR_HEADERS)
    return response


@bp.get("/feeds")
def index():
    return _page()


def _page(new_link: dict | None = None, status: int = 200):
    chair = current_user.chair
    mine = service.live_feed(chair_id=chair.id) if chair is not None else None
    staff = current_user.role in ("admin", "manager")
    page = render_template(
        "feeds/index.html",
        chair=chair,
        mine=mine,
        feeds=service.live_feeds() if staff else [],
        new_link=new_link,
    )
    # A page showing a new secret is not cached, and its links do not pass it on.
    return page, status, CALENDAR_HEADERS if new_link else {}


@bp.post("/feeds/mine")
def rotate_mine():
    chair = found(service.chair_of, current_user)
    feed, secret = change(service.rotate_chair_feed, chair.id)
    return _page(_link(feed, secret))


@bp.post("/feeds/mine/revoke")
def revoke_mine():
    chair = found(service.chair_of, current_user)
    feed = service.live_feed(chair_id=chair.id)
    if feed is None:
        abort(400, "You have no calendar feed to revoke.")
    change(service.revoke_feed, feed.id)
    flash("Your calendar feed is revoked: its link no longer works.", "success")
    return redirect(url_for(".index"))


@bp.post("/feeds/rooms/<int:room_id>")
def rotate_room(room_id: int):
    feed, secret = change(service.rotate_room_feed, room_id)
    return _page(_link(feed, secret))


@bp.post("/feeds/<int:feed_id>/revoke")
def revoke(feed_id: int):
    try:
        feed = change(service.revoke_feed, feed_id)
    except ServiceError as error:
        abort(400, error.message)
    flash(f"The calendar feed for {feed.owner_name} is revoked.", "success")
    return redirect(url_for(".index"))


def _link(feed, secret: str) -> dict:
    """Shown once, in this response: only the secret's hash is kept."""
    https = url_for(".calendar_feed", secret=secret, _external=True)
    return {
        "owner": feed.owner_name,
        "https": https,
        "webcal": "webcal://" + https.split("://", 1)[1],
    }
