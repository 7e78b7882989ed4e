"""An upload on the import page: previewed (and kept, when it can be saved), then confirmed."""

from datetime import datetime

from app.services.imports import batches, staging
from app.services.imports.batches import Preview
from app.services.imports.registry import kind_named
from app.time import london_date


def preview_upload(now: datetime, user_id: int, kind_name: str, filename: str,
                   content: bytes) -> tuple[Preview, str | None]:  # fmt: skip
    """The preview, and the token the file is kept under when it has no bad row (None when it
    has: nothing is kept that cannot be saved)."""
    kind = kind_named(kind_name)
    found = batches.preview(kind, filename, content, london_date(now))
    if found.errors:
        return found, None
    return found, staging.stage(kind.name, user_id, filename, content)


def confirm_upload(now: datetime, user_id: int, kind_name: str, token: str | None) -> Preview:
    """Save the file previewed under `token`, checked again; it is no longer kept once saved."""
    kind = kind_named(kind_name)
    kept = staging.staged(token, kind.name, user_id)
    done = batches.save(now, user_id, kind, kept.filename, kept.content)
    staging.discard(token)
    return done
