"""Group arrangements (seed 002, Bijlagen 2 to 4): the proposal, its business case and the
decision route beleidsoverleg → RBO → regisseuroverleg → PORA → OOGO → besloten | afgewezen."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases import services
from cases.models import Phase
from funding import proposals
from funding.models import (
    BUSINESS_CASE_OUTLINE,
    PROPOSAL_MAX_CHARACTERS,
    PROPOSAL_OUTLINE,
    GroupProposal,
    ProposalOutcome,
    ProposalStage,
    ProposalStep,
)
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    JeugdigeFactory,
    UserFactory,
    decided_proposal,
    make_group_arrangement,
    outline_texts,
    satisfy_guards,
    take_proposal_to,
    write_proposal,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(date(2026, 11, 2), tick=False):
        yield


@pytest.fixture
def policy():
    return UserFactory(beleidsmedewerker=True, first_name="Thomas", last_name="de Ruiter")


@pytest.fixture
def proposal(policy):
    return write_proposal(by=policy)


def record(proposal, by, outcome, *, held_on=TODAY, minutes="VERSLAG-1", note=""):
    return proposals.proposal_record_step(
        by=by,
        proposal=proposal,
        outcome=outcome,
        held_on=held_on,
        minutes_reference=minutes,
        note=note,
    )


def messages_of(excinfo) -> list[str]:
    return excinfo.value.messages


# --- Writing and submitting -------------------------------------------------------------
def test_a_proposal_is_saved_section_by_section_and_audited(policy):
    proposal = write_proposal(by=policy, complete=False)

    assert proposal.stage == ProposalStage.DRAFT
    assert proposal.sections == {}
    event = AuditEvent.objects.get(object_type="funding.GroupProposal", object_id=proposal.pk)
    assert event.action == AuditAction.CREATE
    assert event.jeugdige_id is None


def test_submitting_asks_for_every_section_of_bijlage_2(policy):
    proposal = write_proposal(by=policy, complete=False)
    proposals.proposal_save(
        by=policy,
        proposal=proposal,
        title=proposal.title,
        sections={"reason": "Veel thuiszitters.", "target_group": "VO-leerlingen"},
        business_case_kind="projectplan",
        business_case={},
    )

    with pytest.raises(ValidationError) as excinfo:
        proposals.proposal_submit(by=policy, proposal=proposal)

    assert messages_of(excinfo) == [
        "Vul eerst alle onderdelen van het voorstel in. Nog leeg: Probleemstelling, Samenwerkende "
        "partners, Doelstelling, Voorwaarden, Meervoudig perspectief, Methodische aanpak, "
        "Financiering, Planning."
    ]
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.DRAFT


def test_a_proposal_is_at_most_two_a4(policy):
    too_long = outline_texts(PROPOSAL_OUTLINE)
    too_long["approach"] = "x" * PROPOSAL_MAX_CHARACTERS

    with pytest.raises(ValidationError) as excinfo:
        proposals.proposal_save(
            by=policy,
            proposal=GroupProposal(),
            title="Te lang",
            sections=too_long,
            business_case_kind="businesscase",
            business_case={},
        )

    length = sum(len(text) for text in too_long.values())
    assert messages_of(excinfo) == [
        f"Het voorstel is {length} tekens lang; maximaal {PROPOSAL_MAX_CHARACTERS} (ongeveer twee "
        "A4). Kort het in; de uitwerking hoort in de businesscase of het projectplan."
    ]
    assert not GroupProposal.objects.exists()


def test_only_sections_of_the_outline_are_stored(policy):
    proposal = proposals.proposal_save(
        by=policy,
        proposal=GroupProposal(),
        title="  Groep  ",
        sections={"reason": "  Aanleiding.  ", "unknown": "weg", "problem": "   "},
        business_case_kind="businesscase",
        business_case={"mission": "Eén plan.", "reason": "Aanleiding.", "nonsense": "weg"},
    )

    assert proposal.title == "Groep"
    assert proposal.sections == {"reason": "Aanleiding."}
    assert proposal.business_case == {"mission": "Eén plan.", "reason": "Aanleiding."}


# --- The decision route ------------------------------------------------------------------
def test_the_route_runs_through_every_forum_in_order(policy, proposal):
    proposals.proposal_submit(by=policy, proposal=proposal)
    assert proposal.stage == ProposalStage.POLICY_MEETING

    expected = [
        (ProposalOutcome.INFORMED, ProposalStage.RBO),
        (ProposalOutcome.AGREED, ProposalStage.DIRECTORS),
        (ProposalOutcome.AGREED, ProposalStage.PORA),
        (ProposalOutcome.AGREED, ProposalStage.OOGO),
        (ProposalOutcome.AGREED, ProposalStage.DECIDED),
    ]
    for number, (outcome, stage) in enumerate(expected):
        record(proposal, policy, outcome, held_on=TODAY - timedelta(days=10 - number))
        proposal.refresh_from_db()
        assert proposal.stage == stage

    steps = list(ProposalStep.objects.filter(proposal=proposal))
    assert [(s.forum, s.outcome) for s in steps] == [
        ("beleidsoverleg", "geinformeerd"),
        ("rbo", "akkoord"),
        ("regisseuroverleg", "akkoord"),
        ("pora", "akkoord"),
        ("oogo", "akkoord"),
    ]
    assert [s.held_on for s in steps] == [TODAY - timedelta(days=d) for d in (10, 9, 8, 7, 6)]
    assert {s.minutes_reference for s in steps} == {"VERSLAG-1"}
    assert proposal.is_decided


def test_a_draft_cannot_be_decided_on(policy, proposal):
    with pytest.raises(ValidationError) as excinfo:
        record(proposal, policy, ProposalOutcome.AGREED)

    assert messages_of(excinfo) == ["Dit voorstel staat niet (meer) op de route: concept."]
    assert not ProposalStep.objects.exists()


@pytest.mark.parametrize(
    ("stage", "outcome", "message"),
    [
        (
            ProposalStage.POLICY_MEETING,
            ProposalOutcome.AGREED,
            "Het Beleidsoverleg (informeren) kan alleen: geïnformeerd.",
        ),
        (
            ProposalStage.RBO,
            ProposalOutcome.INFORMED,
            "Het Regionaal beleidsoverleg (RBO) kan alleen: akkoord, aangehouden, afgewezen.",
        ),
    ],
)
def test_each_forum_has_its_own_outcomes(policy, proposal, stage, outcome, message):
    take_proposal_to(proposal, stage, by=policy)

    with pytest.raises(ValidationError) as excinfo:
        record(proposal, policy, outcome)

    assert messages_of(excinfo) == [message]
    proposal.refresh_from_db()
    assert proposal.stage == stage


def test_a_deferred_proposal_stays_at_its_forum(policy, proposal):
    take_proposal_to(proposal, ProposalStage.DIRECTORS, by=policy)

    record(proposal, policy, ProposalOutcome.DEFERRED, note="Eerst de kosten uitwerken.")
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.DIRECTORS

    record(proposal, policy, ProposalOutcome.AGREED)
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.PORA
    assert list(
        proposal.steps.filter(forum=ProposalStage.DIRECTORS).values_list("outcome", flat=True)
    ) == ["aangehouden", "akkoord"]


def test_a_refused_proposal_ends_and_cannot_be_changed(policy, proposal):
    take_proposal_to(proposal, ProposalStage.PORA, by=policy)

    record(proposal, policy, ProposalOutcome.REFUSED, minutes="PORA-2026-11")
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.REJECTED

    with pytest.raises(ValidationError):
        record(proposal, policy, ProposalOutcome.AGREED)
    with pytest.raises(ValidationError) as excinfo:
        proposals.proposal_save(
            by=policy,
            proposal=proposal,
            title="Nieuwe titel",
            sections=proposal.sections,
            business_case_kind="businesscase",
            business_case=proposal.business_case,
        )
    assert messages_of(excinfo) == [
        "Over dit voorstel is besloten; het kan niet meer worden gewijzigd."
    ]


def test_the_beleidsoverleg_cannot_refuse(policy, proposal):
    take_proposal_to(proposal, ProposalStage.POLICY_MEETING, by=policy)

    with pytest.raises(ValidationError):
        record(proposal, policy, ProposalOutcome.REFUSED)


def test_a_forum_agrees_only_on_a_complete_business_case(policy):
    proposal = write_proposal(by=policy)
    business_case = outline_texts(BUSINESS_CASE_OUTLINE)
    del business_case["outcome"], business_case["steering_group"]
    proposals.proposal_save(
        by=policy,
        proposal=proposal,
        title=proposal.title,
        sections=proposal.sections,
        business_case_kind="projectplan",
        business_case=business_case,
    )
    take_proposal_to(proposal, ProposalStage.RBO, by=policy)

    with pytest.raises(ValidationError) as excinfo:
        record(proposal, policy, ProposalOutcome.AGREED)

    assert excinfo.value.message_dict["outcome"] == [
        "Akkoord kan pas als de businesscase of het projectplan (bijlage 3) af is.",
        "Nog in te vullen in de businesscase of het projectplan: Outcome, Invulling stuurgroep "
        "en/of ontwikkelgroep.",
    ]
    # Deferring, e.g. to wait for the plan, is possible.
    record(proposal, policy, ProposalOutcome.DEFERRED)


def test_a_step_needs_a_date_in_order_and_minutes(policy, proposal):
    take_proposal_to(proposal, ProposalStage.RBO, by=policy, held_on=TODAY - timedelta(days=3))

    with pytest.raises(ValidationError) as excinfo:
        record(proposal, policy, ProposalOutcome.AGREED, held_on=TODAY + timedelta(days=1))
    assert excinfo.value.message_dict["held_on"] == ["Het overleg kan niet in de toekomst liggen."]

    with pytest.raises(ValidationError) as excinfo:
        record(proposal, policy, ProposalOutcome.AGREED, held_on=TODAY - timedelta(days=4))
    assert excinfo.value.message_dict["held_on"] == [
        "Het overleg kan niet voor het vorige (30-10-2026) liggen."
    ]

    with pytest.raises(ValidationError) as excinfo:
        record(proposal, policy, ProposalOutcome.AGREED, minutes="  ")
    assert excinfo.value.message_dict["minutes_reference"] == [
        "Vul het kenmerk van het verslag of de besluitenlijst in."
    ]
    assert proposal.steps.count() == 1


def test_only_policy_staff_record_decisions(proposal, policy, procesbegeleider):
    take_proposal_to(proposal, ProposalStage.RBO, by=policy)

    with pytest.raises(ValidationError) as excinfo:
        record(proposal, procesbegeleider, ProposalOutcome.AGREED)

    assert messages_of(excinfo) == [
        "Alleen beleidsmedewerkers leggen besluiten over groepsarrangementen vast."
    ]


def test_the_author_and_policy_staff_may_edit(procesbegeleider, policy, outsider):
    proposal = write_proposal(by=procesbegeleider)

    assert proposals.may_edit(procesbegeleider, proposal)
    assert proposals.may_edit(policy, proposal)
    assert not proposals.may_edit(outsider, proposal)
    with pytest.raises(ValidationError):
        proposals.proposal_save(
            by=outsider,
            proposal=proposal,
            title="Overgenomen",
            sections={},
            business_case_kind="businesscase",
            business_case={},
        )


def test_every_step_is_audited_as_a_transition(policy, proposal):
    take_proposal_to(proposal, ProposalStage.DECIDED, by=policy)

    transitions = AuditEvent.objects.filter(
        object_type="funding.GroupProposal",
        object_id=str(proposal.pk),
        action=AuditAction.TRANSITION,
    )
    assert sorted(tuple(e.changes["stage"]) for e in transitions) == sorted(
        [
            ("concept", "beleidsoverleg"),
            ("beleidsoverleg", "rbo"),
            ("rbo", "regisseuroverleg"),
            ("regisseuroverleg", "pora"),
            ("pora", "oogo"),
            ("oogo", "besloten"),
        ]
    )


def test_days_in_stage(policy, proposal):
    take_proposal_to(proposal, ProposalStage.PORA, by=policy)

    with time_machine.travel(date(2026, 11, 16), tick=False):
        assert GroupProposal.objects.get(pk=proposal.pk).days_in_stage() == 14


# --- The route guard of a group oza ------------------------------------------------------
@pytest.fixture
def group(procesbegeleider):
    """A group oza in voorbereiding with everything but the decision."""
    group = make_group_arrangement(
        procesbegeleider=procesbegeleider,
        members=JeugdigeFactory.create_batch(2, age=17),
        group_proposal=None,
        planned_start=TODAY,
        planned_end=TODAY + timedelta(days=200),
    )
    satisfy_guards(group, by=procesbegeleider)
    # satisfy_guards links a decided proposal; these tests decide on their own.
    group.group_proposal = None
    group.save(update_fields=["group_proposal"])
    services.arrangement_transition(arrangement=group, to="start_preparation", by=procesbegeleider)
    return group


def refusal(group, by) -> list[str]:
    with pytest.raises(services.TransitionRefused) as excinfo:
        services.arrangement_transition(arrangement=group, to="start_execution", by=by)
    return [str(m) for m in excinfo.value.messages]


def test_a_group_without_a_proposal_does_not_start(group, procesbegeleider):
    assert refusal(group, procesbegeleider) == [
        "Een groepsarrangement start pas na een bestuurlijk besluit. Koppel het voorstel "
        "(bijlagen 2 tot en met 4) aan dit oza via 'wijzigen'."
    ]
    group.refresh_from_db()
    assert group.phase == Phase.PREPARATION


def test_a_group_starts_only_once_its_proposal_is_decided(group, procesbegeleider, policy):
    proposal = take_proposal_to(write_proposal(by=policy), ProposalStage.PORA, by=policy)
    group.group_proposal = proposal
    group.save(update_fields=["group_proposal"])

    assert refusal(group, procesbegeleider) == [
        "Over het voorstel 'Faalangstgroep VO' is nog niet besloten (stand: "
        "portefeuillehoudersoverleg (pora)). Een groepsarrangement start pas na het besluit in "
        "het OOGO."
    ]

    take_proposal_to(proposal, ProposalStage.DECIDED, by=policy)
    group.refresh_from_db()
    services.arrangement_transition(arrangement=group, to="start_execution", by=procesbegeleider)
    assert group.phase == Phase.EXECUTION


def test_an_individual_oza_needs_no_proposal_and_cannot_have_one(oza):
    oza.group_proposal = decided_proposal()
    with pytest.raises(ValidationError) as excinfo:
        oza.full_clean()
    assert excinfo.value.message_dict["group_proposal"] == [
        "Alleen een groepsarrangement heeft een voorstel."
    ]
