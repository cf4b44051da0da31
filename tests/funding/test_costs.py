"""The cost overview: pro rata by days, per financier and partner, against hand-computed values."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from cases import services
from funding.costs import cost_overview
from funding.models import FundingLine, FundingStatus
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    GemeenteFactory,
    JeugdhulpaanbiederFactory,
    JeugdigeFactory,
    SchoolFactory,
    SwvFactory,
    UserFactory,
    make_group_arrangement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    return {
        "swv": SwvFactory(name="SWV VO"),
        "gemeente": GemeenteFactory(name="Gemeente Duinhoven"),
        "school": SchoolFactory(name="VSO De Meerpaal"),
        "provider": JeugdhulpaanbiederFactory(name="De Branding"),
    }


def line(
    oza, by, *, financier, partner, amount, unit, start, end, status=FundingStatus.GRANTED, **extra
):
    """A line in ``status`` (set directly: these tests are about money, not decisions)."""
    created = FundingLine.objects.create(
        arrangement=oza,
        kind="overig",
        financier=financier,
        partner=partner,
        amount=Decimal(amount),
        unit=unit,
        start_date=start,
        end_date=end,
        created_by=by,
        **extra,
    )
    FundingLine.objects.filter(pk=created.pk).update(status=status)
    return created


def test_pro_rata_per_unit_against_hand_computed_values(oza, procesbegeleider, orgs):
    by = procesbegeleider
    # A total of 3650.00 over 365 days (2026): 10.00 a day.
    line(
        oza,
        by,
        financier=orgs["swv"],
        partner=orgs["school"],
        amount="3650.00",
        unit="totaal",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
    )
    # 700.00 a week: 100.00 a day.
    line(
        oza,
        by,
        financier=orgs["gemeente"],
        partner=orgs["provider"],
        amount="700.00",
        unit="per_week",
        start=date(2026, 3, 1),
        end=date(2026, 6, 30),
    )
    # 365.00 a month: 12.00 a day (365 * 12 / 365).
    line(
        oza,
        by,
        financier=orgs["gemeente"],
        partner=orgs["school"],
        amount="365.00",
        unit="per_maand",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
    )

    # April 2026 (30 days) cuts through all three lines.
    overview = cost_overview(oza, start=date(2026, 4, 1), end=date(2026, 4, 30))

    assert overview.per_financier == [
        ("Gemeente Duinhoven", Decimal("3360.00")),  # 30 * 100 + 30 * 12
        ("SWV VO", Decimal("300.00")),  # 30 * 10
    ]
    assert overview.per_partner == [
        ("De Branding", Decimal("3000.00")),
        ("VSO De Meerpaal", Decimal("660.00")),  # 300 + 360
    ]
    assert overview.total == Decimal("3660.00")
    assert overview.per_participant is None  # only for a group


def test_a_period_that_cuts_a_line_on_both_sides(oza, procesbegeleider, orgs):
    # 1000.00 over 10 days (10-19 May): 100.00 a day; the period takes 15-25 May: 5 days.
    line(
        oza,
        procesbegeleider,
        financier=orgs["swv"],
        partner=orgs["school"],
        amount="1000.00",
        unit="totaal",
        start=date(2026, 5, 10),
        end=date(2026, 5, 19),
    )
    overview = cost_overview(oza, start=date(2026, 5, 15), end=date(2026, 5, 25))
    assert overview.total == Decimal("500.00")


def test_only_paid_lines_count_and_an_ended_line_stops_at_its_end(oza, procesbegeleider, orgs):
    by = procesbegeleider
    common = {
        "financier": orgs["gemeente"],
        "partner": orgs["provider"],
        "unit": "per_week",
        "amount": "70.00",
        "start": date(2026, 1, 1),
        "end": date(2026, 12, 31),
    }
    line(oza, by, status=FundingStatus.REQUESTED, **common)
    line(oza, by, status=FundingStatus.REFUSED, **common)
    # Ended on 10 January: 10 days of 10.00 in January.
    line(oza, by, status=FundingStatus.ENDED, ended_on=date(2026, 1, 10), **common)
    overview = cost_overview(oza, start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert overview.total == Decimal("100.00")


def test_a_line_per_dagdeel_is_listed_not_guessed(oza, procesbegeleider, orgs):
    daypart = line(
        oza,
        procesbegeleider,
        financier=orgs["gemeente"],
        partner=orgs["provider"],
        amount="45.00",
        unit="per_dagdeel",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
    )
    overview = cost_overview(oza, start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert overview.total == Decimal("0.00")
    assert overview.not_computable == [daypart]


def test_a_group_costs_per_participant(procesbegeleider, orgs):
    group = make_group_arrangement(
        procesbegeleider=procesbegeleider, capacity=8, members=JeugdigeFactory.create_batch(4)
    )
    line(
        group,
        procesbegeleider,
        financier=orgs["swv"],
        partner=orgs["school"],
        amount="3650.00",
        unit="totaal",
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
    )
    overview = cost_overview(group, start=date(2026, 1, 1), end=date(2026, 12, 31))
    assert overview.participants == 4
    assert overview.per_participant == Decimal("912.50")


def test_the_page_and_the_csv_export(client, oza, procesbegeleider, orgs):
    risky = GemeenteFactory(name='=HYPERLINK("http://x")')
    line(
        oza,
        procesbegeleider,
        financier=risky,
        partner=orgs["provider"],
        amount="700.00",
        unit="per_week",
        start=date(2026, 3, 1),
        end=date(2026, 6, 30),
    )
    client.force_login(procesbegeleider)
    url = reverse("funding:costs", args=[oza.pk])
    page = client.get(url, {"start": "2026-04-01", "end": "2026-04-30"}).content.decode()
    assert "€ 3000,00" in page

    response = client.get(url, {"start": "2026-04-01", "end": "2026-04-30", "formaat": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    assert rows[1] == ["Financier", '\'=HYPERLINK("http://x")', "3000,00"]
    assert rows[-1] == ["Totaal", "", "3000,00"]
    assert AuditEvent.objects.filter(actor=procesbegeleider, action=AuditAction.EXPORT).exists()


def test_amounts_are_for_the_team_only(client, oza, outsider):
    client.force_login(outsider)
    assert client.get(reverse("funding:costs", args=[oza.pk])).status_code == 404


@pytest.mark.usefixtures("shared_cache")
def test_a_beheerder_through_break_the_glass_sees_no_amounts_even_when_a_member_cached_them(
    client, oza, procesbegeleider
):
    url = reverse("funding:costs", args=[oza.pk])
    client.force_login(procesbegeleider)
    assert client.get(url).status_code == 200
    beheerder = UserFactory(functioneel_beheerder=True, is_staff=True)
    services.break_glass_open(
        user=beheerder,
        jeugdige=oza.participations.get().jeugdige,
        reason="AVG-verzoek: moeder vraagt inzage.",
    )
    client.force_login(beheerder)
    assert client.get(url).status_code == 403
