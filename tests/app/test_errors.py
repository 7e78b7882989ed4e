"""People get error pages; API clients get JSON errors."""

import pytest

from app import policy
from app.errors import loggable_path


def test_an_unknown_page_gets_a_readable_not_found_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Page not found" in response.get_data(as_text=True)


def test_an_unknown_api_path_gets_a_json_error(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    body = response.get_json()
    assert body["status"] == 404
    assert body["title"] == "Page not found"
    assert body["detail"]


def test_the_openapi_document_is_served_under_api_v1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json()["info"]["title"] == "Quorum API"


def test_an_unexpected_error_shows_an_apology_not_a_stack_trace(app, client, monkeypatch):
    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret internals")

    monkeypatch.setitem(policy.POLICY, "boom", policy.PUBLIC)  # reachable, so it can fail

    response = client.get("/boom-for-test")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in page
    assert "secret internals" not in page


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/reply/abcDEF_123-xyz", "/reply/[secret]"),
        ("/reply/abcDEF_123-xyz/report", "/reply/[secret]/report"),
        ("/feeds/s3cr3t.ics", "/feeds/[secret]"),
        ("/feeds/mine", "/feeds/mine"),
        ("/feeds/rooms/3", "/feeds/rooms/3"),
        ("/meetings/3", "/meetings/3"),
    ],
)
def test_a_secret_in_a_path_is_never_written_to_the_error_log(app, path, logged):
    with app.test_request_context(path):
        assert loggable_path() == logged
