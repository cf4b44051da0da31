"""``manage.py load_demo``: the fictional demo region, written through the real services."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from stdnum.nl import bsn

from cases.management import demo
from cases.models import (
    Arrangement,
    ArrangementKind,
    GoalEvaluation,
    Jeugdige,
    Phase,
    PhaseTransition,
)
from funding.models import EscalationLevel, FundingKind, FundingLine, FundingStatus
from funding.selectors import caseload_action, caseload_page, checklists_of
from mdo.guards import held_mdo_with_family_and_consultants
from mdo.models import (
    UPCOMING_STATUSES,
    AgendaItem,
    AgendaItemKind,
    Agreement,
    AgreementStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from mdo.selectors import meetings_visible_to
from oza.accounts.models import Function, Organisation, OrganisationType, Region, User
from oza.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the region once for this module (a few seconds), inside a transaction that is
    rolled back afterwards; each test runs in its own savepoint within it."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


def test_creates_the_region_with_sixty_jeugdigen_in_every_phase(loaded):
    assert 55 <= Jeugdige.objects.count() <= 65
    assert all(bsn.is_valid(j.bsn) for j in Jeugdige.objects.all())
    phases = set(Arrangement.objects.values_list("phase", flat=True))
    assert phases == set(Phase.values)
    assert Arrangement.objects.filter(kind=ArrangementKind.GROUP).count() == 3
    assert Organisation.objects.filter(cbs_code=demo.MARKER_CBS_CODE).exists()
    assert "Demo-gegevens voor Regio Kennemerkust geladen" in loaded
    assert "Inloggen: http://127.0.0.1:8000/accounts/login/" in loaded


def test_every_phase_matches_its_history(loaded):
    for arrangement in Arrangement.objects.prefetch_related("transitions"):
        history = list(arrangement.transitions.all())  # ordered by (at, id)
        expected = history[-1].to_phase if history else Phase.ORIENTATION
        assert arrangement.phase == expected, arrangement.pk
        assert [t.at for t in history] == sorted(t.at for t in history)
        for previous, step in zip(history, history[1:], strict=False):
            assert step.from_phase == previous.to_phase
    # The route went through bijstellen at least once, back to voorbereiding.
    assert PhaseTransition.objects.filter(transition="adjust").exists()


def test_history_is_back_dated_and_the_clock_is_restored(loaded):
    now = timezone.now()
    assert PhaseTransition.objects.filter(at__lt=now - timezone.timedelta(days=60)).exists()
    assert not PhaseTransition.objects.filter(at__gt=now).exists()
    assert not AuditEvent.objects.filter(at__gt=now).exists()
    # After the load the real clock is back for everyone else.
    assert abs((timezone.now() - now).total_seconds()) < 60


def test_demo_users_exist_and_log_in_with_the_demo_password(loaded, settings):
    for username in demo.DEMO_USERNAMES:
        # django-axes checks every login against its lockout, so it needs the request.
        request = RequestFactory().post("/accounts/login/")
        user = authenticate(request, username=username, password=settings.OZA_DEMO_PASSWORD)
        assert user is not None, username
        assert user.is_demo
        assert not user.is_superuser
    ouder = User.objects.get(username="ouder")
    guardian = ouder.guardianships.get()
    assert guardian.has_authority
    procesbegeleider = User.objects.get(username="procesbegeleider")
    led = Arrangement.objects.filter(
        team_members__user=procesbegeleider, team_members__role="procesbegeleider"
    ).count()
    assert led >= 0.7 * Arrangement.objects.count()


def test_the_demo_ouder_sees_one_child_with_a_shared_plan_in_the_portal(loaded, client):
    from oza.portal import selectors as portal

    ouder = User.objects.get(username="ouder")
    child = portal.jeugdigen_for_portal_user(ouder).get()
    arrangements = list(portal.portal_arrangements(child))
    assert portal.shared_agreements(arrangements).exists()
    assert portal.shared_report_items(arrangements).exists()
    assert portal.next_meeting(arrangements) is not None
    client.force_login(ouder)
    page = client.get(f"/portaal/kind/{child.pk}/overleg/")
    assert page.status_code == 200
    assert "Het volgende overleg (MDO)" in page.content.decode()
    # The procesbegeleider shared the plan as a PDF.
    [document] = portal.portal_documents(child, arrangements)
    assert document.jeugdige == child and document.page_count >= 1


def test_every_oza_past_orientatie_held_a_start_mdo_that_satisfies_the_guard(loaded):
    started = Arrangement.objects.filter(transitions__transition="start_preparation").distinct()
    assert started.count() >= 40
    for arrangement in started:
        assert list(held_mdo_with_family_and_consultants(arrangement)) == [], arrangement.pk
        step = arrangement.transitions.get(transition="start_preparation")
        start_mdo = arrangement.meetings.get(kind=MeetingKind.START)
        assert start_mdo.status == MeetingStatus.HELD
        assert start_mdo.opened_at >= start_mdo.starts_at
        assert start_mdo.closed_at <= step.at, arrangement.pk
    # Uitvoering and evaluatie bring voortgangs- and evaluatie-MDO's.
    assert Meeting.objects.filter(
        kind=MeetingKind.PROGRESS, status=MeetingStatus.HELD, arrangement__phase=Phase.EXECUTION
    ).exists()
    assert Meeting.objects.filter(kind=MeetingKind.EVALUATION, status=MeetingStatus.HELD).exists()


def test_held_mdos_have_a_verslag_and_the_planned_ones_lie_ahead(loaded):
    now = timezone.now()
    held = Meeting.objects.filter(status=MeetingStatus.HELD).prefetch_related("participants")
    assert held.count() >= 80
    for meeting in held:
        assert meeting.decision and meeting.frozen_report["decision"] == meeting.decision
        assert meeting.starts_at < now and meeting.closed_at < now
        assert any(p.attendance == "aanwezig" for p in meeting.participants.all())
    assert not Meeting.objects.filter(status__in=UPCOMING_STATUSES, starts_at__lt=now).exists()
    # Each MDO planned the next one when it closed.
    assert held.filter(next_meeting__isnull=False).count() >= held.count() // 2
    # Notes: some shared with ouders and jeugdige, some for the professionals only; the legal
    # framework is discussed where a jeugdbeschermer is on the team.
    notes = AgendaItem.objects.exclude(notes="")
    assert notes.filter(shared_with_family=True).exists()
    assert notes.filter(shared_with_family=False).exists()
    assert notes.filter(kind=AgendaItemKind.LEGAL_FRAMEWORK).exists()


def test_agreements_are_done_open_and_some_overdue(loaded):
    statuses = set(Agreement.objects.values_list("status", flat=True))
    assert {AgreementStatus.DONE, AgreementStatus.OPEN} <= statuses
    open_agreements = Agreement.objects.filter(status=AgreementStatus.OPEN)
    overdue = [a for a in open_agreements.select_related("arrangement") if a.is_overdue]
    assert len(overdue) >= 3
    assert len(overdue) < open_agreements.count()  # others are still within their term
    # Finished oza's settled theirs.
    finished = (Phase.CLOSED, Phase.ENDED_EARLY, Phase.DECISION)
    assert not open_agreements.filter(arrangement__phase__in=finished).exists()


def test_the_demo_procesbegeleider_sees_upcoming_mdos(loaded):
    procesbegeleider = User.objects.get(username="procesbegeleider")
    now = timezone.now()
    upcoming = meetings_visible_to(procesbegeleider).filter(
        status__in=UPCOMING_STATUSES, starts_at__range=(now, now + timezone.timedelta(days=42))
    )
    assert upcoming.filter(chair=procesbegeleider).count() >= 10
    # Every active oza past orientatie has its next MDO planned, except a few that stall.
    active = Arrangement.objects.filter(
        phase__in=[Phase.PREPARATION, Phase.EXECUTION, Phase.EVALUATION]
    )
    without_next = active.exclude(meetings__status__in=UPCOMING_STATUSES)
    assert 0 < without_next.count() <= 3
    # A couple of oza's in orientatie have their start-MDO planned.
    assert (
        Meeting.objects.filter(
            kind=MeetingKind.START,
            status=MeetingStatus.PLANNED,
            arrangement__phase=Phase.ORIENTATION,
        ).count()
        >= 2
    )


def test_every_oza_that_started_uitvoering_had_granted_funding_covering_its_start(loaded):
    """As of the history: the grant of a line covering the planned start was recorded (and
    back-dated) before each start of uitvoering. (The audit trail, not ``decided_on``: ending a
    line overwrites its decision date.)"""
    granted_at = {
        int(event.object_id): event.at
        for event in AuditEvent.objects.filter(object_type="funding.FundingLine")
        if event.changes.get("status") == [FundingStatus.REQUESTED, FundingStatus.GRANTED]
    }
    starts = PhaseTransition.objects.filter(transition="start_execution").select_related(
        "arrangement"
    )
    assert starts.count() >= 40
    for start in starts:
        arrangement = start.arrangement
        covering = [
            line
            for line in arrangement.funding_lines.all()
            if line.covers(arrangement.planned_start)
            and line.pk in granted_at
            and granted_at[line.pk] < start.at
            and line.requested_on < timezone.localdate(granted_at[line.pk])
        ]
        assert covering, arrangement.pk
    # Every oza in uitvoering or later, groups included, is paid for.
    past_preparation = Arrangement.objects.filter(transitions__transition="start_execution")
    assert not past_preparation.filter(funding_lines__isnull=True).exists()
    assert past_preparation.filter(kind=ArrangementKind.GROUP).count() == 2


def test_funding_lines_are_realistic(loaded):
    lines = list(
        FundingLine.objects.select_related(
            "arrangement", "financier", "partner", "requested_by"
        ).prefetch_related("arrangement__participations__jeugdige")
    )
    statuses = {line.status for line in lines}
    assert {
        FundingStatus.REQUESTED,
        FundingStatus.GRANTED,
        FundingStatus.REFUSED,
        FundingStatus.ENDED,
    } <= statuses
    assert {line.kind for line in lines} >= {
        FundingKind.TLV,
        FundingKind.IBP,
        FundingKind.YOUTH_CARE,
        FundingKind.DAY_CARE,
        FundingKind.PGB_YOUTH_ACT,
    }
    for line in lines:
        line.full_clean()
        assert isinstance(line.amount, Decimal) and line.amount > 0, line.pk
        assert line.start_date <= line.end_date
        assert line.requested_on <= (line.decided_on or line.requested_on)
        assert (line.status == FundingStatus.REQUESTED) == (line.decided_on is None)
        assert bool(line.decision_reference) == (line.decided_on is not None), line.pk
        if line.kind in {FundingKind.YOUTH_CARE, FundingKind.PGB_YOUTH_ACT, FundingKind.DAY_CARE}:
            assert line.financier.type == OrganisationType.GEMEENTE
            assert line.partner.type == OrganisationType.JEUGDHULPAANBIEDER
            assert line.requested_by.function == Function.JEUGDCONSULENT
            assert not line.decision_reference or line.decision_reference.startswith("BS-20")
        else:
            assert line.financier.type == OrganisationType.SWV
            assert line.partner.type == OrganisationType.SCHOOL
        if line.kind == FundingKind.TLV:  # for (V)SO pupils, paid to the (V)SO school
            assert line.tlv_category
            assert line.partner.school_type in {"SO", "VSO"}
            jeugdige = line.arrangement.participations.all()[0].jeugdige
            assert jeugdige.school_type in {"SO", "VSO"}
    # Nobody has an overlapping line of the same kind and partner.
    live = [
        line for line in lines if line.status in {FundingStatus.REQUESTED, FundingStatus.GRANTED}
    ]
    for a in live:
        for b in live:
            if a.pk < b.pk and (a.arrangement_id, a.kind, a.partner_id) == (
                b.arrangement_id,
                b.kind,
                b.partner_id,
            ):
                assert a.end_date < b.start_date or b.end_date < a.start_date, (a.pk, b.pk)


def test_the_demo_procesbegeleider_has_a_funding_checklist(loaded):
    today = timezone.localdate()
    user = User.objects.get(username="procesbegeleider")
    checklists = checklists_of(caseload_page(user, caseload_action(user).arrangement_ids))
    pending = [item for c in checklists for item in c.pending]
    refused = [line for c in checklists for line in c.refused]
    expiring = [item for c in checklists for item in c.expiring]
    assert len(pending) >= 4
    assert all(days > 0 for _line, days in pending)
    assert any(c.arrangement.phase == Phase.PREPARATION and c.pending for c in checklists)
    assert len(refused) == 1 and refused[0].kind == FundingKind.PGB_YOUTH_ACT
    assert len(expiring) >= 3
    assert all(0 <= days <= 56 for _line, days in expiring)
    # One oza in uitvoering runs out of granted funding before its planned end.
    gaps = [c for c in checklists if c.arrangement.phase == Phase.EXECUTION and c.gaps]
    assert len(gaps) == 1
    (first, last), *_more = gaps[0].gaps
    assert today < first and last == gaps[0].arrangement.planned_end
    # A group oza is on it too: its jeugdhulpbeschikking ends before the group does.
    assert any(c.arrangement.kind == ArrangementKind.GROUP and c.expiring for c in checklists)


def test_a_second_run_creates_nothing(loaded):
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        Jeugdige.objects.count(),
        Arrangement.objects.count(),
        Meeting.objects.count(),
        Agreement.objects.count(),
        FundingLine.objects.count(),
        AuditEvent.objects.count(),
    )
    output = load_demo()
    assert "Demo-gegevens staan er al." in output
    assert "procesbegeleider" in output
    assert counts == (
        Organisation.objects.count(),
        User.objects.count(),
        Jeugdige.objects.count(),
        Arrangement.objects.count(),
        Meeting.objects.count(),
        Agreement.objects.count(),
        FundingLine.objects.count(),
        AuditEvent.objects.count(),
    )


def test_refused_in_production(settings):
    settings.OZA_DEMO_USERS_ALLOWED = False
    before = (Organisation.objects.count(), User.objects.count(), Jeugdige.objects.count())
    with pytest.raises(CommandError, match="productie"):
        load_demo()
    assert (Organisation.objects.count(), User.objects.count(), Jeugdige.objects.count()) == before


def test_one_region_holds_every_demo_organisation(loaded):
    region = Region.objects.get(name=demo.DEMO_REGION)
    assert not Organisation.objects.exclude(region=region).exists()
    assert User.objects.get(username="beleidsmedewerker").region == region


def test_closed_and_ended_individual_ozas_have_a_mix_of_destinations(loaded):
    ends = PhaseTransition.objects.filter(
        transition__in=["close", "end_early"], arrangement__kind=ArrangementKind.INDIVIDUAL
    )
    assert ends.exists()
    assert not ends.filter(destination="").exists()
    assert len(set(ends.values_list("destination", flat=True))) >= 3


def test_goals_are_scored_at_evaluations_for_the_outcome_figures(loaded):
    scores = set(GoalEvaluation.objects.values_list("score", flat=True))
    assert len(scores) >= 3
    evaluated = GoalEvaluation.objects.values("goal__arrangement").distinct()
    assert not evaluated.exclude(
        goal__arrangement__transitions__transition="start_evaluation"
    ).exists()


def test_the_demo_beheerder_configures_the_escalation_ladder_in_the_admin(loaded, client):
    client.force_login(User.objects.get(username="beheerder"))
    assert client.get(reverse("admin:funding_escalationlevel_changelist")).status_code == 200
    level = EscalationLevel.objects.get(number=4)
    response = client.post(
        reverse("admin:funding_escalationlevel_change", args=[level.pk]),
        {"number": 4, "name": "Doorbraakteam regio", "description": ""},
    )
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.name == "Doorbraakteam regio"
