"""The outcome indicators in the API: aggregated, suppressed like the dashboard, scoped by the
same rule (policy staff: their region), with their own scope, and logged."""

import pytest
from rest_framework.test import APIClient

from oza.accounts.models import Region
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import GemeenteFactory, UserFactory, make_api_token, running_oza

pytestmark = pytest.mark.django_db

URL = "/api/v1/outcomes/"


def bearer(plain) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    return client


def reach(response, row_key) -> dict:
    table = next(t for t in response.json()["tables"] if t["key"] == "reach")
    return next(r for r in table["rows"] if r["key"] == row_key)["cells"][0]


@pytest.fixture
def region_setup(procesbegeleider):
    region = Region.objects.create(name="Regio Kennemerkust")
    noord = GemeenteFactory(name="Noord", region=region)
    elsewhere = GemeenteFactory(name="Elders")
    for _ in range(6):
        running_oza(procesbegeleider, noord)
    for _ in range(2):
        running_oza(procesbegeleider, elsewhere)
    policy = UserFactory(beleidsmedewerker=True, organisation=noord)
    return region, noord, policy


def test_policy_staff_get_their_regions_figures(region_setup):
    _region, _noord, policy = region_setup
    _token, plain = make_api_token(service_user=policy)

    response = bearer(plain).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert body["scope"] == "Regio Kennemerkust"
    # Six jeugdigen of the region; the two from elsewhere do not count.
    assert reach(response, "reached") == {
        "value": 6.0,
        "display": "6",
        "suppressed": False,
        "kind": "count",
    }
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="outcomes.Dashboard")
    assert event.actor == policy and event.jeugdige_id is None


def test_small_numbers_are_suppressed_as_on_the_dashboard(region_setup, procesbegeleider):
    _region, noord, policy = region_setup
    _token, plain = make_api_token(service_user=policy)

    response = bearer(plain).get(URL, {"gemeente": noord.pk, "kind": "groep"})

    assert response.status_code == 200
    assert reach(response, "reached")["value"] == 0
    # A gemeente of the region with 3 children: "<5" and no number.
    zuid = GemeenteFactory(name="Zuid", region=noord.region)
    for _ in range(3):
        running_oza(procesbegeleider, zuid)
    cell = reach(bearer(plain).get(URL, {"gemeente": zuid.pk}), "reached")
    assert cell == {"value": None, "display": "<5", "suppressed": True, "kind": "count"}


def test_a_procesbegeleider_gets_their_caseload(region_setup, procesbegeleider):
    _token, plain = make_api_token(service_user=procesbegeleider)

    response = bearer(plain).get(URL)

    assert response.json()["scope"] == "Mijn caseload (als procesbegeleider)"
    assert reach(response, "reached")["value"] == 8


def test_the_token_needs_the_outcomes_scope(region_setup):
    _region, _noord, policy = region_setup
    _token, plain = make_api_token(service_user=policy, scopes=["ozas:read"])

    response = bearer(plain).get(URL)

    assert response.status_code == 403
    assert "outcomes:read" in response.json()["detail"]


def test_a_period_ending_before_it_starts_is_a_dutch_400(region_setup):
    _region, _noord, policy = region_setup
    _token, plain = make_api_token(service_user=policy)

    response = bearer(plain).get(URL, {"start": "2026-06-01", "end": "2026-01-01"})

    assert response.status_code == 400
    assert response.json()["end"] == ["Het einde van de periode ligt voor het begin."]


def test_policy_staff_without_a_region_get_no_figures(procesbegeleider):
    policy = UserFactory(beleidsmedewerker=True)
    _token, plain = make_api_token(service_user=policy)

    response = bearer(plain).get(URL)

    assert response.status_code == 403
    assert "geen regio" in response.json()["detail"]
