"""Bearer tokens: created by the CLI (shown once, stored as a hash), refused when revoked or
unknown, and the OpenAPI document that describes them."""

import hashlib
from datetime import timedelta

from jsonschema import Draft202012Validator
from sqlalchemy import func, select

from app.extensions import db
from app.models import User
from app.models.accounts.api_tokens import ApiToken
from app.services.accounts import api_tokens
from tests.app.factories.api_tokens import bearer, make_token
from tests.app.factories.rows import NOW, make_user

MEETINGS = "/api/v1/meetings?from=2026-03-02&to=2026-03-06"


def _last_line(output: str) -> str:
    return output.rstrip("\n").splitlines()[-1]


def test_tokens_create_prints_the_token_alone_on_its_last_line(app, runner):
    user = make_user(role="manager")
    db.session.commit()
    result = runner.invoke(args=["tokens", "create", "--user", user.email, "--name", "finance"])
    assert result.exit_code == 0, result.output
    token = _last_line(result.output)
    assert token == token.strip() and " " not in token
    assert len(token) >= 43  # 32 random bytes, base64url: 256 bits


def test_tokens_create_stores_only_the_hash_of_the_token(app, runner):
    user = make_user()
    db.session.commit()
    token = _last_line(runner.invoke(args=["tokens", "create", "--user", user.email]).output)
    row = db.session.scalars(select(ApiToken)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (row.name, row.token_hash)


def test_tokens_create_for_an_unknown_email_fails_and_creates_nothing(app, runner):
    result = runner.invoke(args=["tokens", "create", "--user", "nobody@example.org"])
    assert result.exit_code != 0
    assert "nobody@example.org" in result.output
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_a_valid_token_is_let_in(client):
    token = make_token(role="admin")
    response = client.get(MEETINGS, headers=bearer(token))
    assert response.status_code == 200, response.get_data(as_text=True)


def test_no_token_is_a_401_json_error(client):
    response = client.get(MEETINGS)
    assert response.status_code == 401
    assert response.json["status"] == 401 and response.json["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_a_401_json_error(client):
    make_token()
    response = client.get(MEETINGS, headers=bearer("not-a-token-quorum-ever-issued"))
    assert response.status_code == 401
    assert response.json["title"] == "Authentication required"


def test_a_revoked_token_is_a_401_json_error(app, client, runner):
    token = make_token()
    token_id = db.session.scalars(select(ApiToken.id)).one()
    result = runner.invoke(args=["tokens", "revoke", str(token_id)])
    assert result.exit_code == 0, result.output
    response = client.get(MEETINGS, headers=bearer(token))
    assert response.status_code == 401
    assert response.is_json


def test_a_token_of_a_deactivated_user_is_refused(client):
    user = make_user()
    token = make_token(user)
    db.session.get(User, user.id).active = False
    assert client.get(MEETINGS, headers=bearer(token)).status_code == 401


def test_a_session_cookie_is_not_a_token(client):
    from tests.app.auth_helpers import signed_in_as

    signed_in_as(client, "admin")
    assert client.get(MEETINGS).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(app):
    token = make_token()
    row = db.session.scalars(select(ApiToken)).one()
    api_tokens.user_for_token(NOW, token)
    api_tokens.user_for_token(NOW + timedelta(seconds=59), token)
    assert row.last_used_at == NOW
    api_tokens.user_for_token(NOW + timedelta(seconds=60), token)
    assert row.last_used_at == NOW + timedelta(seconds=60)


def test_the_openapi_document_is_valid_openapi_3_1(client):
    # The OpenAPI Initiative's 3.1 schema (as schemathesis ships it), and each data schema
    # against JSON Schema 2020-12, which that schema leaves unchecked.
    from schemathesis.specs.openapi.definitions import OPENAPI_31

    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.1")
    Draft202012Validator(OPENAPI_31).validate(document)
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_the_openapi_document_lists_the_bearer_scheme(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["components"]["securitySchemes"]["BearerAuth"] == {
        **document["components"]["securitySchemes"]["BearerAuth"],
        "type": "http",
        "scheme": "bearer",
    }
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert operations and all("BearerAuth" in op["security"][0] for op in operations)


def test_every_api_operation_documents_its_error_responses(client):
    document = client.get("/api/v1/openapi.json").json
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            expected = {"401", "404"} if path.endswith("}") else {"401", "422"}
            assert expected <= operation["responses"].keys(), (method, path)
            error = operation["responses"]["401"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/HTTPError"}, (method, path)


def test_tokens_revoke_of_an_unknown_id_fails(app, runner):
    result = runner.invoke(args=["tokens", "revoke", "999"])
    assert result.exit_code != 0 and "999" in result.output


def test_creating_and_revoking_a_token_are_audited_without_the_token(app, runner):
    from app.models import AuditEvent

    token = make_token()
    api_tokens.revoke_token(NOW, db.session.scalars(select(ApiToken.id)).one())
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events][-2:] == ["api_token.create", "api_token.revoke"]
    assert all(token not in e.detail for e in events)
