"""The five-phase route: allowed and refused steps, guards, history, permission, concurrency."""

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.utils.timezone import localdate

from cases import route, services
from cases.models import (
    ACTIVE_PHASES,
    Arrangement,
    EarlyEndReason,
    GoalDomain,
    Phase,
    PhaseTransition,
    TeamRole,
    age_on,
)
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    DESTINATIONS,
    REASONS,
    ArrangementFactory,
    ConsentRecordFactory,
    GemeenteFactory,
    GoalFactory,
    GuardianFactory,
    JeugdigeFactory,
    ParticipationFactory,
    TeamMemberFactory,
    UserFactory,
    add_goals,
    give_consent,
    grant_funding,
    hold_start_mdo,
    make_group_arrangement,
    make_individual_arrangement,
    satisfy_guards,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

ALLOWED = [
    (Phase.ORIENTATION, "start_preparation", Phase.PREPARATION),
    (Phase.PREPARATION, "start_execution", Phase.EXECUTION),
    (Phase.EXECUTION, "start_evaluation", Phase.EVALUATION),
    (Phase.EVALUATION, "continue_execution", Phase.EXECUTION),
    (Phase.EVALUATION, "adjust", Phase.PREPARATION),
    (Phase.EVALUATION, "conclude", Phase.DECISION),
    (Phase.DECISION, "close", Phase.CLOSED),
    *[(phase, "end_early", Phase.ENDED_EARLY) for phase in ACTIVE_PHASES],
]
ALLOWED_PAIRS = {(source, step) for source, step, _target in ALLOWED}
REFUSED = [
    (phase, step)
    for phase in Phase
    for step in services.TRANSITION_NAMES
    if (phase, step) not in ALLOWED_PAIRS
]

REASON_REQUIRED = "Geef een reden of toelichting bij deze stap."
EARLY_END_REASON_REQUIRED = "Kies de reden van de voortijdige beëindiging."
NOT_ALLOWED_BY = (
    "Alleen de procesbegeleider van dit oza of een functioneel beheerder van het "
    "samenwerkingsverband of de gemeente kan de fase wijzigen."
)


def step(arrangement, to, by, **kwargs):
    """Take a step with a reason (and an early-end reason) unless the test overrides them."""
    kwargs.setdefault("reason", REASONS.get(to, ""))
    if to == "end_early":
        kwargs.setdefault("early_end_reason", EarlyEndReason.MOVED)
    kwargs.setdefault("destination", DESTINATIONS.get(to, ""))
    return services.arrangement_transition(arrangement=arrangement, to=to, by=by, **kwargs)


def refused(arrangement, to, by, **kwargs) -> list[str]:
    """Take a step that must be refused; return the Dutch messages and check nothing changed."""
    phase_before = Arrangement.objects.get(pk=arrangement.pk).phase
    history_before = PhaseTransition.objects.filter(arrangement=arrangement).count()
    with pytest.raises(services.TransitionRefused) as excinfo:
        step(arrangement, to, by, **kwargs)
    assert Arrangement.objects.get(pk=arrangement.pk).phase == phase_before
    assert PhaseTransition.objects.filter(arrangement=arrangement).count() == history_before
    return [str(message) for message in excinfo.value.messages]


def consent_message(name, jeugdige, age):
    return f"Akkoord ontbreekt van {name} voor {jeugdige} ({age} jaar)."


NO_MDO = "Houd eerst een MDO met ouders, onderwijsconsulent en jeugd- en gezinscoach."


def in_orientation(**kwargs):
    """An individual oza in oriëntatie whose start-MDO has been held, so only the other guards
    (consent, procesbegeleider, participants) are left to decide."""
    oza = make_individual_arrangement(**kwargs)
    hold_start_mdo(oza)
    return oza


# --- Allowed and refused steps ---------------------------------------------------------------
@pytest.mark.parametrize(("source", "to", "target"), ALLOWED)
def test_every_allowed_transition(procesbegeleider, source, to, target):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=source)
    satisfy_guards(oza)
    before = list(oza.transitions.values_list("pk", flat=True))

    history = step(oza, to, procesbegeleider)

    assert oza.phase == target
    assert Arrangement.objects.get(pk=oza.pk).phase == target
    new_rows = PhaseTransition.objects.filter(arrangement=oza).exclude(pk__in=before)
    assert list(new_rows) == [history]
    assert (history.transition, history.from_phase, history.to_phase) == (to, source, target)
    assert history.by == procesbegeleider
    assert history.reason == REASONS.get(to, "")
    expected_early_end = EarlyEndReason.MOVED if to == "end_early" else ""
    assert history.early_end_reason == expected_early_end
    assert history.destination == DESTINATIONS.get(to, "")


@pytest.mark.parametrize(("source", "to"), REFUSED)
def test_every_other_transition_is_refused(procesbegeleider, source, to):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=source)
    satisfy_guards(oza)

    messages = refused(oza, to, procesbegeleider)

    assert messages == [f"Deze stap is niet mogelijk vanuit de fase {Phase(source).label}."]
    assert oza.phase == source


def test_unknown_step_is_refused(oza, procesbegeleider):
    assert refused(oza, "delete", procesbegeleider) == ["Onbekende stap."]


@pytest.mark.parametrize("final", [Phase.CLOSED, Phase.ENDED_EARLY])
def test_nothing_leaves_a_final_phase(procesbegeleider, final):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=final)
    assert not oza.is_active
    assert services.available_steps(oza, procesbegeleider) == []
    for to in services.TRANSITION_NAMES:
        refused(oza, to, procesbegeleider)


def test_phase_cannot_be_written_directly(oza):
    """The phase is a protected FSMField: only transitions change it."""
    with pytest.raises(AttributeError):
        oza.phase = Phase.EXECUTION


# --- Consent by age -------------------------------------------------------------------------
def test_under_12_all_guardians_with_gezag_must_agree_not_the_jeugdige(procesbegeleider):
    oza = in_orientation(procesbegeleider=procesbegeleider, age=10, guardians=2)
    jeugdige = the_jeugdige(oza)
    mother, father = jeugdige.guardians.all()
    ConsentRecordFactory(arrangement=oza, guardian=mother)

    assert refused(oza, "start_preparation", procesbegeleider) == [
        consent_message(father.name, jeugdige, 10)
    ]

    ConsentRecordFactory(arrangement=oza, guardian=father)
    step(oza, "start_preparation", procesbegeleider)
    assert oza.phase == Phase.PREPARATION
    assert not oza.consents.filter(guardian=None).exists()


def test_guardian_without_gezag_need_not_agree(procesbegeleider):
    oza = in_orientation(procesbegeleider=procesbegeleider, age=8)
    jeugdige = the_jeugdige(oza)
    GuardianFactory(jeugdige=jeugdige, name="Stiefvader", has_authority=False)
    ConsentRecordFactory(arrangement=oza, guardian=jeugdige.guardians.get(has_authority=True))

    step(oza, "start_preparation", procesbegeleider)

    assert oza.phase == Phase.PREPARATION


def test_12_to_15_guardians_with_gezag_and_the_jeugdige_must_agree(procesbegeleider):
    oza = in_orientation(procesbegeleider=procesbegeleider, age=13)
    jeugdige = the_jeugdige(oza)
    guardian = jeugdige.guardians.get()

    assert refused(oza, "start_preparation", procesbegeleider) == [
        consent_message(guardian.name, jeugdige, 13),
        consent_message(jeugdige, jeugdige, 13),
    ]
    ConsentRecordFactory(arrangement=oza, guardian=guardian)
    assert refused(oza, "start_preparation", procesbegeleider) == [
        consent_message(jeugdige, jeugdige, 13)
    ]

    ConsentRecordFactory(arrangement=oza, jeugdige=jeugdige, guardian=None)
    step(oza, "start_preparation", procesbegeleider)
    assert oza.phase == Phase.PREPARATION


def test_12_to_15_the_jeugdige_alone_is_not_enough(procesbegeleider):
    oza = in_orientation(procesbegeleider=procesbegeleider, age=15)
    jeugdige = the_jeugdige(oza)
    ConsentRecordFactory(arrangement=oza, jeugdige=jeugdige, guardian=None)

    assert refused(oza, "start_preparation", procesbegeleider) == [
        consent_message(jeugdige.guardians.get().name, jeugdige, 15)
    ]


def test_16_and_older_only_the_jeugdige_decides(procesbegeleider):
    oza = in_orientation(procesbegeleider=procesbegeleider, age=16)
    jeugdige = the_jeugdige(oza)
    ConsentRecordFactory(arrangement=oza, guardian=jeugdige.guardians.get())

    assert refused(oza, "start_preparation", procesbegeleider) == [
        consent_message(jeugdige, jeugdige, 16)
    ]

    ConsentRecordFactory(arrangement=oza, jeugdige=jeugdige, guardian=None)
    step(oza, "start_preparation", procesbegeleider)
    assert oza.phase == Phase.PREPARATION


def test_16_and_older_without_any_guardian_may_start(procesbegeleider):
    jeugdige = JeugdigeFactory(age=17)
    oza = in_orientation(procesbegeleider=procesbegeleider, jeugdige=jeugdige)
    ConsentRecordFactory(arrangement=oza, jeugdige=jeugdige, guardian=None)

    step(oza, "start_preparation", procesbegeleider)

    assert oza.phase == Phase.PREPARATION


def test_under_16_without_guardian_with_gezag_is_refused(procesbegeleider):
    jeugdige = JeugdigeFactory(age=14)
    GuardianFactory(jeugdige=jeugdige, has_authority=False)
    oza = in_orientation(procesbegeleider=procesbegeleider, jeugdige=jeugdige)
    ConsentRecordFactory(arrangement=oza, jeugdige=jeugdige, guardian=None)

    assert refused(oza, "start_preparation", procesbegeleider) == [
        f"Leg bij {jeugdige} een ouder of verzorger met gezag vast: onder de 16 jaar "
        "moeten zij akkoord geven.",
        # Without a parent with gezag nobody speaks for a 14-year-old at the MDO either.
        f"Bij het MDO van {localdate(oza.meetings.get().starts_at):%d-%m-%Y} was geen ouder "
        "of verzorger aanwezig "
        "(vanaf 16 jaar mag dat ook de jeugdige zelf zijn).",
    ]


def test_withdrawn_consent_blocks_until_given_again(procesbegeleider):
    oza = in_orientation(procesbegeleider=procesbegeleider, age=9)
    jeugdige = the_jeugdige(oza)
    guardian = jeugdige.guardians.get()
    moment = datetime(2025, 3, 3, 9, 0, tzinfo=AMSTERDAM)
    ConsentRecordFactory(arrangement=oza, guardian=guardian, recorded_at=moment)
    ConsentRecordFactory(
        arrangement=oza, guardian=guardian, given=False, recorded_at=moment + timedelta(days=1)
    )

    assert refused(oza, "start_preparation", procesbegeleider) == [
        consent_message(guardian.name, jeugdige, 9)
    ]

    ConsentRecordFactory(arrangement=oza, guardian=guardian, recorded_at=moment + timedelta(days=2))
    step(oza, "start_preparation", procesbegeleider)
    assert oza.phase == Phase.PREPARATION


def test_latest_consent_is_decided_by_recorded_at_not_by_insert_order(procesbegeleider):
    """A withdrawal entered afterwards but dated earlier does not override a later akkoord."""
    oza = in_orientation(procesbegeleider=procesbegeleider, age=9)
    guardian = the_jeugdige(oza).guardians.get()
    moment = datetime(2025, 3, 3, 9, 0, tzinfo=AMSTERDAM)
    ConsentRecordFactory(arrangement=oza, guardian=guardian, recorded_at=moment)
    ConsentRecordFactory(
        arrangement=oza, guardian=guardian, given=False, recorded_at=moment - timedelta(days=1)
    )

    step(oza, "start_preparation", procesbegeleider)

    assert oza.phase == Phase.PREPARATION


def test_consent_for_another_oza_does_not_count(procesbegeleider):
    oza = in_orientation(procesbegeleider=procesbegeleider, age=9)
    jeugdige = the_jeugdige(oza)
    other = make_individual_arrangement(procesbegeleider=procesbegeleider, jeugdige=jeugdige)
    give_consent(other)

    assert refused(oza, "start_preparation", procesbegeleider) == [
        consent_message(jeugdige.guardians.get().name, jeugdige, 9)
    ]


def test_oza_without_jeugdige_cannot_start(procesbegeleider):
    group = make_group_arrangement(procesbegeleider=procesbegeleider)

    assert refused(group, "start_preparation", procesbegeleider) == [
        "Er doet op dit moment geen jeugdige mee aan dit oza.",
        NO_MDO,
    ]


@pytest.mark.parametrize(
    ("today", "age", "jeugdige_must_agree"),
    [
        (datetime(2024, 6, 14, 23, 30, tzinfo=AMSTERDAM), 11, False),
        (datetime(2024, 6, 15, 0, 30, tzinfo=AMSTERDAM), 12, True),
    ],
    ids=["day-before-12th-birthday", "on-12th-birthday"],
)
def test_12th_birthday_itself_brings_the_jeugdige_in(
    procesbegeleider, today, age, jeugdige_must_agree
):
    with time_machine.travel(today, tick=False):
        jeugdige = JeugdigeFactory(date_of_birth=date(2012, 6, 15))
        guardian = GuardianFactory(jeugdige=jeugdige)
        oza = in_orientation(procesbegeleider=procesbegeleider, jeugdige=jeugdige)
        ConsentRecordFactory(arrangement=oza, guardian=guardian)
        assert jeugdige.age() == age

        if jeugdige_must_agree:
            assert refused(oza, "start_preparation", procesbegeleider) == [
                consent_message(jeugdige, jeugdige, 12)
            ]
        else:
            step(oza, "start_preparation", procesbegeleider)
            assert oza.phase == Phase.PREPARATION


@pytest.mark.parametrize(
    ("today", "guardian_must_agree"),
    [
        (datetime(2024, 6, 14, 23, 30, tzinfo=AMSTERDAM), True),
        (datetime(2024, 6, 15, 0, 30, tzinfo=AMSTERDAM), False),
    ],
    ids=["day-before-16th-birthday", "on-16th-birthday"],
)
def test_16th_birthday_itself_leaves_the_decision_to_the_jeugdige(
    procesbegeleider, today, guardian_must_agree
):
    with time_machine.travel(today, tick=False):
        jeugdige = JeugdigeFactory(date_of_birth=date(2008, 6, 15))
        guardian = GuardianFactory(jeugdige=jeugdige)
        oza = in_orientation(procesbegeleider=procesbegeleider, jeugdige=jeugdige)
        ConsentRecordFactory(arrangement=oza, jeugdige=jeugdige, guardian=None)

        if guardian_must_agree:
            assert refused(oza, "start_preparation", procesbegeleider) == [
                consent_message(guardian.name, jeugdige, 15)
            ]
        else:
            step(oza, "start_preparation", procesbegeleider)
            assert oza.phase == Phase.PREPARATION


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 6, 14), 11),
        (date(2024, 6, 15), 12),
        (date(2025, 6, 14), 12),
        (date(2025, 6, 15), 13),
    ],
)
def test_age_on_counts_the_birthday_itself(day, expected):
    assert age_on(date(2012, 6, 15), day) == expected


def test_age_on_for_a_29_february_birthday():
    assert age_on(date(2012, 2, 29), date(2024, 2, 28)) == 11
    assert age_on(date(2012, 2, 29), date(2024, 2, 29)) == 12
    assert age_on(date(2012, 2, 29), date(2025, 3, 1)) == 13


# --- Other guards ---------------------------------------------------------------------------
def test_procesbegeleider_is_required(swv_admin):
    """Without a procesbegeleider only a functioneel beheerder may act, and the guard still
    holds."""
    creator = UserFactory()
    jeugdige = JeugdigeFactory(age=10)
    GuardianFactory(jeugdige=jeugdige)
    oza = ArrangementFactory(created_by=creator, participants=[jeugdige])
    TeamMemberFactory(arrangement=oza, user=creator, role=TeamRole.ONDERWIJSCONSULENT)
    give_consent(oza)
    hold_start_mdo(oza, by=creator)
    services.break_glass_open(user=swv_admin, jeugdige=jeugdige, reason="Dossier zonder regie")

    assert route.missing_for(oza, "start_preparation") == [
        "Wijs een procesbegeleider aan in het team."
    ]
    assert refused(oza, "start_preparation", swv_admin) == [
        "Wijs een procesbegeleider aan in het team."
    ]
    assert refused(oza, "start_preparation", creator) == [NOT_ALLOWED_BY]


def test_start_execution_needs_procesbegeleider_too(procesbegeleider):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.PREPARATION)
    add_goals(oza)
    oza.team_members.filter(role=TeamRole.PROCESBEGELEIDER).delete()

    assert route.missing_for(oza, "start_execution") == [
        "Wijs een procesbegeleider aan in het team."
    ]


@pytest.mark.parametrize(
    ("domains", "messages"),
    [
        ([], ["Voeg minstens één onderwijsdoel toe.", "Voeg minstens één zorgdoel toe."]),
        ([GoalDomain.EDUCATION], ["Voeg minstens één zorgdoel toe."]),
        ([GoalDomain.CARE, GoalDomain.CARE], ["Voeg minstens één onderwijsdoel toe."]),
        ([GoalDomain.EDUCATION, GoalDomain.CARE], []),
    ],
    ids=["no-goals", "only-onderwijs", "only-zorg", "both"],
)
def test_start_execution_needs_an_onderwijs_and_a_zorg_goal(procesbegeleider, domains, messages):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.PREPARATION)
    oza.goals.all().delete()
    for domain in domains:
        GoalFactory(arrangement=oza, domain=domain)

    if messages:
        assert refused(oza, "start_execution", procesbegeleider) == messages
    else:
        step(oza, "start_execution", procesbegeleider)
        assert oza.phase == Phase.EXECUTION


def test_start_execution_needs_a_current_participant(procesbegeleider):
    members = JeugdigeFactory.create_batch(2, age=16)
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=members)
    give_consent(group)
    hold_start_mdo(group)
    step(group, "start_preparation", procesbegeleider)
    add_goals(group)
    grant_funding(group, by=procesbegeleider)
    yesterday = group.planned_start - timedelta(days=1)
    group.participations.update(joined_on=yesterday - timedelta(days=30), left_on=yesterday)

    assert refused(group, "start_execution", procesbegeleider) == [
        "Er doet op dit moment geen jeugdige mee aan dit oza."
    ]


@pytest.mark.parametrize("to", ["continue_execution", "adjust", "conclude", "end_early"])
@pytest.mark.parametrize("reason", ["", "   \n "])
def test_outcomes_and_early_end_require_a_reason(procesbegeleider, to, reason):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.EVALUATION)

    messages = refused(oza, to, procesbegeleider, reason=reason)

    assert messages == [REASON_REQUIRED]


@pytest.mark.parametrize(
    "to", ["start_preparation", "start_execution", "start_evaluation", "close"]
)
def test_forward_steps_need_no_reason(procesbegeleider, to):
    source = {
        "start_preparation": Phase.ORIENTATION,
        "start_execution": Phase.PREPARATION,
        "start_evaluation": Phase.EXECUTION,
        "close": Phase.DECISION,
    }[to]
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=source)
    satisfy_guards(oza)

    assert step(oza, to, procesbegeleider, reason="").reason == ""


def test_end_early_requires_an_early_end_reason(oza, procesbegeleider):
    assert refused(oza, "end_early", procesbegeleider, early_end_reason="") == [
        EARLY_END_REASON_REQUIRED
    ]
    assert refused(oza, "end_early", procesbegeleider, reason="", early_end_reason="") == [
        REASON_REQUIRED,
        EARLY_END_REASON_REQUIRED,
    ]

    history = step(
        oza, "end_early", procesbegeleider, early_end_reason=EarlyEndReason.CONSENT_WITHDRAWN
    )
    assert history.early_end_reason == EarlyEndReason.CONSENT_WITHDRAWN
    assert oza.phase == Phase.ENDED_EARLY


def test_end_early_needs_no_consent_or_goals(oza, procesbegeleider):
    """Uitval is possible before anyone agreed: it is an outcome, not an error."""
    assert not oza.consents.exists()
    step(oza, "end_early", procesbegeleider)
    assert oza.phase == Phase.ENDED_EARLY


def test_early_end_reason_is_ignored_on_other_steps(procesbegeleider):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.EVALUATION)
    history = step(oza, "conclude", procesbegeleider, early_end_reason=EarlyEndReason.OTHER)
    assert history.early_end_reason == ""


def test_reason_is_stored_stripped(procesbegeleider):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.EVALUATION)
    history = step(oza, "adjust", procesbegeleider, reason="  Doelen bijstellen.  \n")
    assert history.reason == "Doelen bijstellen."


def test_all_problems_are_reported_at_once(procesbegeleider):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, age=13)

    messages = refused(oza, "start_preparation", procesbegeleider)

    assert len(messages) == 3
    assert all(message.startswith("Akkoord ontbreekt van") for message in messages[:2])
    assert messages[2] == NO_MDO


# --- History --------------------------------------------------------------------------------
def test_every_step_is_appended_to_the_history_in_order(procesbegeleider):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider)
    satisfy_guards(oza)
    route_taken = [
        ("start_preparation", Phase.ORIENTATION, Phase.PREPARATION),
        ("start_execution", Phase.PREPARATION, Phase.EXECUTION),
        ("start_evaluation", Phase.EXECUTION, Phase.EVALUATION),
        ("adjust", Phase.EVALUATION, Phase.PREPARATION),
        ("start_execution", Phase.PREPARATION, Phase.EXECUTION),
        ("start_evaluation", Phase.EXECUTION, Phase.EVALUATION),
        ("continue_execution", Phase.EVALUATION, Phase.EXECUTION),
        ("start_evaluation", Phase.EXECUTION, Phase.EVALUATION),
        ("conclude", Phase.EVALUATION, Phase.DECISION),
        ("close", Phase.DECISION, Phase.CLOSED),
    ]
    for to, _source, _target in route_taken:
        step(oza, to, procesbegeleider)

    history = list(
        PhaseTransition.objects.filter(arrangement=oza)
        .order_by("at", "id")
        .values_list("transition", "from_phase", "to_phase", "by", "reason")
    )
    assert history == [
        (to, source, target, procesbegeleider.pk, REASONS.get(to, ""))
        for to, source, target in route_taken
    ]
    assert list(oza.transitions.order_by("at", "id")) == list(oza.transitions.all())

    audit = AuditEvent.objects.filter(
        action=AuditAction.TRANSITION, object_id=str(oza.pk), object_type="cases.Arrangement"
    ).order_by("id")
    assert [event.changes["phase"] for event in audit] == [
        [source, target] for _to, source, target in route_taken
    ]
    assert {event.actor_id for event in audit} == {procesbegeleider.pk}
    assert {event.jeugdige_id for event in audit} == {the_jeugdige(oza).pk}


def test_a_group_step_is_audited_for_every_participant(procesbegeleider):
    members = JeugdigeFactory.create_batch(3, age=17)
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=members)
    give_consent(group)
    hold_start_mdo(group)

    step(group, "start_preparation", procesbegeleider)

    events = AuditEvent.objects.filter(
        action=AuditAction.TRANSITION, object_type="cases.Arrangement", object_id=str(group.pk)
    )
    assert sorted(events.values_list("jeugdige_id", flat=True)) == sorted(j.pk for j in members)


# --- Permission -----------------------------------------------------------------------------
def test_team_member_who_is_not_procesbegeleider_is_refused(oza, team_member):
    TeamMemberFactory(arrangement=oza, user=team_member, role=TeamRole.INTERN_BEGELEIDER)
    satisfy_guards(oza)

    assert refused(oza, "start_preparation", team_member) == [NOT_ALLOWED_BY]
    steps = services.available_steps(oza, team_member)
    assert steps and not any(s["permitted"] for s in steps)


def test_professional_outside_the_team_is_refused(oza, outsider):
    satisfy_guards(oza)
    assert refused(oza, "end_early", outsider) == [NOT_ALLOWED_BY]


def test_former_procesbegeleider_is_refused_after_handover(oza, procesbegeleider, team_member):
    member = TeamMemberFactory(arrangement=oza, user=team_member, role=TeamRole.INTERN_BEGELEIDER)
    services.procesbegeleider_handover(
        by=procesbegeleider, arrangement=oza, to=member, old_role=TeamRole.ONDERWIJSCONSULENT
    )
    satisfy_guards(oza)

    assert refused(oza, "start_preparation", procesbegeleider) == [NOT_ALLOWED_BY]
    step(oza, "start_preparation", team_member)
    assert oza.phase == Phase.PREPARATION


@pytest.mark.parametrize("admin_org", ["swv", "gemeente"])
def test_functional_admin_of_swv_or_gemeente_with_break_glass_may_transition(oza, admin_org):
    organisation = GemeenteFactory() if admin_org == "gemeente" else None
    extra = {"organisation": organisation} if organisation else {}
    admin = UserFactory(functioneel_beheerder=True, **extra)
    satisfy_guards(oza)

    assert refused(oza, "start_preparation", admin) == [NOT_ALLOWED_BY]

    services.break_glass_open(
        user=admin, jeugdige=the_jeugdige(oza), reason="Procesbegeleider ziek"
    )
    history = step(oza, "start_preparation", admin)
    assert history.by == admin
    assert oza.phase == Phase.PREPARATION
    logged = AuditEvent.objects.get(action=AuditAction.TRANSITION, actor=admin)
    assert logged.on_behalf_of == oza.procesbegeleider


def test_functional_admin_of_a_school_may_not_transition(oza, school_admin):
    satisfy_guards(oza)
    services.break_glass_open(
        user=school_admin, jeugdige=the_jeugdige(oza), reason="Procesbegeleider ziek"
    )

    assert refused(oza, "start_preparation", school_admin) == [NOT_ALLOWED_BY]


def test_functional_admin_break_glass_for_another_jeugdige_does_not_help(oza, swv_admin):
    satisfy_guards(oza)
    services.break_glass_open(user=swv_admin, jeugdige=JeugdigeFactory(), reason="Andere casus")

    assert refused(oza, "start_preparation", swv_admin) == [NOT_ALLOWED_BY]


def test_functional_admin_break_glass_expires(oza, swv_admin, settings):
    satisfy_guards(oza)
    with time_machine.travel(datetime(2025, 1, 6, 9, 0, tzinfo=AMSTERDAM), tick=False) as clock:
        services.break_glass_open(user=swv_admin, jeugdige=the_jeugdige(oza), reason="Regie nodig")
        clock.shift(timedelta(minutes=settings.OZA_BREAK_GLASS_MINUTES, seconds=1))
        assert refused(oza, "start_preparation", swv_admin) == [NOT_ALLOWED_BY]


def test_permission_is_checked_before_the_guards(oza, outsider):
    """An outsider learns nothing about what is missing."""
    assert refused(oza, "start_preparation", outsider) == [NOT_ALLOWED_BY]


# --- Concurrency ----------------------------------------------------------------------------
CONCURRENT = (
    "Iemand anders heeft de fase van dit oza zojuist gewijzigd. Uw stap is niet uitgevoerd; "
    "bekijk de actuele fase en probeer het zo nodig opnieuw."
)


@pytest.mark.parametrize("second_step", ["start_preparation", "end_early"])
def test_stale_copy_cannot_transition(oza, procesbegeleider, second_step):
    satisfy_guards(oza)
    first = Arrangement.objects.get(pk=oza.pk)
    second = Arrangement.objects.get(pk=oza.pk)

    step(first, "start_preparation", procesbegeleider)
    with pytest.raises(services.TransitionRefused) as excinfo:
        step(second, second_step, procesbegeleider)

    assert [str(m) for m in excinfo.value.messages] == [CONCURRENT]
    assert second.phase == Phase.PREPARATION  # refreshed from the database
    assert Arrangement.objects.get(pk=oza.pk).phase == Phase.PREPARATION
    assert PhaseTransition.objects.filter(arrangement=oza).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.TRANSITION).count() == 1
    # After the refresh the copy is usable again.
    add_goals(oza)
    step(second, "start_execution", procesbegeleider)
    assert Arrangement.objects.get(pk=oza.pk).phase == Phase.EXECUTION


def test_expected_phase_must_match(oza, procesbegeleider):
    satisfy_guards(oza)

    messages = refused(oza, "start_preparation", procesbegeleider, expected_phase=Phase.EXECUTION)

    assert messages == [
        "De fase van dit oza is intussen gewijzigd door iemand anders. Bekijk de actuele fase "
        "en kies opnieuw."
    ]
    step(oza, "start_preparation", procesbegeleider, expected_phase=Phase.ORIENTATION)
    assert oza.phase == Phase.PREPARATION


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_transitions_on_postgresql(procesbegeleider):
    oza = in_orientation(procesbegeleider=procesbegeleider)
    give_consent(oza)
    both_loaded = threading.Barrier(2, timeout=30)
    outcomes = []

    def take_step(to):
        try:
            mine = Arrangement.objects.get(pk=oza.pk)
            both_loaded.wait()  # each thread holds a copy in orientatie before either steps
            step(mine, to, procesbegeleider)
            outcomes.append(("ok", to))
        except services.TransitionRefused as exc:
            outcomes.append(("refused", [str(m) for m in exc.messages]))
        except Exception as exc:  # report anything else as a failure
            outcomes.append(("error", repr(exc)))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=take_step, args=("start_preparation",)),
        threading.Thread(target=take_step, args=("end_early",)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    kinds = sorted(kind for kind, _detail in outcomes)
    assert kinds == ["ok", "refused"], outcomes
    winner = next(detail for kind, detail in outcomes if kind == "ok")
    assert next(detail for kind, detail in outcomes if kind == "refused") == [CONCURRENT]
    history = PhaseTransition.objects.filter(arrangement=oza)
    assert history.count() == 1
    assert history.get().transition == winner
    expected = Phase.PREPARATION if winner == "start_preparation" else Phase.ENDED_EARLY
    assert Arrangement.objects.get(pk=oza.pk).phase == expected


# --- Extensible guards and available steps -------------------------------------------------
@pytest.fixture
def mdo_guard():
    """A guard registered the way another app would, removed again after the test."""
    state = {"blocking": True}

    def evaluation_mdo_planned(arrangement):
        if state["blocking"]:
            yield "Plan eerst een evaluatie-MDO."

    yield state, evaluation_mdo_planned
    for guards in route._guards.values():
        while evaluation_mdo_planned in guards:
            guards.remove(evaluation_mdo_planned)


def test_registered_guard_blocks_and_reports(procesbegeleider, mdo_guard):
    state, guard = mdo_guard
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.EXECUTION)

    route.route_guard("start_evaluation")(guard)
    route.route_guard("start_evaluation")(guard)  # registering twice changes nothing
    assert route._guards["start_evaluation"].count(guard) == 1

    steps = {s["name"]: s for s in services.available_steps(oza, procesbegeleider)}
    assert steps["start_evaluation"]["missing"] == ["Plan eerst een evaluatie-MDO."]
    assert steps["end_early"]["missing"] == []
    assert refused(oza, "start_evaluation", procesbegeleider) == ["Plan eerst een evaluatie-MDO."]

    state["blocking"] = False
    step(oza, "start_evaluation", procesbegeleider)
    assert oza.phase == Phase.EVALUATION


def test_guard_registry_is_clean_without_the_fixture():
    names = {guard.__name__ for guards in route._guards.values() for guard in guards}
    assert "evaluation_mdo_planned" not in names


def test_available_steps_in_orientation(oza, procesbegeleider):
    hold_start_mdo(oza)
    jeugdige = the_jeugdige(oza)
    steps = services.available_steps(oza, procesbegeleider)

    assert [s["name"] for s in steps] == ["start_preparation", "end_early"]
    start, end = steps
    assert start["missing"] == [consent_message(jeugdige.guardians.get().name, jeugdige, 10)]
    assert start["permitted"] and end["permitted"]
    assert not start["requires_reason"] and not start["early_end"]
    assert end["requires_reason"] and end["early_end"]
    assert str(start["label"]) == "Naar voorbereiding"

    give_consent(oza)
    assert services.available_steps(oza, procesbegeleider)[0]["missing"] == []


def test_available_steps_in_evaluation_are_the_outcomes(procesbegeleider):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.EVALUATION)
    steps = services.available_steps(oza, procesbegeleider)

    assert [s["name"] for s in steps] == ["continue_execution", "adjust", "conclude", "end_early"]
    assert [s["outcome"] for s in steps] == [True, True, True, False]
    assert all(s["requires_reason"] for s in steps)


def test_participant_added_after_start_is_part_of_the_guards(procesbegeleider):
    """A jeugdige joining a group later must also agree before the group can start."""
    first = JeugdigeFactory(age=17)
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=[first])
    give_consent(group)
    hold_start_mdo(group)
    late = JeugdigeFactory(age=17)
    ParticipationFactory(arrangement=group, jeugdige=late)

    assert refused(group, "start_preparation", procesbegeleider) == [
        consent_message(late, late, 17)
    ]
