"""The MDO's life cycle through mdo.services: plan, open, notes, close, amendments, audit."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cases.models import Phase, TeamRole
from mdo import services as mdo_services
from mdo.models import (
    AgendaItem,
    Amendment,
    Attendance,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    ParticipantKind,
)
from oza.accounts.models import OrganisationType
from oza.audit.append_only import AppendOnlyError
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    GemeenteFactory,
    GuardianFactory,
    SchoolFactory,
    TeamMemberFactory,
    UserFactory,
    make_individual_arrangement,
    plan_mdo,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(db):
    return UserFactory(intern_begeleider=True)


@pytest.fixture
def colleague(db):
    return UserFactory(jeugdconsulent=True)


@pytest.fixture
def oza(chair, colleague):
    arrangement = make_individual_arrangement(procesbegeleider=chair, age=13)
    TeamMemberFactory(arrangement=arrangement, user=colleague, role=TeamRole.JEUGDCONSULENT)
    return arrangement


@pytest.fixture
def meeting(oza):
    return plan_mdo(oza, kind=MeetingKind.START, starts_at=timezone.now() - timedelta(minutes=5))


def present(meeting, by, *users):
    for participant in meeting.participants.filter(user__in=users):
        mdo_services.attendance_set(participant=participant, by=by, attendance=Attendance.PRESENT)


def opened_with_chair(meeting):
    mdo_services.meeting_open(meeting=meeting, by=meeting.chair)
    present(meeting, meeting.chair, meeting.chair)
    return meeting


def first_item(meeting) -> AgendaItem:
    return meeting.agenda_items.order_by("position").first()


# --- Planning -------------------------------------------------------------------------------
def test_plan_invites_the_team_the_parents_with_gezag_and_the_jeugdige(oza, chair, colleague):
    jeugdige = the_jeugdige(oza)
    GuardianFactory(jeugdige=jeugdige, name="Stiefvader", has_authority=False)
    meeting = plan_mdo(oza, kind=MeetingKind.START)

    rows = {(p.kind, p.role, p.user_id, p.guardian_id) for p in meeting.participants.all()}
    assert rows == {
        (ParticipantKind.PROFESSIONAL, TeamRole.PROCESBEGELEIDER, chair.pk, None),
        (ParticipantKind.PROFESSIONAL, TeamRole.JEUGDCONSULENT, colleague.pk, None),
        (ParticipantKind.PARENT, "", None, jeugdige.guardians.get(has_authority=True).pk),
        (ParticipantKind.JEUGDIGE, "", None, None),
    }
    assert {p.invitation for p in meeting.participants.all()} == {Invitation.NOT_INVITED}
    assert meeting.chair == chair
    assert meeting.status == MeetingStatus.PLANNED
    assert [i.title for i in meeting.agenda_items.all()] == [
        "Opening: doel van dit overleg en wie er zijn",
        "Ondersteuningsvragen van jeugdige en ouders",
        "Wat is nodig: onderwijs en zorg",
        "Doelen en afspraken",
        "Volgend MDO",
    ]


def test_plan_needs_a_place_or_a_video_link(oza, chair):
    with pytest.raises(ValidationError) as excinfo:
        plan_mdo(oza, location="")
    assert excinfo.value.message_dict == {"location": ["Vul een plaats of een videolink in."]}
    meeting = plan_mdo(oza, location="", video_url="https://meet.example.nl/mdo")
    assert meeting.video_url == "https://meet.example.nl/mdo"


def test_no_mdo_is_planned_for_a_finished_oza(chair):
    ended = make_individual_arrangement(procesbegeleider=chair, phase=Phase.ENDED_EARLY)
    before = Meeting.objects.filter(arrangement=ended).count()
    with pytest.raises(ValidationError) as excinfo:
        plan_mdo(ended)
    assert excinfo.value.messages == ["Dit oza is afgerond; er kan geen MDO meer worden gepland."]
    assert Meeting.objects.filter(arrangement=ended).count() == before


# --- Notes: one writer never overwrites another ---------------------------------------------
def test_a_second_writer_gets_a_conflict_with_the_stored_text(meeting, chair, colleague):
    item = first_item(meeting)
    loaded_version = item.notes_version  # both opened the screen on this version

    saved = mdo_services.notes_save(
        item=item,
        by=chair,
        notes="Ouders vertellen over de ochtenden.",
        expected_version=loaded_version,
        shared_with_family=True,
    )
    assert saved.notes_version == loaded_version + 1

    with pytest.raises(mdo_services.NotesConflict) as excinfo:
        mdo_services.notes_save(
            item=item,
            by=colleague,
            notes="Mijn eigen aantekening.",
            expected_version=loaded_version,
            shared_with_family=False,
        )
    assert excinfo.value.item.notes == "Ouders vertellen over de ochtenden."
    assert excinfo.value.item.notes_version == loaded_version + 1
    stored = AgendaItem.objects.get(pk=item.pk)
    assert (stored.notes, stored.shared_with_family) == (
        "Ouders vertellen over de ochtenden.",
        True,
    )

    # Merged and saved on the new version, both texts are kept.
    merged = f"{stored.notes}\nMijn eigen aantekening."
    mdo_services.notes_save(
        item=item,
        by=colleague,
        notes=merged,
        expected_version=excinfo.value.item.notes_version,
        shared_with_family=True,
    )
    assert AgendaItem.objects.get(pk=item.pk).notes == merged


def test_saving_unchanged_notes_changes_nothing(meeting, chair):
    item = first_item(meeting)
    saved = mdo_services.notes_save(
        item=item, by=chair, notes="Tekst", expected_version=0, shared_with_family=False
    )
    events = AuditEvent.objects.count()
    again = mdo_services.notes_save(
        item=item, by=chair, notes="Tekst", expected_version=1, shared_with_family=False
    )
    assert again.notes_version == saved.notes_version == 1
    assert AuditEvent.objects.count() == events


# --- After the close: amendments -------------------------------------------------------------
def test_after_close_a_change_needs_a_reason_and_becomes_an_amendment(meeting, chair):
    item = first_item(meeting)
    mdo_services.notes_save(
        item=item, by=chair, notes="Vastgesteld.", expected_version=0, shared_with_family=True
    )
    closed = mdo_services.meeting_close(
        meeting=opened_with_chair(meeting), by=chair, decision="Start voorbereiding."
    )
    frozen = closed.frozen_report
    item = AgendaItem.objects.get(pk=item.pk)  # as the next request loads it

    with pytest.raises(ValidationError) as excinfo:
        mdo_services.notes_save(
            item=item, by=chair, notes="Aangevuld.", expected_version=1, shared_with_family=True
        )
    assert "reason" in excinfo.value.message_dict
    assert not Amendment.objects.exists()

    mdo_services.notes_save(
        item=item,
        by=chair,
        notes="Aangevuld.",
        expected_version=1,
        shared_with_family=True,
        reason="  Naam van de school verbeterd.  ",
    )
    amendment = Amendment.objects.get()
    assert (amendment.meeting, amendment.agenda_item, amendment.field) == (closed, item, "notes")
    assert (amendment.old_value, amendment.new_value) == ("Vastgesteld.", "Aangevuld.")
    assert (amendment.reason, amendment.by) == ("Naam van de school verbeterd.", chair)
    # The verslag as closed stays as it was.
    closed.refresh_from_db()
    assert closed.frozen_report == frozen
    assert frozen["items"][0]["notes"] == "Vastgesteld."


def test_a_save_prepared_before_the_close_still_needs_a_reason(meeting, chair):
    item = first_item(meeting)  # loaded while the meeting was open
    mdo_services.meeting_close(meeting=opened_with_chair(meeting), by=chair, decision="Besloten.")

    with pytest.raises(ValidationError):
        mdo_services.notes_save(
            item=item, by=chair, notes="Te laat.", expected_version=0, shared_with_family=False
        )


def test_amendments_are_append_only(meeting, chair):
    item = first_item(meeting)
    closed = mdo_services.meeting_close(
        meeting=opened_with_chair(meeting), by=chair, decision="Besloten."
    )
    item = AgendaItem.objects.get(pk=item.pk)
    mdo_services.notes_save(
        item=item,
        by=chair,
        notes="Later.",
        expected_version=0,
        shared_with_family=False,
        reason="Vergeten punt.",
    )
    amendment = closed.amendments.get()
    amendment.reason = "Stil gewijzigd"
    with pytest.raises(AppendOnlyError):
        amendment.save()
    with pytest.raises(AppendOnlyError):
        amendment.delete()
    with pytest.raises(AppendOnlyError), transaction.atomic():
        Amendment.objects.filter(pk=amendment.pk).update(reason="weg")
    assert Amendment.objects.get().reason == "Vergeten punt."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL only")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE mdo_amendment SET reason = 'weg' WHERE id = %s",
        "DELETE FROM mdo_amendment WHERE id = %s",
    ],
)
def test_amendments_are_append_only_in_the_database_too(meeting, chair, sql):
    item = first_item(meeting)
    mdo_services.meeting_close(meeting=opened_with_chair(meeting), by=chair, decision="Besloten.")
    mdo_services.notes_save(
        item=AgendaItem.objects.get(pk=item.pk),
        by=chair,
        notes="Later.",
        expected_version=0,
        shared_with_family=False,
        reason="Vergeten punt.",
    )
    amendment = Amendment.objects.get()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [amendment.pk])
    assert Amendment.objects.get().reason == "Vergeten punt."


# --- Who opens and closes -------------------------------------------------------------------
def test_only_the_chair_opens_and_closes(meeting, chair, colleague):
    with pytest.raises(ValidationError) as excinfo:
        mdo_services.meeting_open(meeting=meeting, by=colleague)
    assert excinfo.value.messages == [f"Alleen de voorzitter ({chair}) opent en sluit dit MDO."]
    opened_with_chair(meeting)
    with pytest.raises(ValidationError):
        mdo_services.meeting_close(meeting=meeting, by=colleague, decision="Besloten.")
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PLANNED


@pytest.mark.parametrize(
    ("organisation", "allowed"),
    [
        (OrganisationType.SWV, True),
        (OrganisationType.GEMEENTE, True),
        (OrganisationType.SCHOOL, False),
    ],
)
def test_a_functioneel_beheerder_of_swv_or_gemeente_may_act_for_the_chair(
    meeting, chair, organisation, allowed
):
    org = {
        OrganisationType.SWV: None,
        OrganisationType.GEMEENTE: GemeenteFactory(),
        OrganisationType.SCHOOL: SchoolFactory(),
    }[organisation]
    admin = UserFactory(functioneel_beheerder=True, **({"organisation": org} if org else {}))
    assert admin.organisation.type == organisation
    if not allowed:
        with pytest.raises(ValidationError):
            mdo_services.meeting_open(meeting=meeting, by=admin)
        return

    mdo_services.meeting_open(meeting=meeting, by=admin)
    present(meeting, admin, chair)
    mdo_services.meeting_close(meeting=meeting, by=admin, decision="Besloten namens de voorzitter.")

    meeting.refresh_from_db()
    assert (meeting.status, meeting.closed_by) == (MeetingStatus.HELD, admin)
    close_event = AuditEvent.objects.filter(
        object_type="mdo.Meeting", object_id=str(meeting.pk), description__startswith="MDO gesloten"
    ).get()
    assert (close_event.actor, close_event.on_behalf_of) == (admin, chair)


def test_opening_twice_keeps_the_first_moment(meeting, chair):
    mdo_services.meeting_open(meeting=meeting, by=chair)
    first = Meeting.objects.get(pk=meeting.pk).opened_at
    mdo_services.meeting_open(meeting=meeting, by=chair)
    assert Meeting.objects.get(pk=meeting.pk).opened_at == first


# --- Closing --------------------------------------------------------------------------------
def test_close_requires_an_open_meeting_a_decision_and_attendance(meeting, chair):
    with pytest.raises(ValidationError) as excinfo:
        mdo_services.meeting_close(meeting=meeting, by=chair, decision="Besloten.")
    assert excinfo.value.messages == ["Open het MDO eerst; sluiten kan daarna."]

    mdo_services.meeting_open(meeting=meeting, by=chair)
    with pytest.raises(ValidationError) as excinfo:
        mdo_services.meeting_close(meeting=meeting, by=chair, decision="   ")
    assert excinfo.value.message_dict == {"decision": ["Leg het besluit van dit MDO vast."]}

    with pytest.raises(ValidationError) as excinfo:
        mdo_services.meeting_close(meeting=meeting, by=chair, decision="Besloten.")
    assert excinfo.value.messages == ["Vink aan wie er aanwezig waren voordat u het MDO sluit."]

    present(meeting, chair, chair)
    closed = mdo_services.meeting_close(meeting=meeting, by=chair, decision="  Besloten.  ")
    assert (closed.status, closed.decision, closed.closed_by) == (
        MeetingStatus.HELD,
        "Besloten.",
        chair,
    )
    with pytest.raises(ValidationError):
        mdo_services.meeting_close(meeting=closed, by=chair, decision="Nog eens.")
    with pytest.raises(ValidationError):
        mdo_services.attendance_set(
            participant=closed.participants.first(), by=chair, attendance=Attendance.ABSENT
        )


def test_close_with_a_next_date_plans_and_links_the_next_mdo(oza, meeting, chair, colleague):
    present(meeting, chair, colleague)
    latecomer = UserFactory()
    TeamMemberFactory(arrangement=oza, user=latecomer, role=TeamRole.ONDERWIJSCONSULENT)
    mdo_services.meeting_open(meeting=meeting, by=chair)
    present(meeting, chair, chair)
    next_start = timezone.now() + timedelta(weeks=6)

    closed = mdo_services.meeting_close(
        meeting=meeting, by=chair, decision="Door naar voorbereiding.", next_starts_at=next_start
    )

    following = closed.next_meeting
    assert following.previous_meeting == closed
    assert (following.kind, following.status, following.starts_at) == (
        MeetingKind.PROGRESS,
        MeetingStatus.PLANNED,
        next_start,
    )
    assert (following.location, following.duration_minutes) == (
        meeting.location,
        meeting.duration_minutes,
    )
    # Fresh participants: today's team (with the latecomer), nobody ticked yet.
    assert set(following.participants.values_list("user", flat=True)) - {None} == {
        chair.pk,
        colleague.pk,
        latecomer.pk,
    }
    assert set(following.participants.values_list("attendance", flat=True)) == {Attendance.UNKNOWN}
    assert closed.frozen_report["next_meeting"] == timezone.localtime(next_start).isoformat()


def test_close_can_plan_an_evaluation_mdo(meeting, chair):
    closed = mdo_services.meeting_close(
        meeting=opened_with_chair(meeting),
        by=chair,
        decision="Evaluatie plannen.",
        next_starts_at=timezone.now() + timedelta(weeks=10),
        next_kind=MeetingKind.EVALUATION,
    )
    assert closed.next_meeting.kind == MeetingKind.EVALUATION
    assert "Evaluatie van de doelen met de monitor" in [
        i.title for i in closed.next_meeting.agenda_items.all()
    ]


def test_the_frozen_report_holds_the_verslag(meeting, chair, colleague):
    item = first_item(meeting)
    mdo_services.notes_save(
        item=item, by=chair, notes="Kennismaking.", expected_version=0, shared_with_family=True
    )
    owner = meeting.participants.get(user=colleague)
    mdo_services.agreement_add(
        meeting=meeting,
        by=chair,
        description="Vraagt de beschikking aan.",
        owner=owner,
        due_date=timezone.localdate() + timedelta(days=21),
        measure="Beschikking afgegeven",
        shared_with_family=False,
    )
    present(meeting, chair, colleague)
    closed = mdo_services.meeting_close(
        meeting=opened_with_chair(meeting), by=chair, decision="Start voorbereiding."
    )

    report = closed.frozen_report
    assert report["kind"] == "Start-MDO"
    assert report["decision"] == "Start voorbereiding."
    assert report["chair"] == str(chair)
    assert report["items"][0] == {"title": item.title, "notes": "Kennismaking.", "shared": True}
    assert len(report["items"]) == 5
    assert report["agreements"] == [
        {
            "description": "Vraagt de beschikking aan.",
            "owner": owner.name,
            "due_date": (timezone.localdate() + timedelta(days=21)).isoformat(),
            "measure": "Beschikking afgegeven",
            "shared": False,
        }
    ]
    attendance = {p["name"]: p["attendance"] for p in report["participants"]}
    assert attendance[str(chair)] == attendance[str(colleague)] == Attendance.PRESENT
    assert attendance[str(the_jeugdige(meeting.arrangement))] == Attendance.UNKNOWN
    assert report["next_meeting"] is None


# --- Audit ----------------------------------------------------------------------------------
def test_plan_attendance_notes_and_close_are_audited_for_the_jeugdige(oza, chair, colleague):
    jeugdige = the_jeugdige(oza)
    meeting = plan_mdo(oza, kind=MeetingKind.START, starts_at=timezone.now() - timedelta(hours=1))
    item = first_item(meeting)
    mdo_services.meeting_open(meeting=meeting, by=chair)
    present(meeting, chair, chair, colleague)
    mdo_services.notes_save(
        item=item, by=colleague, notes="Aantekening.", expected_version=0, shared_with_family=False
    )
    mdo_services.meeting_close(meeting=meeting, by=chair, decision="Besloten.")

    events = AuditEvent.objects.filter(jeugdige=jeugdige).order_by("id")
    rows = [(e.actor_id, e.action, e.object_type, e.description) for e in events]
    assert rows == [
        (chair.pk, AuditAction.CREATE, "mdo.Meeting", f"MDO gepland: {meeting}"),
        (chair.pk, AuditAction.UPDATE, "mdo.Meeting", "MDO geopend"),
        (chair.pk, AuditAction.UPDATE, "mdo.Participant", f"Aanwezigheid van {chair}"),
        (chair.pk, AuditAction.UPDATE, "mdo.Participant", f"Aanwezigheid van {colleague}"),
        (colleague.pk, AuditAction.UPDATE, "mdo.AgendaItem", f"Aantekeningen bij {item.title}"),
        (chair.pk, AuditAction.UPDATE, "mdo.Meeting", "MDO gesloten; verslag vastgesteld"),
    ]
    attendance = events.filter(object_type="mdo.Participant").first()
    assert attendance.changes == {"attendance": [Attendance.UNKNOWN, Attendance.PRESENT]}
    notes = events.get(object_type="mdo.AgendaItem")
    assert notes.changes == {"notes": ["", "Aantekening."]}
    close = events.last()
    assert close.changes == {"status": [MeetingStatus.PLANNED, MeetingStatus.HELD]}
    assert close.on_behalf_of is None
