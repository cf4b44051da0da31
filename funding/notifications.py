"""E-mail to the procesbegeleider about granted funding lines that end soon. Keyword-only
service functions; the Celery task stays thin."""

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from cases.models import ACTIVE_PHASES, TeamMember, TeamRole
from cases.notifications import arrangement_path
from oza.mail import MailBatch

from .models import FundingExpiryNotice, FundingLine, FundingStatus

logger = logging.getLogger(__name__)

FUNDING_EXPIRY_TEMPLATE = "email/funding_expiry.txt"


@dataclass(frozen=True)
class ExpiryNoticeResult:
    mails_sent: int
    lines_notified: int
    notices_created: int


class ExpiryNoticeDeliveryError(Exception):
    """Some mails could not be sent; their notices were rolled back, so a retry sends them."""


@dataclass
class DueLine:
    """A line one recipient has to hear about: ``thresholds`` are all configured thresholds it
    has passed (ascending); only the smallest is mailed, the others are recorded silently."""

    line: FundingLine
    thresholds: list[int] = field(default_factory=list)

    @property
    def mailed_threshold(self) -> int:
        return self.thresholds[0]


def notice_thresholds() -> list[int]:
    """The configured thresholds in weeks, ascending, without duplicates or non-positives."""
    return sorted({int(weeks) for weeks in settings.OZA_FUNDING_EXPIRY_NOTICE_WEEKS if weeks > 0})


def _due_by_recipient(*, today: date, thresholds: list[int]) -> dict:
    """{user: [DueLine, ...]} of granted lines on active oza's ending within the largest
    threshold, for each procesbegeleider with an e-mail address, leaving out thresholds already
    recorded. Three queries, however many lines."""
    lines = FundingLine.objects.filter(
        status=FundingStatus.GRANTED,
        end_date__gte=today,
        end_date__lte=today + timedelta(weeks=thresholds[-1]),
        arrangement__phase__in=ACTIVE_PHASES,
    )
    by_arrangement = defaultdict(list)
    for line in lines.select_related("arrangement", "financier", "partner").order_by(
        "end_date", "id"
    ):
        by_arrangement[line.arrangement_id].append(line)
    if not by_arrangement:
        return {}
    members = (
        TeamMember.objects.filter(
            role=TeamRole.PROCESBEGELEIDER,
            user__is_active=True,
            arrangement__in=lines.values("arrangement_id"),
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    )
    recorded = set(
        FundingExpiryNotice.objects.filter(line__in=lines.values("pk")).values_list(
            "line_id", "recipient_id", "threshold_weeks"
        )
    )
    due = defaultdict(list)
    for member in members:
        for line in by_arrangement.get(member.arrangement_id, []):
            passed = [
                weeks for weeks in thresholds if line.end_date <= today + timedelta(weeks=weeks)
            ]
            if all((line.pk, member.user_id, weeks) in recorded for weeks in passed):
                continue
            due[member.user].append(DueLine(line=line, thresholds=passed))
    for items in due.values():
        items.sort(key=lambda item: (item.line.end_date, item.line.pk))
    return due


def _items(*, due: list[DueLine], today: date) -> list[dict]:
    """One entry per line. No names of jeugdigen: e-mail is no place for special-category data,
    the oza is named as "Oza 12" (or its group name) and the link leads behind the login."""
    site = settings.OZA_SITE_URL.rstrip("/")
    return [
        {
            "title": str(item.line.arrangement),
            "kind": item.line.get_kind_display(),
            "financier": str(item.line.financier),
            "partner": str(item.line.partner),
            "end_date": item.line.end_date,
            "days_left": (item.line.end_date - today).days,
            "weeks": item.mailed_threshold,
            "url": f"{site}{arrangement_path(item.line.arrangement)}#bekostiging",
        }
        for item in due
    ]


def _message(*, user, due: list[DueLine], today: date) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        count = len(due)
        subject = ngettext(
            "Bekostiging loopt af: %(count)d regel binnenkort verlopen",
            "Bekostiging loopt af: %(count)d regels binnenkort verlopen",
            count,
        ) % {"count": count}
        body = render_to_string(
            FUNDING_EXPIRY_TEMPLATE,
            {"user": user, "count": count, "items": _items(due=due, today=today), "today": today},
        )
    return EmailMessage(subject=subject, body=body, to=[user.email])


def _claim_and_send(*, user, due: list[DueLine], today: date, mail: MailBatch) -> tuple[int, int]:
    """Insert this user's notice rows and mail the lines whose mailed threshold this run
    inserted; returns (lines mailed, rows inserted).

    Runs in one transaction: when sending fails the rows roll back, so a retry sends them.
    A concurrent run that inserts the same (line, user, threshold) waits on the unique index
    (PostgreSQL) or the write lock (SQLite) and then inserts nothing, so it never mails it."""
    run_id = uuid.uuid4()
    with transaction.atomic():
        FundingExpiryNotice.objects.bulk_create(
            [
                FundingExpiryNotice(
                    line=item.line,
                    recipient=user,
                    threshold_weeks=weeks,
                    sent_on=today,
                    run_id=run_id,
                )
                for item in due
                for weeks in item.thresholds
            ],
            ignore_conflicts=True,
        )
        claimed = set(
            FundingExpiryNotice.objects.filter(run_id=run_id).values_list(
                "line_id", "threshold_weeks"
            )
        )
        mine = [item for item in due if (item.line.pk, item.mailed_threshold) in claimed]
        if mine:
            mail.send(_message(user=user, due=mine, today=today))
    return len(mine), len(claimed)


def send_expiry_notices(*, today: date | None = None) -> ExpiryNoticeResult:
    """Mail each procesbegeleider one Dutch digest of the granted lines of their active oza's
    whose end date (``end_date``) lies within one of OZA_FUNDING_EXPIRY_NOTICE_WEEKS from
    today (Europe/Amsterdam), once per line and threshold. A line that passes several thresholds
    at once is mailed for the smallest; the larger ones are recorded and never mailed.

    Raises ExpiryNoticeDeliveryError after trying everyone if some mail could not be sent."""
    today = today or timezone.localdate()
    thresholds = notice_thresholds()
    mails_sent = lines_notified = notices_created = 0
    failed_users = []
    if thresholds:
        with MailBatch() as mail:
            for user, due in _due_by_recipient(today=today, thresholds=thresholds).items():
                try:
                    mailed, created = _claim_and_send(user=user, due=due, today=today, mail=mail)
                except Exception:
                    logger.exception("Funding expiry notice to user %s could not be sent", user.pk)
                    failed_users.append(user.pk)
                    continue
                mails_sent += bool(mailed)
                lines_notified += mailed
                notices_created += created
    logger.info(
        "Funding expiry notices: %s mails, %s lines, %s notices, %s failed",
        mails_sent,
        lines_notified,
        notices_created,
        failed_users,
    )
    if failed_users:
        raise ExpiryNoticeDeliveryError(
            f"Funding expiry notices to users {failed_users} could not be sent"
        )
    return ExpiryNoticeResult(
        mails_sent=mails_sent, lines_notified=lines_notified, notices_created=notices_created
    )
