"""mdo.services.composition_missing: is the composition of an MDO sufficient (DOMAIN.md,
"The MDO")? Before the meeting it looks at who is invited, once open at who is there."""

import pytest

from cases.models import TeamRole
from mdo import services as mdo_services
from mdo.models import AgendaItemKind, Attendance, Invitation, MeetingKind, ParticipantKind
from tests.factories import (
    GuardianFactory,
    JeugdigeFactory,
    TeamMemberFactory,
    UserFactory,
    make_individual_arrangement,
    plan_mdo,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db

NO_PARENT = "Er is geen ouder of verzorger bij."
NO_OC = "Er is geen onderwijsconsulent bij."
NO_JGC = "Er is geen jeugd- en gezinscoach of jeugdconsulent bij."
LEGAL = "Er is een jeugdbeschermer of Veilig Thuis betrokken: zet het juridisch kader op de agenda."


def absent_jeugdige(jeugdige):
    return f"{jeugdige} is er niet bij."


@pytest.fixture
def chair(db):
    return UserFactory(intern_begeleider=True)


def oza_with_team(chair, *, age=10, roles=(TeamRole.ONDERWIJSCONSULENT, TeamRole.JEUGDCONSULENT)):
    arrangement = make_individual_arrangement(procesbegeleider=chair, age=age)
    for role in roles:
        TeamMemberFactory(arrangement=arrangement, user=UserFactory(), role=role)
    return arrangement


def tick(meeting, *predicates):
    for participant in meeting.participants.all():
        if any(predicate(participant) for predicate in predicates):
            mdo_services.attendance_set(
                participant=participant, by=meeting.chair, attendance=Attendance.PRESENT
            )


def kind_is(kind):
    return lambda p: p.kind == kind


def role_is(role):
    return lambda p: p.role == role


# --- Before the meeting: who is invited ----------------------------------------------------
def test_a_full_team_planned_in_is_sufficient_before_the_meeting(chair):
    meeting = plan_mdo(oza_with_team(chair))
    assert meeting.opened_at is None
    assert mdo_services.composition_missing(meeting) == []


def test_before_the_meeting_the_missing_roles_are_named(chair):
    meeting = plan_mdo(oza_with_team(chair, roles=()))
    assert mdo_services.composition_missing(meeting) == [NO_OC, NO_JGC]


def test_a_guest_in_the_missing_role_completes_the_invitation(chair):
    meeting = plan_mdo(oza_with_team(chair, roles=(TeamRole.JEUGDCONSULENT,)))
    assert mdo_services.composition_missing(meeting) == [NO_OC]

    mdo_services.participant_add(
        meeting=meeting, by=chair, name="Onderwijsconsulent SWV", role=TeamRole.ONDERWIJSCONSULENT
    )
    assert mdo_services.composition_missing(meeting) == []


def test_without_a_parent_with_gezag_no_parent_is_invited(chair):
    jeugdige = JeugdigeFactory(age=9)
    GuardianFactory(jeugdige=jeugdige, has_authority=False)
    arrangement = make_individual_arrangement(procesbegeleider=chair, jeugdige=jeugdige)
    TeamMemberFactory(arrangement=arrangement, role=TeamRole.ONDERWIJSCONSULENT)
    TeamMemberFactory(arrangement=arrangement, role=TeamRole.JEUGDCONSULENT)
    meeting = plan_mdo(arrangement)

    assert not meeting.participants.filter(kind=ParticipantKind.PARENT).exists()
    assert mdo_services.composition_missing(meeting) == [NO_PARENT]


def test_a_participant_who_declined_is_not_counted_as_invited(chair):
    meeting = plan_mdo(oza_with_team(chair))
    oc = meeting.participants.get(role=TeamRole.ONDERWIJSCONSULENT)
    oc.invitation = Invitation.DECLINED
    oc.save(update_fields=["invitation"])

    assert mdo_services.composition_missing(meeting) == [NO_OC]


# --- During the meeting: who is there ------------------------------------------------------
def test_once_open_only_who_is_present_counts(chair):
    meeting = plan_mdo(oza_with_team(chair))
    mdo_services.meeting_open(meeting=meeting, by=chair)
    assert mdo_services.composition_missing(meeting) == [NO_PARENT, NO_OC, NO_JGC]

    tick(meeting, kind_is(ParticipantKind.PARENT))
    assert mdo_services.composition_missing(meeting) == [NO_OC, NO_JGC]

    tick(meeting, role_is(TeamRole.ONDERWIJSCONSULENT))
    assert mdo_services.composition_missing(meeting) == [NO_JGC]

    tick(meeting, role_is(TeamRole.JEUGDCONSULENT))
    assert mdo_services.composition_missing(meeting) == []


def test_absent_is_not_present(chair):
    meeting = plan_mdo(oza_with_team(chair))
    mdo_services.meeting_open(meeting=meeting, by=chair)
    tick(meeting, kind_is(ParticipantKind.PARENT), role_is(TeamRole.JEUGDCONSULENT))
    oc = meeting.participants.get(role=TeamRole.ONDERWIJSCONSULENT)
    mdo_services.attendance_set(participant=oc, by=chair, attendance=Attendance.ABSENT)

    assert mdo_services.composition_missing(meeting) == [NO_OC]


# --- The jeugdige from 12 ----------------------------------------------------------------------
@pytest.mark.parametrize(("age", "expected"), [(11, False), (12, True), (15, True), (17, True)])
def test_the_jeugdige_of_12_or_older_is_expected(chair, age, expected):
    arrangement = oza_with_team(chair, age=age)
    jeugdige = the_jeugdige(arrangement)
    meeting = plan_mdo(arrangement)

    invited = meeting.participants.filter(kind=ParticipantKind.JEUGDIGE, jeugdige=jeugdige)
    assert invited.exists() == expected
    assert mdo_services.composition_missing(meeting) == []  # invited when expected

    mdo_services.meeting_open(meeting=meeting, by=chair)
    tick(meeting, kind_is(ParticipantKind.PARENT), lambda p: p.role != "")
    assert mdo_services.composition_missing(meeting) == (
        [absent_jeugdige(jeugdige)] if expected else []
    )

    if expected:
        tick(meeting, kind_is(ParticipantKind.JEUGDIGE))
        assert mdo_services.composition_missing(meeting) == []


# --- The legal framework -----------------------------------------------------------------------
@pytest.mark.parametrize("role", [TeamRole.JEUGDBESCHERMER, TeamRole.VEILIG_THUIS])
def test_with_child_protection_on_the_team_the_plan_puts_the_legal_framework_on_the_agenda(
    chair, role
):
    meeting = plan_mdo(
        oza_with_team(chair, roles=(TeamRole.ONDERWIJSCONSULENT, TeamRole.JEUGDCONSULENT, role))
    )

    items = list(meeting.agenda_items.all())
    assert items[1].kind == AgendaItemKind.LEGAL_FRAMEWORK
    assert items[1].title == "Juridisch kader"
    assert mdo_services.composition_missing(meeting) == []


def test_child_protection_joining_after_the_plan_asks_for_the_legal_framework(chair):
    arrangement = oza_with_team(chair)
    meeting = plan_mdo(arrangement)
    assert not meeting.agenda_items.filter(kind=AgendaItemKind.LEGAL_FRAMEWORK).exists()

    TeamMemberFactory(arrangement=arrangement, role=TeamRole.JEUGDBESCHERMER)
    assert mdo_services.composition_missing(meeting) == [LEGAL]

    mdo_services.agenda_item_add(
        meeting=meeting, by=chair, title="Juridisch kader", kind=AgendaItemKind.LEGAL_FRAMEWORK
    )
    assert mdo_services.composition_missing(meeting) == []


def test_veilig_thuis_as_a_guest_asks_for_the_legal_framework(chair):
    meeting = plan_mdo(oza_with_team(chair))
    mdo_services.participant_add(
        meeting=meeting, by=chair, name="Medewerker Veilig Thuis", role=TeamRole.VEILIG_THUIS
    )
    assert mdo_services.composition_missing(meeting) == [LEGAL]


def test_a_regular_item_titled_juridisch_kader_does_not_count(chair):
    arrangement = oza_with_team(chair)
    meeting = plan_mdo(arrangement, kind=MeetingKind.EXTRA)
    TeamMemberFactory(arrangement=arrangement, role=TeamRole.JEUGDBESCHERMER)
    mdo_services.agenda_item_add(meeting=meeting, by=chair, title="Juridisch kader")
    assert mdo_services.composition_missing(meeting) == [LEGAL]


# --- Roles of the procesbegeleider -----------------------------------------------------------
def test_a_procesbegeleider_who_is_the_onderwijsconsulent_counts(db):
    procesbegeleider = UserFactory()  # function: onderwijsconsulent
    arrangement = make_individual_arrangement(procesbegeleider=procesbegeleider)
    TeamMemberFactory(arrangement=arrangement, role=TeamRole.JEUGDCONSULENT)
    meeting = plan_mdo(arrangement)
    assert mdo_services.composition_missing(meeting) == []
