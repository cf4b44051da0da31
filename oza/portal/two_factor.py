"""The second factor offered to portal users: a TOTP authenticator app (django-otp).

Offered after the account is made, never forced. Once confirmed, every login to the portal asks
for the 6-digit code before any page about a child opens."""

from io import BytesIO

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Portaal"


def has_second_factor(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


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
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def confirm_device(*, user, device: TOTPDevice, token: str) -> bool:
    """Turn the second factor on if ``token`` is the current code of ``device``."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token((token or "").replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return True


def verify(user, token: str) -> TOTPDevice | None:
    """The confirmed device whose current code is ``token``, or None."""
    token = (token or "").replace(" ", "")
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None
