"""Invitations to the portal for ouders/verzorgers and jeugdigen of 12 and older."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_token(token: str) -> str:
    """Invitation tokens are stored as their SHA-256: a database dump opens no account."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationStatus(models.TextChoices):
    OPEN = "open", _("Verstuurd")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    EXPIRED = "verlopen", _("Verlopen")
    REVOKED = "ingetrokken", _("Ingetrokken")


class PortalInvitation(models.Model):
    """One e-mailed link to create a portal account, for a guardian or (when ``guardian`` is
    empty) the jeugdige. Single use, expires, revocable by a team member."""

    jeugdige = models.ForeignKey(
        "cases.Jeugdige",
        verbose_name=_("jeugdige"),
        on_delete=models.CASCADE,
        related_name="portal_invitations",
    )
    guardian = models.ForeignKey(
        "cases.Guardian",
        verbose_name=_("ouder/verzorger"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="portal_invitations",
        help_text=_("Leeg als de uitnodiging voor de jeugdige zelf is."),
    )
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verstuurd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("geldig tot"))
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("portaaluitnodiging")
        verbose_name_plural = _("portaaluitnodigingen")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.email} ({self.get_status_display()})"

    @property
    def for_jeugdige(self) -> bool:
        return self.guardian_id is None

    @property
    def invitee_name(self) -> str:
        return self.guardian.name if self.guardian_id else str(self.jeugdige)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.revoked_at:
            return InvitationStatus.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.OPEN

    def get_status_display(self) -> str:
        return InvitationStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == InvitationStatus.OPEN
