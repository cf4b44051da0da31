"""Celery tasks: thin wrappers around the service functions."""

from celery import shared_task

from . import services


@shared_task(name="funding.tasks.expire_lapsed_lines")
def expire_lapsed_lines() -> int:
    """Daily at 01:00: granted lines past their end date become verlopen."""
    return services.expire_lapsed_lines()
