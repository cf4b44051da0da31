"""Logging in as a professional: the second factor (required in production, offered in demo),
recovery codes, lockout after repeated failures, session expiry after inactivity."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from oza.accounts import two_factor
from tests.factories import DEMO_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    """A wrong code makes django-otp wait before the next try; tests do not wait."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def required(settings):
    settings.OZA_REQUIRE_2FA = True


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in(client, user, password=DEMO_PASSWORD):
    return client.post(reverse("login"), {"username": user.username, "password": password})


def test_when_required_a_professional_without_a_device_is_sent_to_setup(client, required):
    user = UserFactory()
    log_in(client, user)
    dossiers = reverse("cases:dossier_list")
    response = client.get(dossiers)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_setup"))
    # Every page, the admin included, waits for the second factor.
    assert client.get(reverse("admin:index")).status_code == 302

    page = client.get(response.url)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 400 and "klopt niet" in wrong.content.decode()
    done = client.post(
        reverse("accounts:two_factor_setup"), {"code": current_code(device), "next": dossiers}
    )
    assert done.status_code == 200
    codes = done.context["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert codes[0] in done.content.decode()
    assert client.get(dossiers).status_code == 200


def test_after_the_password_the_code_is_asked_before_any_page(client, required):
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    log_in(client, user)
    dossiers = reverse("cases:dossier_list")
    response = client.get(dossiers)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_verify"))
    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
    assert wrong.status_code == 400
    assert client.get(dossiers).status_code == 302
    ok = client.post(
        reverse("accounts:two_factor_verify"), {"code": current_code(device), "next": dossiers}
    )
    assert ok.status_code == 302 and ok.url == dossiers
    assert client.get(dossiers).status_code == 200


def test_a_device_once_set_up_is_asked_for_in_demo_too(client, settings):
    settings.OZA_REQUIRE_2FA = False
    user = UserFactory()
    TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    log_in(client, user)
    response = client.get(reverse("cases:dossier_list"))
    assert response.url.startswith(reverse("accounts:two_factor_verify"))


def test_a_recovery_code_works_once(client, required):
    user = UserFactory()
    TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    codes = two_factor.new_recovery_codes(user)
    verify = reverse("accounts:two_factor_verify")
    dossiers = reverse("cases:dossier_list")

    log_in(client, user)
    response = client.post(verify, {"code": codes[0].upper(), "next": dossiers})
    assert response.status_code == 302 and response.url == dossiers
    assert client.get(dossiers).status_code == 200
    assert two_factor.recovery_codes_left(user) == 9

    client.post(reverse("logout"))
    log_in(client, user)
    again = client.post(verify, {"code": codes[0], "next": dossiers})
    assert again.status_code == 400
    assert client.get(dossiers).status_code == 302
    # Without the dash works too.
    assert client.post(verify, {"code": codes[1].replace("-", "")}).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, required):
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    old = two_factor.new_recovery_codes(user)
    log_in(client, user)
    client.post(reverse("accounts:two_factor_verify"), {"code": current_code(device)})
    response = client.post(reverse("accounts:recovery_codes"))
    new = response.context["recovery_codes"]
    assert set(new).isdisjoint(old)
    assert two_factor.verify(user, old[0]) is None
    assert two_factor.verify(user, new[0]) is not None


def test_in_demo_the_second_factor_is_offered_not_required(client, settings):
    settings.OZA_REQUIRE_2FA = False
    user = UserFactory()
    log_in(client, user)
    page = client.get(reverse("cases:dossier_list"))
    assert page.status_code == 200
    assert "Extra beveiliging instellen" in page.content.decode()


def test_portal_users_are_not_sent_to_the_professional_setup(client, required, portal_user):
    client.force_login(portal_user)
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 403


# --- Lockout ------------------------------------------------------------------------------
def test_five_failures_lock_the_username_from_that_address_and_the_admin_unlocks(client):
    user = UserFactory()
    for _ in range(4):
        response = log_in(client, user, password="verkeerd")
        assert response.status_code == 200
    locked = log_in(client, user, password="verkeerd")
    assert locked.status_code == 429
    assert "Account tijdelijk geblokkeerd" in locked.content.decode()
    assert "30 minuten" in locked.content.decode()
    # The right password does not help while locked.
    assert log_in(client, user).status_code == 429
    # Another address is not locked out by these failures.
    other = client.post(
        reverse("login"),
        {"username": user.username, "password": DEMO_PASSWORD},
        REMOTE_ADDR="10.1.2.3",
    )
    assert other.status_code == 302

    client.post(reverse("logout"))
    call_command("axes_reset")
    assert not AccessAttempt.objects.exists()
    assert log_in(client, user).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client):
    user = UserFactory()
    start = datetime(2026, 3, 2, 9, 0, tzinfo=AMSTERDAM)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            log_in(client, user, password="verkeerd")
        assert log_in(client, user).status_code == 429
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert log_in(client, user).status_code == 429
    # Each try while locked counts as a failure and starts the 30 minutes again.
    with time_machine.travel(start + timedelta(minutes=29 + 29), tick=False):
        assert log_in(client, user).status_code == 429
    with time_machine.travel(start + timedelta(minutes=58 + 31), tick=False):
        assert log_in(client, user).status_code == 302


def test_the_admin_can_unlock_an_attempt(client):
    user = UserFactory()
    for _ in range(5):
        log_in(client, user, password="verkeerd")
    attempt = AccessAttempt.objects.get(username=user.username)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert client.get(changelist).status_code == 200
    client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()
    client.post(reverse("logout"))
    assert log_in(client, user).status_code == 302


# --- Session expiry -----------------------------------------------------------------------
def test_a_session_ends_after_thirty_minutes_without_a_request(client, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    user = UserFactory()
    dossiers = reverse("cases:dossier_list")
    start = datetime(2026, 3, 2, 9, 0, tzinfo=AMSTERDAM)
    with time_machine.travel(start, tick=False):
        log_in(client, user)
        assert client.get(dossiers).status_code == 200
    # Activity renews the session ...
    with time_machine.travel(start + timedelta(minutes=25), tick=False):
        assert client.get(dossiers).status_code == 200
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert client.get(dossiers).status_code == 200
    # ... inactivity ends it.
    with time_machine.travel(start + timedelta(minutes=81), tick=False):
        response = client.get(dossiers)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_requests_renew_the_session_at_most_once_a_minute(client, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    settings.OZA_SESSION_RENEW_SECONDS = 60
    user = UserFactory()
    dossiers = reverse("cases:dossier_list")
    start = datetime(2026, 3, 2, 9, 0, tzinfo=AMSTERDAM)

    def expiry():
        return Session.objects.get(session_key=client.session.session_key).expire_date

    with time_machine.travel(start, tick=False):
        log_in(client, user)
        assert client.get(dossiers).status_code == 200
        first = expiry()
    # Within the minute the session is not written again ...
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert client.get(dossiers).status_code == 200
        assert expiry() == first
    # ... after it, a request moves the end of the session on.
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        assert client.get(dossiers).status_code == 200
        assert expiry() == first + timedelta(minutes=2)
    # The renewal is at most a minute late: 29 minutes after the last write the session lives.
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert client.get(dossiers).status_code == 200


def test_with_a_shared_cache_sessions_are_read_from_it(client, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.OZA_SESSION_RENEW_SECONDS = 60
    user = UserFactory()
    log_in(client, user)
    dossiers = reverse("cases:dossier_list")
    assert client.get(dossiers).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(dossiers).status_code == 200
    assert not [q for q in captured if "django_session" in q["sql"]]
    # Written through: the session survives the cache.
    cache.clear()
    assert client.get(dossiers).status_code == 200


def test_anonymous_requests_and_ended_sessions_make_no_session(client, settings):
    settings.OZA_SESSION_RENEW_SECONDS = 0
    client.get(reverse("login"))
    client.get(reverse("healthz"))
    assert not Session.objects.exists()
    client.cookies[settings.SESSION_COOKIE_NAME] = "an-ended-session"
    assert client.get(reverse("cases:dossier_list")).status_code == 302
    assert not Session.objects.exists()


def test_a_new_authenticator_app_is_asked_for_at_once_in_another_session(client, settings):
    """The answer "has no second factor" is cached; confirming an app drops it."""
    settings.OZA_SHARED_CACHE = True
    user = UserFactory()
    log_in(client, user)
    dossiers = reverse("cases:dossier_list")
    assert client.get(dossiers).status_code == 200
    assert client.get(dossiers).status_code == 200  # from the cache
    device = two_factor.device_for_setup(user)
    assert two_factor.confirm_device(user=user, device=device, token=current_code(device))
    response = client.get(dossiers)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_verify"))
    device.delete()
    assert client.get(dossiers).status_code == 200


# --- Passwords ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "password",
    ["kort1!", "password123", "12345678901234", "user-anne-jansen"],
)
def test_weak_passwords_are_refused(password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = UserFactory.build(username="user-anne-jansen", first_name="Anne", last_name="Jansen")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_an_admin_user_without_a_function_needs_the_second_factor_too(client, required):
    """createsuperuser makes a user without a function (portal by default): the admin is not
    a way around the second factor."""
    admin = UserFactory(portal=True, is_staff=True, is_superuser=True)
    log_in(client, admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_setup"))
    assert client.get(response.url).status_code == 200
