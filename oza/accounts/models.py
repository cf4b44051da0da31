from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    SCHOOL = "school", _("School")
    SWV = "swv", _("Samenwerkingsverband")
    GEMEENTE = "gemeente", _("Gemeente")
    JEUGDHULPAANBIEDER = "jeugdhulpaanbieder", _("Jeugdhulpaanbieder")
    ZORGKANTOOR = "zorgkantoor", _("Zorgkantoor")
    GGD = "ggd", _("GGD")
    OTHER = "overig", _("Overig")


class SchoolType(models.TextChoices):
    """Onderwijssoort."""

    PO = "PO", _("Primair onderwijs (PO)")
    SBO = "SBO", _("Speciaal basisonderwijs (SBO)")
    SO = "SO", _("Speciaal onderwijs (SO)")
    VO = "VO", _("Voortgezet onderwijs (VO)")
    VSO = "VSO", _("Voortgezet speciaal onderwijs (VSO)")
    MBO = "MBO", _("Middelbaar beroepsonderwijs (MBO)")


brin_validator = RegexValidator(
    r"^[0-9]{2}[A-Z]{2}$", _("Een BRIN-code bestaat uit twee cijfers en twee hoofdletters.")
)
cbs_validator = RegexValidator(
    r"^GM[0-9]{4}$", _("Een CBS-gemeentecode heeft de vorm GM gevolgd door vier cijfers.")
)
agb_validator = RegexValidator(r"^[0-9]{8}$", _("Een AGB-code bestaat uit acht cijfers."))


class Region(models.Model):
    """Regio: the area policy staff see figures for (e.g. a jeugdregio or SWV area). Its
    jeugdigen are those whose woongemeente is one of its organisations."""

    name = models.CharField(_("naam"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """Organisatie: school, samenwerkingsverband, gemeente, zorgaanbieder, ..."""

    name = models.CharField(_("naam"), max_length=200)
    type = models.CharField(_("soort"), max_length=32, choices=OrganisationType.choices)
    school_type = models.CharField(
        _("onderwijssoort"), max_length=8, choices=SchoolType.choices, blank=True
    )
    brin_code = models.CharField(
        _("BRIN-code"), max_length=4, blank=True, validators=[brin_validator]
    )
    cbs_code = models.CharField(
        _("CBS-gemeentecode"), max_length=6, blank=True, validators=[cbs_validator]
    )
    agb_code = models.CharField(_("AGB-code"), max_length=8, blank=True, validators=[agb_validator])
    place = models.CharField(_("plaats"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("regio"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Beleidsmedewerkers van deze organisatie zien de cijfers van deze regio."),
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["brin_code"], condition=~models.Q(brin_code=""), name="unique_brin_code"
            ),
            models.UniqueConstraint(
                fields=["cbs_code"], condition=~models.Q(cbs_code=""), name="unique_cbs_code"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.type == OrganisationType.SCHOOL and not self.school_type:
            errors["school_type"] = _("Kies de onderwijssoort van de school.")
        if self.type != OrganisationType.SCHOOL and self.school_type:
            errors["school_type"] = _("Alleen een school heeft een onderwijssoort.")
        if self.type == OrganisationType.GEMEENTE and not self.cbs_code:
            errors["cbs_code"] = _("Vul de CBS-gemeentecode in.")
        if errors:
            raise ValidationError(errors)


class Function(models.TextChoices):
    """Functie of a user in their own organisation."""

    INTERN_BEGELEIDER = "intern_begeleider", _("Intern begeleider")
    ONDERSTEUNINGSCOORDINATOR = "ondersteuningscoordinator", _("Ondersteuningscoördinator")
    ONDERWIJSCONSULENT = "onderwijsconsulent", _("Onderwijsconsulent")
    JEUGDCONSULENT = "jeugdconsulent", _("Jeugd- en gezinscoach / jeugdconsulent")
    ZORGAANBIEDER = "zorgaanbieder", _("Professional zorgaanbieder")
    JEUGDBESCHERMER = "jeugdbeschermer", _("Jeugdbeschermer")
    BELEIDSMEDEWERKER = "beleidsmedewerker", _("Beleidsmedewerker")
    FUNCTIONEEL_BEHEERDER = "functioneel_beheerder", _("Functioneel beheerder")
    PORTAL = "portaal", _("Ouder of jeugdige (portaal)")


# Functions from which a person may be chosen as procesbegeleider of an oza (DOMAIN.md).
PROCESBEGELEIDER_FUNCTIONS = frozenset(
    {
        Function.INTERN_BEGELEIDER,
        Function.ONDERSTEUNINGSCOORDINATOR,
        Function.ONDERWIJSCONSULENT,
        Function.JEUGDCONSULENT,
        Function.ZORGAANBIEDER,
    }
)


class User(AbstractUser):
    """A professional, a functioneel beheerder, or a parent/jeugdige using the portal."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    function = models.CharField(
        _("functie"), max_length=32, choices=Function.choices, default=Function.PORTAL
    )
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    is_demo = models.BooleanField(_("demo-gebruiker"), default=False, editable=False)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_professional(self) -> bool:
        return self.function != Function.PORTAL

    @property
    def is_functional_admin(self) -> bool:
        """Functioneel beheerder: manages users and organisations, not case content."""
        return self.function == Function.FUNCTIONEEL_BEHEERDER

    @property
    def is_regional_admin(self) -> bool:
        """A functioneel beheerder of an SWV or gemeente: may act for a procesbegeleider or an
        MDO chair (through break-the-glass access to the case)."""
        return (
            self.is_functional_admin
            and self.organisation is not None
            and self.organisation.type in (OrganisationType.SWV, OrganisationType.GEMEENTE)
        )

    @property
    def is_policy_officer(self) -> bool:
        return self.function == Function.BELEIDSMEDEWERKER

    @property
    def region(self):
        """The region of the user's organisation (whose figures a beleidsmedewerker sees)."""
        return self.organisation.region if self.organisation_id else None

    @property
    def can_be_procesbegeleider(self) -> bool:
        return self.function in PROCESBEGELEIDER_FUNCTIONS
