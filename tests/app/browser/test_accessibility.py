"""Every page, for every role, through Deque's axe-core in Chromium: no critical or serious
violation, and no content outside a landmark (`region`). The pages are every GET rule of the
app that answers HTML to that role, with one of everything for the rules that name a row.

axe-core is installed from npm by `make test` (tests/axe); it is evaluated in the page through
the browser's debugging protocol, which the page's Content-Security-Policy does not govern, so
the policy stays as in production.
"""

import re
from pathlib import Path

import pytest
from flask import url_for
from playwright.sync_api import Page

from app.policy import POLICY
from tests.app.browser.test_plan_and_confirm import sign_in
from tests.app.factories.every_page import one_of_everything

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = Path(__file__).parents[2] / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")
# Not pages: data, files and redirects (each has its own tests), and signing out.
NOT_PAGES = {
    "static", "main.healthz", "auth.logout", "sso.start", "sso.callback", "openapi.spec",
    "feeds.calendar_feed", "feeds.meeting_download",
    "replies.report_download",
    # The API's reference for integrators is drawn by the vendored Swagger UI, whose own markup
    # (controls nested in controls, an unlabelled server list) is not Quorum's; the OpenAPI
    # document it reads (/api/v1/openapi.json) is the accessible alternative.
    "api_docs.docs",
}  # fmt: skip
FILE = re.compile(r"\.(\w+|<\w+>)$")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']})
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))
  }))
}"""


def _pages(app, ids: dict, role: str) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        access = POLICY[rule.endpoint]
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or access.token:
            continue
        if rule.endpoint.startswith("api.") or "download" in rule.endpoint:
            continue
        if FILE.search(rule.rule):  # a spreadsheet, a CSV or a calendar file
            continue
        if not (access.public or role in access.roles):
            continue
        with app.test_request_context():
            urls.append(url_for(rule.endpoint, **{arg: ids[arg] for arg in rule.arguments}))
    return sorted(set(urls))


def _problems(page: Page, url: str) -> list[str]:
    response = page.goto(url)
    if response is None or response.status != 200:
        return []  # a refusal or a missing row: not a page this role reads
    if "text/html" not in (response.headers.get("content-type") or ""):
        return []
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(RUN_AXE)
    return [
        f"{url}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}"
        for v in found
        if v["impact"] in BLOCKING or v["id"] == "region"
    ]


@pytest.mark.parametrize("role", ["admin", "manager", "chair"])
def test_every_page_passes_axe_for_every_role(app, page: Page, role):
    assert AXE.exists(), f"{AXE} is missing: run `make test` (it installs tests/axe)"
    ids, users = one_of_everything()
    user = users[role]
    email = user.email
    from app.extensions import db

    db.session.commit()
    sign_in(page, email)
    db.session.commit()  # ends the test's read: on SQLite the app's writes wait for it
    problems = []
    for url in _pages(app, ids, role):
        problems += _problems(page, url)
    assert problems == [], "\n".join(problems)


def test_the_public_pages_pass_axe(app, page: Page):
    assert AXE.exists()
    problems = []
    for url in ("/login", "/set-password/no-such-link", "/reply/no-such-link"):
        page.goto(url)
        page.evaluate(AXE.read_text(encoding="utf-8"))
        problems += [f"{url}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}"
                     for v in page.evaluate(RUN_AXE)
                     if v["impact"] in BLOCKING or v["id"] == "region"]  # fmt: skip
    assert problems == [], "\n".join(problems)
