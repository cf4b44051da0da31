"""API tokens for integrations: bound to an organisation, a service user and a set of scopes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# Read and write per resource. A token may do only what its scopes name; a session user (the
# browser) is limited by the access selectors alone.
RESOURCES = {
    "jeugdigen": _("jeugdigen"),
    "ozas": _("oza's, teams, doelen en fasewissels"),
    "mdo": _("MDO's en afspraken"),
    "funding": _("bekostiging"),
    "proposals": _("voorstellen groepsarrangementen"),
    "outcomes": _("uitkomstindicatoren (geaggregeerd)"),
}
MODES = {"read": _("lezen"), "write": _("schrijven")}
SCOPE_CHOICES = [
    (f"{resource}:{mode}", format_lazy("{}: {}", label, mode_label))
    for resource, label in RESOURCES.items()
    for mode, mode_label in MODES.items()
]
SCOPES = [value for value, _label in SCOPE_CHOICES]


class ApiToken(models.Model):
    """API-sleutel of an integration. The plain key is shown once when it is made; only its
    SHA-256 is stored, with a short prefix to find it. The integration acts as ``service_user``,
    whose team memberships decide what it may see, through the same selectors as the pages."""

    name = models.CharField(_("naam"), max_length=100, help_text=_("Bijvoorbeeld het systeem."))
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    service_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("servicegebruiker"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text=_(
            "De koppeling handelt als deze professional van de organisatie: zijn of haar "
            "teamlidmaatschappen bepalen wat de koppeling mag zien."
        ),
    )
    scopes = models.JSONField(_("rechten"), default=list)
    prefix = models.CharField(_("voorvoegsel"), max_length=16, unique=True, editable=False)
    token_hash = models.CharField(_("SHA-256"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def clean(self):
        errors = {}
        unknown = sorted(set(self.scopes or []) - set(SCOPES))
        if unknown:
            errors["scopes"] = _("Onbekende rechten: %(scopes)s.") % {"scopes": ", ".join(unknown)}
        elif not self.scopes:
            errors["scopes"] = _("Kies minstens één recht.")
        user = self.service_user if self.service_user_id else None
        if user is not None:
            if not user.is_professional or user.is_functional_admin:
                errors["service_user"] = _(
                    "Kies een professional als servicegebruiker, geen ouder, jeugdige of "
                    "functioneel beheerder."
                )
            elif self.organisation_id and user.organisation_id != self.organisation_id:
                errors["service_user"] = _(
                    "De servicegebruiker hoort niet bij de gekozen organisatie."
                )
        if errors:
            raise ValidationError(errors)
