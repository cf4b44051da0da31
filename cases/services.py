"""Every write to a case goes through these keyword-only functions; each writes the audit trail."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_fsm import ConcurrentTransition, can_proceed

from oza.audit.models import AuditAction
from oza.audit.services import audit_change, diff, snapshot

from . import route
from .models import (
    Arrangement,
    ArrangementFunction,
    ArrangementKind,
    BreakGlassAccess,
    ConsentRecord,
    ConsentSubject,
    Destination,
    Goal,
    GoalEvaluation,
    GoalScore,
    Guardian,
    Jeugdige,
    Participation,
    Phase,
    PhaseTransition,
    TeamMember,
    TeamRole,
    may_transition,
)

TRANSITION_NAMES = (
    "start_preparation",
    "start_execution",
    "start_evaluation",
    "continue_execution",
    "adjust",
    "conclude",
    "close",
    "end_early",
)


class TransitionRefused(Exception):
    """A step on the route that may not happen now; ``messages`` says why, in Dutch."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(str(m) for m in messages))
        self.messages = messages


class ConcurrentEdit(Exception):
    """Somebody else saved the record after this form was opened; nothing was overwritten."""

    def __init__(self, current):
        super().__init__(_("Iemand anders heeft dit intussen gewijzigd."))
        self.current = current


def arrangement_jeugdige_ids(arrangement: Arrangement) -> list[int]:
    return list(arrangement.participations.values_list("jeugdige_id", flat=True))


def _full_clean(instance, exclude=()):
    # The phase is a protected FSM field that full_clean cannot write back; transitions set it.
    instance.full_clean(exclude=[*exclude, "phase"], validate_unique=True)


def save_versioned(instance, *, expected_version: int, fields: list[str]):
    """Save ``fields`` only if the row is still at ``expected_version``, else ConcurrentEdit."""
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    if any(f.name == "updated_at" for f in model._meta.fields):
        values["updated_at"] = timezone.now()
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise ConcurrentEdit(model.objects.get(pk=instance.pk))
    instance.version = expected_version + 1
    # The UPDATE bypasses Model.save(): announce the write as save() would, for receivers that
    # keep derived data fresh (e.g. the cached outcome figures).
    post_save.send(
        sender=model,
        instance=instance,
        created=False,
        update_fields=fields,
        raw=False,
        using=router.db_for_write(model, instance=instance),
    )


# --- Jeugdige -------------------------------------------------------------------------------
JEUGDIGE_FIELDS = [
    "first_name",
    "last_name",
    "date_of_birth",
    "bsn",
    "gemeente",
    "school",
    "school_type",
    "education_status",
]
ARRANGEMENT_FIELDS = [
    "name",
    "setting",
    "location",
    "planned_start",
    "planned_end",
    "capacity",
    "group_proposal",
    "support_questions",
    "protective_factors",
    "hindering_factors",
]


@transaction.atomic
def jeugdige_register(
    *,
    by,
    jeugdige: Jeugdige,
    guardians: list[Guardian],
    arrangement: Arrangement,
    functions: list[str],
    role: str,
) -> Arrangement:
    """Aanmelding: a new jeugdige with guardians and their first individual oza, on whose team
    the registering professional takes ``role``."""
    _full_clean(jeugdige)
    jeugdige.save()
    for guardian in guardians:
        guardian.jeugdige = jeugdige
        _full_clean(guardian)
        guardian.save()
    audit_change(
        actor=by,
        jeugdige_ids=[jeugdige.pk],
        obj=jeugdige,
        action=AuditAction.CREATE,
        description=_("Jeugdige aangemeld"),
        changes={name: [None, getattr(jeugdige, name)] for name in JEUGDIGE_FIELDS},
    )
    return arrangement_create(
        by=by, arrangement=arrangement, functions=functions, role=role, jeugdigen=[jeugdige]
    )


@transaction.atomic
def jeugdige_update(*, by, jeugdige: Jeugdige, data: dict, expected_version: int) -> Jeugdige:
    before = snapshot(Jeugdige.objects.get(pk=jeugdige.pk), JEUGDIGE_FIELDS)
    for name, value in data.items():
        setattr(jeugdige, name, value)
    _full_clean(jeugdige)
    save_versioned(jeugdige, expected_version=expected_version, fields=list(data))
    audit_change(
        actor=by,
        jeugdige_ids=[jeugdige.pk],
        obj=jeugdige,
        action=AuditAction.UPDATE,
        description=_("Gegevens jeugdige gewijzigd"),
        changes=diff(before, jeugdige),
    )
    return jeugdige


GUARDIAN_FIELDS = ["name", "relation", "has_authority", "email", "phone"]


def _save_audited(*, by, instance, fields: list[str], jeugdige_ids, description: str):
    """Validate and save a new or changed ``instance``; log the values or what changed."""
    adding = instance._state.adding
    before = {} if adding else snapshot(type(instance).objects.get(pk=instance.pk), fields)
    _full_clean(instance)
    instance.save()
    audit_change(
        actor=by,
        jeugdige_ids=jeugdige_ids,
        obj=instance,
        action=AuditAction.CREATE if adding else AuditAction.UPDATE,
        description=description,
        changes={n: [None, getattr(instance, n)] for n in fields}
        if adding
        else diff(before, instance),
    )
    return instance


def save_versioned_audited(
    *,
    by,
    instance,
    fields: list[str],
    expected_version: int | None,
    jeugdige_ids,
    description: str,
    check=None,
):
    """Insert a new ``instance``, or save ``fields`` of an existing one only if nobody saved it
    since ``expected_version`` (default: the version it was loaded with), else ConcurrentEdit.
    ``check(instance)`` may refuse with a ValidationError after validation. Logs what changed."""
    adding = instance._state.adding
    before = {} if adding else snapshot(type(instance).objects.get(pk=instance.pk), fields)
    instance.full_clean(exclude=["created_by"])
    if check is not None:
        check(instance)
    if adding:
        instance.save()
    else:
        save_versioned(
            instance,
            expected_version=instance.version if expected_version is None else expected_version,
            fields=fields,
        )
    audit_change(
        actor=by,
        jeugdige_ids=jeugdige_ids,
        obj=instance,
        action=AuditAction.CREATE if adding else AuditAction.UPDATE,
        description=description,
        changes={
            name: [before.get(name), getattr(instance, name)]
            for name in fields
            if before.get(name) != getattr(instance, name)
        },
    )
    return instance


@transaction.atomic
def guardian_save(*, by, guardian: Guardian) -> Guardian:
    return _save_audited(
        by=by,
        instance=guardian,
        fields=GUARDIAN_FIELDS,
        jeugdige_ids=[guardian.jeugdige_id],
        description=_("Ouder/verzorger vastgelegd"),
    )


# --- Arrangement ----------------------------------------------------------------------------
def _set_functions(arrangement: Arrangement, functions: list[str]) -> None:
    ArrangementFunction.objects.filter(arrangement=arrangement).exclude(
        function__in=functions
    ).delete()
    existing = set(arrangement.functions.values_list("function", flat=True))
    ArrangementFunction.objects.bulk_create(
        ArrangementFunction(arrangement=arrangement, function=f)
        for f in functions
        if f not in existing
    )


@transaction.atomic
def arrangement_create(
    *,
    by,
    arrangement: Arrangement,
    functions: list[str],
    role: str,
    jeugdigen: list[Jeugdige] = (),
) -> Arrangement:
    """A new oza with ``by`` on its team in ``role``; an individual oza has one jeugdige."""
    if not functions:
        raise ValidationError({"functions": _("Kies minstens één functie van het oza.")})
    if arrangement.kind == ArrangementKind.INDIVIDUAL and len(jeugdigen) != 1:
        raise ValidationError(_("Een individueel oza is voor precies één jeugdige."))
    if arrangement.capacity is not None and len(jeugdigen) > arrangement.capacity:
        raise ValidationError(
            {
                "capacity": _("Er zijn meer deelnemers (%(n)s) dan plaatsen (%(capacity)s).")
                % {"n": len(jeugdigen), "capacity": arrangement.capacity}
            }
        )
    _check_role_allowed(user=by, role=role)
    arrangement.created_by = by
    _full_clean(arrangement, exclude=["created_by"])
    arrangement.save()
    _set_functions(arrangement, functions)
    TeamMember.objects.create(arrangement=arrangement, user=by, role=role)
    for jeugdige in jeugdigen:
        Participation.objects.create(
            arrangement=arrangement, jeugdige=jeugdige, joined_on=arrangement.planned_start
        )
    audit_change(
        actor=by,
        jeugdige_ids=[j.pk for j in jeugdigen],
        obj=arrangement,
        action=AuditAction.CREATE,
        description=_("Oza aangemaakt"),
        changes={name: [None, getattr(arrangement, name)] for name in ARRANGEMENT_FIELDS}
        | {"functions": [None, sorted(functions)]},
    )
    return arrangement


@transaction.atomic
def arrangement_update(
    *, by, arrangement: Arrangement, data: dict, functions: list[str], expected_version: int
) -> Arrangement:
    if not functions:
        raise ValidationError({"functions": _("Kies minstens één functie van het oza.")})
    stored = Arrangement.objects.get(pk=arrangement.pk)
    before = snapshot(stored, ARRANGEMENT_FIELDS)
    old_functions = sorted(stored.functions.values_list("function", flat=True))
    for name, value in data.items():
        setattr(arrangement, name, value)
    _full_clean(arrangement)
    if arrangement.is_group:
        _check_capacity(arrangement, extra=0)
    save_versioned(arrangement, expected_version=expected_version, fields=list(data))
    _set_functions(arrangement, functions)
    changes = diff(before, arrangement)
    if old_functions != sorted(functions):
        changes["functions"] = [old_functions, sorted(functions)]
    audit_change(
        actor=by,
        jeugdige_ids=arrangement_jeugdige_ids(arrangement),
        obj=arrangement,
        action=AuditAction.UPDATE,
        description=_("Oza gewijzigd"),
        changes=changes,
    )
    return arrangement


# --- Participants of a group oza ------------------------------------------------------------
def _check_capacity(arrangement: Arrangement, *, extra: int) -> None:
    taken = Participation.objects.filter(arrangement=arrangement, left_on__isnull=True).count()
    if arrangement.capacity is not None and taken + extra > arrangement.capacity:
        raise ValidationError(
            _("Het groepsarrangement is vol: %(taken)s van %(capacity)s plaatsen zijn bezet.")
            % {"taken": taken, "capacity": arrangement.capacity}
        )


@transaction.atomic
def participation_add(*, by, arrangement: Arrangement, jeugdige: Jeugdige, joined_on: date):
    # Lock the oza so two members added at once cannot both take the last place.
    arrangement = Arrangement.objects.select_for_update().get(pk=arrangement.pk)
    if not arrangement.is_group:
        raise ValidationError(
            _("Alleen aan een groepsarrangement kunnen deelnemers worden toegevoegd.")
        )
    if not arrangement.is_active:
        raise ValidationError(_("Dit oza is afgerond; er kunnen geen deelnemers meer bij."))
    if Participation.objects.filter(
        arrangement=arrangement, jeugdige=jeugdige, left_on__isnull=True
    ).exists():
        raise ValidationError(
            _("%(jeugdige)s doet al mee aan dit groepsarrangement.") % {"jeugdige": jeugdige}
        )
    _check_capacity(arrangement, extra=1)
    participation = Participation(arrangement=arrangement, jeugdige=jeugdige, joined_on=joined_on)
    _full_clean(participation)
    participation.save()
    audit_change(
        actor=by,
        jeugdige_ids=[jeugdige.pk],
        obj=participation,
        action=AuditAction.CREATE,
        description=_("Deelnemer toegevoegd aan %(oza)s") % {"oza": arrangement},
        changes={"joined_on": [None, joined_on]},
    )
    return participation


@transaction.atomic
def participation_end(
    *, by, participation: Participation, left_on: date, destination: str = ""
) -> Participation:
    """End a member's participation on ``left_on``; ``destination`` (optional) is where the
    jeugdige goes next (bestemming)."""
    if left_on < participation.joined_on:
        raise ValidationError(
            {"left_on": _("De einddatum van de deelname ligt voor de startdatum.")}
        )
    if destination and destination not in Destination.values:
        raise ValidationError({"destination": _("Kies een bestemming uit de lijst.")})
    participation.left_on = left_on
    participation.destination = destination
    participation.save(update_fields=["left_on", "destination"])
    audit_change(
        actor=by,
        jeugdige_ids=[participation.jeugdige_id],
        obj=participation,
        action=AuditAction.UPDATE,
        description=_("Deelname beëindigd"),
        changes={
            "left_on": [None, left_on],
            **({"destination": ["", destination]} if destination else {}),
        },
    )
    return participation


# --- Team -----------------------------------------------------------------------------------
def _check_role_allowed(*, user, role: str) -> None:
    if role == TeamRole.PROCESBEGELEIDER and not user.can_be_procesbegeleider:
        raise ValidationError(
            {
                "role": _("%(user)s kan geen procesbegeleider zijn met de functie %(function)s.")
                % {"user": user, "function": user.get_function_display().lower()}
            }
        )


@transaction.atomic
def team_member_add(*, by, arrangement: Arrangement, user, role: str) -> TeamMember:
    if not user.is_professional or user.is_functional_admin:
        raise ValidationError(
            {"user": _("Alleen professionals kunnen in het team worden opgenomen.")}
        )
    _check_role_allowed(user=user, role=role)
    if TeamMember.objects.filter(arrangement=arrangement, user=user).exists():
        raise ValidationError({"user": _("%(user)s staat al in het team.") % {"user": user}})
    if (
        role == TeamRole.PROCESBEGELEIDER
        and TeamMember.objects.filter(
            arrangement=arrangement, role=TeamRole.PROCESBEGELEIDER
        ).exists()
    ):
        raise ValidationError(
            {
                "role": _(
                    "Dit oza heeft al een procesbegeleider; er is er maar één. Wilt u "
                    "wisselen? Voeg de persoon toe met een andere rol en maak hem of haar "
                    "daarna procesbegeleider."
                )
            }
        )
    member = TeamMember.objects.create(arrangement=arrangement, user=user, role=role)
    audit_change(
        actor=by,
        jeugdige_ids=arrangement_jeugdige_ids(arrangement),
        obj=member,
        action=AuditAction.CREATE,
        description=_("Teamlid toegevoegd: %(user)s als %(role)s")
        % {"user": user, "role": member.get_role_display().lower()},
    )
    return member


@transaction.atomic
def team_member_remove(*, by, member: TeamMember) -> None:
    arrangement = member.arrangement
    if member.role == TeamRole.PROCESBEGELEIDER and arrangement.phase != Phase.ORIENTATION:
        raise ValidationError(
            _(
                "De procesbegeleider kan na de oriëntatie niet weg zonder opvolger. Voeg eerst een "
                "nieuwe procesbegeleider toe door de rol over te dragen."
            )
        )
    if arrangement.team_members.count() == 1:
        raise ValidationError(_("Het laatste teamlid kan niet worden verwijderd."))
    audit_change(
        actor=by,
        jeugdige_ids=arrangement_jeugdige_ids(arrangement),
        obj=member,
        action=AuditAction.DELETE,
        description=_("Teamlid verwijderd: %(user)s") % {"user": member.user},
    )
    member.delete()


@transaction.atomic
def procesbegeleider_handover(*, by, arrangement: Arrangement, to: TeamMember, old_role: str):
    """Make team member ``to`` the procesbegeleider; the previous one keeps ``old_role``."""
    if to.arrangement_id != arrangement.pk:
        raise ValidationError(_("Deze persoon staat niet in het team van dit oza."))
    if old_role == TeamRole.PROCESBEGELEIDER:
        raise ValidationError({"role": _("Kies een andere rol voor de vorige procesbegeleider.")})
    _check_role_allowed(user=to.user, role=TeamRole.PROCESBEGELEIDER)
    previous = TeamMember.objects.filter(
        arrangement=arrangement, role=TeamRole.PROCESBEGELEIDER
    ).first()
    if previous:
        previous.role = old_role
        previous.save(update_fields=["role"])
    to.role = TeamRole.PROCESBEGELEIDER
    to.save(update_fields=["role"])
    audit_change(
        actor=by,
        jeugdige_ids=arrangement_jeugdige_ids(arrangement),
        obj=to,
        action=AuditAction.UPDATE,
        description=_("Procesbegeleider overgedragen aan %(user)s") % {"user": to.user},
        changes={"procesbegeleider": [str(previous.user) if previous else None, str(to.user)]},
    )


# --- Goals ----------------------------------------------------------------------------------
GOAL_FIELDS = ["domain", "description", "target_date"]


@transaction.atomic
def goal_save(*, by, goal: Goal) -> Goal:
    return _save_audited(
        by=by,
        instance=goal,
        fields=GOAL_FIELDS,
        jeugdige_ids=arrangement_jeugdige_ids(goal.arrangement),
        description=_("Doel vastgelegd"),
    )


@transaction.atomic
def goal_delete(*, by, goal: Goal) -> None:
    if goal.evaluations.exists():
        raise ValidationError(
            _("Dit doel is al geëvalueerd; het blijft bewaard zodat de evaluaties kloppen.")
        )
    audit_change(
        actor=by,
        jeugdige_ids=arrangement_jeugdige_ids(goal.arrangement),
        obj=goal,
        action=AuditAction.DELETE,
        description=_("Doel verwijderd"),
        changes={n: [getattr(goal, n), None] for n in GOAL_FIELDS},
    )
    goal.delete()


@transaction.atomic
def goal_evaluate(
    *, goal: Goal, by, score: str, evaluated_on: date, remark: str = ""
) -> GoalEvaluation:
    """Record how far ``goal`` was reached on ``evaluated_on`` (team members only)."""
    from .selectors import is_team_member

    arrangement = goal.arrangement
    if not is_team_member(by, arrangement):
        raise ValidationError(_("Alleen teamleden evalueren de doelen van dit oza."))
    if score not in GoalScore.values:
        raise ValidationError({"score": _("Kies een geldig resultaat.")})
    if evaluated_on > timezone.localdate():
        raise ValidationError(
            {"evaluated_on": _("De evaluatiedatum kan niet in de toekomst liggen.")}
        )
    evaluation = GoalEvaluation.objects.create(
        goal=goal, score=score, evaluated_on=evaluated_on, remark=remark.strip(), recorded_by=by
    )
    audit_change(
        actor=by,
        jeugdige_ids=arrangement_jeugdige_ids(arrangement),
        obj=evaluation,
        action=AuditAction.CREATE,
        description=_("Doel geëvalueerd: %(score)s") % {"score": evaluation.get_score_display()},
        changes={
            "goal": [None, goal.pk],
            "score": [None, score],
            "evaluated_on": [None, evaluated_on],
            "remark": [None, evaluation.remark],
        },
    )
    return evaluation


# --- Consent --------------------------------------------------------------------------------
CONSENT_DESCRIPTIONS = {
    (ConsentSubject.AKKOORD, True): _lazy("Akkoord vastgelegd van %(who)s"),
    (ConsentSubject.AKKOORD, False): _lazy("Akkoord ingetrokken door %(who)s"),
    (ConsentSubject.PARENTS_MAY_VIEW, True): _lazy("%(who)s laat de ouders meekijken"),
    (ConsentSubject.PARENTS_MAY_VIEW, False): _lazy("%(who)s laat de ouders niet meer meekijken"),
    (ConsentSubject.NON_CUSTODIAL_MAY_VIEW, True): _lazy(
        "%(who)s laat %(about)s (zonder gezag) meekijken"
    ),
    (ConsentSubject.NON_CUSTODIAL_MAY_VIEW, False): _lazy(
        "%(who)s laat %(about)s (zonder gezag) niet meer meekijken"
    ),
}


@transaction.atomic
def consent_record(
    *,
    by,
    jeugdige: Jeugdige,
    guardian: Guardian | None,
    given: bool,
    arrangement: Arrangement | None = None,
    subject: str = ConsentSubject.AKKOORD,
    about_guardian: Guardian | None = None,
    note: str = "",
) -> ConsentRecord:
    """Record a decision of ``guardian`` (or, when None, of the jeugdige) about ``subject``.

    Akkoord is per oza (``arrangement``); the portal permissions are per jeugdige: a jeugdige
    of 16+ lets the parents look along (``guardian`` None), a parent with gezag lets
    ``about_guardian``, a parent without gezag, look along. Who may decide by age is checked by
    the caller (the professional's form, or ``oza.portal.services``)."""
    if subject not in ConsentSubject.values:
        raise ValidationError(_("Onbekend onderwerp van toestemming."))
    if subject == ConsentSubject.AKKOORD:
        if arrangement is None or about_guardian is not None:
            raise ValidationError(_("Akkoord geldt voor een oza."))
        if not arrangement.participations.filter(jeugdige=jeugdige).exists():
            raise ValidationError(_("Deze jeugdige doet niet mee aan dit oza."))
    elif arrangement is not None:
        raise ValidationError(_("Deze toestemming geldt voor de jeugdige, niet voor één oza."))
    if guardian is not None and guardian.jeugdige_id != jeugdige.pk:
        raise ValidationError(_("Deze ouder/verzorger hoort niet bij deze jeugdige."))
    if subject == ConsentSubject.PARENTS_MAY_VIEW and guardian is not None:
        raise ValidationError(_("Alleen de jeugdige zelf beslist of ouders mogen meekijken."))
    if subject == ConsentSubject.NON_CUSTODIAL_MAY_VIEW:
        if guardian is None or not guardian.has_authority:
            raise ValidationError(_("Alleen een ouder met gezag geeft deze toestemming."))
        if (
            about_guardian is None
            or about_guardian.jeugdige_id != jeugdige.pk
            or about_guardian.has_authority
        ):
            raise ValidationError(_("Kies een ouder zonder gezag van deze jeugdige."))
    record = ConsentRecord.objects.create(
        subject=subject,
        arrangement=arrangement,
        jeugdige=jeugdige,
        guardian=guardian,
        about_guardian=about_guardian,
        given=given,
        note=note,
        recorded_by=by,
    )
    audit_change(
        actor=by,
        jeugdige_ids=[jeugdige.pk],
        obj=record,
        action=AuditAction.CREATE,
        description=str(CONSENT_DESCRIPTIONS[(subject, given)])
        % {
            "who": guardian.name if guardian else jeugdige,
            "about": about_guardian.name if about_guardian else "",
        },
    )
    return record


# --- The route ------------------------------------------------------------------------------
def transition_meta(arrangement: Arrangement, name: str) -> dict:
    method = getattr(arrangement, name)
    return method._django_fsm.get_transition(arrangement.phase).custom


def available_steps(arrangement: Arrangement, user) -> list[dict]:
    """The steps leaving the current phase, each with what still blocks it (empty: allowed)."""
    steps = []
    allowed_user = may_transition(arrangement, user)
    for name in TRANSITION_NAMES:
        method = getattr(arrangement, name)
        if not can_proceed(method, check_conditions=False):
            continue
        meta = transition_meta(arrangement, name)
        steps.append(
            {
                "name": name,
                "label": meta["label"],
                "requires_reason": meta.get("requires_reason", False),
                "early_end": meta.get("early_end", False),
                "destination": meta.get("destination", False) and not arrangement.is_group,
                "outcome": meta.get("outcome", False),
                "missing": route.missing_for(arrangement, name),
                "permitted": allowed_user,
            }
        )
    return steps


def arrangement_transition(
    *,
    arrangement: Arrangement,
    to: str,
    by,
    reason: str = "",
    early_end_reason: str = "",
    destination: str = "",
    expected_phase: str | None = None,
) -> PhaseTransition:
    """Take step ``to`` (a transition name) on the route, or raise TransitionRefused.
    Closing or ending an individual oza early needs the ``destination`` (bestemming) of the
    jeugdige; a group records it per member when their participation ends."""
    if to not in TRANSITION_NAMES:
        raise TransitionRefused([_("Onbekende stap.")])
    if expected_phase is not None and expected_phase != arrangement.phase:
        raise TransitionRefused(
            [
                _(
                    "De fase van dit oza is intussen gewijzigd door iemand anders. Bekijk de "
                    "actuele fase en kies opnieuw."
                )
            ]
        )
    method = getattr(arrangement, to)
    if not can_proceed(method, check_conditions=False):
        raise TransitionRefused(
            [
                _("Deze stap is niet mogelijk vanuit de fase %(phase)s.")
                % {"phase": arrangement.get_phase_display()}
            ]
        )
    if not may_transition(arrangement, by):
        raise TransitionRefused(
            [
                _(
                    "Alleen de procesbegeleider van dit oza of een functioneel beheerder van het "
                    "samenwerkingsverband of de gemeente kan de fase wijzigen."
                )
            ]
        )
    meta = transition_meta(arrangement, to)
    problems = route.missing_for(arrangement, to)
    reason = reason.strip()
    if meta.get("requires_reason") and not reason:
        problems.append(_("Geef een reden of toelichting bij deze stap."))
    if meta.get("early_end") and not early_end_reason:
        problems.append(_("Kies de reden van de voortijdige beëindiging."))
    records_destination = meta.get("destination") and not arrangement.is_group
    if records_destination and destination not in Destination.values:
        problems.append(_("Kies de bestemming van de jeugdige na dit oza."))
    if problems:
        raise TransitionRefused(problems)

    from_phase = arrangement.phase
    try:
        with transaction.atomic():
            method()
            arrangement.save(update_fields=["phase"])
            history = PhaseTransition.objects.create(
                arrangement=arrangement,
                transition=to,
                from_phase=from_phase,
                to_phase=arrangement.phase,
                by=by,
                reason=reason,
                early_end_reason=early_end_reason if meta.get("early_end") else "",
                destination=destination if records_destination else "",
            )
            audit_change(
                actor=by,
                jeugdige_ids=arrangement_jeugdige_ids(arrangement),
                obj=arrangement,
                action=AuditAction.TRANSITION,
                description=_("Fase %(from)s → %(to)s")
                % {"from": Phase(from_phase).label, "to": Phase(arrangement.phase).label},
                changes={
                    "phase": [from_phase, arrangement.phase],
                    "reason": reason,
                    **({"destination": destination} if records_destination else {}),
                },
                # A beheerder takes the step for the procesbegeleider, whose task it is.
                on_behalf_of=arrangement.procesbegeleider if by.is_functional_admin else None,
            )
    except ConcurrentTransition:
        arrangement.refresh_from_db()
        raise TransitionRefused(
            [
                _(
                    "Iemand anders heeft de fase van dit oza zojuist gewijzigd. Uw stap is niet "
                    "uitgevoerd; bekijk de actuele fase en probeer het zo nodig opnieuw."
                )
            ]
        ) from None
    return history


# --- Break the glass ------------------------------------------------------------------------
@transaction.atomic
def break_glass_open(*, user, jeugdige: Jeugdige, reason: str) -> BreakGlassAccess:
    """A functioneel beheerder opens one jeugdige's dossier, with a reason, for a limited time."""
    if not user.is_functional_admin:
        raise ValidationError(_("Alleen een functioneel beheerder gebruikt noodtoegang."))
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Beschrijf de reden in minstens tien tekens.")})
    now = timezone.now()
    access = BreakGlassAccess.objects.create(
        user=user,
        jeugdige=jeugdige,
        reason=reason.strip(),
        granted_at=now,
        expires_at=now + timedelta(minutes=settings.OZA_BREAK_GLASS_MINUTES),
    )
    audit_change(
        actor=user,
        jeugdige_ids=[jeugdige.pk],
        obj=access,
        action=AuditAction.BREAK_GLASS,
        description=_("Noodtoegang: %(reason)s") % {"reason": reason.strip()[:200]},
    )
    return access
