"""The funding pages: access through the oza's team, adding and deciding lines, the checklist."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Arrangement, Phase
from funding import services
from funding.models import FundingLine, FundingStatus
from funding.selectors import ChecklistSummary
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    FundingLineFactory,
    GemeenteFactory,
    JeugdhulpaanbiederFactory,
    SwvFactory,
    make_individual_arrangement,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db


def line_data(oza, **overrides):
    data = {
        "kind": "jeugdhulp_zin",
        "tlv_category": "",
        "financier": GemeenteFactory().pk,
        "partner": JeugdhulpaanbiederFactory().pk,
        "amount": "1250.00",
        "unit": "per_maand",
        "start_date": oza.planned_start.isoformat(),
        "end_date": oza.planned_end.isoformat(),
        "decision_reference": "",
        "requested_by": "",
        "requested_on": oza.planned_start.isoformat(),
        "overlap_explanation": "",
    }
    data.update(overrides)
    return data


def test_off_the_team_gets_404(client, oza, outsider):
    client.force_login(outsider)
    assert client.get(reverse("funding:add", args=[oza.pk])).status_code == 404
    assert client.post(reverse("funding:add", args=[oza.pk]), line_data(oza)).status_code == 404
    assert not FundingLine.objects.exists()


def test_adding_and_granting_a_line(client, oza, procesbegeleider):
    client.force_login(procesbegeleider)
    response = client.post(reverse("funding:add", args=[oza.pk]), line_data(oza))
    assert response.status_code == 302
    line = FundingLine.objects.get()
    assert line.status == FundingStatus.REQUESTED
    assert str(line.amount) == "1250.00"

    page = client.get(reverse("cases:arrangement_detail", args=[oza.pk])).content.decode()
    assert "wacht op besluit" in page

    client.post(
        reverse("funding:decide", args=[oza.pk, line.pk]),
        {"decision": "grant", "decided_on": "", "decision_reference": "BS-2026-0042"},
    )
    line.refresh_from_db()
    assert (line.status, line.decision_reference) == (FundingStatus.GRANTED, "BS-2026-0042")
    page = client.get(reverse("cases:arrangement_detail", args=[oza.pk])).content.decode()
    assert "Bekostiging in orde" in page
    actions = AuditEvent.objects.filter(
        actor=procesbegeleider, jeugdige=the_jeugdige(oza), object_type="funding.FundingLine"
    ).values_list("action", flat=True)
    assert sorted(actions) == sorted([AuditAction.CREATE, AuditAction.UPDATE])


def test_bad_input_gives_dutch_errors_and_keeps_the_input(client, oza, procesbegeleider):
    client.force_login(procesbegeleider)
    data = line_data(
        oza,
        kind="tlv",
        financier=SwvFactory().pk,
        start_date=oza.planned_end.isoformat(),
        end_date=oza.planned_start.isoformat(),
        decision_reference="TLV-123",
    )
    response = client.post(reverse("funding:add", args=[oza.pk]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies de categorie van de TLV" in page
    assert "De einddatum ligt voor de begindatum." in page
    assert 'value="TLV-123"' in page
    assert not FundingLine.objects.exists()


def test_a_refused_decision_is_explained_and_keeps_what_was_typed(client, oza, procesbegeleider):
    client.force_login(procesbegeleider)
    client.post(reverse("funding:add", args=[oza.pk]), line_data(oza))
    line = FundingLine.objects.get()
    url = reverse("funding:decide", args=[oza.pk, line.pk])
    client.post(url, {"decision": "refuse"})  # a colleague, a moment earlier
    response = client.post(
        url, {"decision": "grant", "decided_on": "2026-11-20", "decision_reference": "BS-77"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit kan niet bij een regel met status Afgewezen." in page
    assert f'id="decided-{line.pk}" name="decided_on" value="2026-11-20"' in page
    assert f'id="ref-{line.pk}" name="decision_reference" value="BS-77"' in page
    line.refresh_from_db()
    assert (line.status, line.decision_reference) == (FundingStatus.REFUSED, "")


def test_an_invalid_decision_date_is_shown_on_that_lines_form(client, oza, procesbegeleider):
    client.force_login(procesbegeleider)
    client.post(reverse("funding:add", args=[oza.pk]), line_data(oza))
    client.post(reverse("funding:add", args=[oza.pk]), line_data(oza))
    first, second = FundingLine.objects.order_by("pk")
    response = client.post(
        reverse("funding:decide", args=[oza.pk, second.pk]),
        {"decision": "refuse", "decided_on": "morgen", "decision_reference": "BS-78"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Voer een geldige datum in." in page
    assert '<option value="refuse" selected>' in page
    assert page.count('value="BS-78"') == 1
    assert f'id="ref-{first.pk}" name="decision_reference" value=""' in page
    assert FundingLine.objects.filter(status=FundingStatus.REQUESTED).count() == 2


def test_only_the_team_decides_on_its_lines(client, oza, procesbegeleider, outsider):
    client.force_login(procesbegeleider)
    client.post(reverse("funding:add", args=[oza.pk]), line_data(oza))
    line = FundingLine.objects.get()
    client.force_login(outsider)
    other_oza = make_individual_arrangement(procesbegeleider=outsider)
    refused = [
        client.post(reverse("funding:decide", args=[oza.pk, line.pk]), {"decision": "grant"}),
        # A line only through its own oza: another oza's address finds nothing.
        client.post(reverse("funding:decide", args=[other_oza.pk, line.pk]), {"decision": "grant"}),
    ]
    assert [response.status_code for response in refused] == [404, 404]
    line.refresh_from_db()
    assert line.status == FundingStatus.REQUESTED


def test_caseload_checklist_shows_what_needs_attention(client, procesbegeleider):
    waiting = make_individual_arrangement(procesbegeleider=procesbegeleider)
    quiet = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.CLOSED)
    client.force_login(procesbegeleider)
    client.post(reverse("funding:add", args=[waiting.pk]), line_data(waiting))

    page = client.get(reverse("funding:checklist")).content.decode()
    assert reverse("cases:arrangement_detail", args=[waiting.pk]) in page
    assert "wacht op besluit" in page
    assert reverse("cases:arrangement_detail", args=[quiet.pk]) not in page
    assert AuditEvent.objects.filter(
        actor=procesbegeleider, action=AuditAction.VIEW, jeugdige=the_jeugdige(waiting)
    ).exists()


def make_caseload_needing_action(procesbegeleider, count: int) -> list:
    """``count`` oza's, each with one thing to act on in turn (a request awaiting a decision, a
    refusal, a line about to expire, a period without funding), by planned end."""
    today = timezone.localdate()
    ozas = []
    for n in range(count):
        oza = make_individual_arrangement(
            procesbegeleider=procesbegeleider, planned_end=today + timedelta(days=100 + n)
        )
        if n % 4 == 0:
            FundingLineFactory(arrangement=oza, youth_care=True)
        elif n % 4 == 1:
            FundingLineFactory(arrangement=oza, refused=True)
        elif n % 4 == 2:
            FundingLineFactory(arrangement=oza, granted=True, end_date=today + timedelta(days=9))
        else:
            # In voorbereiding without a granted line (walk_to would grant one).
            Arrangement.objects.filter(pk=oza.pk).update(phase=Phase.PREPARATION)
        ozas.append(oza)
    return ozas


def ozas_shown(response) -> list[int]:
    """The oza's whose checklist the page shows, in order."""
    return [
        int(pk)
        for pk in re.findall(
            r'<section class="card" aria-labelledby="oza-(\d+)"', response.content.decode()
        )
    ]


def test_the_checklist_pages_through_the_caseload_under_a_summary(
    client, procesbegeleider, settings
):
    settings.OZA_PAGE_SIZE = 3
    first, second, third, fourth, fifth = make_caseload_needing_action(procesbegeleider, 5)
    FundingLineFactory(arrangement=second, youth_care=True)  # a refusal and a request
    make_individual_arrangement(procesbegeleider=procesbegeleider)  # nothing to act on
    client.force_login(procesbegeleider)
    url = reverse("funding:checklist")

    response = client.get(url)

    assert ozas_shown(response) == [first.pk, second.pk, third.pk]
    assert response.context["summary"] == ChecklistSummary(
        total=5, pending=3, refused=1, expiring=1, gap=1
    )
    page = response.content.decode()
    assert "5 oza's vragen aandacht" in page
    assert "3 oza's met een aanvraag zonder besluit" in page
    assert "1 oza met een afgewezen aanvraag" in page
    assert "1 oza met bekostiging die binnenkort afloopt" in page
    assert "1 oza met een periode zonder toegekende bekostiging" in page
    assert "Pagina 1 van 2" in page
    assert seen_jeugdigen(procesbegeleider) == jeugdigen_of(first, second, third)
    page_1_logged = AuditEvent.objects.latest("pk").pk

    response = client.get(url, {"page": 2})

    assert ozas_shown(response) == [fourth.pk, fifth.pk]
    assert "niet gedekt" in response.context["sections"][0]
    assert "5 oza's vragen aandacht" in response.content.decode()
    assert seen_jeugdigen(procesbegeleider, after=page_1_logged) == jeugdigen_of(fourth, fifth)


def seen_jeugdigen(user, after: int = 0) -> set:
    """The jeugdigen logged as seen by ``user`` in audit events after pk ``after``."""
    return set(
        AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW, pk__gt=after).values_list(
            "jeugdige", flat=True
        )
    )


def jeugdigen_of(*ozas) -> set:
    return {the_jeugdige(oza).pk for oza in ozas}


def test_the_checklist_costs_the_same_queries_for_one_page_and_many(
    client, procesbegeleider, settings
):
    settings.OZA_PAGE_SIZE = 4
    client.force_login(procesbegeleider)
    url = reverse("funding:checklist")
    make_caseload_needing_action(procesbegeleider, 3)
    with CaptureQueriesContext(connection) as one_page:
        client.get(url)
    make_caseload_needing_action(procesbegeleider, 12)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(ozas_shown(response)) == 4  # built in Python: one page, not 15
    assert len(many) == len(one_page)


def test_two_people_editing_a_line_lose_nothing(client, oza, procesbegeleider):
    client.force_login(procesbegeleider)
    client.post(reverse("funding:add", args=[oza.pk]), line_data(oza))
    line = FundingLine.objects.get()
    url = reverse("funding:edit", args=[oza.pk, line.pk])
    first = line_data(oza, decision_reference="BS-1", version=line.version)
    second = line_data(oza, decision_reference="BS-2", version=line.version)
    for data in (first, second):  # the same organisations in both forms
        data["financier"], data["partner"] = line.financier_id, line.partner_id

    assert client.post(url, first).status_code == 302
    response = client.post(url, second)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Iemand anders heeft dit intussen opgeslagen" in page
    assert 'value="BS-2"' in page  # the second writer's input is kept
    line.refresh_from_db()
    assert line.decision_reference == "BS-1"


def test_editing_a_line_that_was_decided_meanwhile_keeps_the_decision(oza, procesbegeleider):
    decided = FundingLine.objects.create(
        arrangement=oza,
        kind="overig",
        financier=GemeenteFactory(),
        partner=JeugdhulpaanbiederFactory(),
        start_date=oza.planned_start,
        end_date=oza.planned_end,
        created_by=procesbegeleider,
    )
    stale = FundingLine.objects.get(pk=decided.pk)
    services.funding_line_decide(by=procesbegeleider, line=decided, decision="grant")
    stale.decision_reference = "BS-9"
    services.funding_line_save(by=procesbegeleider, line=stale)  # no ConcurrentTransition crash
    decided.refresh_from_db()
    assert (decided.status, decided.decision_reference) == (FundingStatus.GRANTED, "BS-9")
