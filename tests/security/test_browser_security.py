"""In a real browser: the pages run under the Content-Security-Policy without violations, and a
professional sets up the second factor and logs in with it."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser import log_in
from tests.factories import make_functional_admin, make_individual_arrangement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def procesbegeleider(transactional_db):
    """A procesbegeleider with an oza in their dossier list."""
    return make_individual_arrangement().procesbegeleider


@pytest.fixture
def beheerder(transactional_db):
    return make_functional_admin()


def csp_violations(page) -> list[str]:
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


def test_pages_run_under_the_policy_and_the_second_factor_is_set_up(
    page, live_server, procesbegeleider, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    violations = csp_violations(page)
    log_in(page, live_server, procesbegeleider.username)
    page.locator("a[href^='/oza/']").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # Demo: the second factor is offered.
    page.get_by_role("link", name="Extra beveiliging instellen").click()
    expect(page.locator("figure.qr svg")).to_be_visible()
    device = TOTPDevice.objects.get(user=procesbegeleider, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Code uit de app (6 cijfers)").fill(code)
    page.get_by_role("button", name="Aanzetten").click()
    expect(page.get_by_role("heading", name="Uw herstelcodes")).to_be_visible()
    recovery = page.locator(".recovery-codes code").first.inner_text()

    # Next login: password, then a recovery code.
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_label("Gebruikersnaam").fill(procesbegeleider.username)
    page.get_by_label("Wachtwoord").fill(settings.OZA_DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Code invullen")).to_be_visible()
    page.get_by_label("Code uit de app, of een herstelcode").fill(recovery)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Mijn dossiers")).to_be_visible()
    expect(page.get_by_text("U heeft een herstelcode gebruikt")).to_be_visible()
    assert violations == []


def test_the_beheerder_pages_and_the_admin_run_under_the_policy(page, live_server, beheerder):
    violations = csp_violations(page)
    log_in(page, live_server, beheerder.username)
    page.get_by_role("link", name="Audittrail").click()
    expect(page.get_by_role("heading", name="Audittrail")).to_be_visible()
    page.get_by_label("Alleen via noodtoegang").check()
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="Audittrail")).to_be_visible()
    for path in ("/admin/", "/admin/accounts/user/", "/admin/axes/accessattempt/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        expect(page.locator("#content")).to_be_visible()
    assert violations == []
