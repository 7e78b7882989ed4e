"""The uploaded file between its preview and the admin's confirmation: kept in the instance
folder (QUORUM_IMPORTS_DIR) under a random token (the session holds the token, never the data;
no URL carries either), with its hash and who uploaded it, and removed when saved or after a
day."""

import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from app.services import ServiceError

KEPT_SECONDS = 24 * 60 * 60
_TOKEN_BYTES = 24


@dataclass(frozen=True)
class Staged:
    kind: str
    filename: str
    content: bytes


def stage(kind: str, user_id: int, filename: str, content: bytes) -> str:
    """Keep the file; its token, for the session."""
    folder = _folder()
    _forget_old(folder)
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    (folder / f"{token}.upload").write_bytes(content)
    meta = {"kind": kind, "user_id": user_id, "filename": filename[-200:],
            "sha256": hashlib.sha256(content).hexdigest()}  # fmt: skip
    (folder / f"{token}.json").write_text(json.dumps(meta))
    return token


def staged(token: str | None, kind: str, user_id: int) -> Staged:
    """The file kept under `token` for this user and kind, unaltered; refused otherwise."""
    gone = ServiceError("The file you previewed is no longer kept. Upload it again.", "file")
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        raise gone
    folder = _folder()
    try:
        meta = json.loads((folder / f"{token}.json").read_text())
        content = (folder / f"{token}.upload").read_bytes()
    except (OSError, ValueError):
        raise gone from None
    if (meta.get("kind"), meta.get("user_id")) != (kind, user_id) or (
        hashlib.sha256(content).hexdigest() != meta.get("sha256")
    ):
        raise gone
    return Staged(kind, meta["filename"], content)


def discard(token: str | None) -> None:
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        return
    for suffix in (".upload", ".json"):
        (_folder() / f"{token}{suffix}").unlink(missing_ok=True)


def _folder() -> Path:
    configured = current_app.config["QUORUM_IMPORTS_DIR"]
    folder = Path(configured) if configured else Path(current_app.instance_path) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _forget_old(folder: Path) -> None:
    """An upload never confirmed is not kept beyond a day (it may hold personal data)."""
    cutoff = time.time() - KEPT_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue
