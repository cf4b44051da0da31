"""The professional pages not covered by their app's own query-count tests cost the same
number of queries whether a procesbegeleider's caseload holds a little or a lot: the MDO
verslag, "Mijn afspraken", the funding checklist and cost overview, a proposal, the documents
of an oza."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Phase
from funding.models import FundingKind
from tests.factories import (
    UserFactory,
    hold_mdo,
    make_individual_arrangement,
    request_funding,
    shared_family_plan,
    take_proposal_to,
    the_jeugdige,
    write_proposal,
)

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def grow(procesbegeleider, oza, policy, times: int) -> None:
    for n in range(times):
        other = make_individual_arrangement(
            procesbegeleider=procesbegeleider, phase=Phase.EXECUTION
        )
        request_funding(other, by=procesbegeleider, kind=FundingKind.YOUTH_CARE)
        request_funding(oza, by=procesbegeleider, overlap_explanation=f"Aanvulling {n}")
        hold_mdo(
            other,
            notes=[(f"Onderwerp {n}", "Tekst", n % 2 == 0)],
            agreements=[(f"Afspraak {n}", True)],
        )
        shared_family_plan(oza, jeugdige=the_jeugdige(oza))
    for n in range(times):
        take_proposal_to(write_proposal(by=policy, title=f"Extra {n}"), "rbo", by=policy)


def test_pages_cost_the_same_queries_as_the_caseload_grows(client, procesbegeleider, settings):
    settings.OZA_PAGE_SIZE = 100
    policy = UserFactory(beleidsmedewerker=True)
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.EXECUTION)
    meeting = hold_mdo(
        oza,
        notes=[("Start", "Tekst", True), ("Zorg", "Intern", False)],
        agreements=[("Afspraak", True), ("Intern", False)],
    )
    proposal = take_proposal_to(write_proposal(by=policy), "pora", by=policy)
    grow(procesbegeleider, oza, policy, 1)
    document = oza.documents.first()
    urls = [
        reverse("mdo:report", args=[meeting.pk]),
        reverse("mdo:my_agreements"),
        reverse("funding:checklist"),
        reverse("funding:costs", args=[oza.pk]),
        reverse("funding:proposal_detail", args=[proposal.pk]),
        reverse("documents:status", args=[document.pk]),
    ]
    client.force_login(procesbegeleider)
    before = {url: queries(client, url) for url in urls}

    grow(procesbegeleider, oza, policy, 6)

    assert {url: queries(client, url) for url in urls} == before
