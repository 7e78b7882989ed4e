"""A council service: GOV.UK Frontend's look, but no crown, no GOV.UK name, no Crown copyright."""

import pytest

from tests.app.auth_helpers import signed_in_as


@pytest.mark.parametrize("path", ["/login", "/"])
def test_pages_carry_no_gov_uk_crown_licence_or_name(client, path):
    if path != "/login":
        signed_in_as(client, "admin")
    page = client.get(path).get_data(as_text=True)
    for mark in ("govuk-footer__crown", "Crown copyright", "Open Government Licence", "GOV.UK"):
        assert mark not in page
    assert "Testshire Independent Reviewing Service" in page
