"""A GP sends apologies and a school uploads its report through the private links in their
invites (Chromium via Playwright, no sign-in), and the meeting page shows both to staff."""

import pytest
from playwright.sync_api import Page, expect

from app.extensions import db
from tests.app.browser.test_plan_and_confirm import sign_in
from tests.app.factories.rows import make_user
from tests.app.services.replies.factories import PDF, linked

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_gp_sends_apologies_and_a_school_uploads_its_report(page: Page, reports_dir, tmp_path):
    case = linked(roles=("gp", "school"))
    admin_email = make_user(role="admin").email
    meeting_id, secrets = case.meeting.id, case.secrets
    db.session.commit()  # and hold no transaction (nor SQLite's lock) while the server works
    report = tmp_path / "School report.pdf"
    report.write_bytes(PDF)

    page.goto(f"/reply/{secrets['gp']}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ref")
    page.get_by_label("No, I cannot come: I send my apologies").check()
    page.get_by_role("button", name="Send my reply").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say briefly why you cannot come")
    page.get_by_label("No, I cannot come: I send my apologies").check()
    page.get_by_label("If you cannot come, why not?").fill("In clinic all day")
    page.get_by_role("button", name="Send my reply").click()
    expect(page.locator("#current-reply")).to_contain_text("I send my apologies")

    page.goto(f"/reply/{secrets['school']}")
    page.get_by_label("Your report").set_input_files(str(report))
    page.get_by_role("button", name="Upload the report").click()
    expect(page.locator("#reports-received")).to_contain_text("School_report.pdf")

    sign_in(page, admin_email)
    page.goto(f"/meetings/{meeting_id}")
    table = page.locator("#replies + table")
    expect(table).to_contain_text("Apologies: In clinic all day")
    expect(table).to_contain_text("Received")
    with page.expect_download() as download:
        table.get_by_role("link", name="School_report.pdf").click()
    assert download.value.path().read_bytes() == PDF
