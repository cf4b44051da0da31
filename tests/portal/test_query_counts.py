"""Every portal page costs the same number of queries however much the child's file holds:
more goals and evaluations, team members, MDO's with shared notes and agreements, documents,
consent records and reads by professionals."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import GoalScore, TeamRole
from oza.portal import urls as portal_urls
from tests.factories import (
    GoalFactory,
    TeamMemberFactory,
    UserFactory,
    hold_mdo,
    make_individual_arrangement,
    plan_mdo,
    portal_guardian,
    shared_family_plan,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db


def grow(arrangement, jeugdige, procesbegeleider, times: int) -> None:
    """Add ``times`` of everything a portal page lists."""
    for n in range(times):
        TeamMemberFactory(arrangement=arrangement, user=UserFactory(), role=TeamRole.MENTOR)
        goal = GoalFactory(arrangement=arrangement)
        services.goal_evaluate(
            goal=goal,
            by=procesbegeleider,
            score=GoalScore.PARTLY_ACHIEVED,
            evaluated_on=timezone.localdate(),
            remark=f"Stap {n}",
        )
        hold_mdo(
            arrangement,
            notes=[(f"Onderwerp {n}", "Gedeeld met ouders.", True)],
            agreements=[(f"Afspraak {n}", True)],
        )
        shared_family_plan(arrangement, jeugdige=jeugdige)
        services.consent_record(
            by=procesbegeleider,
            arrangement=arrangement,
            jeugdige=jeugdige,
            guardian=jeugdige.guardians.first(),
            given=n % 2 == 0,
        )


def page_urls(jeugdige, meeting, document) -> list[str]:
    values = {"jeugdige_pk": jeugdige.pk, "meeting_pk": meeting.pk, "document_pk": document.pk}
    urls = [reverse("portal:home")]
    for pattern in portal_urls.urlpatterns:
        converters = set(pattern.pattern.converters)
        if (
            "jeugdige_pk" in converters
            and converters <= set(values)
            and "survey" not in str(pattern.name)
        ):
            urls.append(
                reverse(f"portal:{pattern.name}", kwargs={k: values[k] for k in converters})
            )
    return urls


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_portal_pages_cost_the_same_queries_for_1_and_6_of_everything(client, procesbegeleider):
    arrangement = make_individual_arrangement(procesbegeleider=procesbegeleider)
    jeugdige = the_jeugdige(arrangement)
    parent = portal_guardian(jeugdige)
    grow(arrangement, jeugdige, procesbegeleider, 1)
    meeting = plan_mdo(arrangement)
    document = arrangement.documents.first()
    client.force_login(parent.user)
    urls = page_urls(jeugdige, meeting, document)
    assert len(urls) >= 7
    before = {url: queries(client, url) for url in urls}
    # Professionals read the file meanwhile: "wie heeft bekeken" grows too.
    professional = Client()
    professional.force_login(procesbegeleider)
    for _ in range(5):
        professional.get(reverse("cases:arrangement_detail", args=[arrangement.pk]))

    grow(arrangement, jeugdige, procesbegeleider, 5)

    after = {url: queries(client, url) for url in urls}
    assert after == before
