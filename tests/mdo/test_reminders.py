"""Reminders of upcoming MDO's and of afspraken past their date (mdo.reminders)."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mdo import invitations, reminders, services
from mdo.models import (
    AgreementStatus,
    Invitation,
    Meeting,
    MeetingStatus,
    ParticipantKind,
    SentReminder,
)
from mdo.tasks import send_reminders
from tests.concurrency import run_twice_at_once, slow_mail
from tests.mdo.test_invitations import AMSTERDAM, CHILD, NOW, STARTS, make_meeting

DAY = timedelta(days=1)


def at(moment):
    return time_machine.travel(moment, tick=False)


def run(moment) -> dict:
    with at(moment):
        return send_reminders.apply().get()


def invited_meeting(**kwargs) -> Meeting:
    """The MDO of tests.mdo.test_invitations, planned and its invitations sent at NOW."""
    with at(NOW):
        meeting = make_meeting(**kwargs)
        invitations.send_invitations(meeting=meeting, by=meeting.chair)
    return meeting


def addresses(meeting: Meeting) -> set[str]:
    return {
        p.email
        for p in meeting.participants.filter(invitation=Invitation.INVITED).exclude(email="")
    }


@pytest.mark.django_db
def test_reminded_seven_days_and_one_day_before_and_not_eight(mailoutbox):
    meeting = invited_meeting()
    mailoutbox.clear()

    assert run(STARTS - 8 * DAY) == {"meeting_reminders": 0, "agreement_reminders": 0}
    assert mailoutbox == []

    assert run(STARTS - 7 * DAY) == {"meeting_reminders": 3, "agreement_reminders": 0}
    assert {m.to[0] for m in mailoutbox} == addresses(meeting)
    mail = next(m for m in mailoutbox if m.to == ["marieke@example.nl"])
    when = "maandag 29 maart 2027, 10:00 tot 11:00 uur"
    assert mail.subject == f"Herinnering: MDO op {when} – Oza {meeting.arrangement_id}"
    assert mail.body.startswith("Beste Marieke Bakker,")
    assert "Over 7 dagen is het MDO over" in mail.body
    assert f"http://127.0.0.1:8000/mdo/{meeting.pk}/" in mail.body
    assert CHILD[0] not in mail.subject + mail.body
    mailoutbox.clear()

    assert run(STARTS - 7 * DAY + timedelta(minutes=15))["meeting_reminders"] == 0
    assert run(STARTS - 2 * DAY)["meeting_reminders"] == 0
    assert mailoutbox == []

    assert run(STARTS - DAY)["meeting_reminders"] == 3
    assert {m.to[0] for m in mailoutbox} == addresses(meeting)
    assert "Morgen is het MDO over" in mailoutbox[0].body
    mailoutbox.clear()

    assert run(STARTS - timedelta(minutes=1))["meeting_reminders"] == 0
    assert run(STARTS + timedelta(minutes=1))["meeting_reminders"] == 0
    assert mailoutbox == []
    utc_start = "20270329T080000Z"
    assert set(SentReminder.objects.values_list("occasion", flat=True)) == {
        f"mdo:{meeting.pk}:7d:{utc_start}",
        f"mdo:{meeting.pk}:1d:{utc_start}",
    }


@pytest.mark.django_db
def test_a_repeated_run_sends_each_reminder_once(mailoutbox):
    invited_meeting()
    mailoutbox.clear()

    first = run(STARTS - 7 * DAY)
    second = run(STARTS - 7 * DAY)

    assert (first["meeting_reminders"], second["meeting_reminders"]) == (3, 0)
    assert len(mailoutbox) == 3
    assert SentReminder.objects.count() == 3


@pytest.mark.django_db
def test_only_invited_participants_with_an_address_are_reminded(mailoutbox):
    meeting = invited_meeting()
    with at(NOW):
        services.participant_add(
            meeting=meeting, by=meeting.chair, name="Dr. Jansen", email="jansen@ggz.example"
        )
    meeting.participants.filter(kind=ParticipantKind.PARENT).update(invitation=Invitation.DECLINED)
    mailoutbox.clear()

    run(STARTS - DAY)

    sent_to = {m.to[0] for m in mailoutbox}
    assert len(sent_to) == 2
    assert "jansen@ggz.example" not in sent_to  # never invited
    assert "marieke@example.nl" not in sent_to  # declined


@pytest.mark.django_db
def test_a_professional_is_reminded_at_their_current_account_address(mailoutbox):
    meeting = invited_meeting()
    olaf = meeting.participants.get(name="Olaf Consulent").user
    olaf.email = "olaf.nieuw@oza.example"
    olaf.save()
    mailoutbox.clear()

    run(STARTS - DAY)

    assert "olaf.nieuw@oza.example" in {m.to[0] for m in mailoutbox}


@pytest.mark.django_db
def test_who_was_invited_after_a_reminder_moment_gets_only_the_later_reminders(mailoutbox):
    """Planned and invited three days ahead: no "7 days" reminder right after the invitation,
    only the one the day before."""
    starts_at = NOW + 3 * DAY
    with at(NOW):
        meeting = make_meeting(starts_at=starts_at)
        invitations.send_invitations(meeting=meeting, by=meeting.chair)
    mailoutbox.clear()

    assert run(NOW + timedelta(minutes=15))["meeting_reminders"] == 0
    assert run(starts_at - DAY)["meeting_reminders"] == 3


@pytest.mark.django_db
def test_a_missed_reminder_moment_is_not_sent_next_to_a_later_one(mailoutbox):
    invited_meeting()
    mailoutbox.clear()

    # The task did not run for a week: only the "1 day" reminder goes out, once per person.
    assert run(STARTS - timedelta(hours=20))["meeting_reminders"] == 3
    assert len(mailoutbox) == 3
    assert not SentReminder.objects.filter(occasion__contains=":7d:").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [MeetingStatus.CANCELLED, MeetingStatus.HELD])
def test_no_reminders_for_a_cancelled_or_held_meeting(mailoutbox, status):
    meeting = invited_meeting()
    if status == MeetingStatus.CANCELLED:
        with at(NOW):
            invitations.meeting_cancel(meeting=meeting, by=meeting.chair, reason="Ziek")
    else:
        Meeting.objects.filter(pk=meeting.pk).update(status=status)
    mailoutbox.clear()

    for moment in (STARTS - 7 * DAY, STARTS - DAY):
        assert run(moment)["meeting_reminders"] == 0

    assert mailoutbox == []
    assert not SentReminder.objects.exists()


@pytest.mark.django_db
def test_a_moved_meeting_is_reminded_of_its_new_time_and_never_of_the_old(mailoutbox):
    meeting = invited_meeting()
    mailoutbox.clear()
    assert run(STARTS - 7 * DAY)["meeting_reminders"] == 3  # for the old time
    new_start = STARTS + 4 * DAY  # Friday 2 April 2027, 10:00
    with at(STARTS - 7 * DAY + timedelta(hours=1)):
        invitations.meeting_reschedule(
            meeting=meeting,
            by=meeting.chair,
            starts_at=new_start,
            duration_minutes=60,
            location="School",
            video_url="",
        )
    mailoutbox.clear()

    # One day before the old time: the new time is five days away, past its "7 days" moment.
    assert run(STARTS - DAY)["meeting_reminders"] == 3
    assert "Over 5 dagen is het MDO" in mailoutbox[0].body
    assert "vrijdag 2 april 2027, 10:00 tot 11:00 uur" in mailoutbox[0].subject
    mailoutbox.clear()
    assert run(new_start - DAY)["meeting_reminders"] == 3
    assert run(new_start - timedelta(hours=1))["meeting_reminders"] == 0

    occasions = set(SentReminder.objects.values_list("occasion", flat=True))
    assert occasions == {
        f"mdo:{meeting.pk}:7d:20270329T080000Z",
        f"mdo:{meeting.pk}:7d:20270402T080000Z",
        f"mdo:{meeting.pk}:1d:20270402T080000Z",
    }


@pytest.mark.django_db
def test_the_moment_depends_on_the_setting(mailoutbox, settings):
    settings.OZA_MDO_REMINDER_DAYS = [2]
    invited_meeting()
    mailoutbox.clear()

    assert run(STARTS - 7 * DAY)["meeting_reminders"] == 0
    assert run(STARTS - 2 * DAY)["meeting_reminders"] == 3
    assert run(STARTS - DAY)["meeting_reminders"] == 0


@pytest.mark.django_db
def test_a_failed_mail_keeps_no_row_so_a_retry_sends_it(mailoutbox, monkeypatch):
    meeting = invited_meeting()
    mailoutbox.clear()
    real_send = reminders.EmailMessage.send

    def send(message, *args, **kwargs):
        if message.to == ["marieke@example.nl"]:
            raise ConnectionRefusedError("SMTP down")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(reminders.EmailMessage, "send", send)
    with at(STARTS - DAY), pytest.raises(reminders.ReminderDeliveryError):
        reminders.send_due_reminders()

    assert len(mailoutbox) == 2
    assert not SentReminder.objects.filter(recipient="marieke@example.nl").exists()

    monkeypatch.setattr(reminders.EmailMessage, "send", real_send)
    with at(STARTS - DAY + timedelta(minutes=15)):
        result = reminders.send_due_reminders()
    assert result.meeting_reminders == 1
    assert mailoutbox[-1].to == ["marieke@example.nl"]
    assert SentReminder.objects.filter(meeting=meeting).count() == 3


@pytest.mark.django_db
def test_a_run_sends_its_reminders_over_one_connection_to_the_mail_server(smtp_server):
    meeting = invited_meeting()
    smtp_server.received.clear()

    assert run(STARTS - DAY) == {"meeting_reminders": 3, "agreement_reminders": 0}
    assert sorted(smtp_server.recipients()) == sorted(addresses(meeting))
    assert smtp_server.connections() == 1


@pytest.mark.django_db
def test_queries_of_a_run_with_nothing_new_to_send_do_not_grow_with_the_meetings(mailoutbox):
    def queries_for(n_meetings: int) -> int:
        SentReminder.objects.all().delete()
        Meeting.objects.filter(status=MeetingStatus.PLANNED).update(status=MeetingStatus.HELD)
        for _ in range(n_meetings):
            invited_meeting()
        with at(STARTS - DAY):
            assert reminders.send_due_reminders().meeting_reminders == 3 * n_meetings
            with CaptureQueriesContext(connection) as ctx:
                assert reminders.send_due_reminders().meeting_reminders == 0
        return len(ctx.captured_queries)

    assert queries_for(1) == queries_for(4) <= 4  # meetings, participants, sent, afspraken


# --- Afspraken past their date ----------------------------------------------------------------
def make_agreement(meeting: Meeting, *, owner_name: str, due_date: date):
    owner = meeting.participants.get(name=owner_name)
    with at(NOW):
        return services.agreement_add(
            meeting=meeting,
            by=meeting.chair,
            # Free text may name the jeugdige: it never goes into the mail.
            description=f"{CHILD[0]} gaat twee ochtenden per week naar school.",
            owner=owner,
            due_date=due_date,
        )


@pytest.mark.django_db
def test_the_owner_of_an_overdue_agreement_is_reminded_once(mailoutbox):
    meeting = invited_meeting()
    due = date(2027, 4, 30)
    agreement = make_agreement(meeting, owner_name="Marieke Bakker", due_date=due)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)  # no MDO reminders
    mailoutbox.clear()

    # On its date it is not late yet; the next morning (Amsterdam) it is.
    assert run(datetime(2027, 4, 30, 23, 59, tzinfo=AMSTERDAM))["agreement_reminders"] == 0
    assert run(datetime(2027, 5, 1, 0, 30, tzinfo=AMSTERDAM))["agreement_reminders"] == 1
    assert run(datetime(2027, 5, 8, 9, 0, tzinfo=AMSTERDAM))["agreement_reminders"] == 0

    [mail] = mailoutbox
    assert mail.to == ["marieke@example.nl"]
    assert mail.subject == (
        f"Herinnering: een afspraak uit het MDO is over tijd – Oza {meeting.arrangement_id}"
    )
    assert mail.body.startswith("Beste Marieke Bakker,")
    assert "uiterlijk op vrijdag 30 april 2027 doen" in mail.body
    assert f"http://127.0.0.1:8000/mdo/{meeting.pk}/" in mail.body
    assert CHILD[0] not in mail.subject + mail.body  # the afspraak itself is not quoted
    reminder = SentReminder.objects.get()
    assert (reminder.occasion, reminder.agreement) == (
        f"afspraak:{agreement.pk}:over-tijd",
        agreement,
    )


@pytest.mark.django_db
def test_a_professional_owner_is_reminded_at_their_account_address(mailoutbox):
    meeting = invited_meeting()
    make_agreement(meeting, owner_name="Olaf Consulent", due_date=date(2027, 4, 30))
    olaf = meeting.participants.get(name="Olaf Consulent")
    olaf.email = "oud-adres@oza.example"
    olaf.save()
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    mailoutbox.clear()

    run(datetime(2027, 5, 3, 9, 0, tzinfo=AMSTERDAM))

    assert [m.to for m in mailoutbox] == [[olaf.user.email]]


@pytest.mark.django_db
def test_a_done_agreement_is_not_reminded(mailoutbox):
    meeting = invited_meeting()
    agreement = make_agreement(meeting, owner_name="Marieke Bakker", due_date=date(2027, 4, 30))
    with at(NOW):
        services.agreement_update(
            agreement=agreement, by=meeting.chair, status=AgreementStatus.DONE
        )
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    mailoutbox.clear()

    assert run(datetime(2027, 5, 3, 9, 0, tzinfo=AMSTERDAM))["agreement_reminders"] == 0
    assert mailoutbox == []


# --- Two runs at the same time ------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time_send_each_reminder_once(mailoutbox, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    meeting = invited_meeting()
    agreement = make_agreement(meeting, owner_name="Olaf Consulent", due_date=STARTS.date())
    # The agreement's date lies before the moment below; make it overdue by moving it back.
    type(agreement).objects.filter(pk=agreement.pk).update(due_date=date(2027, 3, 20))
    mailoutbox.clear()
    moment = STARTS - DAY
    slow_mail(monkeypatch, reminders.EmailMessage)
    results = run_twice_at_once(lambda: reminders.send_due_reminders(now=moment))
    assert sum(r.meeting_reminders for r in results) == 3
    assert sum(r.agreement_reminders for r in results) == 1
    assert len(mailoutbox) == 4
    assert sorted(m.to[0] for m in mailoutbox if "afspraak" in m.subject) == [
        meeting.participants.get(name="Olaf Consulent").user.email
    ]
    assert SentReminder.objects.count() == 4


# --- The beat schedule ------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_beat_schedule_runs_the_task_every_fifteen_minutes():
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from oza.celery import app

    periodic = PeriodicTask.objects.select_related("interval").get(name="MDO-herinneringen")

    assert periodic.enabled
    assert periodic.task == "mdo.tasks.send_reminders"
    assert periodic.task in app.tasks
    assert (periodic.interval.every, periodic.interval.period) == (15, IntervalSchedule.MINUTES)
    assert periodic.crontab is None
