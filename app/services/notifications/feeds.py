"""Calendar feeds for chairs and rooms, and the .ics download of one meeting.

A feed's secret (256 random bits) is shown once, when it is made; only its SHA-256 is stored.
Rotating revokes the old feed and makes a new one; a revoked or unknown secret is 'not found'
alike, so a feed URL that leaked can be ended without telling anyone which it was.
"""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.invites import feed_bytes
from app.models import CalendarFeed, Chair, Meeting, Room
from app.services import NotFound, ServiceError, audit
from app.services.accounts.api_tokens import hash_token
from app.services.booking import meetings as meetings_service
from app.services.notifications import notices

SECRET_BYTES = 32  # 256 random bits
# A subscribed calendar mirrors the feed: keep recent past meetings, drop older ones.
FEED_PAST = timedelta(days=90)
FEED_STATUSES = ("confirmed", "held", "cancelled")


def live_feed(chair_id: int | None = None, room_id: int | None = None) -> CalendarFeed | None:
    owner = CalendarFeed.chair_id == chair_id if chair_id else CalendarFeed.room_id == room_id
    return db.session.scalar(select(CalendarFeed).where(owner, CalendarFeed.revoked_at.is_(None)))


def live_feeds() -> list[CalendarFeed]:
    query = select(CalendarFeed).where(CalendarFeed.revoked_at.is_(None))
    return list(db.session.scalars(query.order_by(CalendarFeed.created_at.desc())))


def chair_of(user) -> Chair:
    if user.chair is None:
        raise NotFound("Your account is not linked to a chair, so it has no calendar feed.")
    return user.chair


def rotate_chair_feed(now: datetime, actor_id: int, chair_id: int) -> tuple[CalendarFeed, str]:
    """A new feed for the chair (the old one stops working): (row, secret — shown once)."""
    if db.session.get(Chair, chair_id) is None:
        raise NotFound("That chair does not exist.")
    return _rotate(now, actor_id, chair_id=chair_id)


def rotate_room_feed(now: datetime, actor_id: int, room_id: int) -> tuple[CalendarFeed, str]:
    if db.session.get(Room, room_id) is None:
        raise NotFound("That room does not exist.")
    return _rotate(now, actor_id, room_id=room_id)


def _rotate(now: datetime, actor_id: int, **owner) -> tuple[CalendarFeed, str]:
    old = live_feed(**owner)
    if old is not None:
        old.revoked_at = now
        audit.record(now, actor_id, "feed.revoke", old, "rotated")
        db.session.flush()  # the one-live-feed index must see it revoked first
    secret = secrets.token_urlsafe(SECRET_BYTES)
    feed = CalendarFeed(secret_hash=hash_token(secret), created_at=now, created_by_id=actor_id,
                        **owner)  # fmt: skip
    db.session.add(feed)
    db.session.flush()
    audit.record(now, actor_id, "feed.create", feed, f"{feed.kind}_id={_owner_id(feed)}")
    db.session.commit()
    return feed, secret


def revoke_feed(now: datetime, actor_id: int, feed_id: int) -> CalendarFeed:
    feed = db.session.get(CalendarFeed, feed_id)
    if feed is None:
        raise NotFound("That calendar feed does not exist.")
    if feed.revoked_at is not None:
        raise ServiceError("That calendar feed is already revoked.", "revoke")
    feed.revoked_at = now
    audit.record(now, actor_id, "feed.revoke", feed, f"{feed.kind}_id={_owner_id(feed)}")
    db.session.commit()
    return feed


def _owner_id(feed: CalendarFeed) -> int | None:
    return feed.chair_id if feed.chair_id is not None else feed.room_id


def feed_calendar(now: datetime, secret: str) -> bytes:
    """The feed's calendar; NotFound for a revoked, rotated or unknown secret."""
    feed = db.session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.secret_hash == hash_token(secret), CalendarFeed.revoked_at.is_(None)
        )
    )
    if feed is None:
        raise NotFound("No such calendar feed.")
    owner = Meeting.chair_id == feed.chair_id if feed.chair_id else Meeting.room_id == feed.room_id
    meetings = db.session.scalars(
        select(Meeting)
        .where(owner, Meeting.status.in_(FEED_STATUSES), Meeting.ends_at >= now - FEED_PAST)
        .order_by(Meeting.starts_at, Meeting.id)
    )
    # A room's feed is read by whoever books the room: no joining link, no meeting type.
    chairs_own = feed.chair_id is not None
    options = notices.FeedOptions(with_join_url=chairs_own, with_meeting_type=chairs_own)
    invites = [notices.invite_meeting(meeting, options) for meeting in meetings]
    return feed_bytes(invites, "chair", f"Quorum – {feed.owner_name}", now)


def meeting_calendar(now: datetime, user, meeting_id: int) -> tuple[bytes, str]:
    """One meeting as an .ics file, for staff or the meeting's own chair: (bytes, file name)."""
    meeting = meetings_service.get_meeting(user, meeting_id)
    invite = notices.invite_meeting(meeting)
    name = f"meeting-{invite.reference}.ics"
    return feed_bytes([invite], "chair", invite.summary, now), name
