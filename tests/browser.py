"""Steps shared by the browser tests (Playwright with the system Chromium)."""

from django.conf import settings
from playwright.sync_api import expect


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(settings.OZA_DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Mijn dossiers")).to_be_visible()


def select_containing(select, text):
    """Choose the first option of ``select`` whose label contains ``text``."""
    value = select.locator("option", has_text=text).first.get_attribute("value")
    select.select_option(value)
