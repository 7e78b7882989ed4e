"""Authenticator secrets sealed (Fernet: AES-128-CBC with an HMAC-SHA256) with a key derived
from SECRET_KEY, so neither a database dump nor a readable session cookie gives them away.
Changing SECRET_KEY makes every sealed secret unreadable: everyone then enrols again."""

import base64
from datetime import datetime
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_PURPOSE = b"quorum: authenticator secrets"


@lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    # HKDF gives this purpose its own key: the session cookie's signing key is never reused.
    key = HKDF(algorithm=SHA256(), length=32, salt=None, info=_PURPOSE).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret_key: str, plain: str, now: datetime) -> str:
    return _fernet(secret_key).encrypt_at_time(plain.encode(), int(now.timestamp())).decode()


def unseal(
    secret_key: str, sealed: str, now: datetime | None = None, ttl_seconds: int | None = None
) -> str | None:
    """The sealed text, or None when it was sealed with another key, altered, or (given a `ttl`)
    sealed more than `ttl_seconds` before `now`."""
    try:
        if ttl_seconds is not None and now is not None:
            plain = _fernet(secret_key).decrypt_at_time(
                sealed.encode(), ttl_seconds, int(now.timestamp())
            )
        else:
            plain = _fernet(secret_key).decrypt(sealed.encode())
    except (InvalidToken, ValueError):
        return None
    return plain.decode()
