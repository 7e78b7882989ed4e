"""The demo county: a fictional Independent Reviewing Service on real Lincolnshire geography.

`load_demo(now, seed)` fills an empty database in one transaction: the generator's county month
(chairs, rooms, people, ~240 open requests with a planted complete in-time plan, so the month
is feasible by construction), ~500 cases, a year of held meetings for the reports, and three
sign-in accounts (admin, manager, chair) whose generated passwords are returned once; the admin
and the manager come with an authenticator app set up, its key returned once too.
Everything is dated from `now`: the month of requests starts on the next working day.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import func, select

from app.demo.cases import CaseBuilder
from app.demo.chains import next_working_day
from app.demo.details import DemoDetails
from app.demo.history import HistoryGrid
from app.demo.month import fit_to_county
from app.demo.rows import Details, InstanceRows, add_requests, add_resources
from app.demo.visits import add_reg44
from app.extensions import db
from app.models import (
    Case,
    Chair,
    Locality,
    Meeting,
    MeetingRequest,
    Person,
    Room,
    User,
)
from app.services import ServiceError, audit
from app.services.accounts.mfa import MFA_REQUIRED_ROLES, codes
from app.services.accounts.mfa.enrolment import add_enrolment
from app.solver_bridge.calls import county_population_share, generate_county_month
from app.solver_bridge.format_types import Instance, Solution
from app.time import LONDON

ADMIN_EMAIL = "admin@example.org"
MANAGER_EMAIL = "manager@example.org"
# The tables that make a database "not empty": the demo never mixes with real data.
_CHECKED = {
    "users": User,
    "localities": Locality,
    "rooms": Room,
    "chairs": Chair,
    "people": Person,
    "cases": Case,
    "meeting requests": MeetingRequest,
    "meetings": Meeting,
}
# Same parameters as app.services.accounts.auth (argon2id, the library's recommended defaults).
_hasher = PasswordHasher()


@dataclass(frozen=True)
class DemoCounty:
    """What the audit row names: the demo load itself."""

    id: str


@dataclass
class DemoLoad:
    first_day: date
    counts: dict[str, int]
    # (role, email, password): the generated passwords, shown once and never stored in clear.
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    # email: the key of the account's authenticator app (admin and manager), to type into one.
    authenticator_keys: dict[str, str] = field(default_factory=dict)
    # The generated month and its planted plan (load_demo sets both; the defaults are empty).
    instance: Instance | dict[str, Any] = field(default_factory=dict, repr=False)
    plan: Solution | dict[str, Any] = field(default_factory=dict, repr=False)
    rows: InstanceRows | None = field(default=None, repr=False)


def existing_data() -> dict[str, int]:
    """Row counts of the tables that must be empty for the demo to load (non-zero ones only)."""
    counts = {
        name: db.session.scalar(select(func.count()).select_from(model))
        for name, model in _CHECKED.items()
    }
    return {name: n for name, n in counts.items() if n}


def load_demo(now: datetime, seed: int = 0) -> DemoLoad:
    """Load the demo county into an empty database, or refuse (ServiceError) and change nothing."""
    found = existing_data()
    if found:
        listed = ", ".join(f"{name}: {n}" for name, n in found.items())
        raise ServiceError(
            f"The database already has data ({listed}). The demo county loads only into an "
            "empty database; nothing was changed."
        )
    try:
        result = _load(now, seed)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def _load(now: datetime, seed: int) -> DemoLoad:
    load_day = now.astimezone(LONDON).date()
    first_day = next_working_day(load_day)
    instance, plan = generate_county_month(seed, first_day)
    fit_to_county(instance, plan, first_day)
    details = DemoDetails(seed, _towns_of_people(instance), list(instance["localities"]))
    rows = add_resources(
        instance,
        Details(
            person=details.person,
            room_address=details.room_address,
            chair_email=details.chair_email,
        ),
    )
    rng = random.Random(f"quorum-demo/{seed}")
    shares = county_population_share()
    book = CaseBuilder(rng, details, rows, instance, plan, load_day).build(shares)
    db.session.flush()
    requests = add_requests(instance, rows, book.cases, now, lambda m: book.describe[m["id"]])
    held = HistoryGrid(rng, instance, rows, load_day, now).book_all(book)
    accounts, keys = _accounts(now, rows, instance)
    homes = add_reg44(list(rows.localities.values()), load_day)
    db.session.flush()
    counts = {
        "chairs": len(rows.chairs),
        "rooms": len(rows.rooms),
        "cases": len(book.plans),
        "open requests": len(requests),
        "held meetings": len(held),
        "children's homes": homes,
    }
    detail = f"seed={seed} first_day={first_day.isoformat()} " + " ".join(
        f"{name.replace(' ', '_')}={n}" for name, n in counts.items()
    )
    audit.record(now, None, "demo.loaded", DemoCounty(f"seed-{seed}"), detail)
    return DemoLoad(first_day, counts, accounts, keys, instance, plan, rows)


def _towns_of_people(instance: Instance) -> dict[str, str]:
    """Where each person of the instance works or lives: the town of their first meeting."""
    towns: dict[str, str] = {}
    for meeting in instance["meetings"]:
        for person in meeting["required_people"] + meeting["optional_people"]:
            towns.setdefault(person, meeting["locality"])
    return towns


def _accounts(
    now: datetime, rows: InstanceRows, instance: Instance
) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    first_chair = next(c["id"] for c in instance["chairs"] if "chair" in c["roles"])
    chair = rows.chairs[first_chair]
    wanted = [
        ("admin", ADMIN_EMAIL, "Demo admin (booking team)"),
        ("manager", MANAGER_EMAIL, "Demo team manager"),
        ("chair", chair.email, chair.name),
    ]
    accounts = []
    keys: dict[str, str] = {}
    for role, email, name in wanted:
        password = secrets.token_urlsafe(15)
        user = User(
            email=email,
            name=name,
            role=role,
            password_hash=_hasher.hash(password),
            created_at=now.astimezone(UTC),
        )
        db.session.add(user)
        if role == "chair":
            chair.user = user
        accounts.append((role, email, password))
        if role in MFA_REQUIRED_ROLES:
            db.session.flush()
            keys[email] = codes.new_secret()
            add_enrolment(now.astimezone(UTC), user, keys[email])
    return accounts, keys
