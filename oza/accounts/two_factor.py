"""The second factor, shared by professionals and portal users (django-otp).

A TOTP authenticator app, set up by scanning an inline SVG QR code, and for professionals a set
of single-use recovery codes (a django-otp static device) for when the phone is lost. Whether it
is required is decided elsewhere: ``oza.accounts.middleware`` for professionals
(``OZA_REQUIRE_2FA``), ``oza.portal.views.PortalRequiredMixin`` for portal users (optional)."""

import secrets
from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from oza.caching import cached_when_shared, now_and_on_commit

DEVICE_NAME = "Authenticator"
RECOVERY_DEVICE_NAME = "Herstelcodes"
# Recovery codes avoid letters and digits that look alike (0/O, 1/l/I).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def is_covered(user) -> bool:
    """Whose second factor ``oza.accounts.middleware`` enforces: professionals, and anyone with
    access to the admin (a superuser made with createsuperuser has no function)."""
    return user.is_authenticated and (user.is_professional or user.is_staff)


def has_second_factor(user) -> bool:
    """Whether ``user`` has a confirmed authenticator app (recovery codes alone do not count).

    Asked on every request of a professional who has not entered a code in this session, so the
    answer is kept in a shared cache (Redis) and dropped whenever one of the user's apps is saved
    or deleted (``forget_second_factor``). A per-process cache could keep a stale "no" in
    another worker, so without a shared cache the database is asked each time."""
    if not user.is_authenticated:
        return False
    return cached_when_shared(
        _second_factor_key(user.pk),
        TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists,
        settings.OZA_SECOND_FACTOR_CACHE_SECONDS,
    )


def forget_second_factor(user_id: int) -> None:
    """Drop the cached answer of ``has_second_factor`` (a device of the user changed)."""
    key = _second_factor_key(user_id)
    now_and_on_commit(lambda: cache.delete(key))


def _second_factor_key(user_id: int) -> str:
    return f"oza:second-factor:{user_id}"


@transaction.atomic
def device_for_setup(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device, made once (reloading the page keeps the same key)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG QR code (no request leaves the site)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def readable_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def confirm_device(*, user, device: TOTPDevice, token: str) -> bool:
    """Turn the second factor on if ``token`` is the current code of ``device``."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(_clean(token)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return True


def verify(user, token: str) -> TOTPDevice | StaticDevice | None:
    """The confirmed device that accepts ``token``: the app's current code, or a recovery code
    (used up by this call). None when no device accepts it."""
    token = _clean(token)
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token.lower().replace("-", "")):
            return device
    return None


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with ``OZA_RECOVERY_CODES`` new single-use codes, and
    return them: they are shown once and stored only in django-otp's static device."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_recovery_code() for _ in range(settings.OZA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))


def _clean(token: str) -> str:
    return (token or "").strip().replace(" ", "")
