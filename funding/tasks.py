"""Celery tasks: thin wrappers around the service functions."""

from celery import shared_task

from . import notifications, services


@shared_task(name="funding.tasks.expire_lapsed_lines")
def expire_lapsed_lines() -> int:
    """Daily at 01:00: granted lines past their end date become verlopen."""
    return services.expire_lapsed_lines()


@shared_task(
    name="funding.tasks.send_expiry_notices",
    autoretry_for=(notifications.ExpiryNoticeDeliveryError,),
    retry_backoff=60,
    max_retries=3,
)
def send_expiry_notices() -> dict:
    """Daily at 07:15 (beat schedule "Aflopende bekostiging melden"): mail the procesbegeleider
    about granted lines that end soon."""
    result = notifications.send_expiry_notices()
    return {
        "mails_sent": result.mails_sent,
        "lines_notified": result.lines_notified,
        "notices_created": result.notices_created,
    }
