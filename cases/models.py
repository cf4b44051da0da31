from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from stdnum.nl import bsn as stdnum_bsn

from oza.accounts.models import OrganisationType, SchoolType
from oza.audit.append_only import AppendOnlyModel

from .route import route_condition


def validate_bsn(value: str) -> None:
    # stdnum pads an 8-digit number with a leading zero; we store exactly what is valid.
    if not (len(value) == 9 and value.isdigit() and stdnum_bsn.is_valid(value)):
        raise ValidationError(
            _("Dit is geen geldig BSN: een BSN heeft 9 cijfers en moet voldoen aan de elfproef."),
            code="invalid_bsn",
        )


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on ``day``; the birthday itself counts (a child is 12 on the day)."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


class VersionedModel(models.Model):
    """Optimistic locking: an edit saves only if nobody else saved since the form was opened."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class CompulsoryEducationStatus(models.TextChoices):
    """Leerplichtsituatie."""

    ENROLLED = "ingeschreven", _("Ingeschreven op een school")
    HOME = "thuiszitter", _("Thuiszitter")
    EXEMPT = "vrijstelling", _("Vrijstelling van leerplicht")


class Jeugdige(VersionedModel):
    """Jeugdige: the child or young person an oza is for."""

    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100)
    date_of_birth = models.DateField(_("geboortedatum"))
    bsn = models.CharField(
        _("BSN"),
        max_length=9,
        blank=True,
        validators=[validate_bsn],
        help_text=_("Burgerservicenummer, 9 cijfers. Niet verplicht."),
    )
    gemeente = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("woongemeente"),
        on_delete=models.PROTECT,
        related_name="jeugdigen_living",
        limit_choices_to={"type": OrganisationType.GEMEENTE},
    )
    school = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("huidige school"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jeugdigen_enrolled",
        limit_choices_to={"type": OrganisationType.SCHOOL},
    )
    school_type = models.CharField(
        _("onderwijssoort"), max_length=8, choices=SchoolType.choices, blank=True
    )
    education_status = models.CharField(
        _("leerplichtsituatie"),
        max_length=16,
        choices=CompulsoryEducationStatus.choices,
        default=CompulsoryEducationStatus.ENROLLED,
    )
    # The jeugdige's own portal account (12+), set when they accept an invitation. One account
    # per jeugdige, like ``Guardian.user`` for a parent; who sees what is decided in
    # ``oza.portal.selectors``.
    portal_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portaalaccount"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portal_jeugdige",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("jeugdige")
        verbose_name_plural = _("jeugdigen")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bsn"],
                condition=~models.Q(bsn=""),
                name="unique_bsn",
                violation_error_message=_("Er is al een jeugdige met dit BSN."),
            ),
        ]
        indexes = [models.Index(fields=["last_name", "first_name"], name="jeugdige_name")]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def age(self, day: date | None = None) -> int:
        return age_on(self.date_of_birth, day or timezone.localdate())

    def clean(self):
        errors = {}
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = _("De geboortedatum kan niet in de toekomst liggen.")
        if self.education_status == CompulsoryEducationStatus.ENROLLED and not self.school_id:
            errors["school"] = _("Kies de school waar de jeugdige staat ingeschreven.")
        if errors:
            raise ValidationError(errors)


class GuardianRelation(models.TextChoices):
    MOTHER = "moeder", _("Moeder")
    FATHER = "vader", _("Vader")
    PARENT = "ouder", _("Ouder")
    FOSTER_PARENT = "pleegouder", _("Pleegouder")
    GUARDIAN = "voogd", _("Voogd")
    CARER = "verzorger", _("Verzorger")
    OTHER = "overig", _("Overig")


class Guardian(models.Model):
    """Ouder / verzorger of a jeugdige; ``has_authority`` records gezag."""

    jeugdige = models.ForeignKey(
        Jeugdige, verbose_name=_("jeugdige"), on_delete=models.CASCADE, related_name="guardians"
    )
    name = models.CharField(_("naam"), max_length=200)
    relation = models.CharField(_("relatie"), max_length=16, choices=GuardianRelation.choices)
    has_authority = models.BooleanField(_("heeft gezag"), default=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portaalaccount"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardianships",
    )

    class Meta:
        verbose_name = _("ouder/verzorger")
        verbose_name_plural = _("ouders/verzorgers")
        ordering = ["id"]

    def __str__(self):
        return f"{self.name} ({self.get_relation_display().lower()})"


class Phase(models.TextChoices):
    """The phases of the Routekaart onderwijs-zorgarrangementen."""

    ORIENTATION = "orientatie", _("Oriëntatie en afstemming")
    PREPARATION = "voorbereiding", _("Voorbereiding")
    EXECUTION = "uitvoering", _("Uitvoering")
    EVALUATION = "evaluatie", _("Evaluatie")
    DECISION = "besluitvorming", _("Besluitvorming en afronding")
    CLOSED = "afgesloten", _("Afgesloten")
    ENDED_EARLY = "voortijdig_beeindigd", _("Voortijdig beëindigd")


ACTIVE_PHASES = [
    Phase.ORIENTATION,
    Phase.PREPARATION,
    Phase.EXECUTION,
    Phase.EVALUATION,
    Phase.DECISION,
]


class ArrangementKind(models.TextChoices):
    INDIVIDUAL = "individueel", _("Individueel oza")
    GROUP = "groep", _("Groepsarrangement")


class Setting(models.TextChoices):
    CARE_IN_EDUCATION = "zorg_in_onderwijs", _("Zorg in onderwijs")
    EDUCATION_IN_CARE = "onderwijs_in_zorg", _("Onderwijs in zorg")
    COLLECTIVE = "collectieve_voorziening", _("Collectieve voorziening")


class ArrangementFunctionChoice(models.TextChoices):
    TERUGLEIDEN = "terugleiden", _("Terugleiden")
    OPBOUWEN = "opbouwen", _("Opbouwen")
    VERSTERKEN = "versterken", _("Versterken")
    AANPASSEN = "aanpassen", _("Aanpassen")
    DOORLEIDEN = "doorleiden", _("Doorleiden")
    VERRIJKEN = "verrijken", _("Verrijken")


class EarlyEndReason(models.TextChoices):
    """Why an oza ended before its route was completed (uitval)."""

    MOVED = "verhuisd", _("Verhuizing")
    CONSENT_WITHDRAWN = "akkoord_ingetrokken", _("Akkoord ingetrokken")
    OTHER_PROVISION = "ander_aanbod", _("Ander aanbod passender")
    NOT_SUITABLE = "niet_passend", _("Arrangement bleek niet passend")
    NO_FUNDING = "geen_financiering", _("Geen financiering")
    OTHER = "overig", _("Overig")


class Destination(models.TextChoices):
    """Bestemming: where the jeugdige goes when an oza (or their part in a group) ends."""

    REGULAR_EDUCATION = "regulier_onderwijs", _("Terug naar regulier onderwijs")
    SPECIAL_EDUCATION = "speciaal_onderwijs", _("Speciaal onderwijs ((V)SO met TLV)")
    OTHER_SCHOOL = "andere_school", _("Andere school")
    WORK_OR_DAY_ACTIVITIES = "werk_dagbesteding", _("Werk of dagbesteding")
    HOME = "thuiszitter", _("Thuiszitter")
    EXEMPT = "vrijstelling", _("Vrijstelling")
    UNKNOWN = "onbekend", _("Onbekend")


def may_transition(arrangement, user) -> bool:
    """The procesbegeleider on the team, or an SWV/gemeente functioneel beheerder with access."""
    from .selectors import arrangements_visible_to

    if user.is_functional_admin:
        return (
            user.is_regional_admin
            and arrangements_visible_to(user).filter(pk=arrangement.pk).exists()
        )
    return any(
        member.user_id == user.pk and member.role == TeamRole.PROCESBEGELEIDER
        for member in arrangement.team_members.all()
    )


class Arrangement(ConcurrentTransitionMixin, VersionedModel):
    """Onderwijs-zorgarrangement (oza), for one jeugdige or a group."""

    kind = models.CharField(
        _("soort"),
        max_length=16,
        choices=ArrangementKind.choices,
        default=ArrangementKind.INDIVIDUAL,
    )
    name = models.CharField(
        _("naam"),
        max_length=200,
        blank=True,
        help_text=_("Voor een groepsarrangement verplicht, bijvoorbeeld 'Faalangstgroep VO'."),
    )
    phase = FSMField(
        _("fase"),
        max_length=32,
        choices=Phase.choices,
        default=Phase.ORIENTATION,
        protected=True,
        db_index=True,
    )
    setting = models.CharField(_("setting"), max_length=32, choices=Setting.choices)
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    planned_start = models.DateField(_("geplande start"))
    planned_end = models.DateField(
        _("gepland einde"), help_text=_("Een oza is in principe tijdelijk.")
    )
    capacity = models.PositiveSmallIntegerField(
        _("capaciteit"),
        null=True,
        blank=True,
        help_text=_("Het aantal plaatsen van een groepsarrangement."),
    )
    group_proposal = models.ForeignKey(
        "funding.GroupProposal",
        verbose_name=_("voorstel groepsarrangement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arrangements",
        help_text=_("Het voorstel (bijlagen 2 tot en met 4) waarover bestuurlijk besloten wordt."),
    )
    support_questions = models.TextField(_("ondersteuningsvragen"), blank=True)
    protective_factors = models.TextField(_("beschermende factoren"), blank=True)
    hindering_factors = models.TextField(_("belemmerende factoren"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("onderwijs-zorgarrangement")
        verbose_name_plural = _("onderwijs-zorgarrangementen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_start__lte=models.F("planned_end")),
                name="arrangement_start_before_end",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=ArrangementKind.INDIVIDUAL, capacity__isnull=True)
                | models.Q(kind=ArrangementKind.GROUP, capacity__gte=1),
                name="arrangement_group_has_capacity",
            ),
        ]

    def __str__(self):
        if self.name:
            return self.name
        return _("Oza %(pk)s") % {"pk": self.pk}

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        # The phase is protected: only transitions change it, so cleaning must not write it back.
        super().full_clean(
            exclude={*(exclude or ()), "phase"},
            validate_unique=validate_unique,
            validate_constraints=validate_constraints,
        )

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_start > self.planned_end:
            errors["planned_end"] = _("Het geplande einde moet na de geplande start liggen.")
        if self.kind == ArrangementKind.GROUP:
            if not self.capacity:
                errors["capacity"] = _("Geef aan hoeveel plaatsen de groep heeft.")
            if not self.name:
                errors["name"] = _("Geef het groepsarrangement een naam.")
        else:
            if self.capacity:
                errors["capacity"] = _("Alleen een groepsarrangement heeft een capaciteit.")
            if self.group_proposal_id:
                errors["group_proposal"] = _("Alleen een groepsarrangement heeft een voorstel.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_group(self) -> bool:
        return self.kind == ArrangementKind.GROUP

    @property
    def is_active(self) -> bool:
        return self.phase in ACTIVE_PHASES

    @property
    def is_overdue(self) -> bool:
        return self.is_active and self.planned_end < timezone.localdate()

    def current_participations(self, day: date | None = None):
        """Participations not ended on ``day`` (today), including members yet to join;
        read from prefetched rows when available."""
        day = day or timezone.localdate()
        return [p for p in self.participations.all() if p.left_on is None or p.left_on > day]

    @property
    def procesbegeleider(self):
        for member in self.team_members.all():
            if member.role == TeamRole.PROCESBEGELEIDER:
                return member.user
        return None

    # --- The route (Routekaart 2020). Guards live in the registry of cases.route. ----------
    @transition(
        phase,
        source=Phase.ORIENTATION,
        target=Phase.PREPARATION,
        conditions=[route_condition("start_preparation")],
        permission=may_transition,
        custom={"label": _("Naar voorbereiding")},
    )
    def start_preparation(self):
        """Akkoord ouders is there: preparation of goals, partners and funding starts."""

    @transition(
        phase,
        source=Phase.PREPARATION,
        target=Phase.EXECUTION,
        conditions=[route_condition("start_execution")],
        permission=may_transition,
        custom={"label": _("Start uitvoering")},
    )
    def start_execution(self):
        """The oza runs."""

    @transition(
        phase,
        source=Phase.EXECUTION,
        target=Phase.EVALUATION,
        conditions=[route_condition("start_evaluation")],
        permission=may_transition,
        custom={"label": _("Naar evaluatie")},
    )
    def start_evaluation(self):
        """Execution and development are evaluated."""

    @transition(
        phase,
        source=Phase.EVALUATION,
        target=Phase.EXECUTION,
        conditions=[route_condition("continue_execution")],
        permission=may_transition,
        custom={"label": _("Voortzetten"), "requires_reason": True, "outcome": True},
    )
    def continue_execution(self):
        """Evaluation outcome voortzetten."""

    @transition(
        phase,
        source=Phase.EVALUATION,
        target=Phase.PREPARATION,
        conditions=[route_condition("adjust")],
        permission=may_transition,
        custom={"label": _("Bijstellen"), "requires_reason": True, "outcome": True},
    )
    def adjust(self):
        """Evaluation outcome bijstellen: back to preparation."""

    @transition(
        phase,
        source=Phase.EVALUATION,
        target=Phase.DECISION,
        conditions=[route_condition("conclude")],
        permission=may_transition,
        custom={"label": _("Afsluiten"), "requires_reason": True, "outcome": True},
    )
    def conclude(self):
        """Evaluation outcome afsluiten: towards completion."""

    @transition(
        phase,
        source=Phase.DECISION,
        target=Phase.CLOSED,
        conditions=[route_condition("close")],
        permission=may_transition,
        custom={"label": _("Oza afronden"), "destination": True},
    )
    def close(self):
        """The oza is completed and closed."""

    @transition(
        phase,
        source=ACTIVE_PHASES,
        target=Phase.ENDED_EARLY,
        conditions=[route_condition("end_early")],
        permission=may_transition,
        custom={
            "label": _("Voortijdig beëindigen"),
            "requires_reason": True,
            "early_end": True,
            "destination": True,
        },
    )
    def end_early(self):
        """Uitval: the oza ends before its route is completed."""


class Participation(models.Model):
    """A jeugdige taking part in an oza; a group has members who join and leave on dates."""

    arrangement = models.ForeignKey(
        Arrangement,
        verbose_name=_("oza"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    jeugdige = models.ForeignKey(
        Jeugdige,
        verbose_name=_("jeugdige"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    joined_on = models.DateField(_("deelname vanaf"))
    left_on = models.DateField(_("deelname tot"), null=True, blank=True)
    destination = models.CharField(
        _("bestemming"), max_length=24, choices=Destination.choices, blank=True
    )

    class Meta:
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        ordering = ["joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "jeugdige"],
                condition=models.Q(left_on__isnull=True),
                name="one_open_participation_per_jeugdige",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="participation_left_after_joined",
            ),
        ]

    def __str__(self):
        return f"{self.jeugdige} in {self.arrangement}"


class ArrangementFunction(models.Model):
    """One of the functions (terugleiden, opbouwen, ...) an oza serves."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="functions")
    function = models.CharField(
        _("functie"), max_length=16, choices=ArrangementFunctionChoice.choices
    )

    class Meta:
        verbose_name = _("functie van het oza")
        verbose_name_plural = _("functies van het oza")
        ordering = ["function"]
        constraints = [
            models.UniqueConstraint(fields=["arrangement", "function"], name="unique_function"),
        ]

    def __str__(self):
        return self.get_function_display()


class TeamRole(models.TextChoices):
    PROCESBEGELEIDER = "procesbegeleider", _("Procesbegeleider")
    ONDERWIJSCONSULENT = "onderwijsconsulent", _("Onderwijsconsulent")
    JEUGDCONSULENT = "jeugdconsulent", _("Jeugd- en gezinscoach / jeugdconsulent")
    INTERN_BEGELEIDER = "intern_begeleider", _("Intern begeleider")
    ONDERSTEUNINGSCOORDINATOR = "ondersteuningscoordinator", _("Ondersteuningscoördinator")
    MENTOR = "mentor", _("Mentor / leerkracht")
    ZORGAANBIEDER = "zorgaanbieder", _("Zorgaanbieder")
    JEUGDBESCHERMER = "jeugdbeschermer", _("Jeugdbeschermer")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    OTHER = "overig", _("Overig")


class TeamMember(models.Model):
    """A professional on the team of an oza, with their role on this oza."""

    arrangement = models.ForeignKey(
        Arrangement,
        verbose_name=_("oza"),
        on_delete=models.CASCADE,
        related_name="team_members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional"),
        on_delete=models.PROTECT,
        related_name="team_memberships",
    )
    role = models.CharField(_("rol"), max_length=32, choices=TeamRole.choices)
    added_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("teamlid")
        verbose_name_plural = _("team")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["arrangement", "user"], name="one_role_per_member"),
            models.UniqueConstraint(
                fields=["arrangement"],
                condition=models.Q(role="procesbegeleider"),
                name="one_procesbegeleider_per_arrangement",
            ),
        ]
        indexes = [models.Index(fields=["user", "arrangement"], name="team_user_arrangement")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class GoalDomain(models.TextChoices):
    EDUCATION = "onderwijs", _("Onderwijsdoel")
    CARE = "zorg", _("Zorgdoel")


class Goal(models.Model):
    """A SMART goal of an oza, either an onderwijs goal or a zorg goal."""

    arrangement = models.ForeignKey(
        Arrangement, verbose_name=_("oza"), on_delete=models.CASCADE, related_name="goals"
    )
    domain = models.CharField(_("soort doel"), max_length=16, choices=GoalDomain.choices)
    description = models.TextField(
        _("doel (SMART)"),
        help_text=_("Specifiek, meetbaar, acceptabel, realistisch en tijdgebonden."),
    )
    target_date = models.DateField(_("streefdatum"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["target_date", "id"]

    def __str__(self):
        return self.description[:60]

    @property
    def evaluation_history(self) -> list:
        """The evaluations from the first to the most recent, read from the prefetched rows
        (see ``selectors.arrangement_detail``): no query per goal."""
        return sorted(self.evaluations.all(), key=lambda e: (e.evaluated_on, e.recorded_at, e.pk))

    @property
    def latest_evaluation(self):
        history = self.evaluation_history
        return history[-1] if history else None


class GoalScore(models.TextChoices):
    ACHIEVED = "behaald", _("Behaald")
    PARTLY_ACHIEVED = "deels_behaald", _("Deels behaald")
    NOT_ACHIEVED = "niet_behaald", _("Niet behaald")
    NO_LONGER_APPLICABLE = "niet_van_toepassing", _("Niet meer van toepassing")


class GoalEvaluation(AppendOnlyModel):
    """How far a goal was reached on a date (doelrealisatie); append-only, the latest counts."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("doel"), on_delete=models.PROTECT, related_name="evaluations"
    )
    score = models.CharField(_("resultaat"), max_length=24, choices=GoalScore.choices)
    evaluated_on = models.DateField(_("geëvalueerd op"), default=timezone.localdate)
    remark = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluatie van een doel")
        verbose_name_plural = _("evaluaties van doelen")
        ordering = ["evaluated_on", "recorded_at", "id"]

    def __str__(self):
        return f"{self.goal}: {self.get_score_display()} ({self.evaluated_on:%d-%m-%Y})"


class ConsentSubject(models.TextChoices):
    """What a ConsentRecord is about."""

    AKKOORD = "akkoord", _("Akkoord op het oza")
    PARENTS_MAY_VIEW = "ouders_meekijken", _("Ouders mogen meekijken (16+)")
    NON_CUSTODIAL_MAY_VIEW = "ouder_zonder_gezag_meekijken", _("Ouder zonder gezag mag meekijken")


class ConsentRecord(AppendOnlyModel):
    """A decision (or its withdrawal) of a parent or of the jeugdige; append-only.

    ``subject`` says what it is about: akkoord on an oza (``arrangement`` set; the route guard
    reads only these), a jeugdige of 16+ allowing the parents to look along in the portal
    (``guardian`` empty), or a parent with gezag allowing ``about_guardian``, a parent without
    gezag, to look along. The latest record per decider and subject counts. ``guardian`` (or the
    jeugdige when empty) is on whose behalf it was decided, ``recorded_by`` who entered it."""

    subject = models.CharField(
        _("onderwerp"),
        max_length=32,
        choices=ConsentSubject.choices,
        default=ConsentSubject.AKKOORD,
        db_index=True,
    )
    arrangement = models.ForeignKey(
        Arrangement,
        verbose_name=_("oza"),
        on_delete=models.PROTECT,
        related_name="consents",
        null=True,
        blank=True,
    )
    jeugdige = models.ForeignKey(
        Jeugdige, verbose_name=_("jeugdige"), on_delete=models.PROTECT, related_name="consents"
    )
    guardian = models.ForeignKey(
        Guardian,
        verbose_name=_("ouder/verzorger"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        help_text=_("Leeg als de jeugdige zelf akkoord geeft."),
    )
    about_guardian = models.ForeignKey(
        Guardian,
        verbose_name=_("ouder zonder gezag"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="viewing_consents",
    )
    given = models.BooleanField(_("akkoord"), default=True)
    note = models.CharField(_("toelichting"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("akkoord")
        verbose_name_plural = _("akkoorden")
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        subject=ConsentSubject.AKKOORD,
                        arrangement__isnull=False,
                        about_guardian__isnull=True,
                    )
                    | models.Q(
                        subject=ConsentSubject.PARENTS_MAY_VIEW,
                        arrangement__isnull=True,
                        guardian__isnull=True,
                        about_guardian__isnull=True,
                    )
                    | models.Q(
                        subject=ConsentSubject.NON_CUSTODIAL_MAY_VIEW,
                        arrangement__isnull=True,
                        guardian__isnull=False,
                        about_guardian__isnull=False,
                    )
                ),
                name="consent_fields_match_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["jeugdige", "subject", "recorded_at"], name="consent_subject_at")
        ]

    def __str__(self):
        who = self.guardian.name if self.guardian_id else str(self.jeugdige)
        decision = _("akkoord") if self.given else _("ingetrokken")
        return f"{who}: {decision}"


class PhaseTransition(AppendOnlyModel):
    """One step on the route: from which phase to which, who, when and why. Append-only."""

    arrangement = models.ForeignKey(
        Arrangement, verbose_name=_("oza"), on_delete=models.PROTECT, related_name="transitions"
    )
    transition = models.CharField(_("stap"), max_length=32)
    from_phase = models.CharField(_("van fase"), max_length=32, choices=Phase.choices)
    to_phase = models.CharField(_("naar fase"), max_length=32, choices=Phase.choices)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reden"), blank=True)
    early_end_reason = models.CharField(
        _("reden van uitval"), max_length=32, choices=EarlyEndReason.choices, blank=True
    )
    # Bestemming of the jeugdige of an individual oza that is closed or ended early; for a
    # group oza it is recorded per member on Participation.destination.
    destination = models.CharField(
        _("bestemming"), max_length=24, choices=Destination.choices, blank=True
    )

    class Meta:
        verbose_name = _("fasewissel")
        verbose_name_plural = _("fasegeschiedenis")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_from_phase_display()} → {self.get_to_phase_display()}"


class BreakGlassAccess(AppendOnlyModel):
    """A functioneel beheerder's explicit, time-limited access to one jeugdige, with a reason."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beheerder"),
        on_delete=models.PROTECT,
        related_name="break_glass_accesses",
    )
    jeugdige = models.ForeignKey(
        Jeugdige,
        verbose_name=_("jeugdige"),
        on_delete=models.PROTECT,
        related_name="break_glass_accesses",
    )
    reason = models.TextField(_("reden"))
    granted_at = models.DateTimeField(_("geopend op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))

    class Meta:
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "expires_at"], name="break_glass_user_expiry")]

    def __str__(self):
        return f"{self.user} → {self.jeugdige} ({self.granted_at:%Y-%m-%d %H:%M})"


class OverdueNotice(models.Model):
    """Melding aan de procesbegeleider dat een actief oza over de geplande einddatum is.

    Each procesbegeleider hears about an overdue oza once: the unique constraint is what makes
    the daily task safe to retry and to run twice at the same time. ``run_id`` marks the rows one
    run inserted, so that run mails exactly those."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("procesbegeleider"),
        on_delete=models.CASCADE,
        related_name="overdue_notices",
    )
    arrangement = models.ForeignKey(
        Arrangement,
        verbose_name=_("oza"),
        on_delete=models.CASCADE,
        related_name="overdue_notices",
    )
    sent_on = models.DateField(_("gemeld op"))
    run_id = models.UUIDField(_("verzendronde"), db_index=True, editable=False)

    class Meta:
        verbose_name = _("melding verlopen oza")
        verbose_name_plural = _("meldingen verlopen oza's")
        ordering = ["-sent_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "arrangement"], name="one_overdue_notice_per_user_arrangement"
            ),
        ]

    def __str__(self):
        return f"{self.arrangement} → {self.user} ({self.sent_on:%Y-%m-%d})"
