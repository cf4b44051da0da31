"""Celery tasks: thin wrappers around the service functions."""

from celery import shared_task

from . import reminders


@shared_task(
    name="mdo.tasks.send_reminders",
    autoretry_for=(reminders.ReminderDeliveryError,),
    retry_backoff=60,
    max_retries=3,
)
def send_reminders() -> dict:
    """Every 15 minutes (beat schedule "MDO-herinneringen"): remind participants of upcoming
    MDO's and owners of afspraken past their date."""
    result = reminders.send_due_reminders()
    return {
        "meeting_reminders": result.meeting_reminders,
        "agreement_reminders": result.agreement_reminders,
    }
