"""Celery tasks: thin wrappers around the service functions."""

from celery import shared_task

from . import notifications


@shared_task(
    name="cases.tasks.send_overdue_notices",
    autoretry_for=(notifications.OverdueNoticeDeliveryError,),
    retry_backoff=60,
    max_retries=3,
)
def send_overdue_notices() -> dict:
    """Daily at 07:00 (beat schedule "Verlopen oza's melden"): mail overdue oza's."""
    result = notifications.send_overdue_notices()
    return {"mails_sent": result.mails_sent, "notices_created": result.notices_created}
