"""The procesbegeleider plans, runs and closes an MDO in a real browser."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Phase, TeamRole
from mdo import services
from mdo.models import Agreement, Meeting, MeetingStatus
from tests.browser import log_in
from tests.factories import TeamMemberFactory, UserFactory, make_individual_arrangement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_run_and_close_an_mdo(page, live_server):
    # Walked to uitvoering through the services: its start-MDO put an onderwijsconsulent and a
    # jeugd- en gezinscoach on the team.
    arrangement = make_individual_arrangement(phase=Phase.EXECUTION)
    log_in(page, live_server, arrangement.procesbegeleider.username)

    # Plan it from the oza page.
    page.goto(f"{live_server.url}/oza/{arrangement.pk}/")
    page.get_by_role("link", name="MDO plannen").click()
    page.get_by_label("Soort MDO").select_option("voortgang")
    page.get_by_label("Datum").fill((timezone.localdate() + timedelta(days=1)).isoformat())
    page.get_by_label("Tijd").fill("09:30")
    page.get_by_label("Plaats").fill("Zeeweg College, spreekkamer 2")
    page.get_by_role("button", name="MDO plannen").click()
    expect(page.get_by_text("Het MDO is gepland.")).to_be_visible()

    # Run it.
    page.get_by_role("button", name="MDO openen").click()
    rows = page.locator("#aanwezig tbody tr")
    for index in range(rows.count()):
        # htmx swaps the row when the server answers: wait for that answer before the next tick.
        with page.expect_response(lambda response: "/aanwezigheid/" in response.url):
            rows.nth(index).get_by_label("Aanwezig").check()
        expect(rows.nth(index).get_by_label("Aanwezig")).to_be_checked()

    first_item = page.locator(".agenda-item").first
    first_item.locator("textarea").fill("Iedereen is er; de jeugdige vertelt hoe het gaat.")
    expect(first_item.locator(".save-status")).to_contain_text("Opgeslagen om")

    agreements = page.locator("#afspraken")
    for text, measure in [
        ("Mentor belt ouders elke vrijdag", "Belnotities in het dossier"),
        ("Rooster uitbreiden naar vier ochtenden", "Aanwezigheid in de leerlingadministratie"),
    ]:
        agreements.get_by_label("Afspraak (wat)").fill(text)
        agreements.get_by_label("Wie").select_option(index=1)
        agreements.get_by_label("Uiterlijk op").fill(
            (timezone.localdate() + timedelta(days=21)).isoformat()
        )
        agreements.get_by_label("Hoe meten we het").fill(measure)
        agreements.get_by_role("button", name="Afspraak vastleggen").click()
        expect(page.get_by_text("Afspraak vastgelegd.")).to_be_visible()

    closing = page.locator("#afsluiten")
    closing.get_by_label("Besluit van dit MDO").fill("Voortzetten met de nieuwe afspraken.")
    closing.get_by_role("button", name="MDO sluiten").click()

    # The verslag shows what happened.
    expect(page.get_by_text("Het MDO is gesloten.")).to_be_visible()
    expect(page.get_by_text("de jeugdige vertelt hoe het gaat")).to_be_visible()
    expect(page.get_by_text("Mentor belt ouders elke vrijdag")).to_be_visible()
    expect(page.get_by_text("Rooster uitbreiden naar vier ochtenden")).to_be_visible()
    expect(page.get_by_text("Voortzetten met de nieuwe afspraken.")).to_be_visible()

    meeting = Meeting.objects.filter(arrangement=arrangement).latest("created_at")
    assert meeting.status == MeetingStatus.HELD
    assert Agreement.objects.filter(meeting=meeting).count() == 2
    assert {p["attendance"] for p in meeting.frozen_report["participants"]} == {"aanwezig"}


@pytest.fixture
def open_meeting(transactional_db):
    chair = UserFactory()
    oza = make_individual_arrangement(procesbegeleider=chair)
    TeamMemberFactory(arrangement=oza, user=UserFactory(), role=TeamRole.ONDERWIJSCONSULENT)
    meeting = services.meeting_plan(
        arrangement=oza,
        by=chair,
        kind="start",
        starts_at=timezone.now() + timedelta(hours=1),
        location="School",
    )
    services.meeting_open(meeting=meeting, by=chair)
    return meeting


def test_notes_survive_a_lost_connection(page, live_server, open_meeting):
    log_in(page, live_server, open_meeting.chair.username)
    page.goto(f"{live_server.url}/mdo/{open_meeting.pk}/")
    item = page.locator(".agenda-item").first

    page.context.set_offline(True)
    item.locator("textarea").fill("Geschreven zonder verbinding")
    expect(item.locator(".save-status")).to_contain_text("Geen verbinding")
    assert open_meeting.agenda_items.first().notes == ""

    page.context.set_offline(False)
    expect(item.locator(".save-status")).to_contain_text("Opgeslagen om", timeout=15000)
    assert open_meeting.agenda_items.first().notes == "Geschreven zonder verbinding"


def test_notes_typed_before_the_tab_closed_are_restored_and_saved(page, live_server, open_meeting):
    log_in(page, live_server, open_meeting.chair.username)
    url = f"{live_server.url}/mdo/{open_meeting.pk}/"
    page.goto(url)
    item = open_meeting.agenda_items.first()
    # What the browser kept when the tab closed before the save reached the server.
    notes_url = f"/mdo/{open_meeting.pk}/agenda/{item.pk}/aantekeningen/"
    page.evaluate(
        "([key, text]) => localStorage.setItem(key, text)",
        [f"oza-mdo-notes:{notes_url}", "Nog niet opgeslagen tekst"],
    )
    page.goto(url)
    first = page.locator(".agenda-item").first
    expect(first.locator("textarea")).to_have_value("Nog niet opgeslagen tekst")
    expect(first.locator(".save-status")).to_contain_text("Opgeslagen om")
    item.refresh_from_db()
    assert item.notes == "Nog niet opgeslagen tekst"
