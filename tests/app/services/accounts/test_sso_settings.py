"""Single sign-on's settings and the role a token's claims give (no provider needed)."""

import pytest

from app import create_app
from app.config import oidc_role_map
from app.services.accounts.sso import SsoSettings, mapped_role

ISSUER = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"
MAP = "Quorum.Admin=admin; Quorum.Manager = manager;Quorum.Chair=chair;"


def _settings(claim: str = "roles") -> SsoSettings:
    return SsoSettings(ISSUER, "oid", claim, oidc_role_map(MAP))


def test_the_role_map_reads_value_equals_role_pairs():
    assert oidc_role_map(MAP) == {
        "Quorum.Admin": "admin",
        "Quorum.Manager": "manager",
        "Quorum.Chair": "chair",
    }
    # A group's object id may hold no "=", but a value may: the role is after the last one.
    assert oidc_role_map("a=b=chair") == {"a=b": "chair"}


@pytest.mark.parametrize(
    ("raw", "fault"),
    [
        ("Quorum.Admin", "is not VALUE=ROLE"),
        ("=admin", "is not VALUE=ROLE"),
        ("Quorum.Owner=owner", "'owner' is not one of admin, manager, chair"),
        ("X=admin;X=chair", "'X' is given twice"),
    ],
)
def test_a_wrong_role_map_is_refused(raw, fault):
    with pytest.raises(RuntimeError, match=fault):
        oidc_role_map(raw)


@pytest.mark.parametrize("missing", ["QUORUM_OIDC_CLIENT_ID", "QUORUM_OIDC_ROLE_MAP"])
def test_quorum_will_not_start_with_single_sign_on_half_set(missing, tmp_path):
    config = {
        "SECRET_KEY": "k" * 48,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/q.sqlite3",
        "QUORUM_OIDC_ISSUER": ISSUER,
        "QUORUM_OIDC_CLIENT_ID": "client",
        "QUORUM_OIDC_CLIENT_SECRET": "secret",
        "QUORUM_OIDC_ROLE_MAP": MAP,
        missing: "",
    }
    with pytest.raises(RuntimeError, match=f"set {missing}"):
        create_app(config)


@pytest.mark.parametrize(
    ("values", "role"),
    [
        (["Quorum.Chair"], "chair"),
        (["Other.App", "Quorum.Chair", "Quorum.Admin"], "admin"),  # the most access wins
        (["Quorum.Manager", "Quorum.Chair"], "manager"),
        ("Quorum.Manager", "manager"),  # one value, not in a list
        (["Other.App"], None),
        ([], None),
        (None, None),
        ([{"nested": "Quorum.Admin"}], None),
    ],
)
def test_the_role_the_claims_give(values, role):
    assert mapped_role({"roles": values}, _settings()) == role


def test_only_the_configured_claim_counts():
    assert mapped_role({"roles": ["Quorum.Admin"]}, _settings("groups")) is None
