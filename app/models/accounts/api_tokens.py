"""Bearer tokens for integrations calling the JSON API (`quorum tokens create`).

Only the SHA-256 of a token is stored: the token itself is shown once, when it is created. A
token acts as its user, with that user's role, until it expires; revoking it (or disabling the
user) ends it sooner.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime
from app.models.staff import User


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    # A token carries 256 random bits, so a fast hash is enough (no salt or argon2 needed):
    # nobody can guess a preimage, and a lookup by hash stays one indexed query.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
