"""Configuration: safe defaults, secrets from the environment, no weak key in production."""

import pytest

from app import create_app
from app.config import env_overrides, use_psycopg3


@pytest.mark.parametrize("key", ["", "dev", "short-key", "change-me"])
def test_production_refuses_to_start_without_a_strong_secret_key(key, tmp_path):
    with pytest.raises(RuntimeError, match="strong SECRET_KEY"):
        create_app(
            {
                "QUORUM_PRODUCTION": True,
                "SECRET_KEY": key,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/q.sqlite3",
            }
        )


def test_production_with_a_strong_key_starts_with_secure_cookies(tmp_path):
    app = create_app(
        {
            "QUORUM_PRODUCTION": True,
            "SECRET_KEY": "k" * 48,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/q.sqlite3",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_quorum_environment_variables_override_settings():
    settings = env_overrides(
        {
            "QUORUM_SECRET_KEY": "abc",
            "QUORUM_DEMO": "yes",
            "HOME": "/x",
            "QUORUM_DATABASE_URL": "postgresql://db/quorum",
        }
    )
    assert settings == {
        "SECRET_KEY": "abc",
        "QUORUM_DEMO": True,
        "SQLALCHEMY_DATABASE_URI": "postgresql://db/quorum",
    }


def test_a_boolean_setting_with_a_word_that_is_not_true_or_false_is_refused():
    with pytest.raises(RuntimeError, match="QUORUM_PRODUCTION must be true or false"):
        env_overrides({"QUORUM_PRODUCTION": "perhaps"})


@pytest.mark.parametrize(
    ("given", "used"),
    [
        (
            "postgresql://postgres@127.0.0.1:5432/test",
            "postgresql+psycopg://postgres@127.0.0.1:5432/test",
        ),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.sqlite3", "sqlite:///x.sqlite3"),
    ],
)
def test_a_postgresql_url_is_served_by_psycopg_3(given, used):
    assert use_psycopg3(given) == used
