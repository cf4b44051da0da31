"""A parent on a phone: accepts the invitation, sets a password, logs in, reads the plan,
gives akkoord, fills in the questionnaire and downloads the PDF of the plan."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from cases.models import ConsentRecord, ConsentSubject, Phase
from outcomes.models import SurveyMoment, SurveyResponse
from outcomes.services import survey_offer
from oza.portal import services
from tests.factories import make_individual_arrangement, shared_family_plan, the_jeugdige
from tests.pdf import pdf_bytes_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Zonnebloem-Kade-42"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "is_mobile": True}


def test_a_parent_uses_the_portal_on_a_phone(page, live_server, procesbegeleider, settings):
    settings.OZA_SITE_URL = live_server.url
    arrangement = make_individual_arrangement(procesbegeleider=procesbegeleider, age=9)
    assert arrangement.phase == Phase.ORIENTATION
    jeugdige = the_jeugdige(arrangement)
    parent = jeugdige.guardians.get()
    services.invitation_create(
        by=procesbegeleider, jeugdige=jeugdige, guardian=parent, email=parent.email
    )
    link = re.search(r"http\S+/portaal/uitnodiging/\S+/", mail.outbox[-1].body).group(0)

    # Accept the invitation and choose a password.
    page.goto(link)
    expect(page.get_by_role("heading", name="Account maken")).to_be_visible()
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_label("Typ het wachtwoord nog een keer").fill(PASSWORD)
    page.get_by_role("button", name="Account maken").click()
    expect(page.get_by_text("Uw account is klaar.")).to_be_visible()

    # Log in: the portal, not the professional pages.
    page.get_by_label("Gebruikersnaam").fill(parent.email.lower())
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Welkom")).to_be_visible()

    # Read the plan.
    page.get_by_role("link", name=str(jeugdige)).click()
    expect(page.get_by_role("heading", name="Het plan")).to_be_visible()
    expect(page.get_by_text(arrangement.support_questions)).to_be_visible()
    expect(page.get_by_text(str(procesbegeleider)).first).to_be_visible()

    # Give akkoord.
    nav = page.get_by_role("navigation", name="Onderdelen van het dossier")
    nav.get_by_role("link", name="Toestemming").click()
    page.get_by_role("button", name="Akkoord geven").click()
    expect(page.get_by_text("Uw toestemming is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("button", name="Akkoord intrekken")).to_be_visible()
    record = ConsentRecord.objects.get(subject=ConsentSubject.AKKOORD)
    assert record.given and record.guardian == parent

    # Fill in the questionnaire (offered as if the oza entered evaluatie).
    survey_offer(arrangement=arrangement, moment=SurveyMoment.EVALUATION)
    nav.get_by_role("link", name="Vragenlijst").click()
    page.get_by_role("link", name="Vragenlijst invullen").click()
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Kies een cijfer van 1 tot 5.").first).to_be_visible()
    page.get_by_role("group", name="Ik voel me gehoord").get_by_label("4 – mee eens").check()
    page.get_by_role("group", name="De afspraken zijn duidelijk").get_by_label(
        "5 – helemaal mee eens"
    ).check()
    page.get_by_role("group", name="De hulp helpt ons kind verder").get_by_label(
        "3 – neutraal"
    ).check()
    page.get_by_label("Wilt u nog iets zeggen?").fill("Fijn dat school meedenkt.")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Dank u wel! Uw antwoorden zijn opgeslagen.")).to_be_visible()
    answer = SurveyResponse.objects.get()
    assert (answer.heard, answer.clear, answer.helps) == (4, 5, 3)

    # The skip link leads to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    skip.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # Download the plan the team shared, as a PDF.
    document = shared_family_plan(arrangement, jeugdige=jeugdige, by=procesbegeleider)
    nav.get_by_role("link", name="Documenten").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Onderwijs-zorgplan").click()
    download = download_info.value
    assert download.suggested_filename == document.download_name
    text = pdf_bytes_text(Path(download.path()).read_bytes())
    assert str(jeugdige) in text
