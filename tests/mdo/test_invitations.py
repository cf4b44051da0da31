"""Invitations, changes and cancellations of an MDO by e-mail (mdo.invitations)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from icalendar import Calendar

from cases.models import TeamRole
from cases.services import ConcurrentEdit
from mdo import invitations, services
from mdo.models import Invitation, Meeting, MeetingStatus, Participant, ParticipantKind
from oza.audit.models import AuditEvent
from tests.factories import (
    GuardianFactory,
    JeugdigeFactory,
    TeamMemberFactory,
    UserFactory,
    make_individual_arrangement,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=AMSTERDAM)
# The day after the change to summer time: 10:00 in Amsterdam is 08:00 UTC.
STARTS = datetime(2027, 3, 29, 10, 0, tzinfo=AMSTERDAM)
CHILD = ("Sanne", "Bakker")
WHEN = "maandag 29 maart 2027, 10:00 tot 11:00 uur"


def make_meeting(*, starts_at=STARTS, location="School", video_url="", chair=None) -> Meeting:
    """A start-MDO of an individual oza for Sanne Bakker (13, so she takes part but has no
    e-mail address), her mother Marieke (with one), the procesbegeleider Pien (chair) and an
    onderwijsconsulent: three participants to e-mail."""
    chair = chair or UserFactory(first_name="Pien", last_name="Procesbegeleider")
    jeugdige = JeugdigeFactory(first_name=CHILD[0], last_name=CHILD[1], age=13)
    GuardianFactory(jeugdige=jeugdige, name="Marieke Bakker", email="marieke@example.nl")
    oza = make_individual_arrangement(procesbegeleider=chair, jeugdige=jeugdige)
    TeamMemberFactory(
        arrangement=oza,
        user=UserFactory(first_name="Olaf", last_name="Consulent"),
        role=TeamRole.ONDERWIJSCONSULENT,
    )
    return services.meeting_plan(
        arrangement=oza,
        by=chair,
        kind="start",
        starts_at=starts_at,
        location=location,
        video_url=video_url,
    )


def attachment(mail):
    """The .ics of a mail, parsed."""
    [part] = mail.attachments
    assert part.get_content_type() == "text/calendar"
    assert part.get_filename() == "mdo.ics"
    assert part.get_content_charset() == "utf-8"
    return part, Calendar.from_ical(part.get_payload(decode=True))


def full_text(mail) -> str:
    """Everything the recipient gets: headers, body and attachment."""
    return mail.message().as_bytes().decode("utf-8") + mail.body


def assert_no_child_name(mails):
    for mail in mails:
        _part, calendar = attachment(mail)
        text = full_text(mail) + calendar.to_ical().decode()
        assert CHILD[0] not in text
        assert " ".join(CHILD) not in mail.subject


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_frozen_now")]


@pytest.fixture
def _frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def meeting():
    return make_meeting()


def test_invitations_go_to_everyone_with_an_email_address(meeting, mailoutbox):
    sent = invitations.send_invitations(meeting=meeting, by=meeting.chair)

    assert sent == 3
    participants = {p.name: p for p in meeting.participants.all()}
    pien, olaf = participants["Pien Procesbegeleider"], participants["Olaf Consulent"]
    marieke, sanne = participants["Marieke Bakker"], participants["Sanne Bakker"]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [pien.email, olaf.email, "marieke@example.nl"]
    )
    for p in (pien, olaf, marieke):
        assert (p.invitation, p.invited_at) == (Invitation.INVITED, NOW)
    assert (sanne.invitation, sanne.invited_at) == (Invitation.NOT_INVITED, None)

    mail = next(m for m in mailoutbox if m.to == ["marieke@example.nl"])
    assert mail.subject == f"Uitnodiging: MDO op {WHEN} – Oza {meeting.arrangement_id}"
    assert mail.body.startswith("Beste Marieke Bakker,")
    assert "Het overleg gaat over de school en de hulp voor uw kind." in mail.body
    assert "Waar: School" in mail.body
    assert f"http://127.0.0.1:8000/mdo/{meeting.pk}/" in mail.body
    assert mail.reply_to == [meeting.chair.email]
    part, calendar = attachment(mail)
    assert part.get_param("method") == "REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    [event] = calendar.events
    assert str(event["UID"]) == f"{meeting.uid}@oza"
    assert event["SEQUENCE"] == 0
    assert event.start == STARTS
    raw = mail.message().as_bytes().decode()
    assert 'Content-Type: text/calendar; charset="utf-8"; method="REQUEST"' in raw
    assert 'filename="mdo.ics"' in raw
    assert_no_child_name(mailoutbox)

    event = AuditEvent.objects.get(object_type="mdo.Meeting", description__startswith="Uitnod")
    assert event.actor == meeting.chair
    assert event.jeugdige_id == meeting.arrangement.participations.get().jeugdige_id


def test_the_invitations_go_over_one_connection_to_the_mail_server(meeting, smtp_server):
    sent = invitations.send_invitations(meeting=meeting, by=meeting.chair)

    assert sent == 3
    assert len(smtp_server.received) == 3
    assert smtp_server.connections() == 1


def test_sending_again_invites_only_who_was_added_since(meeting, mailoutbox):
    invitations.send_invitations(meeting=meeting, by=meeting.chair)
    mailoutbox.clear()

    assert invitations.send_invitations(meeting=meeting, by=meeting.chair) == 0
    assert mailoutbox == []

    guest = services.participant_add(
        meeting=meeting, by=meeting.chair, name="Dr. Jansen", email="jansen@ggz.example"
    )
    services.participant_add(meeting=meeting, by=meeting.chair, name="Zonder e-mail")
    assert invitations.send_invitations(meeting=meeting, by=meeting.chair) == 1
    assert [m.to for m in mailoutbox] == [["jansen@ggz.example"]]
    guest.refresh_from_db()
    assert guest.invitation == Invitation.INVITED


def test_only_the_chosen_participants_are_invited(meeting, mailoutbox):
    marieke = meeting.participants.get(kind=ParticipantKind.PARENT)

    assert invitations.send_invitations(meeting=meeting, by=meeting.chair, participants=[marieke])

    assert [m.to for m in mailoutbox] == [["marieke@example.nl"]]
    other = make_meeting()
    with pytest.raises(ValidationError):
        invitations.send_invitations(
            meeting=meeting, by=meeting.chair, participants=[other.participants.first()]
        )


@pytest.mark.parametrize("status", [MeetingStatus.CANCELLED, MeetingStatus.HELD])
def test_no_invitations_for_a_cancelled_or_held_meeting(meeting, mailoutbox, status):
    Meeting.objects.filter(pk=meeting.pk).update(status=status)

    with pytest.raises(ValidationError):
        invitations.send_invitations(meeting=meeting, by=meeting.chair)

    assert mailoutbox == []
    assert not meeting.participants.filter(invitation=Invitation.INVITED).exists()


def test_a_professional_off_the_team_cannot_invite(meeting, mailoutbox, outsider):
    with pytest.raises(ValidationError):
        invitations.send_invitations(meeting=meeting, by=outsider)
    assert mailoutbox == []


def test_a_failed_mail_leaves_that_participant_uninvited_so_sending_again_reaches_them(
    meeting, mailoutbox, monkeypatch
):
    real_send = invitations.EmailMessage.send

    def send(message, *args, **kwargs):
        if message.to == ["marieke@example.nl"]:
            raise ConnectionRefusedError("SMTP down")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(invitations.EmailMessage, "send", send)
    with pytest.raises(invitations.MailDeliveryError) as error:
        invitations.send_invitations(meeting=meeting, by=meeting.chair)

    assert (error.value.sent, error.value.failed) == (2, ["Marieke Bakker"])
    assert "Marieke Bakker" in str(error.value)
    assert len(mailoutbox) == 2
    marieke = meeting.participants.get(kind=ParticipantKind.PARENT)
    assert marieke.invitation == Invitation.NOT_INVITED

    monkeypatch.setattr(invitations.EmailMessage, "send", real_send)
    assert invitations.send_invitations(meeting=meeting, by=meeting.chair) == 1
    assert mailoutbox[-1].to == ["marieke@example.nl"]


def test_reschedule_sends_the_same_agenda_item_with_a_higher_sequence(meeting, mailoutbox):
    invitations.send_invitations(meeting=meeting, by=meeting.chair)
    late = services.participant_add(
        meeting=meeting, by=meeting.chair, name="Dr. Jansen", email="jansen@ggz.example"
    )
    mailoutbox.clear()
    new_start = STARTS + timedelta(days=2, hours=4)

    moved = invitations.meeting_reschedule(
        meeting=meeting,
        by=meeting.chair,
        starts_at=new_start,
        duration_minutes=90,
        location="",
        video_url="https://video.example/mdo-123",
    )

    assert (moved.status, moved.sequence, moved.starts_at) == (MeetingStatus.MOVED, 1, new_start)
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.status, stored.sequence, stored.duration_minutes) == (MeetingStatus.MOVED, 1, 90)
    assert stored.version == meeting.version + 1
    assert len(mailoutbox) == 3
    assert late.email not in {m.to[0] for m in mailoutbox}  # not invited yet: no update
    mail = next(m for m in mailoutbox if m.to == ["marieke@example.nl"])
    assert mail.subject.startswith("Gewijzigd: MDO op woensdag 31 maart 2027, 14:00 tot 15:30 uur")
    assert "Het MDO over" in mail.body and "is veranderd" in mail.body
    assert f"Eerst was het: {WHEN}" in mail.body
    assert "Online meedoen: https://video.example/mdo-123" in mail.body
    part, calendar = attachment(mail)
    assert part.get_param("method") == "REQUEST"
    [event] = calendar.events
    assert str(event["UID"]) == f"{meeting.uid}@oza"
    assert event["SEQUENCE"] == 1
    assert event.start == new_start
    assert str(event["LOCATION"]) == "https://video.example/mdo-123"
    assert_no_child_name(mailoutbox)
    audit = AuditEvent.objects.get(object_type="mdo.Meeting", description="MDO verplaatst")
    assert set(audit.changes) == {
        "starts_at",
        "duration_minutes",
        "location",
        "video_url",
        "status",
    }


def test_reschedule_to_the_same_values_changes_and_sends_nothing(meeting, mailoutbox):
    invitations.send_invitations(meeting=meeting, by=meeting.chair)
    mailoutbox.clear()

    invitations.meeting_reschedule(
        meeting=meeting,
        by=meeting.chair,
        starts_at=STARTS,
        duration_minutes=60,
        location="School",
        video_url="",
    )

    assert mailoutbox == []
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.status, stored.sequence) == (MeetingStatus.PLANNED, 0)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_at": NOW - timedelta(minutes=1)}, "starts_at"),
        ({"location": "  ", "video_url": ""}, "location"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"video_url": "geen link"}, "video_url"),
    ],
)
def test_reschedule_is_validated(meeting, mailoutbox, changes, field):
    values = {
        "starts_at": STARTS + timedelta(days=1),
        "duration_minutes": 60,
        "location": "School",
        "video_url": "",
    } | changes

    with pytest.raises(ValidationError) as error:
        invitations.meeting_reschedule(meeting=meeting, by=meeting.chair, **values)

    assert field in error.value.message_dict
    assert Meeting.objects.get(pk=meeting.pk).sequence == 0


def test_reschedule_with_a_stale_version_is_refused(meeting):
    invitations.meeting_reschedule(
        meeting=meeting,
        by=meeting.chair,
        starts_at=STARTS + timedelta(days=1),
        duration_minutes=60,
        location="School",
        video_url="",
        expected_version=meeting.version,
    )

    with pytest.raises(ConcurrentEdit):
        invitations.meeting_reschedule(
            meeting=meeting,
            by=meeting.chair,
            starts_at=STARTS + timedelta(days=2),
            duration_minutes=60,
            location="School",
            video_url="",
            expected_version=meeting.version - 1,
        )


def test_an_opened_or_cancelled_meeting_cannot_be_moved(meeting):
    services.meeting_open(meeting=meeting, by=meeting.chair)
    with pytest.raises(ValidationError):
        invitations.meeting_reschedule(
            meeting=meeting,
            by=meeting.chair,
            starts_at=STARTS + timedelta(days=1),
            duration_minutes=60,
            location="School",
            video_url="",
        )
    with pytest.raises(ValidationError):
        invitations.meeting_cancel(meeting=meeting, by=meeting.chair, reason="Ziek")

    other = make_meeting()
    invitations.meeting_cancel(meeting=other, by=other.chair, reason="Ziek")
    with pytest.raises(ValidationError):
        invitations.meeting_reschedule(
            meeting=other,
            by=other.chair,
            starts_at=STARTS + timedelta(days=1),
            duration_minutes=60,
            location="School",
            video_url="",
        )


def test_cancel_sends_a_cancellation_to_everyone_invited(meeting, mailoutbox):
    invitations.send_invitations(meeting=meeting, by=meeting.chair)
    mailoutbox.clear()
    reason = "Sanne is opgenomen; we plannen opnieuw."  # free text: kept in oza, not mailed

    cancelled = invitations.meeting_cancel(meeting=meeting, by=meeting.chair, reason=reason)

    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.status, stored.cancel_reason, stored.sequence) == (
        MeetingStatus.CANCELLED,
        reason,
        1,
    )
    assert cancelled.sequence == 1
    assert len(mailoutbox) == 3
    mail = next(m for m in mailoutbox if m.to == ["marieke@example.nl"])
    assert mail.subject == f"Gaat niet door: MDO op {WHEN} – Oza {meeting.arrangement_id}"
    assert "gaat niet door" in mail.body
    part, calendar = attachment(mail)
    assert part.get_param("method") == "CANCEL"
    assert calendar["METHOD"] == "CANCEL"
    [event] = calendar.events
    assert str(event["UID"]) == f"{meeting.uid}@oza"
    assert event["SEQUENCE"] == 1
    assert event["STATUS"] == "CANCELLED"
    assert_no_child_name(mailoutbox)

    with pytest.raises(ValidationError):
        invitations.send_invitations(meeting=meeting, by=meeting.chair)


def test_cancel_needs_a_reason(meeting, mailoutbox):
    with pytest.raises(ValidationError) as error:
        invitations.meeting_cancel(meeting=meeting, by=meeting.chair, reason="   ")
    assert "reason" in error.value.message_dict
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PLANNED


def test_only_the_chair_or_a_functioneel_beheerder_moves_or_cancels(meeting, mailoutbox, swv_admin):
    olaf = meeting.participants.get(name="Olaf Consulent").user
    for action in (
        lambda by: invitations.meeting_reschedule(
            meeting=meeting,
            by=by,
            starts_at=STARTS + timedelta(days=1),
            duration_minutes=60,
            location="School",
            video_url="",
        ),
        lambda by: invitations.meeting_cancel(meeting=meeting, by=by, reason="Ziek"),
    ):
        with pytest.raises(ValidationError) as error:
            action(olaf)
        assert "Alleen de voorzitter (Pien Procesbegeleider)" in error.value.messages[0]
    assert Meeting.objects.get(pk=meeting.pk).sequence == 0

    invitations.meeting_cancel(meeting=meeting, by=swv_admin, reason="Voorzitter ziek")

    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.status == MeetingStatus.CANCELLED
    audit = AuditEvent.objects.get(object_type="mdo.Meeting", description="MDO geannuleerd")
    assert (audit.actor, audit.on_behalf_of) == (swv_admin, meeting.chair)


def test_a_declined_participant_hears_of_the_change_too(meeting, mailoutbox):
    invitations.send_invitations(meeting=meeting, by=meeting.chair)
    Participant.objects.filter(meeting=meeting, kind=ParticipantKind.PARENT).update(
        invitation=Invitation.DECLINED
    )
    mailoutbox.clear()

    invitations.meeting_cancel(meeting=meeting, by=meeting.chair, reason="Ziek")

    assert "marieke@example.nl" in {m.to[0] for m in mailoutbox}
