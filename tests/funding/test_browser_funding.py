"""The procesbegeleider records funding in a real browser and starts uitvoering."""

import re

import pytest
from playwright.sync_api import expect

from cases import services
from cases.models import Phase
from tests.browser import log_in, select_containing
from tests.factories import (
    GemeenteFactory,
    JeugdhulpaanbiederFactory,
    SchoolFactory,
    SwvFactory,
    UserFactory,
    add_goals,
    give_consent,
    hold_start_mdo,
    make_individual_arrangement,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_line(page, *, kind, financier, partner, amount, unit, reference, category=None):
    page.get_by_role("link", name="Regel toevoegen").click()
    page.get_by_label("Soort").select_option(kind)
    if category:
        page.get_by_label("TLV-categorie").select_option(category)
    select_containing(page.get_by_label("Financier"), financier)
    select_containing(page.get_by_label("Leverende partner"), partner)
    page.get_by_label("Bedrag (€)").fill(amount)
    page.get_by_label("Eenheid").select_option(unit)
    page.get_by_label("Beschikkings- of TLV-nummer").fill(reference)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De bekostigingsregel is opgeslagen.")).to_be_visible()


def test_funding_turns_the_checklist_green_and_uitvoering_starts(page, live_server):
    procesbegeleider = UserFactory()
    # Everything for voorbereiding → uitvoering except the funding, step by step.
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider)
    give_consent(oza, by=procesbegeleider)
    hold_start_mdo(oza, by=procesbegeleider)
    services.arrangement_transition(arrangement=oza, to="start_preparation", by=procesbegeleider)
    add_goals(oza)
    assert not oza.funding_lines.exists()
    swv = SwvFactory(name="SWV VO Kennemerkust")
    gemeente = GemeenteFactory(name="Gemeente Duinhoven")
    school = SchoolFactory(name="VSO De Meerpaal")
    provider = JeugdhulpaanbiederFactory(name="De Branding Jeugd-GGZ")

    log_in(page, live_server, procesbegeleider.username)
    page.goto(f"{live_server.url}/oza/{oza.pk}/")
    expect(page.get_by_role("button", name="Start uitvoering")).to_be_disabled()
    expect(page.get_by_text("Er is geen toegekende bekostiging")).to_be_visible()

    add_line(
        page,
        kind="tlv",
        category="midden",
        financier=swv.name,
        partner=school.name,
        amount="18500.00",
        unit="totaal",
        reference="TLV-2026-0815",
    )
    add_line(
        page,
        kind="jeugdhulp_zin",
        financier=gemeente.name,
        partner=provider.name,
        amount="1250.00",
        unit="per_maand",
        reference="BS-2026-01234",
    )
    panel = page.locator("#bekostiging")
    expect(panel.get_by_text("wacht op besluit")).to_have_count(2)

    for _ in range(2):
        status = page.locator(".tag", has_text=re.compile(r"^Aangevraagd$"))
        requested = panel.locator("tbody tr").filter(has=status).first
        requested.get_by_text("besluit vastleggen").click()
        requested.get_by_label("Besluit", exact=True).select_option("grant")
        requested.get_by_role("button", name="Vastleggen").click()
        expect(page.get_by_text("Besluit vastgelegd")).to_be_visible()

    expect(page.locator("#bekostiging").get_by_text("Bekostiging in orde")).to_be_visible()
    page.get_by_role("button", name="Start uitvoering").click()
    expect(page.get_by_text("Het oza is nu in de fase Uitvoering.")).to_be_visible()
    oza.refresh_from_db()
    assert oza.phase == Phase.EXECUTION
