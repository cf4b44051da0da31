"""Each list and detail page issues the same number of queries however much data it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Phase, TeamRole
from funding.models import FundingLine
from tests.factories import (
    ConsentRecordFactory,
    GemeenteFactory,
    GoalFactory,
    JeugdhulpaanbiederFactory,
    JeugdigeFactory,
    TeamMemberFactory,
    UserFactory,
    make_group_arrangement,
    make_individual_arrangement,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def enrich(arrangement):
    """A realistic oza: more team members, goals and consent rows."""
    TeamMemberFactory(arrangement=arrangement, user=UserFactory(), role=TeamRole.ONDERWIJSCONSULENT)
    TeamMemberFactory(arrangement=arrangement, user=UserFactory(), role=TeamRole.JEUGDCONSULENT)
    GoalFactory(arrangement=arrangement)


@pytest.fixture
def settings_page_size(settings):
    # All 50 rows on one page, so the test proves the rows themselves cost no queries.
    settings.OZA_PAGE_SIZE = 100


def test_dossier_list_same_queries_for_5_and_50_oza(client, procesbegeleider, settings_page_size):
    client.force_login(procesbegeleider)
    url = reverse("cases:dossier_list")
    for _ in range(5):
        enrich(make_individual_arrangement(procesbegeleider=procesbegeleider))
    with_5 = queries_for(client, url)
    for _ in range(45):
        enrich(make_individual_arrangement(procesbegeleider=procesbegeleider))
    make_group_arrangement(
        procesbegeleider=procesbegeleider, members=JeugdigeFactory.create_batch(6)
    )
    with_50 = queries_for(client, url)
    assert with_5 == with_50
    assert len(client.get(url).context["rows"]) == 51


def test_jeugdige_page_same_queries_for_5_and_50_oza(client, procesbegeleider):
    client.force_login(procesbegeleider)
    jeugdige = JeugdigeFactory()

    def add_oza(count):
        for _ in range(count):
            arrangement = make_individual_arrangement(
                procesbegeleider=procesbegeleider, jeugdige=jeugdige
            )
            enrich(arrangement)

    add_oza(5)
    url = reverse("cases:jeugdige_detail", args=[jeugdige.pk])
    with_5 = queries_for(client, url)
    add_oza(45)
    with_50 = queries_for(client, url)
    assert with_5 == with_50


def test_oza_page_same_queries_for_5_and_50_members(client, procesbegeleider):
    client.force_login(procesbegeleider)
    members = JeugdigeFactory.create_batch(5)
    group = make_group_arrangement(procesbegeleider=procesbegeleider, capacity=60, members=members)
    for member in members:
        ConsentRecordFactory(arrangement=group, jeugdige=member, recorded_by=procesbegeleider)
    # One goal from the start: the goals' evaluations are prefetched once there is a goal.
    GoalFactory(arrangement=group)
    url = reverse("cases:arrangement_detail", args=[group.pk])
    with_5 = queries_for(client, url)
    more = JeugdigeFactory.create_batch(45)
    for member in more:
        group.participations.create(jeugdige=member, joined_on=group.planned_start)
        ConsentRecordFactory(arrangement=group, jeugdige=member, recorded_by=procesbegeleider)
    for _ in range(10):
        enrich(group)
    with_50 = queries_for(client, url)
    assert with_5 == with_50


def test_oza_page_with_history_is_constant(client, procesbegeleider):
    """A longer phase history adds no queries (both oza's in uitvoering)."""
    client.force_login(procesbegeleider)
    short = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.EXECUTION)
    long = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.EXECUTION)
    for _ in range(3):
        for step in ("start_evaluation", "adjust", "start_execution"):
            services.arrangement_transition(
                arrangement=long, to=step, by=procesbegeleider, reason="Bijgesteld"
            )
    assert long.transitions.count() == short.transitions.count() + 9
    assert queries_for(client, reverse("cases:arrangement_detail", args=[short.pk])) == (
        queries_for(client, reverse("cases:arrangement_detail", args=[long.pk]))
    )


def test_oza_page_same_queries_for_2_and_12_funding_lines(client, procesbegeleider):
    client.force_login(procesbegeleider)
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider)
    url = reverse("cases:arrangement_detail", args=[oza.pk])

    def add_lines(count):
        for _ in range(count):
            FundingLine.objects.create(
                arrangement=oza,
                kind="overig",
                financier=GemeenteFactory(),
                partner=JeugdhulpaanbiederFactory(),
                start_date=oza.planned_start,
                end_date=oza.planned_end,
                created_by=procesbegeleider,
            )

    add_lines(2)
    with_2 = queries_for(client, url)
    add_lines(10)
    assert queries_for(client, url) == with_2
