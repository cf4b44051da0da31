"""Who may call the API: professionals by session (with CSRF) and integrations by token."""

import hashlib

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from oza.api.models import ApiToken
from oza.api.services import api_token_revoke
from tests.factories import (
    SchoolFactory,
    UserFactory,
    make_api_token,
    make_individual_arrangement,
)

pytestmark = pytest.mark.django_db

OZAS = "/api/v1/ozas/"


def bearer(plain):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    return client


def test_anonymous_gets_401_with_a_dutch_message():
    response = APIClient().get(OZAS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"] == "Authenticatiegegevens zijn niet opgegeven."


def test_portal_user_gets_403_on_the_whole_api(portal_user):
    client = APIClient()
    client.force_login(portal_user)
    for url in [OZAS, "/api/v1/jeugdigen/", "/api/v1/funding-lines/", "/api/v1/proposals/"]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert response.json()["detail"] == "De API is alleen voor professionals en koppelingen."


def test_session_writes_need_the_csrf_token(procesbegeleider, oza):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(procesbegeleider)
    response = client.post(
        f"{OZAS}{oza.pk}/goals/",
        {"domain": "onderwijs", "description": "Leest elke dag", "target_date": "2030-01-01"},
        format="json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not oza.goals.exists()


def test_token_is_stored_hashed_with_a_lookup_prefix(procesbegeleider):
    token, plain = make_api_token(service_user=procesbegeleider)
    assert plain.startswith(f"oza_{token.prefix}_")
    assert token.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in str(ApiToken.objects.filter(pk=token.pk).values().get())


def test_token_acts_as_its_service_user_and_records_use(procesbegeleider, oza):
    other = make_individual_arrangement()
    token, plain = make_api_token(service_user=procesbegeleider)
    client = bearer(plain)

    response = client.get(OZAS)

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [oza.pk]
    assert client.get(f"{OZAS}{other.pk}/").status_code == 404
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_without_the_scope_gets_403_naming_it(procesbegeleider, oza):
    _token, plain = make_api_token(service_user=procesbegeleider, scopes=["jeugdigen:read"])
    client = bearer(plain)

    assert client.get("/api/v1/jeugdigen/").status_code == 200
    response = client.get(OZAS)
    assert response.status_code == 403
    assert response.json()["detail"] == "Deze API-sleutel heeft niet het recht ozas:read."


def test_read_scope_does_not_allow_writing(procesbegeleider, oza):
    _token, plain = make_api_token(service_user=procesbegeleider, scopes=["ozas:read"])
    response = bearer(plain).post(
        f"{OZAS}{oza.pk}/transitions/", {"to": "start_preparation"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Deze API-sleutel heeft niet het recht ozas:write."
    oza.refresh_from_db()
    assert oza.phase == "orientatie"


def test_revoked_token_gets_401(procesbegeleider, swv_admin):
    token, plain = make_api_token(service_user=procesbegeleider)
    api_token_revoke(by=swv_admin, token=token)

    response = bearer(plain).get(OZAS)

    assert response.status_code == 401
    assert response.json()["detail"] == "Deze API-sleutel is ingetrokken."


@pytest.mark.parametrize(
    "header",
    ["Bearer oza_deadbeef_nietgeldig", "Bearer zomaar-iets", "Token", "Bearer a b"],
)
def test_unknown_or_malformed_token_gets_401(procesbegeleider, header):
    make_api_token(service_user=procesbegeleider)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get(OZAS).status_code == 401


def test_right_prefix_with_wrong_secret_gets_401(procesbegeleider):
    token, plain = make_api_token(service_user=procesbegeleider)
    assert bearer(f"oza_{token.prefix}_verkeerd").get(OZAS).status_code == 401
    assert bearer(plain).get(OZAS).status_code == 200


def test_service_user_must_be_a_professional_of_the_organisation(procesbegeleider):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_api_token(service_user=UserFactory(portal=True))
    assert "service_user" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_api_token(service_user=procesbegeleider, scopes=["ozas:read", "alles:schrijven"])
    assert "scopes" in error.value.message_dict


def test_beheerder_makes_a_token_in_the_admin_and_sees_it_once(client, procesbegeleider):
    beheerder = UserFactory(functioneel_beheerder=True, is_staff=True, is_superuser=True)
    client.force_login(beheerder)

    response = client.post(
        reverse("admin:api_apitoken_add"),
        {
            "name": "Leerlingvolgsysteem",
            "organisation": procesbegeleider.organisation_id,
            "service_user": procesbegeleider.pk,
            "scopes": ["ozas:read", "funding:read"],
        },
    )

    assert response.status_code == 200
    token = ApiToken.objects.get()
    plain = response.context["plain"]
    assert plain in response.content.decode()
    assert token.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert token.scopes == ["funding:read", "ozas:read"]
    assert token.created_by == beheerder
    # Afterwards the key is nowhere to be seen again.
    page = client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    assert plain not in page.content.decode()
    assert bearer(plain).get(OZAS).status_code == 200


def test_beheerder_revokes_a_token_in_the_admin(client, procesbegeleider):
    beheerder = UserFactory(functioneel_beheerder=True, is_staff=True, is_superuser=True)
    token, plain = make_api_token(service_user=procesbegeleider)
    client.force_login(beheerder)

    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )

    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == beheerder
    assert bearer(plain).get(OZAS).status_code == 401


def test_the_token_list_filters_on_the_organisations_that_hold_tokens(client, procesbegeleider):
    beheerder = UserFactory(functioneel_beheerder=True, is_staff=True, is_superuser=True)
    tokens = [
        make_api_token(service_user=user)[0]
        for user in (procesbegeleider, UserFactory(organisation=SchoolFactory()))
    ]
    without_token = SchoolFactory(name="School zonder koppeling")
    client.force_login(beheerder)
    page = client.get(reverse("admin:api_apitoken_changelist")).content.decode()
    for token in tokens:
        assert f"organisation__id__exact={token.organisation_id}" in page
    assert without_token.name not in page
