from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .append_only import AppendOnlyModel


class AuditAction(models.TextChoices):
    VIEW = "view", _("Ingezien")
    LIST = "list", _("In lijst getoond")
    CREATE = "create", _("Aangemaakt")
    UPDATE = "update", _("Gewijzigd")
    DELETE = "delete", _("Verwijderd")
    TRANSITION = "transition", _("Fase gewijzigd")
    BREAK_GLASS = "break_glass", _("Noodtoegang geopend")
    EXPORT = "export", _("Geëxporteerd")


class AuditEvent(AppendOnlyModel):
    """One logged access to or change of a jeugdige's data by a person (NEN 7513)."""

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        related_name="audit_events",
        # audit_actor_at leads with the actor: a second index would only slow every insert.
        db_index=False,
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("namens"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events_on_behalf",
    )
    action = models.CharField(_("gebeurtenis"), max_length=16, choices=AuditAction.choices)
    # No database constraint: the log must outlive the record it talks about.
    jeugdige = models.ForeignKey(
        "cases.Jeugdige",
        verbose_name=_("jeugdige"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # audit_jeugdige_at leads with the jeugdige
        null=True,
        blank=True,
        related_name="+",
    )
    object_type = models.CharField(_("soort gegeven"), max_length=100)
    object_id = models.CharField(_("kenmerk"), max_length=64, blank=True)
    description = models.CharField(_("omschrijving"), max_length=255, blank=True)
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)
    break_the_glass = models.BooleanField(_("via noodtoegang"), default=False)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    path = models.CharField(_("adres"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["jeugdige", "at"], name="audit_jeugdige_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]

    def __str__(self):
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()} {self.object_type}"
        )
