"""Security headers on every response, a Content-Security-Policy that every page keeps (no
inline code but GOV.UK Frontend's one script, allowed by its hash), HSTS in production."""

import base64
import hashlib
import re
from pathlib import Path

from flask import url_for

from app import create_app
from app.web_security import CONTENT_SECURITY_POLICY
from tests.app.auth_helpers import signed_in_as
from tests.app.conftest import SECRET

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# A script or style written into a template, or an event handler attribute.
INLINE = (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style\b", r"\sstyle=\"", r"\son[a-z]+=")


def _get_routes(app) -> list[str]:
    with app.test_request_context():
        return sorted(
            url_for(rule.endpoint)
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not rule.arguments and rule.endpoint != "auth.logout"
        )


def test_every_route_answers_with_the_security_headers(app, client):
    signed_in_as(client, "admin")
    routes = _get_routes(app)
    assert len(routes) > 25
    for url in routes:
        response = client.get(url)
        headers = response.headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY", url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["Referrer-Policy"] in ("same-origin", "no-referrer"), url
        assert headers["Cache-Control"] == "no-store", url
        assert "Strict-Transport-Security" not in headers  # not outside production


def test_static_files_may_be_cached_but_carry_the_other_headers(client):
    response = client.get("/static/quorum.css")
    assert response.headers.get("Cache-Control", "") != "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_production_adds_hsts(database_url):
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "QUORUM_PRODUCTION": True,
                      "SQLALCHEMY_DATABASE_URI": database_url})  # fmt: skip
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_every_inline_script_on_a_page_is_allowed_by_its_hash(client):
    signed_in_as(client, "manager")
    page = client.get("/").get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page, re.S)
    assert inline, "the GOV.UK template's script is expected"
    for code in inline:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in CONTENT_SECURITY_POLICY


def test_no_template_has_inline_code_or_style():
    found = []
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for pattern in (
            r"<script(?![^>]*\bsrc=)[^>]*>",
            r"<style\b",
            r"\sstyle=\"",
            r"\son[a-z]+=",
        ):
            if re.search(pattern, text):
                found.append(f"{template.relative_to(TEMPLATES)}: {pattern}")
    assert found == []


def test_the_api_docs_load_swagger_ui_from_this_site_only(client):
    page = client.get("/api/v1/docs").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in sources
    assert "cdn" not in page.lower()
