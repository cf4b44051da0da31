"""The toegankelijkheidsverklaring: public, names the standard and the contact address, and is
linked from the footer of the portal and of the professional pages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_statement_names_the_standard_and_the_contact_from_the_setting(client, settings):
    settings.OZA_ACCESSIBILITY_CONTACT = "meldpunt@regio.example"
    response = client.get(reverse("portal:accessibility"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "WCAG 2.1, niveau AA" in text
    assert 'href="mailto:meldpunt@regio.example"' in text


@pytest.mark.parametrize("user_fixture", ["procesbegeleider", "portal_user"])
def test_the_footer_links_to_the_statement(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    home = reverse("portal:home" if user_fixture == "portal_user" else "cases:dossier_list")
    response = client.get(home)
    assert response.status_code == 200
    assert f'href="{reverse("portal:accessibility")}"' in response.content.decode()
