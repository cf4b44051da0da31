"""Shared factory-boy factories and scenario helpers for the oza test suite.

Factories build rows directly (no audit trail); the helpers at the bottom compose them into
realistic cases. To put an oza in a later phase, ``walk_to`` takes the real route through
``services.arrangement_transition`` after satisfying its guards (akkoord, goals, a start-MDO
held through ``mdo.services`` by ``hold_start_mdo``, and funding granted through
``funding.services`` by ``grant_funding``): the phase field is a protected FSMField and is never
written directly.
"""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from cases import services
from cases.guards import consent_holders
from cases.management.demo import functional_admin_permissions
from cases.models import (
    Arrangement,
    ArrangementKind,
    ConsentRecord,
    Destination,
    EarlyEndReason,
    Goal,
    GoalDomain,
    GoalEvaluation,
    GoalScore,
    Guardian,
    GuardianRelation,
    Jeugdige,
    Participation,
    Phase,
    PhaseTransition,
    Setting,
    TeamMember,
    TeamRole,
)
from funding import proposals
from funding import services as funding_services
from funding.guards import granted_line_covers_start, group_proposal_decided
from funding.models import (
    BUSINESS_CASE_OUTLINE,
    DECISION_ROUTE,
    PROPOSAL_OUTLINE,
    AmountUnit,
    FundingKind,
    FundingLine,
    FundingStatus,
    GroupProposal,
    ProposalOutcome,
    ProposalStage,
    TLVCategory,
    outline_keys,
)
from mdo import services as mdo_services
from mdo.composition import professional_roles
from mdo.guards import held_mdo_with_family_and_consultants
from mdo.models import Attendance, Meeting, MeetingKind, ParticipantKind
from outcomes.models import RespondentKind, SurveyInvitation, SurveyMoment, SurveyResponse
from oza.accounts.models import Function, Organisation, OrganisationType, SchoolType, User
from oza.documents import services as document_services
from oza.documents.models import Audience, DocumentKind

DEMO_PASSWORD = "oza-demo"


# --- Identifiers --------------------------------------------------------------------------
def bsn_for(n: int) -> str:
    """The ``n``-th valid BSN (elfproef), distinct for every ``n`` >= 0.

    A BSN d1..d9 is valid when 9*d1 + 8*d2 + ... + 2*d8 - d9 is divisible by 11. Prefix ``p``
    (8 digits) gets check digit ``sum mod 11``; when that is 10 the prefix ``p + 1`` (``p`` is
    even, so no carry) raises the sum by 2 and gives check digit 1. Prefixes are spaced by 2, so
    two values of ``n`` never share one."""
    prefix = 10_000_000 + 2 * n
    for candidate in (prefix, prefix + 1):
        digits = [int(c) for c in str(candidate)]
        check = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True)) % 11
        if check < 10:
            return f"{candidate}{check}"
    raise AssertionError("unreachable: prefix + 1 always has a valid check digit")


def brin_for(n: int) -> str:
    """A unique BRIN code: two digits and two capital letters."""
    letters = n // 100
    return f"{n % 100:02d}{chr(65 + letters // 26 % 26)}{chr(65 + letters % 26)}"


def birth_date_for_age(age: int, *, today: date | None = None, days_since_birthday=100) -> date:
    """A date of birth that makes a jeugdige exactly ``age`` on ``today``, with the last birthday
    ``days_since_birthday`` days ago (so the age is stable for a while)."""
    today = today or timezone.localdate()
    try:
        anniversary = today.replace(year=today.year - age)
    except ValueError:  # 29 February
        anniversary = today.replace(year=today.year - age, day=28)
    return anniversary - timedelta(days=days_since_birthday)


# --- Organisations ------------------------------------------------------------------------
class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    type = OrganisationType.OTHER
    place = "Alkmaar"

    class Params:
        school_po = factory.Trait(
            type=OrganisationType.SCHOOL,
            school_type=SchoolType.PO,
            name=factory.Sequence(lambda n: f"Basisschool De Regenboog {n}"),
            brin_code=factory.Sequence(brin_for),
        )
        school_vo = factory.Trait(
            type=OrganisationType.SCHOOL,
            school_type=SchoolType.VO,
            name=factory.Sequence(lambda n: f"Scholengemeenschap Noord {n}"),
            brin_code=factory.Sequence(brin_for),
        )
        swv = factory.Trait(
            type=OrganisationType.SWV,
            name=factory.Sequence(lambda n: f"Samenwerkingsverband Noord-Kennemerland {n}"),
        )
        gemeente = factory.Trait(
            type=OrganisationType.GEMEENTE,
            name=factory.Sequence(lambda n: f"Gemeente {n}"),
            cbs_code=factory.Sequence(lambda n: f"GM{n + 1:04d}"),
        )
        jeugdhulpaanbieder = factory.Trait(
            type=OrganisationType.JEUGDHULPAANBIEDER,
            name=factory.Sequence(lambda n: f"Jeugdhulp Kennemerland {n}"),
            agb_code=factory.Sequence(lambda n: f"{n + 1:08d}"),
        )


class SchoolFactory(OrganisationFactory):
    """A primary school (PO); ``SchoolFactory(school_vo=True)`` for a secondary school."""

    school_po = True


class VOSchoolFactory(OrganisationFactory):
    school_vo = True


class SwvFactory(OrganisationFactory):
    swv = True


class GemeenteFactory(OrganisationFactory):
    gemeente = True


class JeugdhulpaanbiederFactory(OrganisationFactory):
    jeugdhulpaanbieder = True


# --- Users --------------------------------------------------------------------------------
class UserFactory(factory.django.DjangoModelFactory):
    """A professional; onderwijsconsulent of an SWV unless told otherwise."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@oza.example")
    password = factory.django.Password(DEMO_PASSWORD)
    function = Function.ONDERWIJSCONSULENT
    organisation = factory.SubFactory(SwvFactory)

    class Params:
        intern_begeleider = factory.Trait(
            function=Function.INTERN_BEGELEIDER, organisation=factory.SubFactory(SchoolFactory)
        )
        jeugdconsulent = factory.Trait(
            function=Function.JEUGDCONSULENT, organisation=factory.SubFactory(GemeenteFactory)
        )
        zorgaanbieder = factory.Trait(
            function=Function.ZORGAANBIEDER,
            organisation=factory.SubFactory(JeugdhulpaanbiederFactory),
        )
        beleidsmedewerker = factory.Trait(
            function=Function.BELEIDSMEDEWERKER, organisation=factory.SubFactory(GemeenteFactory)
        )
        functioneel_beheerder = factory.Trait(
            function=Function.FUNCTIONEEL_BEHEERDER, organisation=factory.SubFactory(SwvFactory)
        )
        portal = factory.Trait(function=Function.PORTAL, organisation=None)


# --- Jeugdige and guardians ---------------------------------------------------------------
class JeugdigeFactory(factory.django.DjangoModelFactory):
    """A jeugdige of ``age`` (default 10) enrolled at a PO school, with a valid BSN."""

    class Meta:
        model = Jeugdige

    class Params:
        age = 10

    first_name = factory.Sequence(lambda n: f"Jeugdige{n}")
    last_name = "de Vries"
    date_of_birth = factory.LazyAttribute(lambda o: birth_date_for_age(o.age))
    bsn = factory.Sequence(bsn_for)
    gemeente = factory.SubFactory(GemeenteFactory)
    school = factory.SubFactory(SchoolFactory)
    school_type = SchoolType.PO


class GuardianFactory(factory.django.DjangoModelFactory):
    """An ouder with gezag."""

    class Meta:
        model = Guardian

    jeugdige = factory.SubFactory(JeugdigeFactory)
    name = factory.Sequence(lambda n: f"Ouder {n}")
    relation = GuardianRelation.MOTHER
    has_authority = True
    email = factory.Sequence(lambda n: f"ouder{n}@example.nl")


# --- Arrangements -------------------------------------------------------------------------
class ArrangementFactory(factory.django.DjangoModelFactory):
    """An individual oza in orientatie. ``participants=[jeugdige, ...]`` also creates their
    Participation rows; ``ArrangementFactory(group=True)`` builds a group oza."""

    class Meta:
        model = Arrangement
        skip_postgeneration_save = True

    kind = ArrangementKind.INDIVIDUAL
    setting = Setting.CARE_IN_EDUCATION
    location = "Alkmaar"
    planned_start = factory.LazyFunction(timezone.localdate)
    planned_end = factory.LazyAttribute(lambda o: o.planned_start + timedelta(days=180))
    support_questions = "Hoe kan de jeugdige weer volledig naar school?"
    created_by = factory.SubFactory(UserFactory)

    class Params:
        group = factory.Trait(
            kind=ArrangementKind.GROUP,
            name=factory.Sequence(lambda n: f"Faalangstgroep VO {n}"),
            capacity=8,
            setting=Setting.COLLECTIVE,
        )

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        jeugdigen = extracted if isinstance(extracted, list | tuple) else [extracted]
        for jeugdige in jeugdigen:
            ParticipationFactory(arrangement=self, jeugdige=jeugdige)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    arrangement = factory.SubFactory(ArrangementFactory)
    jeugdige = factory.SubFactory(JeugdigeFactory)
    joined_on = factory.LazyAttribute(lambda o: o.arrangement.planned_start)


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    arrangement = factory.SubFactory(ArrangementFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamRole.ONDERWIJSCONSULENT


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    arrangement = factory.SubFactory(ArrangementFactory)
    domain = GoalDomain.EDUCATION
    description = "Over 10 weken woont de jeugdige 4 ochtenden per week de les bij."
    target_date = factory.LazyAttribute(lambda o: o.arrangement.planned_end)


class GoalEvaluationFactory(factory.django.DjangoModelFactory):
    """An evaluation built directly (no audit trail); ``cases.services.goal_evaluate`` for real."""

    class Meta:
        model = GoalEvaluation

    goal = factory.SubFactory(GoalFactory)
    score = GoalScore.PARTLY_ACHIEVED
    evaluated_on = factory.LazyFunction(timezone.localdate)
    remark = "Twee van de vier ochtenden lukt al."
    recorded_by = factory.LazyAttribute(lambda o: o.goal.arrangement.created_by)


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    """Akkoord of a guardian (``guardian=...``) or, with ``guardian=None``, of the jeugdige."""

    class Meta:
        model = ConsentRecord

    arrangement = factory.SubFactory(ArrangementFactory)
    jeugdige = factory.LazyAttribute(
        lambda o: (
            o.guardian.jeugdige if o.guardian else o.arrangement.participations.first().jeugdige
        )
    )
    guardian = None
    given = True
    recorded_by = factory.LazyAttribute(lambda o: o.arrangement.created_by)


# --- Funding ------------------------------------------------------------------------------
class FundingLineFactory(factory.django.DjangoModelFactory):
    """A funding line built directly (no audit trail): an IBP/arrangement of an SWV paid to a
    school over the oza's planned period, status aangevraagd. ``youth_care=True`` makes it
    jeugdhulp in natura from a gemeente to a jeugdhulpaanbieder, ``tlv=True`` a TLV (midden);
    ``granted=True`` / ``refused=True`` give a row decided today (tests of the state machine
    itself go through ``funding.services``)."""

    class Meta:
        model = FundingLine

    arrangement = factory.SubFactory(ArrangementFactory)
    kind = FundingKind.IBP
    financier = factory.SubFactory(SwvFactory)
    partner = factory.SubFactory(SchoolFactory)
    amount = Decimal("4250.00")
    unit = AmountUnit.TOTAL
    start_date = factory.LazyAttribute(lambda o: o.arrangement.planned_start)
    end_date = factory.LazyAttribute(lambda o: o.arrangement.planned_end)
    requested_by = factory.LazyAttribute(lambda o: o.arrangement.created_by)
    created_by = factory.LazyAttribute(lambda o: o.arrangement.created_by)

    class Params:
        youth_care = factory.Trait(
            kind=FundingKind.YOUTH_CARE,
            financier=factory.SubFactory(GemeenteFactory),
            partner=factory.SubFactory(JeugdhulpaanbiederFactory),
            amount=Decimal("1480.00"),
            unit=AmountUnit.PER_MONTH,
        )
        tlv = factory.Trait(
            kind=FundingKind.TLV,
            tlv_category=TLVCategory.MIDDLE,
            amount=Decimal("1190.00"),
            unit=AmountUnit.PER_MONTH,
            partner=factory.SubFactory(
                OrganisationFactory,
                school_vo=True,
                school_type=SchoolType.VSO,
                name=factory.Sequence(lambda n: f"VSO De Meerpaal {n}"),
            ),
        )
        granted = factory.Trait(
            status=FundingStatus.GRANTED, decided_on=factory.LazyFunction(timezone.localdate)
        )
        refused = factory.Trait(
            status=FundingStatus.REFUSED, decided_on=factory.LazyFunction(timezone.localdate)
        )


# Who pays for which kind of line (DOMAIN.md, "Funding"); anything else is paid by the SWV.
GEMEENTE_KINDS = {FundingKind.YOUTH_CARE, FundingKind.PGB_YOUTH_ACT, FundingKind.DAY_CARE}
ZORGKANTOOR_KINDS = {FundingKind.WLZ, FundingKind.PGB_WLZ}
CARE_KINDS = GEMEENTE_KINDS | ZORGKANTOOR_KINDS | {FundingKind.ZVW}


def request_funding(
    arrangement: Arrangement,
    *,
    by,
    kind: str = FundingKind.IBP,
    financier: Organisation | None = None,
    partner: Organisation | None = None,
    start: date | None = None,
    end: date | None = None,
    amount: Decimal | None = Decimal("4250.00"),
    unit: str = AmountUnit.TOTAL,
    tlv_category: str = "",
    **fields,
) -> FundingLine:
    """A funding line requested through ``funding.services.funding_line_save`` (status
    aangevraagd), over the oza's planned period unless ``start``/``end`` say otherwise. The
    financier and partner follow the kind: the SWV pays the jeugdige's school, the gemeente (the
    jeugdige's woongemeente) or the zorgkantoor a jeugdhulpaanbieder; a TLV is midden."""
    jeugdige = next(
        (p.jeugdige for p in arrangement.participations.select_related("jeugdige")), None
    )
    if financier is None:
        if kind in GEMEENTE_KINDS:
            financier = jeugdige.gemeente if jeugdige else GemeenteFactory()
        elif kind in ZORGKANTOOR_KINDS:
            financier = OrganisationFactory(type=OrganisationType.ZORGKANTOOR)
        else:
            financier = SwvFactory()
    if partner is None:
        if kind in CARE_KINDS:
            partner = JeugdhulpaanbiederFactory()
        else:
            partner = (jeugdige.school if jeugdige else None) or SchoolFactory()
    if kind == FundingKind.TLV and not tlv_category:
        tlv_category = TLVCategory.MIDDLE
    line = FundingLine(
        arrangement=arrangement,
        kind=kind,
        tlv_category=tlv_category,
        financier=financier,
        partner=partner,
        amount=amount,
        unit=unit,
        start_date=start or arrangement.planned_start,
        end_date=end or arrangement.planned_end,
        requested_by=fields.pop("requested_by", by),
        **fields,
    )
    return funding_services.funding_line_save(by=by, line=line)


def grant_funding(
    arrangement: Arrangement,
    *,
    by,
    kind: str = FundingKind.IBP,
    decided_on: date | None = None,
    decision_reference: str = "",
    **request,
) -> FundingLine:
    """A funding line requested (``request_funding``, which takes the same keywords) and
    granted through ``funding.services.funding_line_decide``: by default an IBP of an SWV that
    covers the oza's whole planned period, so start_execution's funding guard is satisfied."""
    line = request_funding(arrangement, by=by, kind=kind, **request)
    if not decision_reference:
        prefix = "BS" if line.financier.type == OrganisationType.GEMEENTE else "SWV"
        decision_reference = f"{prefix}-2026-{line.pk:05d}"
    return funding_services.funding_line_decide(
        by=by,
        line=line,
        decision="grant",
        decided_on=decided_on,
        decision_reference=decision_reference,
    )


# --- Group proposals (Bijlagen 2 to 4) ----------------------------------------------------
def outline_texts(outline, text: str = "Tekst") -> dict:
    """Every section of ``outline`` filled in."""
    return {key: f"{text}: {key}." for key in outline_keys(outline)}


def write_proposal(*, by, title: str = "Faalangstgroep VO", complete: bool = True):
    """A proposal written through ``funding.proposals``: with every section of the proposal
    and the business case filled in, or (``complete=False``) only the title."""
    return proposals.proposal_save(
        by=by,
        proposal=GroupProposal(),
        title=title,
        sections=outline_texts(PROPOSAL_OUTLINE) if complete else {},
        business_case_kind="businesscase",
        business_case=outline_texts(BUSINESS_CASE_OUTLINE) if complete else {},
    )


def take_proposal_to(proposal, stage: str, *, by, held_on: date | None = None):
    """Submit ``proposal`` and record agreeing forums until it stands at ``stage``
    (``besloten`` for the whole route) through the real services; ``by`` is policy staff."""
    held_on = held_on or timezone.localdate()
    if proposal.stage == ProposalStage.DRAFT and stage != ProposalStage.DRAFT:
        proposals.proposal_submit(by=by, proposal=proposal)
    while proposal.stage != stage and proposal.stage in DECISION_ROUTE:
        outcome = (
            ProposalOutcome.INFORMED
            if proposal.stage == ProposalStage.POLICY_MEETING
            else ProposalOutcome.AGREED
        )
        proposals.proposal_record_step(
            by=by,
            proposal=proposal,
            outcome=outcome,
            held_on=held_on,
            minutes_reference=f"{proposal.stage.upper()}-{held_on:%Y%m%d}",
        )
        proposal.refresh_from_db()
    assert proposal.stage == stage
    return proposal


def decided_proposal(*, title: str = "Faalangstgroep VO"):
    """A proposal that went the whole decision route, written and decided by policy staff."""
    policy = UserFactory(beleidsmedewerker=True)
    return take_proposal_to(
        write_proposal(by=policy, title=title), ProposalStage.DECIDED, by=policy
    )


# --- Documents ----------------------------------------------------------------------------
def shared_family_plan(arrangement: Arrangement, *, jeugdige: Jeugdige, by=None):
    """A family copy of the plan of ``jeugdige``, rendered (as the worker would) and shared
    with the family by ``by`` (the procesbegeleider by default), through the real services."""
    by = by or arrangement.procesbegeleider
    document = document_services.document_request(
        by=by,
        kind=DocumentKind.PLAN,
        arrangement=arrangement,
        jeugdige=jeugdige,
        audience=Audience.FAMILY,
    )
    document_services.document_render(document_pk=document.pk)
    document.refresh_from_db()
    return document_services.document_share(document=document, by=by, shared=True)


# --- Scenario helpers ---------------------------------------------------------------------
REASONS = {
    "continue_execution": "De doelen zijn nog niet gehaald; we gaan door.",
    "adjust": "De zorgdoelen moeten worden bijgesteld.",
    "conclude": "De doelen zijn gehaald.",
    "end_early": "Het gezin is verhuisd.",
}

# Where the jeugdige of an individual oza goes when walk_to closes it or ends it early.
DESTINATIONS = {
    "close": Destination.REGULAR_EDUCATION,
    "end_early": Destination.UNKNOWN,
}

START_MDO_DECISION = (
    "Maatwerk is nodig: ouders, school, onderwijsconsulent en jeugd- en gezinscoach zijn het "
    "eens over een oza. Door naar de voorbereiding."
)

ROUTE_TO = {
    Phase.ORIENTATION: [],
    Phase.PREPARATION: ["start_preparation"],
    Phase.EXECUTION: ["start_preparation", "start_execution"],
    Phase.EVALUATION: ["start_preparation", "start_execution", "start_evaluation"],
    Phase.DECISION: ["start_preparation", "start_execution", "start_evaluation", "conclude"],
    Phase.CLOSED: [
        "start_preparation",
        "start_execution",
        "start_evaluation",
        "conclude",
        "close",
    ],
    Phase.ENDED_EARLY: ["end_early"],
}


def give_consent(arrangement: Arrangement, *, by=None, day: date | None = None) -> None:
    """Record akkoord of everyone who must agree (per jeugdige's age on ``day``)."""
    by = by or arrangement.created_by
    day = day or timezone.localdate()
    for participation in arrangement.participations.select_related("jeugdige"):
        for guardian, _name in consent_holders(participation.jeugdige, day):
            ConsentRecordFactory(
                arrangement=arrangement,
                jeugdige=participation.jeugdige,
                guardian=guardian,
                recorded_by=by,
            )


def add_goals(arrangement: Arrangement) -> tuple[Goal, Goal]:
    """One onderwijs goal and one zorg goal."""
    return (
        GoalFactory(arrangement=arrangement, domain=GoalDomain.EDUCATION),
        GoalFactory(
            arrangement=arrangement,
            domain=GoalDomain.CARE,
            description="Binnen 8 weken past de jeugdige twee ontspanningsoefeningen toe.",
        ),
    )


def plan_mdo(
    arrangement: Arrangement, *, by=None, kind=MeetingKind.PROGRESS, starts_at=None, **kwargs
) -> Meeting:
    """An MDO planned through ``mdo.services`` (tomorrow at 10:00 by default): the team, the
    parents with gezag and the jeugdige (12+) are its participants, the procesbegeleider (or
    else ``by``) chairs it."""
    by = by or arrangement.procesbegeleider or arrangement.created_by
    if starts_at is None:
        tomorrow = timezone.localtime() + timedelta(days=1)
        starts_at = tomorrow.replace(hour=10, minute=0, second=0, microsecond=0)
    kwargs.setdefault("location", "School, spreekkamer")
    return mdo_services.meeting_plan(
        arrangement=arrangement, by=by, kind=kind, starts_at=starts_at, **kwargs
    )


def hold_start_mdo(arrangement: Arrangement, *, by=None, starts_at=None) -> Meeting:
    """Hold a start-MDO through ``mdo.services``: planned (an hour ago by default), opened, a
    parent (or else the jeugdige), an onderwijsconsulent and a jeugd- en gezinscoach marked
    present, and closed with a decision by its chair. An onderwijsconsulent and a jeugdconsulent
    join the team first if nobody on it fills those roles, so they are invited."""
    covered = set().union(
        *(
            professional_roles(member.role, member.user)
            for member in arrangement.team_members.select_related("user")
        )
    )
    if TeamRole.ONDERWIJSCONSULENT not in covered:
        TeamMemberFactory(
            arrangement=arrangement, user=UserFactory(), role=TeamRole.ONDERWIJSCONSULENT
        )
    if TeamRole.JEUGDCONSULENT not in covered:
        TeamMemberFactory(
            arrangement=arrangement,
            user=UserFactory(jeugdconsulent=True),
            role=TeamRole.JEUGDCONSULENT,
        )
    meeting = plan_mdo(
        arrangement,
        by=by,
        kind=MeetingKind.START,
        starts_at=starts_at or timezone.now() - timedelta(hours=1),
    )
    chair = meeting.chair
    mdo_services.meeting_open(meeting=meeting, by=chair)
    participants = list(meeting.participants.select_related("user"))
    family = [p for p in participants if p.kind == ParticipantKind.PARENT][:1] or [
        p for p in participants if p.kind == ParticipantKind.JEUGDIGE
    ][:1]
    present = {p.pk: p for p in family}
    for role in (TeamRole.ONDERWIJSCONSULENT, TeamRole.JEUGDCONSULENT):
        filling = next(p for p in participants if role in professional_roles(p.role, p.user))
        present[filling.pk] = filling
    present |= {p.pk: p for p in participants if p.user_id == chair.pk}
    for participant in present.values():
        mdo_services.attendance_set(
            participant=participant, by=chair, attendance=Attendance.PRESENT
        )
    return mdo_services.meeting_close(meeting=meeting, by=chair, decision=START_MDO_DECISION)


def hold_mdo(
    arrangement: Arrangement,
    *,
    by=None,
    notes=(),
    agreements=(),
    decision: str = "We gaan door met het plan; over zes weken evalueren we.",
) -> Meeting:
    """A progress MDO held and closed through ``mdo.services`` (planned an hour ago, its chair
    present), with agenda items ``notes`` as ``(title, text, shared_with_family)`` and SMART
    agreements ``agreements`` as ``(description, shared_with_family)`` owned by the chair."""
    meeting = plan_mdo(arrangement, by=by, starts_at=timezone.now() - timedelta(hours=1))
    chair = meeting.chair
    mdo_services.meeting_open(meeting=meeting, by=chair)
    for title, text, shared in notes:
        item = mdo_services.agenda_item_add(meeting=meeting, by=chair, title=title)
        mdo_services.notes_save(
            item=item,
            by=chair,
            notes=text,
            expected_version=item.notes_version,
            shared_with_family=shared,
        )
    owner = next(p for p in meeting.participants.all() if p.user_id == chair.pk)
    for description, shared in agreements:
        mdo_services.agreement_add(
            meeting=meeting,
            by=chair,
            description=description,
            owner=owner,
            due_date=timezone.localdate() + timedelta(days=42),
            measure="Het rooster van de mentor",
            shared_with_family=shared,
        )
    mdo_services.attendance_set(participant=owner, by=chair, attendance=Attendance.PRESENT)
    return mdo_services.meeting_close(meeting=meeting, by=chair, decision=decision)


def satisfy_guards(arrangement: Arrangement, *, by=None) -> None:
    """Consent of those who decide, an onderwijs and a zorg goal, (in oriëntatie) a held
    start-MDO with the people the route requires, a granted funding line covering the
    planned start, and for a group a decided proposal (each if missing)."""
    if not arrangement.consents.exists():
        give_consent(arrangement, by=by)
    if not arrangement.goals.exists():
        add_goals(arrangement)
    if arrangement.phase == Phase.ORIENTATION and any(
        held_mdo_with_family_and_consultants(arrangement)
    ):
        hold_start_mdo(arrangement, by=by)
    if any(granted_line_covers_start(arrangement)):
        grant_funding(arrangement, by=by or arrangement.created_by)
    if any(group_proposal_decided(arrangement)):
        arrangement.group_proposal = decided_proposal(title=arrangement.name)
        arrangement.save(update_fields=["group_proposal"])


def walk_to(arrangement: Arrangement, phase: str, *, by) -> Arrangement:
    """Take the real route from orientatie to ``phase`` through ``services``."""
    assert arrangement.phase == Phase.ORIENTATION, "walk_to starts from orientatie"
    if phase != Phase.ORIENTATION:
        satisfy_guards(arrangement, by=by)
    for step in ROUTE_TO[Phase(phase)]:
        services.arrangement_transition(
            arrangement=arrangement,
            to=step,
            by=by,
            reason=REASONS.get(step, ""),
            early_end_reason=EarlyEndReason.MOVED if step == "end_early" else "",
            destination=DESTINATIONS.get(step, ""),
        )
    assert arrangement.phase == phase
    return arrangement


def make_functional_admin() -> User:
    """A functioneel beheerder with the admin permissions the role is given (as in the demo)."""
    beheerder = UserFactory(functioneel_beheerder=True, is_staff=True)
    beheerder.user_permissions.set(functional_admin_permissions())
    return beheerder


def make_individual_arrangement(
    *,
    procesbegeleider=None,
    age: int = 10,
    phase: str = Phase.ORIENTATION,
    jeugdige: Jeugdige | None = None,
    guardians: int = 1,
    **arrangement_kwargs,
) -> Arrangement:
    """An individual oza for a jeugdige of ``age`` with ``guardians`` ouders met gezag, the
    ``procesbegeleider`` (a new onderwijsconsulent by default) on the team, walked to ``phase``."""
    procesbegeleider = procesbegeleider or UserFactory()
    if jeugdige is None:
        jeugdige = JeugdigeFactory(age=age)
        GuardianFactory.create_batch(guardians, jeugdige=jeugdige)
    arrangement = ArrangementFactory(
        created_by=procesbegeleider, participants=[jeugdige], **arrangement_kwargs
    )
    TeamMemberFactory(
        arrangement=arrangement, user=procesbegeleider, role=TeamRole.PROCESBEGELEIDER
    )
    if phase != Phase.ORIENTATION:
        walk_to(arrangement, phase, by=procesbegeleider)
    return arrangement


def make_group_arrangement(
    *, procesbegeleider=None, capacity: int = 8, members=(), **arrangement_kwargs
) -> Arrangement:
    """A group oza with ``procesbegeleider`` on the team and ``members`` taking part, resting
    on a decided proposal unless ``group_proposal`` says otherwise (None: none yet)."""
    procesbegeleider = procesbegeleider or UserFactory()
    if "group_proposal" not in arrangement_kwargs:
        arrangement_kwargs["group_proposal"] = decided_proposal()
    arrangement = ArrangementFactory(
        group=True,
        capacity=capacity,
        created_by=procesbegeleider,
        participants=list(members),
        **arrangement_kwargs,
    )
    TeamMemberFactory(
        arrangement=arrangement, user=procesbegeleider, role=TeamRole.PROCESBEGELEIDER
    )
    return arrangement


def the_jeugdige(arrangement: Arrangement) -> Jeugdige:
    """The one jeugdige of an individual oza."""
    return arrangement.participations.get().jeugdige


# --- Portal -------------------------------------------------------------------------------
def portal_guardian(jeugdige: Jeugdige, *, has_authority: bool = True, **fields) -> Guardian:
    """A parent of ``jeugdige`` with a portal account (``guardian.user``)."""
    user = UserFactory(portal=True)
    return GuardianFactory(jeugdige=jeugdige, user=user, has_authority=has_authority, **fields)


def portal_account_for_jeugdige(jeugdige: Jeugdige) -> User:
    """Give ``jeugdige`` their own portal account."""
    jeugdige.portal_user = UserFactory(
        portal=True, first_name=jeugdige.first_name, last_name=jeugdige.last_name
    )
    jeugdige.save(update_fields=["portal_user"])
    return jeugdige.portal_user


# --- Outcomes -----------------------------------------------------------------------------
STEP_TARGETS = {
    "start_preparation": Phase.PREPARATION,
    "start_execution": Phase.EXECUTION,
    "start_evaluation": Phase.EVALUATION,
    "continue_execution": Phase.EXECUTION,
    "adjust": Phase.PREPARATION,
    "conclude": Phase.DECISION,
    "close": Phase.CLOSED,
    "end_early": Phase.ENDED_EARLY,
}


def record_route(arrangement: Arrangement, *, registered, steps=(), by=None) -> Arrangement:
    """Give ``arrangement`` a route history at chosen moments, for the outcome indicators:
    registered at ``registered`` (an aware datetime), then each ``(at, step, extra)`` of
    ``steps`` as a new PhaseTransition row (append-only: rows are only created), with
    ``extra`` e.g. ``{"early_end_reason": ..., "destination": ...}``. The guards are not
    consulted: tests of the route itself go through ``services.arrangement_transition``."""
    by = by or arrangement.created_by
    Arrangement.objects.filter(pk=arrangement.pk).update(created_at=registered)
    phase = Phase.ORIENTATION
    for at, step, extra in steps:
        PhaseTransition.objects.create(
            arrangement=arrangement,
            transition=step,
            from_phase=phase,
            to_phase=STEP_TARGETS[step],
            at=at,
            by=by,
            reason=REASONS.get(step, ""),
            **extra,
        )
        phase = STEP_TARGETS[step]
    Arrangement.objects.filter(pk=arrangement.pk).update(phase=phase)
    arrangement.refresh_from_db()
    return arrangement


def answer_survey(
    arrangement: Arrangement,
    *,
    respondent_kind: str = RespondentKind.PARENT,
    scores: tuple[int, int, int] | None = (4, 4, 4),
    offered_at=None,
    answered_on: date | None = None,
) -> SurveyInvitation:
    """The questionnaire offered about ``arrangement`` (its first jeugdige) at ``offered_at``
    to a new portal user, answered on ``answered_on`` with ``scores`` (heard, clear, helps)
    unless ``scores`` is None."""
    jeugdige = arrangement.participations.order_by("id").first().jeugdige
    invitation = SurveyInvitation.objects.create(
        arrangement=arrangement,
        jeugdige=jeugdige,
        moment=SurveyMoment.EVALUATION,
        respondent_kind=respondent_kind,
        user=UserFactory(portal=True),
        offered_at=offered_at or timezone.now(),
    )
    if scores is not None:
        heard, clear, helps = scores
        SurveyResponse.objects.create(
            invitation=invitation,
            arrangement=arrangement,
            moment=invitation.moment,
            respondent_kind=respondent_kind,
            heard=heard,
            clear=clear,
            helps=helps,
            answered_on=answered_on or timezone.localdate(),
        )
    return invitation


def running_oza(procesbegeleider, gemeente, *, days_ago=100, **kwargs):
    """An individual oza of a jeugdige living in ``gemeente``, with ``procesbegeleider``,
    registered ``days_ago`` days ago and in uitvoering since 20 days ago (history written by
    ``record_route``)."""
    now = timezone.now()
    arrangement = ArrangementFactory(
        created_by=procesbegeleider, participants=[JeugdigeFactory(gemeente=gemeente)], **kwargs
    )
    TeamMemberFactory(
        arrangement=arrangement, user=procesbegeleider, role=TeamRole.PROCESBEGELEIDER
    )
    return record_route(
        arrangement,
        registered=now - timedelta(days=days_ago),
        steps=[
            (now - timedelta(days=days_ago - 30), "start_preparation", {}),
            (now - timedelta(days=20), "start_execution", {}),
        ],
    )


# --- API ----------------------------------------------------------------------------------
def make_api_token(*, service_user: User, scopes=None, by: User | None = None, name="Koppeling"):
    """An API token made through ``oza.api.services`` acting as ``service_user`` (a
    professional of its organisation), with every scope unless ``scopes`` says otherwise.
    Returns ``(token, plain key)``."""
    from oza.api.models import SCOPES
    from oza.api.services import api_token_create

    return api_token_create(
        by=by or UserFactory(functioneel_beheerder=True),
        name=name,
        organisation=service_user.organisation,
        service_user=service_user,
        scopes=list(SCOPES) if scopes is None else scopes,
    )


# --- Accessibility ------------------------------------------------------------------------
def accessibility_data_set() -> dict:
    """One realistic data set behind every page of the site, for the browser checks of
    ``tests/accessibility``: an individual oza in uitvoering (jeugdige of 13) with a team,
    goals with evaluations, a held MDO with notes and agreements (some shared with the
    family), an MDO ahead, a granted and a requested funding line, an escalation, a proposal,
    five more oza's of the same procesbegeleider so the dashboard shows figures, a parent with
    a portal account (a shared plan PDF, an open questionnaire, a pending invitation of the
    other parent), and a functioneel beheerder with noodtoegang to the jeugdige and a PDF
    inzage, and a professional with an authenticator app. Returns the people (``member``,
    ``parent``, ``beheerder``, ``with_app``) and the URL arguments,
    named as in ``tests/security/test_access_matrix.py``."""
    from django.contrib.contenttypes.models import ContentType
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from funding.escalations import escalation_raise
    from funding.models import EscalationLevel
    from outcomes.services import survey_offer
    from oza.audit.models import AuditEvent
    from oza.avg.models import InzageExport
    from oza.portal.services import invitation_create

    member = UserFactory(first_name="Pien", last_name="Procesbegeleider")
    oza = make_individual_arrangement(procesbegeleider=member, age=13, phase=Phase.EXECUTION)
    jeugdige = the_jeugdige(oza)
    TeamMemberFactory(
        arrangement=oza,
        user=UserFactory(intern_begeleider=True, first_name="Mo", last_name="Mentor"),
        role=TeamRole.MENTOR,
    )
    for goal, score in zip(
        oza.goals.order_by("pk"), (GoalScore.PARTLY_ACHIEVED, GoalScore.ACHIEVED), strict=False
    ):
        services.goal_evaluate(
            goal=goal,
            by=member,
            score=score,
            evaluated_on=timezone.localdate(),
            remark="Twee van de vier ochtenden lukt al.",
        )
    parent = portal_guardian(jeugdige, name="Sanne de Vries")
    meeting = hold_mdo(
        oza,
        notes=[
            ("Hoe gaat het op school", "Hij is drie ochtenden per week op school.", True),
            ("Thuissituatie", "Moeder vraagt om hulp bij de ochtendroutine.", False),
        ],
        agreements=[
            ("Mentor belt elke vrijdag met moeder", True),
            ("Jeugdhulp plant twee gesprekken thuis", False),
        ],
    )
    plan_mdo(oza, starts_at=timezone.now() + timedelta(days=14))
    line = request_funding(oza, by=member, kind=FundingKind.YOUTH_CARE)
    if not EscalationLevel.objects.exists():
        EscalationLevel.objects.create(number=1, name="MDO")
    escalation = escalation_raise(
        by=member, arrangement=oza, subject="financiering", disagreement="Wie betaalt het vervoer"
    )
    proposal = write_proposal(by=member)
    document = shared_family_plan(oza, jeugdige=jeugdige, by=member)
    survey = next(
        s
        for s in survey_offer(arrangement=oza, moment=SurveyMoment.EVALUATION)
        if s.user_id == parent.user_id
    )
    other_parent = jeugdige.guardians.exclude(pk=parent.pk).first()
    invitation, token = invitation_create(
        by=member, jeugdige=jeugdige, guardian=other_parent, email=other_parent.email
    )
    gemeente = jeugdige.gemeente
    for _i in range(5):
        answer_survey(running_oza(member, gemeente))
    beheerder = UserFactory(functioneel_beheerder=True, is_staff=True)
    services.break_glass_open(
        user=beheerder, jeugdige=jeugdige, reason="AVG-verzoek: moeder vraagt inzage."
    )
    inzage = InzageExport.objects.create(jeugdige=jeugdige, requested_by=beheerder)
    with_app = UserFactory(first_name="Ali", last_name="Authenticator")
    TOTPDevice.objects.create(user=with_app, name="app", confirmed=True)
    held_item = meeting.agenda_items.first()
    arguments = {
        "oza": oza.pk,
        "jeugdige": jeugdige.pk,
        "jeugdige_pk": jeugdige.pk,
        "meeting": meeting.pk,
        "meeting_pk": meeting.pk,
        "agreement": meeting.agreements.first().pk,
        "document": document.pk,
        "document_pk": document.pk,
        "proposal": proposal.pk,
        "funding_line": line.pk,
        "line_pk": line.pk,
        "goal_pk": oza.goals.first().pk,
        "member_pk": oza.team_members.first().pk,
        "guardian_pk": parent.pk,
        "participation_pk": oza.participations.get().pk,
        "escalation_pk": escalation.pk,
        "participant_pk": meeting.participants.first().pk,
        "item_pk": held_item.pk,
        "invitation_pk": invitation.pk,
        "token": token,
        "survey_pk": survey.pk,
        "export_pk": inzage.pk,
        "audit_event": AuditEvent.objects.first().pk,
        "extension": "csv",
        "transition": "start_evaluation",
        "content_type_id": ContentType.objects.get_for_model(Arrangement).pk,
    }
    people = {
        "member": member,
        "parent": parent.user,
        "beheerder": beheerder,
        "with_app": with_app,  # a professional with an authenticator app, not yet verified
    }
    return {"people": people, "arguments": arguments, "oza": oza, "jeugdige": jeugdige}
