"""AVG: legal holds that block removal, tombstones of removed dossiers, and the review marks
of break-the-glass reads in the audit trail."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oza.audit.append_only import AppendOnlyModel
from oza.documents.storage import private_storage


class LegalHold(models.Model):
    """Bewaarplicht: while active (not cleared), the jeugdige's dossier is not removed after
    the retention period, e.g. during a complaint, a court case or an inspection."""

    jeugdige = models.ForeignKey(
        "cases.Jeugdige",
        verbose_name=_("jeugdige"),
        on_delete=models.PROTECT,
        related_name="legal_holds",
    )
    reason = models.TextField(_("reden"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    set_at = models.DateTimeField(_("ingesteld op"), default=timezone.now)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgeheven door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cleared_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bewaarplicht")
        verbose_name_plural = _("bewaarplichten")
        ordering = ["-set_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["jeugdige"],
                condition=models.Q(cleared_at__isnull=True),
                name="one_active_legal_hold_per_jeugdige",
            )
        ]

    def __str__(self):
        return f"{self.jeugdige_id}: {self.reason[:40]}"

    @property
    def is_active(self) -> bool:
        return self.cleared_at is None


class RetentionTombstone(AppendOnlyModel):
    """What is left of a removed dossier: no personal data, only the former id, when, why and
    by which rule. The audit trail about the jeugdige is kept as well."""

    jeugdige_id = models.BigIntegerField(_("voormalig kenmerk jeugdige"), db_index=True)
    removed_at = models.DateTimeField(_("verwijderd op"), default=timezone.now)
    rule = models.CharField(_("regel"), max_length=100)
    reason = models.CharField(_("reden"), max_length=255)
    last_closed_on = models.DateField(_("laatste oza afgesloten op"), null=True)
    removed_rows = models.JSONField(_("verwijderde gegevens"), default=dict)
    removed_files = models.PositiveIntegerField(_("verwijderde bestanden"), default=0)

    class Meta:
        verbose_name = _("grafsteen verwijderd dossier")
        verbose_name_plural = _("grafstenen verwijderde dossiers")
        ordering = ["-removed_at", "-id"]

    def __str__(self):
        return f"{self.jeugdige_id} ({self.removed_at:%Y-%m-%d})"


class AuditReview(AppendOnlyModel):
    """A functioneel beheerder marked a break-the-glass read as beoordeeld (AuditEvent itself
    is append-only, so the mark lives here)."""

    event = models.OneToOneField(
        "audit.AuditEvent",
        verbose_name=_("auditregel"),
        on_delete=models.PROTECT,
        related_name="review",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), default=timezone.now)

    class Meta:
        verbose_name = _("beoordeling noodtoegang")
        verbose_name_plural = _("beoordelingen noodtoegang")
        ordering = ["-reviewed_at"]

    def __str__(self):
        return f"{self.event_id} ({self.reviewed_at:%Y-%m-%d})"


class InzageStatus(models.TextChoices):
    PENDING = "wachtend", _("Wachtend")
    DONE = "klaar", _("Klaar")
    FAILED = "mislukt", _("Mislukt")


def inzage_path(export, filename):
    # No names in paths: the file name says nothing about the child.
    return f"inzage/{export.pk}.pdf"


class InzageExport(models.Model):
    """The PDF form of an inzage export, rendered by Celery into private storage; downloaded
    only through ``oza.avg.views.InzagePdfView`` (logged) and removed with the dossier."""

    jeugdige = models.ForeignKey(
        "cases.Jeugdige",
        verbose_name=_("jeugdige"),
        on_delete=models.PROTECT,
        related_name="inzage_exports",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=InzageStatus.choices, default=InzageStatus.PENDING
    )
    file = models.FileField(
        _("bestand"), storage=private_storage, upload_to=inzage_path, blank=True
    )
    page_count = models.PositiveIntegerField(_("pagina's"), null=True, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)

    class Meta:
        verbose_name = _("inzage-export (PDF)")
        verbose_name_plural = _("inzage-exports (PDF)")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"{self.jeugdige_id} ({self.requested_at:%Y-%m-%d %H:%M})"
