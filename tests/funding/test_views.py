"""The funding pages: access through the oza's team, adding and deciding lines, the checklist."""

import pytest
from django.urls import reverse

from cases.models import Phase
from funding import services
from funding.models import FundingLine, FundingStatus
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
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
        reverse("funding:decide", args=[line.pk]),
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


def test_a_refused_decision_is_explained(client, oza, procesbegeleider):
    client.force_login(procesbegeleider)
    client.post(reverse("funding:add", args=[oza.pk]), line_data(oza))
    line = FundingLine.objects.get()
    client.post(reverse("funding:decide", args=[line.pk]), {"decision": "refuse"})
    response = client.post(
        reverse("funding:decide", args=[line.pk]), {"decision": "grant"}, follow=True
    )
    assert "Dit kan niet bij een regel met status Afgewezen." in response.content.decode()


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
