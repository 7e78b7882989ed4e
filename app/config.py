"""Configuration: safe defaults here; secrets only from instance/config.py or the environment.

Environment variables `QUORUM_<NAME>` (and Flask's own `FLASK_<NAME>`) override any setting.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

APP_FOLDER = Path(__file__).resolve().parent  # the app package


def shipped_folder(name: str) -> Path:
    """templates/ or migrations/: beside app/ in a checkout, inside it in an installed wheel."""
    inside = APP_FOLDER / name
    return inside if inside.is_dir() else APP_FOLDER.parent / name


WEAK_SECRET_KEYS = {"", "dev", "change-me", "secret", "changeme"}
MIN_SECRET_KEY_LENGTH = 32


class DefaultConfig:
    # A fresh random key per process is safe for development: sessions just do not survive a
    # restart. Production must set a strong key (create_app refuses to start otherwise).
    SECRET_KEY = ""
    SQLALCHEMY_DATABASE_URI = ""  # filled in by create_app: instance/quorum.sqlite3
    # A failed statement's message never carries its parameters (a searched name) into a log.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"hide_parameters": True}
    QUORUM_PRODUCTION = False
    QUORUM_DEMO = False
    QUORUM_AUTHORITY_NAME = "Independent Reviewing Service"
    QUORUM_TIMEZONE = "Europe/London"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # True in production (set below)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    # Idle and absolute limits of a signed-in session (the council's information-security policy).
    QUORUM_SESSION_IDLE = timedelta(minutes=30)
    QUORUM_SESSION_ABSOLUTE = timedelta(hours=10)
    # Between a right password and the authenticator's code: after this many seconds the
    # half-signed-in visitor starts again from the password.
    QUORUM_MFA_PENDING_SECONDS = 300

    WTF_CSRF_TIME_LIMIT = None  # the session's own limits bound the token's life
    # Sign-in attempts that fail are limited per address and per account. Several web workers
    # need one store they all count in (QUORUM_RATELIMIT_STORAGE_URI=redis://…): with the
    # default each worker counts alone.
    RATELIMIT_STORAGE_URI = "memory://"
    QUORUM_LOGIN_RATE_LIMIT = "30 per minute"  # per client address
    QUORUM_LOGIN_ACCOUNT_RATE_LIMIT = "5 per minute; 20 per hour"  # per account
    RATELIMIT_HEADERS_ENABLED = True
    # Proxies in front of Quorum whose X-Forwarded-For/-Proto Quorum trusts (the council's
    # reverse proxy: 1). 0: the connecting address is the client's.
    QUORUM_PROXY_HOPS = 0

    # Single sign-on with the council's identity provider (OpenID Connect; docs/operator-guide.md
    # "Single sign-on"). Off unless the issuer is set; its discovery document is read from
    # <issuer>/.well-known/openid-configuration. The redirect URI to register is
    # <QUORUM_PUBLIC_URL>/login/sso/callback.
    QUORUM_OIDC_ISSUER = ""
    QUORUM_OIDC_CLIENT_ID = ""
    QUORUM_OIDC_CLIENT_SECRET = ""
    # The ID token's claim listing the user's app roles or groups (Entra ID: "roles" or "groups"),
    # and which of its values give which Quorum role: "Quorum.Admin=admin;Quorum.Chair=chair".
    QUORUM_OIDC_ROLES_CLAIM = "roles"
    QUORUM_OIDC_ROLE_MAP = ""
    # The claim naming the person for good (Entra ID: "oid", the same in every app of the tenant).
    QUORUM_OIDC_SUBJECT_CLAIM = "sub"

    LOG_LEVEL = "INFO"
    # How long a SQLite writer waits for another's write lock before its attempt fails (it is
    # retried, then answered 503 with Retry-After). PostgreSQL does not use it.
    QUORUM_SQLITE_BUSY_TIMEOUT_MS = 15000
    # The most a web request waits for that lock in all, over its transactions and retries:
    # well inside the web server's worker timeout (gunicorn's --timeout, 30 s by default),
    # which kills a worker still busy after it, so the request is answered 503, not dropped.
    # Quorum cannot read gunicorn's timeout: lower this with it (docs/operator-guide.md).
    QUORUM_SQLITE_REQUEST_WAIT_MS = 20000

    # Invites. "folder" writes one .eml per message into <instance>/outbox/ (or
    # QUORUM_MAIL_FOLDER) for `make run`; production sets "smtp" and QUORUM_SMTP_*.
    QUORUM_MAIL_TRANSPORT = "folder"
    QUORUM_MAIL_FOLDER = ""
    QUORUM_MAIL_FROM = "meetings@quorum.invalid"  # the service mailbox: From and ORGANIZER
    QUORUM_MAIL_FROM_NAME = ""  # blank: the authority's name
    QUORUM_SMTP_HOST = ""
    QUORUM_SMTP_PORT = ""
    QUORUM_SMTP_SECURITY = "starttls"
    QUORUM_SMTP_USERNAME = ""
    QUORUM_SMTP_PASSWORD = ""
    # The subject and calendar title: the meeting's type ("Initial child protection conference")
    # and the invite's own reference; never a name or case detail, which it is not given.
    QUORUM_INVITE_SUMMARY = "{meeting_type} – ref {reference}"
    # The joining-link template, the advocacy service, the consultation form and the liaison
    # contacts are the authority's local practice: managers set them on the Local practice page.
    # Where people outside the council reach Quorum: the private links in invites start here.
    QUORUM_PUBLIC_URL = "http://127.0.0.1:5000"
    # Uploaded reports, outside the web root; blank: instance/reports.
    QUORUM_REPORTS_DIR = ""
    # Spreadsheets between their import's preview and its confirmation; blank: instance/imports.
    QUORUM_IMPORTS_DIR = ""
    # No request body is larger than a 10 MB report and its form: more is a 413 before it is
    # read (the CSRF check reads every form before any view could set a limit of its own).
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024 + 256 * 1024
    # The outbox relay (a scheduler sweep): how often, and how transient failures back off.
    QUORUM_OUTBOX_SWEEP_SECONDS = 15
    QUORUM_OUTBOX_RETRY_BASE_SECONDS = 30
    QUORUM_OUTBOX_RETRY_CAP_SECONDS = 3600
    # Report chasers, chairs' briefings, escalations and their weekly digest (a scheduler sweep):
    # how often it looks. Each is due on a day, so every few minutes is soon enough.
    QUORUM_CHASER_SWEEP_SECONDS = 300


BOOLEAN_WORDS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}
RENAMED = {
    "QUORUM_SECRET_KEY": "SECRET_KEY",
    "QUORUM_DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "QUORUM_RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
    "QUORUM_LOG_LEVEL": "LOG_LEVEL",
}


def env_overrides(environ: dict[str, str]) -> dict:
    """Settings from QUORUM_* variables (QUORUM_SECRET_KEY → SECRET_KEY, QUORUM_DATABASE_URL →
    SQLALCHEMY_DATABASE_URI); a setting whose default is a boolean takes true/false words."""
    settings: dict = {}
    for name, raw in environ.items():
        if not name.startswith("QUORUM_"):
            continue
        key = RENAMED.get(name, name)
        if isinstance(getattr(DefaultConfig, key, None), bool):
            if raw.strip().lower() not in BOOLEAN_WORDS:
                raise RuntimeError(f"{name} must be true or false, not {raw!r}")
            settings[key] = BOOLEAN_WORDS[raw.strip().lower()]
        else:
            settings[key] = raw
    return settings


def finalise(config: dict, instance_path: str) -> None:
    """Fill derived settings and refuse unsafe production settings."""
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
            Path(instance_path) / "quorum.sqlite3"
        )
    config["SQLALCHEMY_DATABASE_URI"] = use_psycopg3(config["SQLALCHEMY_DATABASE_URI"])
    _check_single_sign_on(config)
    if config["QUORUM_PRODUCTION"]:
        key = config.get("SECRET_KEY") or ""
        if key.lower() in WEAK_SECRET_KEYS or len(key) < MIN_SECRET_KEY_LENGTH:
            raise RuntimeError(
                "Quorum will not start in production without a strong SECRET_KEY: set "
                f"QUORUM_SECRET_KEY to at least {MIN_SECRET_KEY_LENGTH} random characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        config["SESSION_COOKIE_SECURE"] = True
    elif not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = secrets.token_urlsafe(48)


SSO_ROLES = ("admin", "manager", "chair")  # Quorum's roles, the most access first


def oidc_role_map(raw: str) -> dict[str, str]:
    """QUORUM_OIDC_ROLE_MAP read: the provider's value → Quorum's role. Refuses (at start-up)
    a pair without "=", an unknown role, or a value given twice."""
    mapping: dict[str, str] = {}
    for pair in raw.replace("\n", ";").split(";"):
        if not pair.strip():
            continue
        value, equals, role = pair.rpartition("=")
        value, role = value.strip(), role.strip().lower()
        if not equals or not value:
            raise RuntimeError(f"QUORUM_OIDC_ROLE_MAP: {pair.strip()!r} is not VALUE=ROLE")
        if role not in SSO_ROLES:
            raise RuntimeError(
                f"QUORUM_OIDC_ROLE_MAP: {role!r} is not one of {', '.join(SSO_ROLES)}"
            )
        if value in mapping:
            raise RuntimeError(f"QUORUM_OIDC_ROLE_MAP: {value!r} is given twice")
        mapping[value] = role
    return mapping


def _check_single_sign_on(config: dict) -> None:
    if not config.get("QUORUM_OIDC_ISSUER"):
        return
    for name in ("QUORUM_OIDC_CLIENT_ID", "QUORUM_OIDC_CLIENT_SECRET", "QUORUM_OIDC_ROLE_MAP"):
        if not config.get(name):
            raise RuntimeError(f"Single sign-on is on (QUORUM_OIDC_ISSUER): set {name} too.")
    oidc_role_map(config["QUORUM_OIDC_ROLE_MAP"])


def load_environment() -> dict:
    return env_overrides(dict(os.environ))


def use_psycopg3(url: str) -> str:
    """`postgresql://…` (as operators and CI write it) means psycopg 3 here, not psycopg2."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
