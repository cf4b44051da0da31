"""E-mail notifications about oza's. Keyword-only service functions; Celery tasks stay thin."""

import logging
import uuid
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from oza.mail import MailBatch

from .models import (
    ACTIVE_PHASES,
    Arrangement,
    OverdueNotice,
    TeamMember,
    TeamRole,
)

logger = logging.getLogger(__name__)

OVERDUE_NOTICE_TEMPLATE = "email/overdue_notice.txt"


@dataclass(frozen=True)
class OverdueNoticeResult:
    mails_sent: int
    notices_created: int


class OverdueNoticeDeliveryError(Exception):
    """Some digests could not be sent; their notices were rolled back, so a retry sends them."""


def arrangement_path(arrangement: Arrangement) -> str:
    """The oza's page, ``/oza/<pk>/``."""
    return reverse("cases:arrangement_detail", kwargs={"pk": arrangement.pk})


def _overdue_memberships(*, today: date) -> list[TeamMember]:
    """Procesbegeleider memberships of active oza's past their planned end that this
    procesbegeleider was not told about yet, in one query."""
    already_noticed = OverdueNotice.objects.filter(
        user=OuterRef("user_id"), arrangement=OuterRef("arrangement_id")
    )
    memberships = list(
        TeamMember.objects.filter(
            role=TeamRole.PROCESBEGELEIDER,
            user__is_active=True,
            arrangement__phase__in=ACTIVE_PHASES,
            arrangement__planned_end__lt=today,
        )
        .exclude(user__email="")
        .exclude(Exists(already_noticed))
        .select_related("user", "arrangement")
        .order_by("user_id", "arrangement__planned_end", "arrangement_id")
    )
    return memberships


def _digest_items(*, arrangements: list[Arrangement], today: date) -> list[dict]:
    """One line per oza. No names of jeugdigen: e-mail is no place for special-category data,
    the link leads to the oza behind the login."""
    return [
        {
            "title": str(arrangement),
            "planned_end": arrangement.planned_end,
            "days_overdue": (today - arrangement.planned_end).days,
            "phase": arrangement.get_phase_display(),
            "url": f"{settings.OZA_SITE_URL.rstrip('/')}{arrangement_path(arrangement)}",
        }
        for arrangement in arrangements
    ]


def _overdue_message(*, user, arrangements: list[Arrangement], today: date) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        count = len(arrangements)
        subject = ngettext(
            "Verlopen oza's: %(count)d oza voorbij de geplande einddatum",
            "Verlopen oza's: %(count)d oza's voorbij de geplande einddatum",
            count,
        ) % {"count": count}
        body = render_to_string(
            OVERDUE_NOTICE_TEMPLATE,
            {
                "user": user,
                "count": count,
                "items": _digest_items(arrangements=arrangements, today=today),
                "today": today,
            },
        )
    return EmailMessage(subject=subject, body=body, to=[user.email])


def _claim_and_send(*, user, arrangements: list[Arrangement], today: date, mail: MailBatch) -> int:
    """Insert this user's notice rows and mail the oza's whose row this run inserted.

    Runs in one transaction: when sending fails the rows roll back, so a retry sends them.
    A concurrent run that inserts the same (user, oza) waits on the unique index (PostgreSQL)
    or the write lock (SQLite) and then inserts nothing, so it never mails the same oza."""
    run_id = uuid.uuid4()
    with transaction.atomic():
        OverdueNotice.objects.bulk_create(
            [
                OverdueNotice(user=user, arrangement=arrangement, sent_on=today, run_id=run_id)
                for arrangement in arrangements
            ],
            ignore_conflicts=True,
        )
        claimed = set(
            OverdueNotice.objects.filter(run_id=run_id).values_list("arrangement_id", flat=True)
        )
        mine = [arrangement for arrangement in arrangements if arrangement.pk in claimed]
        if mine:
            mail.send(_overdue_message(user=user, arrangements=mine, today=today))
    return len(mine)


def send_overdue_notices(*, today: date | None = None) -> OverdueNoticeResult:
    """Mail each procesbegeleider one Dutch digest of their active oza's whose planned end
    (``planned_end``) lies before today (Europe/Amsterdam), once per oza ever.

    Raises OverdueNoticeDeliveryError after trying everyone if some mail could not be sent."""
    today = today or timezone.localdate()
    memberships = _overdue_memberships(today=today)
    mails_sent = notices_created = 0
    failed_users = []
    with MailBatch() as mail:
        for _user_id, group in groupby(memberships, key=lambda member: member.user_id):
            group = list(group)
            user = group[0].user
            try:
                created = _claim_and_send(
                    user=user,
                    arrangements=[member.arrangement for member in group],
                    today=today,
                    mail=mail,
                )
            except Exception:
                logger.exception("Overdue notice to user %s could not be sent", user.pk)
                failed_users.append(user.pk)
                continue
            if created:
                mails_sent += 1
                notices_created += created
    logger.info(
        "Overdue notices: %s mails, %s oza's, %s failed", mails_sent, notices_created, failed_users
    )
    if failed_users:
        raise OverdueNoticeDeliveryError(
            f"Overdue notices to users {failed_users} could not be sent"
        )
    return OverdueNoticeResult(mails_sent=mails_sent, notices_created=notices_created)
