"""The second factor offered to portal users: TOTP with an inline SVG QR code."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_individual_arrangement, portal_guardian, the_jeugdige

pytestmark = pytest.mark.django_db
PASSWORD = "oza-demo"


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    """A wrong code makes django-otp wait a second before the next try; tests do not wait."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def parent():
    return portal_guardian(the_jeugdige(make_individual_arrangement(guardians=0)))


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_offered_on_the_home_page_and_set_up_with_a_code(client, parent):
    client.force_login(parent.user)
    home = client.get(reverse("portal:home")).content.decode()
    assert "Extra beveiliging instellen" in home

    page = client.get(reverse("portal:two_factor_setup"))
    content = page.content.decode()
    svg = content.split("<svg", 1)[1].split("</svg>")[0]
    assert "<path" in svg and "href" not in svg  # drawn inline, nothing fetched
    device = TOTPDevice.objects.get(user=parent.user, confirmed=False)
    # Reloading keeps the same key.
    client.get(reverse("portal:two_factor_setup"))
    assert TOTPDevice.objects.filter(user=parent.user).count() == 1

    wrong = client.post(reverse("portal:two_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 400 and "klopt niet" in wrong.content.decode()
    response = client.post(reverse("portal:two_factor_setup"), {"code": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert "Extra beveiliging instellen" not in client.get(reverse("portal:home")).content.decode()


def test_with_the_second_factor_on_every_page_asks_for_the_code_after_login(client, parent):
    device = TOTPDevice.objects.create(user=parent.user, name="Portaal", confirmed=True)
    jeugdige = parent.jeugdige
    plan = reverse("portal:plan", kwargs={"jeugdige_pk": jeugdige.pk})
    client.post(reverse("login"), {"username": parent.user.username, "password": PASSWORD})
    response = client.get(plan)
    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:verify"))
    # Not even another child's id is answered before the code.
    assert client.get(reverse("portal:plan", kwargs={"jeugdige_pk": 999999})).status_code == 302

    wrong = client.post(reverse("portal:verify"), {"code": "000000", "next": plan})
    assert wrong.status_code == 400
    response = client.post(reverse("portal:verify"), {"code": current_code(device), "next": plan})
    assert response.status_code == 302 and response.url == plan
    assert client.get(plan).status_code == 200


def test_the_code_page_does_not_redirect_elsewhere(client, parent):
    device = TOTPDevice.objects.create(user=parent.user, name="Portaal", confirmed=True)
    client.force_login(parent.user)
    response = client.post(
        reverse("portal:verify"), {"code": current_code(device), "next": "https://evil.example/"}
    )
    assert response.url == reverse("portal:home")
