"""The procesbegeleider's journey in a real browser (Playwright driving the system Chromium)."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cases.models import Arrangement, Phase, PhaseTransition
from oza.accounts.models import User
from tests.browser import log_in, select_containing
from tests.factories import grant_funding, hold_start_mdo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db):
    call_command("load_demo", verbosity=0)


def test_register_a_jeugdige_and_take_the_oza_to_uitvoering(page, live_server, demo_data):
    log_in(page, live_server, "procesbegeleider")

    # Register a jeugdige with a parent and the first oza.
    page.get_by_role("link", name="Jeugdige aanmelden").click()
    page.get_by_label("Voornaam").fill("Lotte")
    page.get_by_label("Achternaam").fill("Browsertest")
    page.get_by_label("Geboortedatum").fill("2016-05-20")
    page.get_by_label("BSN").fill("999990019")
    page.locator("#id_jeugdige-gemeente").select_option(index=1)
    page.locator("#id_jeugdige-school").select_option(index=1)
    page.locator("#id_jeugdige-school_type").select_option("PO")
    page.locator("#id_ouders-0-name").fill("Ingrid Browsertest")
    page.locator("#id_ouders-0-relation").select_option("moeder")
    page.locator("#id_oza-setting").select_option("zorg_in_onderwijs")
    page.locator("#id_oza-planned_start").fill("2026-12-01")
    page.locator("#id_oza-planned_end").fill("2027-07-01")
    page.get_by_label("Opbouwen").check()
    page.get_by_label("Ondersteuningsvragen").fill("Hoe kan Lotte weer hele dagen naar school?")
    page.get_by_role("button", name="Aanmelden").click()

    expect(page.get_by_text("De jeugdige is aangemeld")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Lotte Browsertest"))).to_be_visible()
    # The step to voorbereiding is blocked and says why.
    expect(page.get_by_role("button", name="Naar voorbereiding")).to_be_disabled()
    expect(page.get_by_text("Akkoord ontbreekt van Ingrid Browsertest")).to_be_visible()

    # Record the parent's consent.
    consent = page.locator("#akkoord")
    select_containing(consent.get_by_label("Wie"), "Ingrid Browsertest")
    consent.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("Akkoord vastgelegd.")).to_be_visible()

    # Add the onderwijsconsulent and the jeugdconsulent to the team.
    team = page.locator("#team")
    team.get_by_label("Zoek op naam of organisatie").fill("Veenstra")
    team.get_by_role("radio", name=re.compile("Jeroen Veenstra")).check()
    team.get_by_label("Rol in dit oza").select_option("onderwijsconsulent")
    team.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_text("Teamlid toegevoegd.")).to_be_visible()

    # Oriëntatie ends with a held start-MDO (run in the browser in tests/mdo); held here on the
    # server, then the page is reloaded.
    expect(page.get_by_text("Houd eerst een MDO met ouders")).to_be_visible()
    hold_start_mdo(Arrangement.objects.get(participations__jeugdige__last_name="Browsertest"))
    page.reload()

    page.get_by_role("button", name="Naar voorbereiding").click()
    expect(page.get_by_text("Het oza is nu in de fase Voorbereiding.")).to_be_visible()
    expect(page.get_by_text("Voeg minstens één onderwijsdoel toe.")).to_be_visible()

    # Goals: one onderwijs, one zorg.
    for domain, text in [
        ("onderwijs", "Lotte is over 8 weken 4 ochtenden per week op school."),
        ("zorg", "Lotte past binnen 6 weken twee ontspanningsoefeningen toe."),
    ]:
        goals = page.locator("#doelen")
        goals.get_by_label("Soort doel").select_option(domain)
        goals.get_by_label("Doel (SMART)").fill(text)
        goals.get_by_label("Streefdatum").fill("2027-03-01")
        goals.get_by_role("button", name="Doel toevoegen").click()
        expect(page.get_by_text("Doel toegevoegd.")).to_be_visible()

    # Uitvoering needs granted funding covering the start (recorded in the browser in
    # tests/funding); granted here on the server, then the page is reloaded.
    expect(page.locator("#missing-start_execution")).to_contain_text(
        "Er is geen toegekende bekostiging"
    )
    grant_funding(
        Arrangement.objects.get(participations__jeugdige__last_name="Browsertest"),
        by=User.objects.get(username="procesbegeleider"),
    )
    page.reload()

    page.get_by_role("button", name="Start uitvoering").click()
    expect(page.get_by_text("Het oza is nu in de fase Uitvoering.")).to_be_visible()

    # The history shows both steps.
    history = page.locator("#geschiedenis")
    expect(history.get_by_text("Oriëntatie en afstemming → Voorbereiding")).to_be_visible()
    expect(history.get_by_text("Voorbereiding → Uitvoering")).to_be_visible()

    arrangement = Arrangement.objects.get(participations__jeugdige__last_name="Browsertest")
    assert arrangement.phase == Phase.EXECUTION
    assert list(
        PhaseTransition.objects.filter(arrangement=arrangement).values_list("to_phase", flat=True)
    ) == [Phase.PREPARATION, Phase.EXECUTION]
