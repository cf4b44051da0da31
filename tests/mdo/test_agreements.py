"""SMART afspraken: made in an MDO, followed up in the next, listed per owner."""

from datetime import date, datetime, timedelta
from importlib import import_module
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cases import services as case_services
from cases.models import TeamRole
from mdo import services as mdo_services
from mdo.models import Agreement, AgreementStatus, Attendance, MeetingKind, ParticipantKind
from mdo.selectors import agreements_of, open_agreements_from_earlier_meetings
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    TeamMemberFactory,
    UserFactory,
    make_individual_arrangement,
    plan_mdo,
    the_jeugdige,
)

keep_owner_users = import_module("mdo.migrations.0005_agreement_owner_user").keep_owner_users

pytestmark = pytest.mark.django_db

AMSTERDAM = timezone.get_default_timezone()


@pytest.fixture
def chair(db):
    return UserFactory(intern_begeleider=True)


@pytest.fixture
def colleague(db):
    return UserFactory(jeugdconsulent=True)


@pytest.fixture
def oza(chair, colleague):
    arrangement = make_individual_arrangement(procesbegeleider=chair)
    TeamMemberFactory(arrangement=arrangement, user=colleague, role=TeamRole.JEUGDCONSULENT)
    return arrangement


def participant(meeting, user):
    return meeting.participants.get(user=user)


def agree(meeting, owner, what="Vraagt de beschikking aan.", *, due=None, by=None):
    return mdo_services.agreement_add(
        meeting=meeting,
        by=by or meeting.chair,
        description=what,
        owner=owner,
        due_date=due or timezone.localdate(meeting.starts_at) + timedelta(days=14),
        measure="Beschikking afgegeven",
    )


def close(meeting, **kwargs):
    mdo_services.meeting_open(meeting=meeting, by=meeting.chair)
    mdo_services.attendance_set(
        participant=participant(meeting, meeting.chair), by=meeting.chair, attendance="aanwezig"
    )
    return mdo_services.meeting_close(
        meeting=meeting, by=meeting.chair, decision="Doorgaan.", **kwargs
    )


def days_ago(days):
    return timezone.localtime() - timedelta(days=days)


# --- Open agreements come back --------------------------------------------------------------
def test_open_agreements_of_an_earlier_mdo_come_back_in_the_next(oza, chair, colleague):
    first = plan_mdo(oza, kind=MeetingKind.START, starts_at=days_ago(30))
    still_open = agree(first, participant(first, colleague))
    done = agree(first, participant(first, chair), "Plant het volgende MDO.")
    missed = agree(first, participant(first, chair), "Belt de huisarts.")
    first = close(first, next_starts_at=days_ago(2))
    mdo_services.agreement_update(agreement=done, by=chair, status=AgreementStatus.DONE)
    mdo_services.agreement_update(
        agreement=missed, by=chair, status=AgreementStatus.MISSED, follow_up="Niet bereikt."
    )
    following = first.next_meeting
    made_here = agree(following, participant(following, chair), "Nieuwe afspraak.")

    assert list(open_agreements_from_earlier_meetings(following)) == [still_open]
    assert made_here not in open_agreements_from_earlier_meetings(following)
    # The first MDO itself has nothing earlier.
    assert not open_agreements_from_earlier_meetings(first).exists()


def test_agreements_of_a_later_mdo_or_another_oza_do_not_come_back(oza, chair, colleague):
    earlier = plan_mdo(oza, starts_at=days_ago(10))
    later = plan_mdo(oza, starts_at=days_ago(3))
    agree(later, participant(later, colleague))
    other = make_individual_arrangement(procesbegeleider=chair, jeugdige=the_jeugdige(oza))
    elsewhere = plan_mdo(other, starts_at=days_ago(20))
    agree(elsewhere, participant(elsewhere, chair))

    assert not open_agreements_from_earlier_meetings(earlier).exists()


def test_an_agreement_is_made_with_a_participant_of_this_mdo(oza, chair, colleague):
    meeting = plan_mdo(oza, starts_at=days_ago(1))
    other = plan_mdo(oza, starts_at=days_ago(5))

    with pytest.raises(ValidationError) as excinfo:
        agree(meeting, participant(other, colleague))
    assert "owner" in excinfo.value.message_dict

    with pytest.raises(ValidationError) as excinfo:
        agree(
            meeting, participant(meeting, colleague), due=timezone.localdate() - timedelta(days=3)
        )
    assert excinfo.value.message_dict == {"due_date": ["De datum ligt voor het MDO."]}
    assert not Agreement.objects.exists()


def test_no_new_agreement_after_close_but_the_follow_up_goes_on(oza, chair, colleague):
    meeting = plan_mdo(oza, starts_at=days_ago(2))
    agreement = agree(meeting, participant(meeting, colleague))
    meeting = close(meeting)

    with pytest.raises(ValidationError):
        agree(meeting, participant(meeting, colleague))
    mdo_services.agreement_update(
        agreement=agreement, by=colleague, status=AgreementStatus.DONE, follow_up="Toegekend."
    )
    agreement.refresh_from_db()
    assert (agreement.status, agreement.follow_up) == (AgreementStatus.DONE, "Toegekend.")
    event = AuditEvent.objects.filter(
        object_type="mdo.Agreement", object_id=str(agreement.pk), action=AuditAction.UPDATE
    ).get()
    assert event.actor == colleague
    assert event.changes == {
        "status": [AgreementStatus.OPEN, AgreementStatus.DONE],
        "follow_up": ["", "Toegekend."],
    }


def test_a_parent_can_own_an_agreement(oza, chair):
    meeting = plan_mdo(oza, starts_at=days_ago(1))
    parent = meeting.participants.get(kind=ParticipantKind.PARENT)
    agreement = agree(meeting, parent, "Houdt het slaapritme bij.")
    assert agreement.owner.guardian == the_jeugdige(oza).guardians.get()
    assert agreement.owner_user is None  # on nobody's Mijn afspraken
    assert agreement.shared_with_family


# --- Overdue -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("today", "status", "overdue"),
    [
        (date(2026, 3, 9), AgreementStatus.OPEN, False),  # due today
        (date(2026, 3, 10), AgreementStatus.OPEN, True),  # the day after
        (date(2026, 3, 10), AgreementStatus.DONE, False),
        (date(2026, 3, 10), AgreementStatus.MISSED, False),
        (date(2026, 2, 20), AgreementStatus.OPEN, False),
    ],
)
def test_is_overdue_when_open_after_its_due_date(oza, chair, colleague, today, status, overdue):
    with time_machine.travel(datetime(2026, 2, 16, 10, tzinfo=AMSTERDAM), tick=False):
        meeting = plan_mdo(oza, starts_at=timezone.now())
        agreement = agree(meeting, participant(meeting, colleague), due=date(2026, 3, 9))
        if status != AgreementStatus.OPEN:
            mdo_services.agreement_update(agreement=agreement, by=chair, status=status)
    # Late in the evening, Dutch time: the local date decides, not UTC.
    moment = datetime.combine(today, datetime.min.time(), tzinfo=AMSTERDAM) + timedelta(
        hours=23, minutes=30
    )
    with time_machine.travel(moment, tick=False):
        assert agreement.is_overdue is overdue


# --- Mine ----------------------------------------------------------------------------------
def test_agreements_of_lists_only_my_own_on_oza_i_may_see(oza, chair, colleague):
    meeting = plan_mdo(oza, starts_at=days_ago(1))
    mine = agree(meeting, participant(meeting, colleague))
    chairs = agree(meeting, participant(meeting, chair), "Plant het volgende MDO.")
    agree(meeting, meeting.participants.get(kind=ParticipantKind.PARENT), "Houdt een logboek bij.")
    elsewhere = make_individual_arrangement(procesbegeleider=chair)
    member = TeamMemberFactory(arrangement=elsewhere, user=colleague, role=TeamRole.MENTOR)
    other_meeting = plan_mdo(elsewhere, starts_at=days_ago(1))
    former = agree(other_meeting, participant(other_meeting, colleague))

    assert mine.owner_user == colleague
    assert set(agreements_of(colleague)) == {mine, former}

    case_services.team_member_remove(by=chair, member=member)  # no longer on that team
    assert list(agreements_of(colleague)) == [mine]
    assert list(agreements_of(chair)) == [chairs]


def test_the_migration_keeps_each_agreements_owner_user(oza, chair, colleague):
    meeting = plan_mdo(oza, starts_at=days_ago(1))
    mine = agree(meeting, participant(meeting, colleague))
    parents = agree(meeting, meeting.participants.get(kind=ParticipantKind.PARENT))
    Agreement.objects.update(owner_user=None)  # as before the field existed

    keep_owner_users(apps, SimpleNamespace(connection=connection))

    assert list(agreements_of(colleague)) == [mine]
    parents.refresh_from_db()
    assert parents.owner_user is None


def test_agreements_of_someone_outside_the_team_or_a_portal_user_is_empty(oza, colleague):
    meeting = plan_mdo(oza, starts_at=days_ago(1))
    agree(meeting, participant(meeting, colleague))
    assert not agreements_of(UserFactory()).exists()
    assert not agreements_of(UserFactory(portal=True)).exists()


def test_attendance_does_not_change_who_owns_an_agreement(oza, chair, colleague):
    meeting = plan_mdo(oza, starts_at=days_ago(1))
    owner = participant(meeting, colleague)
    agreement = agree(meeting, owner)
    mdo_services.attendance_set(participant=owner, by=chair, attendance=Attendance.ABSENT)
    assert list(agreements_of(colleague)) == [agreement]
