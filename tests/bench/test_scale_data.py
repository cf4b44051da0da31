"""The scale data generator writes a consistent data set whose size follows the factor."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from cases.management.scale_data import (
    SAMPLE_BEHEERDER,
    SAMPLE_PARENT,
    SAMPLE_POLICY_OFFICER,
    SAMPLE_PROCESBEGELEIDER,
    scaled_counts,
)
from cases.models import (
    Arrangement,
    ArrangementKind,
    Jeugdige,
    Participation,
    Phase,
    PhaseTransition,
    TeamMember,
    TeamRole,
)
from funding.models import (
    DECISION_ROUTE,
    FundingLine,
    GroupProposal,
    ProposalOutcome,
    ProposalStage,
)
from funding.proposals import business_case_missing
from mdo.models import Agreement, Meeting
from mdo.reminders import send_due_reminders
from oza.accounts.models import Function, User
from oza.audit.models import AuditEvent
from oza.portal.selectors import jeugdigen_for_portal_user
from tests.factories import UserFactory


def generate(factor):
    out = io.StringIO()
    call_command("generate_scale_data", factor=factor, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_generated_data_set_is_consistent():
    output = generate(0.002)
    counts = scaled_counts(0.002)
    assert "cases_arrangement" in output and "Generated on" in output

    # Every oza's phase is the to_phase of its last step (oriëntatie without steps).
    last_step = PhaseTransition.objects.filter(arrangement=OuterRef("pk")).order_by("-at", "-id")
    mismatched = Arrangement.objects.annotate(
        history_phase=Coalesce(
            Subquery(last_step.values("to_phase")[:1]), Value(Phase.ORIENTATION.value)
        )
    ).exclude(phase=F("history_phase"))
    assert not mismatched.exists()
    # Each step starts where the previous one ended: the history is a path.
    phases = {}
    for step in PhaseTransition.objects.order_by("arrangement_id", "at", "id"):
        assert step.from_phase == phases.get(step.arrangement_id, Phase.ORIENTATION)
        phases[step.arrangement_id] = step.to_phase
    # All phases occur, with bijstellen re-entries, early ends with a reason, closures with a
    # bestemming.
    assert set(Arrangement.objects.values_list("phase", flat=True)) == set(Phase.values)
    assert PhaseTransition.objects.filter(transition="adjust").exists()
    early = PhaseTransition.objects.filter(to_phase=Phase.ENDED_EARLY)
    assert early.exists() and not early.filter(early_end_reason="").exists()
    closed = PhaseTransition.objects.filter(to_phase=Phase.CLOSED, arrangement__kind="individueel")
    assert closed.exists() and not closed.filter(destination="").exists()

    # Agreements belong to an MDO of the same oza, owned by a participant of that MDO.
    assert Agreement.objects.exists()
    assert not Agreement.objects.exclude(meeting__arrangement=F("arrangement")).exists()
    assert not Agreement.objects.exclude(owner__meeting=F("meeting")).exists()
    assert not Agreement.objects.exclude(owner_user=F("owner__user")).exists()
    # Participations point at existing jeugdigen; every oza has one procesbegeleider.
    assert not Participation.objects.exclude(jeugdige__in=Jeugdige.objects.all()).exists()
    assert not Arrangement.objects.filter(participations__isnull=True).exists()
    assert (
        TeamMember.objects.filter(role=TeamRole.PROCESBEGELEIDER).count() == counts["arrangements"]
    )
    # Funding periods are valid and never on an oza still in oriëntatie.
    assert FundingLine.objects.exists()
    assert not FundingLine.objects.filter(start_date__gt=F("end_date")).exists()
    assert not FundingLine.objects.filter(arrangement__phase=Phase.ORIENTATION).exists()

    # Earlier reminder sweeps are part of the history: a sweep now finds nothing left to send,
    # though open agreements are past their date and MDO's are coming up.
    assert Agreement.objects.filter(status="open", due_date__lt=date.today()).exists()
    assert Meeting.objects.filter(status="gepland").exists()
    result = send_due_reminders()
    assert (result.meeting_reminders, result.agreement_reminders) == (0, 0)

    # The benchmark's sample users exist and see something.
    pb = User.objects.get(username=SAMPLE_PROCESBEGELEIDER)
    assert pb.team_memberships.filter(role=TeamRole.PROCESBEGELEIDER).count() >= 5
    policy = User.objects.get(username=SAMPLE_POLICY_OFFICER)
    assert policy.function == Function.BELEIDSMEDEWERKER and policy.region is not None
    parent = User.objects.get(username=SAMPLE_PARENT)
    assert jeugdigen_for_portal_user(parent).exists()
    beheerder = User.objects.get(username=SAMPLE_BEHEERDER)
    assert beheerder.is_functional_admin and beheerder.is_staff
    assert beheerder.has_perm("accounts.change_user")
    assert not beheerder.has_perm("cases.view_jeugdige")  # never case content


@pytest.mark.django_db
def test_generated_proposals_stand_where_their_steps_brought_them():
    generate(0.002)
    assert set(GroupProposal.objects.values_list("stage", flat=True)) == set(ProposalStage.values)
    for proposal in GroupProposal.objects.prefetch_related("steps"):
        steps = sorted(proposal.steps.all(), key=lambda step: step.pk)
        assert [step.held_on for step in steps] == sorted(step.held_on for step in steps)
        if proposal.stage == ProposalStage.DRAFT:
            assert not steps
            continue
        stage = ProposalStage.POLICY_MEETING  # where a submitted proposal starts
        for step in steps:
            assert step.forum == stage  # each forum in turn, where the proposal stood
            if step.outcome == ProposalOutcome.REFUSED:
                stage = ProposalStage.REJECTED
            else:
                stage = next_stage_after(stage)
        assert proposal.stage == stage, proposal.title
        assert not business_case_missing(proposal)
    # Every group oza rests on a decided proposal; an individual one on none.
    groups = Arrangement.objects.filter(kind=ArrangementKind.GROUP)
    assert groups.exists()
    assert not groups.exclude(group_proposal__stage=ProposalStage.DECIDED).exists()
    assert not Arrangement.objects.filter(
        kind=ArrangementKind.INDIVIDUAL, group_proposal__isnull=False
    ).exists()


def next_stage_after(stage):
    route = [*DECISION_ROUTE, ProposalStage.DECIDED]
    return route[route.index(stage) + 1]


@pytest.mark.django_db
def test_counts_follow_the_factor():
    generate(0.001)
    small = {
        "jeugdigen": Jeugdige.objects.count(),
        "ozas": Arrangement.objects.count(),
        "meetings": Meeting.objects.count(),
        "audit": AuditEvent.objects.count(),
    }
    expected = scaled_counts(0.001)
    assert small["jeugdigen"] == expected["jeugdigen"] == 100
    assert small["ozas"] == expected["arrangements"] == 150
    assert small["audit"] == expected["audit_events"] == 5_000
    assert abs(small["meetings"] - expected["meetings"]) <= 0.2 * expected["meetings"]
    assert (
        abs(FundingLine.objects.count() - expected["funding_lines"])
        <= 0.2 * expected["funding_lines"]
    )
    professionals = User.objects.exclude(function=Function.PORTAL).count()
    assert professionals == expected["professionals"]
    assert scaled_counts(0.004)["jeugdigen"] == 4 * small["jeugdigen"]


@pytest.mark.django_db
def test_refuses_a_database_with_other_data():
    UserFactory()
    with pytest.raises(CommandError, match="not generated"):
        generate(0.001)
    assert not Jeugdige.objects.exists()
    call_command("generate_scale_data", factor=0.001, force=True, stdout=io.StringIO())
    assert Jeugdige.objects.count() == 100
    # A second set on top of a generated one is refused, even with --force.
    with pytest.raises(CommandError, match="already holds"):
        call_command("generate_scale_data", factor=0.001, force=True, stdout=io.StringIO())
    assert not Arrangement.objects.filter(~Q(phase__in=Phase.values)).exists()
