"""A real Celery worker process runs send_reminders over Redis against the test database."""

from datetime import timedelta
from email import message_from_string, policy

import pytest
from django.utils import timezone

from mdo import invitations
from mdo.models import Invitation, SentReminder
from mdo.tasks import send_reminders
from oza.celery import app as celery_app
from tests.celery_worker import (
    mail_messages,
    needs_redis,
    require_postgresql,
    running_worker,
    unique_queue,
)
from tests.mdo.test_invitations import CHILD, make_meeting

pytestmark = [needs_redis, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_the_reminder_of_tomorrows_mdo(settings, tmp_path, mailoutbox):
    require_postgresql()
    # Invited two days ago for an MDO twelve hours from now: the "1 day" reminder is due.
    meeting = make_meeting(starts_at=timezone.now() + timedelta(hours=12))
    invitations.send_invitations(meeting=meeting, by=meeting.chair)
    meeting.participants.filter(invitation=Invitation.INVITED).update(
        invited_at=timezone.now() - timedelta(days=2)
    )
    # Only the mother stays invited, so the worker sends exactly one mail.
    meeting.participants.exclude(name="Marieke Bakker").update(invitation=Invitation.NOT_INVITED)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert not celery_app.conf.task_always_eager
    assert celery_app.conf.broker_url.startswith("redis://")

    queue = unique_queue()
    result = None
    with running_worker(tmp_path, queue) as log_path:
        try:
            result = send_reminders.apply_async(queue=queue)
            try:
                outcome = result.get(timeout=90)
            except Exception as error:
                pytest.fail(f"worker did not run the task ({error!r}):\n{log_path.read_text()}")
            assert outcome == {"meeting_reminders": 1, "agreement_reminders": 0}

            messages = mail_messages(tmp_path, count=1)
            assert len(messages) == 1, log_path.read_text()
            mail = message_from_string(messages[0], policy=policy.default)
            body = mail.get_content()
            subject = str(mail["Subject"]).strip()  # a long encoded subject is folded
            assert subject.startswith("Herinnering: MDO op ")
            assert subject.endswith(f" – Oza {meeting.arrangement_id}")
            assert mail["To"] == "marieke@example.nl"
            assert "Morgen is het MDO over" in body or "Vandaag is het MDO over" in body
            assert f"/mdo/{meeting.pk}/" in body
            assert CHILD[0] not in subject + body  # no child's name in e-mail
            reminder = SentReminder.objects.get()
            assert (reminder.meeting, reminder.recipient) == (meeting, "marieke@example.nl")
            assert reminder.occasion.startswith(f"mdo:{meeting.pk}:1d:")
        finally:
            if result is not None:
                result.forget()
    # The worker's reminder went out of the worker process, not this one.
    assert [m.subject for m in mailoutbox if m.subject.startswith("Herinnering")] == []
