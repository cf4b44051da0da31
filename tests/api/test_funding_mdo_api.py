"""Funding lines, proposals, MDO's and agreements through the API."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from funding.models import FundingLine, FundingStatus
from mdo.models import AgreementStatus
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    SchoolFactory,
    SwvFactory,
    UserFactory,
    hold_mdo,
    make_api_token,
    request_funding,
    the_jeugdige,
    write_proposal,
)

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def line_payload(oza, **fields):
    return {
        "arrangement": oza.pk,
        "kind": "ibp",
        "financier": SwvFactory().pk,
        "partner": SchoolFactory().pk,
        "amount": "1500.00",
        "unit": "totaal",
        "start_date": str(oza.planned_start),
        "end_date": str(oza.planned_end),
        **fields,
    }


def test_funding_line_create_then_grant(procesbegeleider, oza):
    client = api(procesbegeleider)
    created = client.post("/api/v1/funding-lines/", line_payload(oza), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == FundingStatus.REQUESTED and body["amount"] == "1500.00"
    assert body["requested_by"] == procesbegeleider.pk
    line = FundingLine.objects.get(pk=body["id"])
    assert line.created_by == procesbegeleider

    decided = client.post(
        f"/api/v1/funding-lines/{line.pk}/decision/",
        {"decision": "grant", "decision_reference": "SWV-2026-1"},
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == FundingStatus.GRANTED
    line.refresh_from_db()
    assert line.status == FundingStatus.GRANTED and line.decision_reference == "SWV-2026-1"

    again = client.post(
        f"/api/v1/funding-lines/{line.pk}/decision/", {"decision": "grant"}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["reasons"] == ["Dit kan niet bij een regel met status Toegekend."]
    assert AuditEvent.objects.filter(
        actor=procesbegeleider, object_type="funding.FundingLine", action=AuditAction.UPDATE
    ).exists()


def test_funding_line_overlap_is_a_dutch_400_and_nothing_saved(procesbegeleider, oza):
    client = api(procesbegeleider)
    payload = line_payload(oza)
    assert client.post("/api/v1/funding-lines/", payload, format="json").status_code == 201
    response = client.post("/api/v1/funding-lines/", payload, format="json")
    assert response.status_code == 400
    assert "overlapt" in response.json()["overlap_explanation"][0]
    assert FundingLine.objects.count() == 1


def test_funding_line_for_an_oza_off_the_team_is_refused(outsider, oza):
    response = api(outsider).post("/api/v1/funding-lines/", line_payload(oza), format="json")
    assert response.status_code == 400
    assert "arrangement" in response.json()
    assert not FundingLine.objects.exists()


def test_funding_line_patch_is_versioned(procesbegeleider, oza):
    line = request_funding(oza, by=procesbegeleider)
    client = api(procesbegeleider)
    url = f"/api/v1/funding-lines/{line.pk}/"
    version = client.get(url).json()["version"]

    ok = client.patch(url, {"amount": "2000.00", "version": version}, format="json")
    assert ok.status_code == 200, ok.json()
    stale = client.patch(url, {"amount": "1.00", "version": version}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["amount"] == "2000.00"
    line.refresh_from_db()
    assert line.amount == Decimal("2000.00")


def test_amounts_only_for_team_members(procesbegeleider, oza, swv_admin):
    from cases.services import break_glass_open

    request_funding(oza, by=procesbegeleider)
    assert api(procesbegeleider).get("/api/v1/funding-lines/").json()["results"][0]["amount"]
    break_glass_open(user=swv_admin, jeugdige=the_jeugdige(oza), reason="Klacht van een ouder")
    rows = api(swv_admin).get("/api/v1/funding-lines/").json()["results"]
    assert len(rows) == 1 and rows[0]["amount"] is None
    assert AuditEvent.objects.filter(actor=swv_admin, break_the_glass=True).exists()


def test_proposals_list_uses_the_html_filterset(procesbegeleider):
    author = UserFactory()
    faalangst = write_proposal(by=author, title="Faalangstgroep VO")
    write_proposal(by=author, title="Concentratiegroep PO")
    _token, plain = make_api_token(service_user=procesbegeleider, scopes=["proposals:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")

    response = client.get("/api/v1/proposals/", {"q": "faalangst"})

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [faalangst.pk]


def test_mdo_and_agreement_update(procesbegeleider, oza):
    meeting = hold_mdo(oza, agreements=[("Mentor belt wekelijks", True)])
    agreement = meeting.agreements.get()
    client = api(procesbegeleider)

    mdos = client.get("/api/v1/mdos/", {"arrangement": oza.pk}).json()["results"]
    assert [m["id"] for m in mdos] == [meeting.pk]
    assert mdos[0]["agreements"][0]["description"] == "Mentor belt wekelijks"
    listed = client.get("/api/v1/agreements/", {"status": "open"}).json()["results"]
    assert [a["id"] for a in listed] == [agreement.pk]

    response = client.patch(
        f"/api/v1/agreements/{agreement.pk}/",
        {"status": "gedaan", "follow_up": "Loopt goed"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DONE and agreement.follow_up == "Loopt goed"
    assert client.get("/api/v1/agreements/", {"status": "open"}).json()["count"] == 0


def test_mdo_off_the_team_is_404(outsider, oza):
    meeting = hold_mdo(oza)
    assert api(outsider).get(f"/api/v1/mdos/{meeting.pk}/").status_code == 404
