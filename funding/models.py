"""Bekostiging: the funding lines of an oza, each from one financier for one partner's delivery."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from cases.models import VersionedModel
from oza.audit.append_only import AppendOnlyModel


class FundingKind(models.TextChoices):
    TLV = "tlv", _("TLV voor (V)SO")
    FICTIVE_TLV = "fictieve_tlv", _("Fictieve TLV")
    IBP = "ibp", _("IBP / arrangement SWV")
    TBV = "tbv", _("Trajectvoorziening (TBV)")
    YOUTH_CARE = "jeugdhulp_zin", _("Jeugdhulp in natura")
    PGB_YOUTH_ACT = "pgb_jeugdwet", _("PGB (Jeugdwet)")
    PGB_WLZ = "pgb_wlz", _("PGB (Wlz)")
    WLZ = "wlz", _("Wlz-indicatie")
    DAY_CARE = "dagbesteding", _("Dagbesteding")
    ZVW = "zvw", _("Zorgverzekeringswet (Zvw)")
    EDUCATION = "onderwijs", _("Onderwijs / eigen budget")
    OTHER = "overig", _("Overig")


class TLVCategory(models.TextChoices):
    LOW = "laag", _("Laag")
    MIDDLE = "midden", _("Midden")
    HIGH = "hoog", _("Hoog")


class AmountUnit(models.TextChoices):
    PER_WEEK = "per_week", _("per week")
    PER_MONTH = "per_maand", _("per maand")
    PER_DAYPART = "per_dagdeel", _("per dagdeel")
    TOTAL = "totaal", _("totaal")


class FundingStatus(models.TextChoices):
    REQUESTED = "aangevraagd", _("Aangevraagd")
    GRANTED = "toegekend", _("Toegekend")
    REFUSED = "afgewezen", _("Afgewezen")
    EXPIRED = "verlopen", _("Verlopen")
    ENDED = "beeindigd", _("Beëindigd")


class FundingLine(ConcurrentTransitionMixin, VersionedModel):
    """Een bekostigingsregel: who pays (financier) whom (partner) for what, when, on which
    decision."""

    arrangement = models.ForeignKey(
        "cases.Arrangement",
        verbose_name=_("oza"),
        on_delete=models.PROTECT,
        related_name="funding_lines",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=FundingKind.choices)
    tlv_category = models.CharField(
        _("TLV-categorie"), max_length=8, choices=TLVCategory.choices, blank=True
    )
    financier = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("financier"),
        on_delete=models.PROTECT,
        related_name="funding_lines_paid",
    )
    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("leverende partner"),
        on_delete=models.PROTECT,
        related_name="funding_lines_delivered",
    )
    amount = models.DecimalField(
        _("bedrag (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("Een bedrag kan niet negatief zijn."))],
    )
    unit = models.CharField(
        _("eenheid"), max_length=12, choices=AmountUnit.choices, default=AmountUnit.TOTAL
    )
    start_date = models.DateField(_("vanaf"))
    end_date = models.DateField(_("tot en met"))
    decision_reference = models.CharField(
        _("beschikkings- of TLV-nummer"), max_length=64, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_on = models.DateField(_("aangevraagd op"), default=timezone.localdate)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    status = FSMField(
        _("status"),
        max_length=16,
        choices=FundingStatus.choices,
        default=FundingStatus.REQUESTED,
        protected=True,
    )
    overlap_explanation = models.CharField(
        _("toelichting bij overlap"),
        max_length=255,
        blank=True,
        help_text=_(
            "Alleen nodig als deze regel overlapt met een andere van dezelfde soort en partner."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bekostigingsregel")
        verbose_name_plural = _("bekostigingsregels")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="funding_start_before_end",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="funding_amount_not_negative",
                violation_error_message=_("Een bedrag kan niet negatief zijn."),
            ),
        ]
        indexes = [models.Index(fields=["status", "end_date"], name="funding_status_end")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.partner})"

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        # The status is protected: only transitions change it.
        super().full_clean(
            exclude={*(exclude or ()), "status"},
            validate_unique=validate_unique,
            validate_constraints=validate_constraints,
        )

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.start_date > self.end_date:
            errors["end_date"] = _("De einddatum ligt voor de begindatum.")
        if self.kind == FundingKind.TLV and not self.tlv_category:
            errors["tlv_category"] = _("Kies de categorie van de TLV (laag, midden of hoog).")
        if self.kind != FundingKind.TLV and self.tlv_category:
            errors["tlv_category"] = _("Alleen een TLV heeft een categorie.")
        if errors:
            raise ValidationError(errors)

    def covers(self, day) -> bool:
        return self.start_date <= day <= self.end_date

    # --- Status ----------------------------------------------------------------------------
    @transition(status, source=FundingStatus.REQUESTED, target=FundingStatus.GRANTED)
    def grant(self):
        """Toegekend."""

    @transition(status, source=FundingStatus.REQUESTED, target=FundingStatus.REFUSED)
    def refuse(self):
        """Afgewezen."""

    @transition(status, source=FundingStatus.GRANTED, target=FundingStatus.EXPIRED)
    def expire(self):
        """Verlopen: the end date passed (set by the daily task)."""

    @transition(status, source=FundingStatus.GRANTED, target=FundingStatus.ENDED)
    def end(self):
        """Beëindigd before its end date."""


class FundingExpiryNotice(models.Model):
    """Melding aan de procesbegeleider dat een toegekende bekostigingsregel binnenkort afloopt.

    One row per (line, recipient, threshold): the unique constraint is what makes the daily task
    safe to retry and to run twice at the same time. ``run_id`` marks the rows one run inserted,
    so that run mails exactly those. When a line passes several thresholds at once, only the
    smallest is mailed; rows for the larger ones are recorded too, so they are never sent."""

    line = models.ForeignKey(
        FundingLine,
        verbose_name=_("bekostigingsregel"),
        on_delete=models.CASCADE,
        related_name="expiry_notices",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("procesbegeleider"),
        on_delete=models.CASCADE,
        related_name="funding_expiry_notices",
    )
    threshold_weeks = models.PositiveSmallIntegerField(_("weken voor de einddatum"))
    sent_on = models.DateField(_("gemeld op"))
    run_id = models.UUIDField(_("verzendronde"), db_index=True, editable=False)

    class Meta:
        verbose_name = _("melding aflopende bekostiging")
        verbose_name_plural = _("meldingen aflopende bekostiging")
        ordering = ["-sent_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "recipient", "threshold_weeks"],
                name="one_expiry_notice_per_line_recipient_threshold",
            ),
        ]

    def __str__(self):
        return f"{self.line} – {self.threshold_weeks} weken ({self.sent_on:%d-%m-%Y})"


def calendar_days_since(moment, now=None) -> int:
    """Calendar days (local time) from ``moment`` to ``now``: the same all day, as on a page
    cached for the day."""
    return (timezone.localdate(now) - timezone.localdate(moment)).days


class EscalationLevel(models.Model):
    """A rung of the regional escalatieladder; a functioneel beheerder configures them."""

    number = models.PositiveSmallIntegerField(_("trede"), unique=True)
    name = models.CharField(_("naam"), max_length=100)
    description = models.CharField(_("toelichting"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("trede van de escalatieladder")
        verbose_name_plural = _("escalatieladder")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"


class EscalationSubject(models.TextChoices):
    ORGANISING = "organiseren", _("Organisatie van het oza")
    FUNDING = "financiering", _("Financiering van het oza")


class Escalation(models.Model):
    """Partners cannot agree on organising or paying for an oza: the procesbegeleider escalates
    along the ladder until it is resolved."""

    arrangement = models.ForeignKey(
        "cases.Arrangement",
        verbose_name=_("oza"),
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    subject = models.CharField(_("onderwerp"), max_length=16, choices=EscalationSubject.choices)
    disagreement = models.TextField(_("waar partners het niet over eens zijn"))
    level = models.ForeignKey(
        EscalationLevel,
        verbose_name=_("huidige trede"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level_since = models.DateTimeField(_("op deze trede sinds"), default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestart door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("gestart op"), default=timezone.now)
    resolution = models.TextField(_("oplossing"), blank=True)
    resolved_at = models.DateTimeField(_("opgelost op"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgelost door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("escalatie")
        verbose_name_plural = _("escalaties")
        ordering = ["-raised_at", "-id"]

    def __str__(self):
        return f"{self.get_subject_display()} ({self.level})"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def days_at_level(self, now=None) -> int:
        return calendar_days_since(self.level_since, now)


class EscalationStep(AppendOnlyModel):
    """One step of an escalation: started at, or moved up to, a level. Append-only."""

    escalation = models.ForeignKey(
        Escalation, verbose_name=_("escalatie"), on_delete=models.PROTECT, related_name="steps"
    )
    level = models.ForeignKey(
        EscalationLevel, verbose_name=_("trede"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reden"))

    class Meta:
        verbose_name = _("escalatiestap")
        verbose_name_plural = _("escalatiestappen")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.level} ({self.at:%Y-%m-%d})"


# --- Group arrangements: proposal (Bijlage 2), business case (Bijlage 3), decision route
# (Bijlage 4) ---------------------------------------------------------------------------------
# Each outline is a list of (chapter, [(key, heading), ...]) in the order of the framework's
# annex; the texts are stored per key in a JSON field.
PROPOSAL_OUTLINE = [
    (
        _("Inleiding"),
        [
            ("reason", _("Aanleiding")),
            ("target_group", _("Doelgroep")),
            ("problem", _("Probleemstelling")),
            ("partners", _("Samenwerkende partners")),
        ],
    ),
    (
        _("Doelstelling"),
        [
            ("objective", _("Doelstelling")),
            ("conditions", _("Voorwaarden")),
            ("perspectives", _("Meervoudig perspectief")),
        ],
    ),
    (_("Eerste ideeën methodische aanpak"), [("approach", _("Methodische aanpak"))]),
    (_("Financiering"), [("funding", _("Financiering"))]),
    (_("Beoogde planning"), [("planning", _("Planning"))]),
]

BUSINESS_CASE_OUTLINE = [
    (
        _("Samenvatting"),
        [("summary", _("Samenvatting")), ("reading_guide", _("Leeswijzer"))],
    ),
    (
        _("Inleiding"),
        [
            ("reason", _("Aanleiding")),
            ("target_group", _("Doelgroep")),
            ("problem", _("Probleemstelling")),
        ],
    ),
    (
        _("Missie en doelstelling"),
        [
            ("mission", _("Missie")),
            ("objective", _("Doelstelling")),
            ("conditions", _("Voorwaarden")),
        ],
    ),
    (_("Meervoudig perspectief"), [("perspectives", _("Meervoudig perspectief"))]),
    (
        _("Organisatie en methodiek"),
        [
            ("organisation", _("Inleiding")),
            ("referral", _("Toeleiding en beëindiging onderwijs-zorgarrangement")),
            ("size_and_duration", _("Omvang en duur")),
            ("intake_and_outflow", _("In- en uitstroom")),
            ("providers", _("Uitvoerders")),
            ("composition", _("Samenstelling")),
        ],
    ),
    (
        _("Monitoring en evaluatie"),
        [
            ("monitoring", _("Monitoring en ambities")),
            ("societal_result", _("Maatschappelijk resultaat")),
            ("activities", _("Activiteiten")),
            ("outcome", _("Outcome")),
            ("improvement_cycle", _("Verbetercyclus")),
            ("knowledge_sharing", _("Verspreiding kennis en expertise")),
        ],
    ),
    (
        _("Regie, sturing en mandaat"),
        [
            ("project_lead", _("Projectleider")),
            ("steering_group", _("Invulling stuurgroep en/of ontwikkelgroep")),
        ],
    ),
    (_("Financiering"), [("funding", _("Financiering"))]),
    (_("Planning"), [("planning", _("Planning"))]),
]

# Bijlage 2 asks for at most two A4: about this many characters of text in the sections.
PROPOSAL_MAX_CHARACTERS = 6000


def outline_keys(outline) -> list[str]:
    return [key for _chapter, sections in outline for key, _heading in sections]


def missing_sections(outline, texts: dict) -> list[str]:
    """Headings of the sections of ``outline`` that ``texts`` leaves empty."""
    return [
        str(heading)
        for _chapter, sections in outline
        for key, heading in sections
        if not str(texts.get(key, "")).strip()
    ]


class ProposalStage(models.TextChoices):
    """Where a proposal stands on the decision route of Bijlage 4."""

    DRAFT = "concept", _("Concept")
    POLICY_MEETING = "beleidsoverleg", _("Beleidsoverleg (informeren)")
    RBO = "rbo", _("Regionaal beleidsoverleg (RBO)")
    DIRECTORS = "regisseuroverleg", _("Regisseuroverleg")
    PORA = "pora", _("Portefeuillehoudersoverleg (PORA)")
    OOGO = "oogo", _("Op overeenstemming gericht overleg (OOGO)")
    DECIDED = "besloten", _("Besloten")
    REJECTED = "afgewezen", _("Afgewezen")


# The forums of the decision route, in order; after the last, the proposal is decided.
DECISION_ROUTE = [
    ProposalStage.POLICY_MEETING,
    ProposalStage.RBO,
    ProposalStage.DIRECTORS,
    ProposalStage.PORA,
    ProposalStage.OOGO,
]
# The beleidsoverleg is informed; the forums after it can refuse.
DECIDING_FORUMS = DECISION_ROUTE[1:]


def next_stage(proposal) -> str:
    position = DECISION_ROUTE.index(proposal.stage)
    if position + 1 < len(DECISION_ROUTE):
        return DECISION_ROUTE[position + 1]
    return ProposalStage.DECIDED


class BusinessCaseKind(models.TextChoices):
    BUSINESS_CASE = "businesscase", _("Maatschappelijke businesscase")
    PROJECT_PLAN = "projectplan", _("Projectplan")


class GroupProposal(ConcurrentTransitionMixin, VersionedModel):
    """Voorstel voor het starten van een groepsarrangement (Bijlage 2), with its business case
    or project plan (Bijlage 3), taken through the decision route of Bijlage 4.

    A proposal describes a target group, never a child: every professional may read it."""

    title = models.CharField(_("titel"), max_length=200)
    sections = models.JSONField(_("voorstel"), default=dict, blank=True)
    business_case_kind = models.CharField(
        _("soort uitwerking"),
        max_length=16,
        choices=BusinessCaseKind.choices,
        default=BusinessCaseKind.BUSINESS_CASE,
    )
    business_case = models.JSONField(_("businesscase of projectplan"), default=dict, blank=True)
    stage = FSMField(
        _("stand"),
        max_length=20,
        choices=ProposalStage.choices,
        default=ProposalStage.DRAFT,
        protected=True,
        db_index=True,
    )
    stage_since = models.DateTimeField(_("in deze stand sinds"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("voorstel groepsarrangement")
        verbose_name_plural = _("voorstellen groepsarrangementen")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        # The stage is protected: only transitions change it.
        super().full_clean(
            exclude={*(exclude or ()), "stage"},
            validate_unique=validate_unique,
            validate_constraints=validate_constraints,
        )

    def clean(self):
        length = self.proposal_length
        if length > PROPOSAL_MAX_CHARACTERS:
            raise ValidationError(
                _(
                    "Het voorstel is %(length)s tekens lang; maximaal %(max)s (ongeveer twee A4). "
                    "Kort het in; de uitwerking hoort in de businesscase of het projectplan."
                )
                % {"length": length, "max": PROPOSAL_MAX_CHARACTERS}
            )

    @property
    def proposal_length(self) -> int:
        return sum(len(str(self.sections.get(key, ""))) for key in outline_keys(PROPOSAL_OUTLINE))

    @property
    def is_open(self) -> bool:
        return self.stage not in (ProposalStage.DECIDED, ProposalStage.REJECTED)

    @property
    def is_decided(self) -> bool:
        return self.stage == ProposalStage.DECIDED

    def days_in_stage(self, now=None) -> int:
        return calendar_days_since(self.stage_since, now)

    @property
    def latest_step(self):
        """The last forum's treatment; read from prefetched steps when available."""
        steps = list(self.steps.all())
        return steps[-1] if steps else None

    # --- The decision route (Bijlage 4) -----------------------------------------------------
    @transition(stage, source=ProposalStage.DRAFT, target=ProposalStage.POLICY_MEETING)
    def submit(self):
        """Ingediend: the beleidsoverleg is informed first."""

    @transition(
        stage,
        source=DECISION_ROUTE,
        target=RETURN_VALUE(*DECISION_ROUTE[1:], ProposalStage.DECIDED),
    )
    def advance(self):
        """The forum agreed (or, the beleidsoverleg, was informed): on to the next one."""
        return next_stage(self)

    @transition(stage, source=DECIDING_FORUMS, target=ProposalStage.REJECTED)
    def reject(self):
        """A forum turned the proposal down."""


class ProposalOutcome(models.TextChoices):
    INFORMED = "geinformeerd", _("Geïnformeerd")
    AGREED = "akkoord", _("Akkoord")
    DEFERRED = "aangehouden", _("Aangehouden")
    REFUSED = "afgewezen", _("Afgewezen")


class ProposalStep(AppendOnlyModel):
    """A forum's treatment of a proposal: when, with what outcome, under which minutes.
    Append-only."""

    proposal = models.ForeignKey(
        GroupProposal, verbose_name=_("voorstel"), on_delete=models.PROTECT, related_name="steps"
    )
    forum = models.CharField(
        _("overleg"),
        max_length=20,
        choices=[(stage.value, stage.label) for stage in DECISION_ROUTE],
    )
    held_on = models.DateField(_("datum overleg"))
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=ProposalOutcome.choices)
    minutes_reference = models.CharField(_("kenmerk verslag of besluitenlijst"), max_length=100)
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("stap in de besluitvorming")
        verbose_name_plural = _("stappen in de besluitvorming")
        ordering = ["held_on", "recorded_at", "id"]

    def __str__(self):
        return f"{self.get_forum_display()}: {self.get_outcome_display()} ({self.held_on})"
