"""Reminders by e-mail: of an upcoming MDO some days before, and of an afspraak past its date.

Run every 15 minutes by ``mdo.tasks.send_reminders``, each run's mails over one connection to
the mail server (``oza.mail.MailBatch``). Every reminder is one SentReminder row,
unique per (occasion, recipient); the row is inserted in the same transaction that sends the
mail, so a failed mail leaves no row (a retry sends it) and a second run at the same time
waits for the first and then sends nothing. Mails name the oza, never the jeugdige, and
never quote an afspraak (free text may name the jeugdige): the link leads behind the login.
"""

import itertools
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from cases.models import ACTIVE_PHASES
from oza.mail import MailBatch

from .calendar import AMSTERDAM, meeting_url, recipient_address, when_text
from .models import (
    UPCOMING_STATUSES,
    Agreement,
    AgreementStatus,
    Invitation,
    Meeting,
    Participant,
    SentReminder,
)

logger = logging.getLogger(__name__)

MEETING_REMINDER_TEMPLATE = "email/mdo_reminder.txt"
AGREEMENT_OVERDUE_TEMPLATE = "email/agreement_overdue.txt"
# Rows read from the database at a time by a sweep.
REMINDER_CHUNK = 2_000


@dataclass(frozen=True)
class ReminderResult:
    meeting_reminders: int
    agreement_reminders: int


class ReminderDeliveryError(Exception):
    """Some reminders could not be sent; their rows were rolled back, so a retry sends them."""


@dataclass(frozen=True)
class _Due:
    occasion: str
    recipient: str  # the key: the address in lower case
    address: str  # where the mail goes
    participant: Participant
    meeting: Meeting | None = None
    agreement: Agreement | None = None
    days: int = 0


def reminder_days() -> list[int]:
    """The days before an MDO on which its participants are reminded, e.g. [7, 1]."""
    return sorted({int(n) for n in settings.OZA_MDO_REMINDER_DAYS if int(n) > 0}, reverse=True)


def meeting_occasion(meeting: Meeting, days: int) -> str:
    """``mdo:12:7d:20270322T090000Z``: with the start time, so a moved MDO is reminded of its
    new time and a reminder of the old time can never go out after the move."""
    return f"mdo:{meeting.pk}:{days}d:{meeting.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def agreement_occasion(agreement: Agreement) -> str:
    return f"afspraak:{agreement.pk}:over-tijd"


def _due_days(meeting: Meeting, *, now: datetime, days: list[int]) -> int | None:
    """The reminder moment (days before) that is due now: the latest one passed. A reminder
    whose moment was missed is not sent next to a later one."""
    passed = [n for n in days if meeting.starts_at - timedelta(days=n) <= now < meeting.starts_at]
    return min(passed) if passed else None


def _chunks(iterable, size: int):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _due_meeting_reminders(*, now: datetime) -> Iterator[_Due]:
    """Reminders of upcoming MDO's due now and not sent yet: three queries per chunk of MDO's,
    so only a chunk's reminders are in memory at a time."""
    days = reminder_days()
    if not days:
        return
    meetings = (
        Meeting.objects.filter(
            status__in=UPCOMING_STATUSES,
            opened_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(days=max(days)),
        )
        .select_related("arrangement", "chair")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.filter(invitation=Invitation.INVITED).select_related(
                    "user"
                ),
                to_attr="invited",
            )
        )
    )
    for chunk in _chunks(meetings.iterator(chunk_size=REMINDER_CHUNK), REMINDER_CHUNK):
        yield from _due_in(chunk, now=now, days=days)


def _due_in(meetings: list[Meeting], *, now: datetime, days: list[int]) -> list[_Due]:
    due = []
    for meeting in meetings:
        n = _due_days(meeting, now=now, days=days)
        if n is None:
            continue
        moment = meeting.starts_at - timedelta(days=n)
        occasion = meeting_occasion(meeting, n)
        for participant in meeting.invited:
            address = recipient_address(participant)
            if not address:
                continue
            if participant.invited_at is not None and participant.invited_at >= moment:
                continue  # invited after the reminder moment: the invitation itself is recent
            due.append(
                _Due(
                    occasion=occasion,
                    recipient=address.lower(),
                    address=address,
                    participant=participant,
                    meeting=meeting,
                    days=n,
                )
            )
    if not due:
        return []
    already = set(
        SentReminder.objects.filter(occasion__in={d.occasion for d in due}).values_list(
            "occasion", "recipient"
        )
    )
    return [d for d in due if (d.occasion, d.recipient) not in already]


def _due_agreement_reminders(*, today) -> Iterator[_Due]:
    """Open afspraken of active oza's past their date whose owner was not reminded yet, in one
    query, read a chunk at a time (over a national data set they do not all fit in memory)."""
    agreements = (
        Agreement.objects.filter(
            status=AgreementStatus.OPEN,
            due_date__lt=today,
            arrangement__phase__in=ACTIVE_PHASES,
        )
        .exclude(Exists(SentReminder.objects.filter(agreement=OuterRef("pk"))))
        .select_related("owner__user", "arrangement", "meeting__chair")
        .order_by("due_date", "pk")
    )
    for agreement in agreements.iterator(chunk_size=REMINDER_CHUNK):
        address = recipient_address(agreement.owner)
        if address:
            yield _Due(
                occasion=agreement_occasion(agreement),
                recipient=address.lower(),
                address=address,
                participant=agreement.owner,
                agreement=agreement,
            )


def _days_text(meeting: Meeting, *, now: datetime) -> str:
    days = (
        timezone.localtime(meeting.starts_at, AMSTERDAM).date()
        - timezone.localtime(now, AMSTERDAM).date()
    ).days
    if days <= 0:
        return _("vandaag")
    if days == 1:
        return _("morgen")
    return _("over %(days)d dagen") % {"days": days}


def _meeting_message(due: _Due, *, now: datetime) -> EmailMessage:
    meeting = due.meeting
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Herinnering: MDO op %(when)s – %(oza)s") % {
            "when": when_text(meeting),
            "oza": meeting.arrangement,
        }
        body = render_to_string(
            MEETING_REMINDER_TEMPLATE,
            {
                "name": due.participant.name,
                "oza": str(meeting.arrangement),
                "kind": meeting.get_kind_display(),
                "when": when_text(meeting),
                "how_soon": _days_text(meeting, now=now),
                "location": meeting.location,
                "video_url": meeting.video_url,
                "chair": str(meeting.chair),
                "chair_email": meeting.chair.email,
                "url": meeting_url(meeting),
            },
        )
    return EmailMessage(subject=subject, body=body, to=[due.address])


def _agreement_message(due: _Due) -> EmailMessage:
    agreement = due.agreement
    meeting = agreement.meeting
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Herinnering: een afspraak uit het MDO is over tijd – %(oza)s") % {
            "oza": agreement.arrangement
        }
        body = render_to_string(
            AGREEMENT_OVERDUE_TEMPLATE,
            {
                "name": due.participant.name,
                "oza": str(agreement.arrangement),
                "meeting_date": dateformat.format(
                    timezone.localtime(meeting.starts_at, AMSTERDAM), "j F Y"
                ),
                "due_date": dateformat.format(agreement.due_date, "l j F Y"),
                "chair": str(meeting.chair),
                "chair_email": meeting.chair.email,
                "url": meeting_url(meeting),
            },
        )
    return EmailMessage(subject=subject, body=body, to=[due.address])


def _claim_and_send(due: _Due, message: EmailMessage, *, now: datetime, mail: MailBatch) -> bool:
    """Insert the reminder's row and send its mail, in one transaction; False if the row was
    there already (sent before, or by a run at the same time)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    occasion=due.occasion,
                    recipient=due.recipient,
                    meeting=due.meeting,
                    agreement=due.agreement,
                    sent_at=now,
                )
        except IntegrityError:
            return False
        mail.send(message)
    return True


def send_due_reminders(*, now: datetime | None = None) -> ReminderResult:
    """Remind (a) every invited participant with an e-mail address of each upcoming MDO at
    the moments in ``OZA_MDO_REMINDER_DAYS`` (days before), and (b) the owner of each open
    afspraak whose date has passed, once.

    Raises ReminderDeliveryError after trying everyone if some mail could not be sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"meeting": 0, "agreement": 0}
    failed = []
    work = itertools.chain(
        (
            ("meeting", due, lambda due: _meeting_message(due, now=now))
            for due in _due_meeting_reminders(now=now)
        ),
        (("agreement", due, _agreement_message) for due in _due_agreement_reminders(today=today)),
    )
    with MailBatch() as mail:
        for kind, due, build in work:
            try:
                if _claim_and_send(due, build(due), now=now, mail=mail):
                    counts[kind] += 1
            except Exception:
                logger.exception(
                    "Reminder %s to participant %s failed", due.occasion, due.participant.pk
                )
                failed.append(due.occasion)
    logger.info(
        "Reminders: %s MDO, %s afspraak, %s failed",
        counts["meeting"],
        counts["agreement"],
        len(failed),
    )
    if failed:
        raise ReminderDeliveryError(f"Reminders {failed} could not be sent")
    return ReminderResult(
        meeting_reminders=counts["meeting"], agreement_reminders=counts["agreement"]
    )
