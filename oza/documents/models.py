"""Generated documents (PDF): every rendering is a numbered version, kept in private storage."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .storage import private_storage


class DocumentKind(models.TextChoices):
    """What is rendered. A new kind also needs a renderer in ``rendering.RENDERERS``."""

    PLAN = "onderwijs_zorgplan", _("Onderwijs-zorgplan")
    MDO_REPORT = "mdo_verslag", _("MDO-verslag")
    PROPOSAL = "voorstel_groepsarrangement", _("Voorstel groepsarrangement")


class Audience(models.TextChoices):
    """For whom a version is made: the full professional copy, or the ouders/jeugdige copy that
    contains only what is shared with them."""

    TEAM = "team", _("Team")
    FAMILY = "gezin", _("Ouders en jeugdige")


class DocumentStatus(models.TextChoices):
    PENDING = "wachtend", _("Wachtend")
    RENDERING = "bezig", _("Bezig")
    DONE = "klaar", _("Klaar")
    FAILED = "mislukt", _("Mislukt")


def document_path(document, filename):
    # No names in paths: the file name says nothing about the child.
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class Document(models.Model):
    """One generated version of a document about an oza (and one jeugdige or one MDO), or
    about a proposal for a group arrangement (which names no child)."""

    kind = models.CharField(_("soort document"), max_length=32, choices=DocumentKind.choices)
    audience = models.CharField(_("voor"), max_length=16, choices=Audience.choices)
    arrangement = models.ForeignKey(
        "cases.Arrangement",
        verbose_name=_("oza"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    proposal = models.ForeignKey(
        "funding.GroupProposal",
        verbose_name=_("voorstel groepsarrangement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    jeugdige = models.ForeignKey(
        "cases.Jeugdige",
        verbose_name=_("jeugdige"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Het plan is van één jeugdige; bij een groepsarrangement één per deelnemer."),
    )
    meeting = models.ForeignKey(
        "mdo.Meeting",
        verbose_name=_("MDO"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    # kind:arrangement:jeugdige:meeting:audience (kind:p<proposal>:audience for a proposal).
    # Versions count per series; being a plain string, the unique constraint below also holds
    # where jeugdige or meeting is empty.
    series = models.CharField(_("reeks"), max_length=100, editable=False)
    version = models.PositiveIntegerField(_("versie"), editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DocumentStatus.choices,
        default=DocumentStatus.PENDING,
        db_index=True,
    )
    error = models.TextField(_("foutmelding"), blank=True)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("gemaakt op"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("aantal pagina's"), null=True, blank=True)
    file = models.FileField(
        _("bestand"), storage=private_storage, upload_to=document_path, blank=True
    )
    shared_with_family = models.BooleanField(
        _("gedeeld met ouders en jeugdige"),
        default=False,
        help_text=_("Alleen een versie voor ouders en jeugdige kan worden gedeeld."),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="one_document_version"),
            models.CheckConstraint(
                condition=models.Q(shared_with_family=False) | models.Q(audience="gezin"),
                name="only_family_documents_are_shared",
            ),
            models.CheckConstraint(
                condition=models.Q(arrangement__isnull=False, proposal__isnull=True)
                | models.Q(arrangement__isnull=True, proposal__isnull=False),
                name="document_of_an_oza_or_a_proposal",
            ),
        ]
        indexes = [models.Index(fields=["arrangement", "kind"], name="document_arrangement_kind")]

    def __str__(self):
        return _("%(kind)s versie %(version)s") % {
            "kind": self.get_kind_display(),
            "version": self.version,
        }

    @staticmethod
    def series_key(*, kind, arrangement_id, jeugdige_id, meeting_id, audience, proposal_id=None):
        if proposal_id:
            return f"{kind}:p{proposal_id}:{audience}"
        return f"{kind}:{arrangement_id}:{jeugdige_id or '-'}:{meeting_id or '-'}:{audience}"

    @property
    def reference(self) -> str:
        """Kenmerk printed on every page: document id, version and date of the request."""
        return f"OZA-{self.pk}-V{self.version}-{timezone.localtime(self.requested_at):%Y%m%d}"

    @property
    def is_finished(self) -> bool:
        return self.status in (DocumentStatus.DONE, DocumentStatus.FAILED)

    @property
    def is_done(self) -> bool:
        return self.status == DocumentStatus.DONE

    @property
    def is_family_copy(self) -> bool:
        return self.audience == Audience.FAMILY

    @property
    def download_name(self) -> str:
        return f"{self.kind.replace('_', '-')}-{self.pk}-v{self.version}.pdf"
