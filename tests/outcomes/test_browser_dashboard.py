"""A beleidsmedewerker opens the outcomes dashboard in a desktop browser, filters on a gemeente
and downloads the figures as CSV."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from oza.accounts.models import Region
from tests.browser import log_in
from tests.factories import GemeenteFactory, UserFactory, running_oza

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 900}}


def test_a_beleidsmedewerker_filters_the_dashboard_and_exports_csv(page, live_server):
    region = Region.objects.create(name="Regio Kennemerkust")
    noord = GemeenteFactory(name="Gemeente Noordwijkerhout", region=region)
    zuid = GemeenteFactory(name="Gemeente Zuidkust", region=region)
    pb = UserFactory()
    for _i in range(6):
        running_oza(pb, noord)
    for _i in range(5):
        running_oza(pb, zuid)
    policy = UserFactory(beleidsmedewerker=True, organisation=noord)

    log_in(page, live_server, policy.username)
    page.get_by_role("link", name="Uitkomsten").click()
    expect(page.get_by_role("heading", name="Uitkomsten", exact=True)).to_be_visible()
    reached = page.locator("#reach-1 tbody tr", has_text="Jeugdigen met een actief oza")
    expect(reached).to_contain_text("11")
    expect(page.locator("svg.chart-bars").first).to_be_visible()
    expect(page.locator("svg.chart-trend")).to_be_visible()

    page.get_by_label("Gemeente").select_option(label="Gemeente Zuidkust")
    page.get_by_role("button", name="Toon cijfers").click()
    expect(page.get_by_text("Gemeente: Gemeente Zuidkust")).to_be_visible()
    expect(reached).to_contain_text("5")
    expect(reached).not_to_contain_text("11")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("uitkomsten-")
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert ["Filter", "Gemeente", "Gemeente Zuidkust"] in rows
    assert ["Jeugdigen met een actief oza", "5"] in rows
