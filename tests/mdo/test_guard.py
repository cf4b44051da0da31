"""Issue 3: an oza leaves oriëntatie only after a held MDO with at least a parent (or the
jeugdige of 16+), an onderwijsconsulent and a jeugd- en gezinscoach present."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import route, services
from cases.models import Phase, TeamRole
from mdo import services as mdo_services
from mdo.guards import held_mdo_with_family_and_consultants
from mdo.invitations import meeting_cancel
from mdo.models import Attendance, MeetingKind, MeetingStatus, ParticipantKind
from tests.factories import (
    GuardianFactory,
    JeugdigeFactory,
    TeamMemberFactory,
    UserFactory,
    give_consent,
    hold_start_mdo,
    make_group_arrangement,
    make_individual_arrangement,
    plan_mdo,
)

pytestmark = pytest.mark.django_db

NO_MDO = "Houd eerst een MDO met ouders, onderwijsconsulent en jeugd- en gezinscoach."


def no_parent(day):
    return (
        f"Bij het MDO van {day:%d-%m-%Y} was geen ouder of verzorger aanwezig (vanaf 16 jaar "
        "mag dat ook de jeugdige zelf zijn)."
    )


def no_onderwijsconsulent(day):
    return f"Bij het MDO van {day:%d-%m-%Y} was geen onderwijsconsulent aanwezig."


def no_jeugdconsulent(day):
    return (
        f"Bij het MDO van {day:%d-%m-%Y} was geen jeugd- en gezinscoach of jeugdconsulent aanwezig."
    )


def missing(arrangement) -> list[str]:
    """What the MDO guard (alone) reports."""
    return [str(message) for message in held_mdo_with_family_and_consultants(arrangement)]


def refused(arrangement, by) -> list[str]:
    with pytest.raises(services.TransitionRefused) as excinfo:
        services.arrangement_transition(arrangement=arrangement, to="start_preparation", by=by)
    assert arrangement.phase == Phase.ORIENTATION
    return [str(message) for message in excinfo.value.messages]


@pytest.fixture
def chair(db):
    """A procesbegeleider who is an intern begeleider: fills neither required role."""
    return UserFactory(intern_begeleider=True)


@pytest.fixture
def oza(chair):
    """An oza in oriëntatie with akkoord given and the whole required team: only the MDO is
    missing."""
    arrangement = make_individual_arrangement(procesbegeleider=chair, age=10, guardians=2)
    give_consent(arrangement)
    TeamMemberFactory(arrangement=arrangement, role=TeamRole.ONDERWIJSCONSULENT)
    TeamMemberFactory(
        arrangement=arrangement,
        user=UserFactory(jeugdconsulent=True),
        role=TeamRole.JEUGDCONSULENT,
    )
    return arrangement


def held(arrangement, *, present=(), starts_at=None, kind=MeetingKind.START):
    """Plan, open and close an MDO of ``arrangement`` (yesterday by default) with the chair and
    the participants matching the ``present`` predicates present."""
    starts_at = starts_at or timezone.localtime() - timedelta(days=1)
    meeting = plan_mdo(arrangement, kind=kind, starts_at=starts_at)
    mdo_services.meeting_open(meeting=meeting, by=meeting.chair)
    for participant in meeting.participants.select_related("user", "jeugdige"):
        if participant.user_id == meeting.chair_id or any(test(participant) for test in present):
            mdo_services.attendance_set(
                participant=participant, by=meeting.chair, attendance=Attendance.PRESENT
            )
    return mdo_services.meeting_close(meeting=meeting, by=meeting.chair, decision="Besloten.")


def parent(p):
    return p.kind == ParticipantKind.PARENT


def jeugdige(p):
    return p.kind == ParticipantKind.JEUGDIGE


def onderwijsconsulent(p):
    return p.role == TeamRole.ONDERWIJSCONSULENT


def jeugdconsulent(p):
    return p.role == TeamRole.JEUGDCONSULENT


def day_of(meeting):
    return timezone.localdate(meeting.starts_at)


# --- No held MDO ----------------------------------------------------------------------------
def test_without_an_mdo_the_oza_stays_in_orientatie(oza, chair):
    assert refused(oza, chair) == [NO_MDO]


def test_a_planned_mdo_does_not_count_even_with_everyone_ticked(oza, chair):
    meeting = plan_mdo(oza, kind=MeetingKind.START, starts_at=timezone.now() - timedelta(hours=2))
    for participant in meeting.participants.all():
        mdo_services.attendance_set(participant=participant, by=chair, attendance="aanwezig")
    assert missing(oza) == [NO_MDO]

    mdo_services.meeting_open(meeting=meeting, by=chair)  # begun, not closed
    assert missing(oza) == [NO_MDO]


def test_a_cancelled_mdo_does_not_count(oza, chair):
    meeting = plan_mdo(oza, kind=MeetingKind.START)
    for participant in meeting.participants.all():
        mdo_services.attendance_set(participant=participant, by=chair, attendance="aanwezig")
    meeting_cancel(meeting=meeting, by=chair, reason="Ouders zijn ziek.")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert refused(oza, chair) == [NO_MDO]


# --- Who was there --------------------------------------------------------------------------
def test_a_held_mdo_with_only_the_chair_reports_everyone_missing(oza, chair):
    meeting = held(oza)
    day = day_of(meeting)
    assert refused(oza, chair) == [
        no_parent(day),
        no_onderwijsconsulent(day),
        no_jeugdconsulent(day),
    ]


@pytest.mark.parametrize(
    ("present", "expected"),
    [
        ((onderwijsconsulent, jeugdconsulent), [no_parent]),
        ((parent, jeugdconsulent), [no_onderwijsconsulent]),
        ((parent, onderwijsconsulent), [no_jeugdconsulent]),
        ((parent,), [no_onderwijsconsulent, no_jeugdconsulent]),
        ((parent, onderwijsconsulent, jeugdconsulent), []),
    ],
    ids=["no-parent", "no-oc", "no-jgc", "only-parent", "all"],
)
def test_each_missing_person_is_named(oza, chair, present, expected):
    meeting = held(oza, present=present)
    assert missing(oza) == [message(day_of(meeting)) for message in expected]


def test_one_parent_of_two_is_enough_and_then_the_step_is_taken(oza, chair):
    first_parent = oza.participations.get().jeugdige.guardians.first()
    held(
        oza,
        present=(lambda p: p.guardian_id == first_parent.pk, onderwijsconsulent, jeugdconsulent),
    )

    services.arrangement_transition(arrangement=oza, to="start_preparation", by=chair)

    assert oza.phase == Phase.PREPARATION


def test_invited_but_absent_does_not_count(oza, chair):
    meeting = plan_mdo(oza, kind=MeetingKind.START, starts_at=timezone.now() - timedelta(hours=2))
    mdo_services.meeting_open(meeting=meeting, by=chair)
    for participant in meeting.participants.all():
        attendance = "aanwezig" if participant.user_id == chair.pk else "afwezig"
        mdo_services.attendance_set(participant=participant, by=chair, attendance=attendance)
    mdo_services.meeting_close(meeting=meeting, by=chair, decision="Niemand kon komen.")

    assert len(missing(oza)) == 3


def test_any_held_mdo_that_had_everyone_counts(oza, chair):
    good = held(oza, present=(parent, onderwijsconsulent, jeugdconsulent))
    later = held(oza, starts_at=good.starts_at + timedelta(hours=3), kind=MeetingKind.EXTRA)
    assert later.status == MeetingStatus.HELD
    assert missing(oza) == []


def test_the_most_recent_held_mdo_is_reported_when_none_had_everyone(oza, chair):
    earlier = held(oza, present=(parent,), starts_at=timezone.now() - timedelta(days=8))
    latest = held(oza, present=(onderwijsconsulent,), starts_at=timezone.now() - timedelta(days=1))
    assert day_of(earlier) != day_of(latest)
    assert missing(oza) == [no_parent(day_of(latest)), no_jeugdconsulent(day_of(latest))]


def test_an_mdo_of_another_oza_does_not_count(oza, chair):
    other = make_individual_arrangement(
        procesbegeleider=chair, jeugdige=oza.participations.get().jeugdige
    )
    hold_start_mdo(other)
    assert missing(oza) == [NO_MDO]


# --- The jeugdige of 16 and older -----------------------------------------------------------
@pytest.mark.parametrize(("age", "counts"), [(16, True), (17, True), (15, False), (13, False)])
def test_the_jeugdige_of_16_or_older_may_take_the_parents_place(chair, age, counts):
    oza = make_individual_arrangement(procesbegeleider=chair, age=age)
    TeamMemberFactory(arrangement=oza, role=TeamRole.ONDERWIJSCONSULENT)
    TeamMemberFactory(
        arrangement=oza, user=UserFactory(jeugdconsulent=True), role=TeamRole.JEUGDCONSULENT
    )
    meeting = held(oza, present=(jeugdige, onderwijsconsulent, jeugdconsulent))
    assert meeting.participants.get(kind=ParticipantKind.JEUGDIGE).attendance == "aanwezig"
    assert missing(oza) == ([] if counts else [no_parent(day_of(meeting))])


def test_the_age_on_the_day_of_the_mdo_counts(chair):
    """A jeugdige who was 15 at the MDO and is 16 now did not take a parent's place."""
    with time_machine.travel(datetime(2025, 3, 1, 12, tzinfo=timezone.get_current_timezone())):
        jeugdige_ = JeugdigeFactory(date_of_birth=date(2009, 3, 10))
        GuardianFactory(jeugdige=jeugdige_)
        oza = make_individual_arrangement(procesbegeleider=chair, jeugdige=jeugdige_)
        TeamMemberFactory(arrangement=oza, role=TeamRole.ONDERWIJSCONSULENT)
        TeamMemberFactory(
            arrangement=oza, user=UserFactory(jeugdconsulent=True), role=TeamRole.JEUGDCONSULENT
        )
        meeting = held(oza, present=(jeugdige, onderwijsconsulent, jeugdconsulent))
    assert jeugdige_.age() >= 16
    assert missing(oza) == [no_parent(day_of(meeting))]


# --- Roles ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("function_trait", "covers"),
    [
        ({}, no_onderwijsconsulent),  # UserFactory's default function is onderwijsconsulent
        ({"jeugdconsulent": True}, no_jeugdconsulent),
    ],
    ids=["onderwijsconsulent", "jeugdconsulent"],
)
def test_a_procesbegeleider_fills_the_role_of_their_own_function(function_trait, covers):
    """One role per team member: an onderwijsconsulent or jeugd- en gezinscoach who chairs as
    procesbegeleider still counts as what they are."""
    procesbegeleider = UserFactory(**function_trait)
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider)
    meeting = held(oza, present=(parent,))
    day = day_of(meeting)
    expected = [m(day) for m in (no_onderwijsconsulent, no_jeugdconsulent) if m is not covers]
    assert missing(oza) == expected


def test_an_intern_begeleider_in_the_onderwijsconsulent_role_counts_by_role(chair):
    """The role on this oza decides for everyone else, whatever their function."""
    oza = make_individual_arrangement(procesbegeleider=chair)
    TeamMemberFactory(
        arrangement=oza, user=UserFactory(intern_begeleider=True), role=TeamRole.ONDERWIJSCONSULENT
    )
    TeamMemberFactory(arrangement=oza, user=UserFactory(jeugdconsulent=True), role=TeamRole.MENTOR)
    meeting = held(oza, present=(parent, onderwijsconsulent, lambda p: p.role == TeamRole.MENTOR))
    assert missing(oza) == [no_jeugdconsulent(day_of(meeting))]


def test_an_external_guest_in_the_role_counts(oza, chair):
    meeting = plan_mdo(oza, kind=MeetingKind.START, starts_at=timezone.now() - timedelta(hours=2))
    guest = mdo_services.participant_add(
        meeting=meeting, by=chair, name="Invaller SWV", role=TeamRole.ONDERWIJSCONSULENT
    )
    mdo_services.meeting_open(meeting=meeting, by=chair)
    for participant in meeting.participants.all():
        if participant.pk == guest.pk or participant.kind == ParticipantKind.PARENT:
            mdo_services.attendance_set(participant=participant, by=chair, attendance="aanwezig")
    mdo_services.meeting_close(meeting=meeting, by=chair, decision="Besloten.")
    assert missing(oza) == [no_jeugdconsulent(day_of(meeting))]


# --- Group oza ------------------------------------------------------------------------------
def test_a_group_needs_one_parent_present(chair):
    members = JeugdigeFactory.create_batch(3, age=9)
    for member in members:
        GuardianFactory.create_batch(2, jeugdige=member)
    group = make_group_arrangement(procesbegeleider=chair, members=members)
    give_consent(group)
    TeamMemberFactory(arrangement=group, role=TeamRole.ONDERWIJSCONSULENT)
    TeamMemberFactory(
        arrangement=group, user=UserFactory(jeugdconsulent=True), role=TeamRole.JEUGDCONSULENT
    )
    nobody = held(group, present=(onderwijsconsulent, jeugdconsulent))
    assert missing(group) == [no_parent(day_of(nobody))]

    one = members[1].guardians.last()
    held(
        group,
        present=(lambda p: p.guardian_id == one.pk, onderwijsconsulent, jeugdconsulent),
        starts_at=nobody.starts_at + timedelta(hours=2),
    )
    services.arrangement_transition(arrangement=group, to="start_preparation", by=chair)
    assert group.phase == Phase.PREPARATION


@pytest.mark.parametrize(("who", "counts"), [("older", True), ("younger", False)])
def test_in_a_group_a_member_of_16_may_speak_for_the_family(chair, who, counts):
    older, younger = JeugdigeFactory(age=17), JeugdigeFactory(age=12)
    GuardianFactory(jeugdige=younger)
    group = make_group_arrangement(procesbegeleider=chair, members=[older, younger])
    TeamMemberFactory(arrangement=group, role=TeamRole.ONDERWIJSCONSULENT)
    TeamMemberFactory(
        arrangement=group, user=UserFactory(jeugdconsulent=True), role=TeamRole.JEUGDCONSULENT
    )
    member = {"older": older, "younger": younger}[who]

    meeting = held(
        group,
        present=(
            lambda p: p.kind == ParticipantKind.JEUGDIGE and p.jeugdige_id == member.pk,
            onderwijsconsulent,
            jeugdconsulent,
        ),
    )

    assert not meeting.participants.filter(kind=ParticipantKind.PARENT, attendance="aanwezig")
    assert missing(group) == ([] if counts else [no_parent(day_of(meeting))])


# --- Where the message shows ----------------------------------------------------------------
def test_the_message_is_in_the_available_steps_and_on_the_oza_page(client, oza, chair):
    steps = {s["name"]: s for s in services.available_steps(oza, chair)}
    assert steps["start_preparation"]["missing"] == [NO_MDO]
    assert steps["end_early"]["missing"] == []

    client.force_login(chair)
    page = client.get(reverse("cases:arrangement_detail", args=[oza.pk])).content.decode()
    assert NO_MDO in page

    hold_start_mdo(oza)
    steps = {s["name"]: s for s in services.available_steps(oza, chair)}
    assert steps["start_preparation"]["missing"] == []


def test_the_guard_is_registered_for_start_preparation_only():
    assert held_mdo_with_family_and_consultants in route._guards["start_preparation"]
    others = [name for name, guards in route._guards.items() if name != "start_preparation"]
    assert all(held_mdo_with_family_and_consultants not in route._guards[n] for n in others)


@pytest.mark.parametrize("meetings", [0, 1, 4])
def test_the_guard_costs_at_most_two_queries(oza, chair, meetings):
    for n in range(meetings):
        held(oza, present=(parent,), starts_at=timezone.now() - timedelta(days=n + 1))
    with CaptureQueriesContext(connection) as captured:
        list(held_mdo_with_family_and_consultants(oza))
    assert len(captured) == (1 if meetings == 0 else 2)
