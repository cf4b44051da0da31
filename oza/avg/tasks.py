"""Celery tasks: thin wrappers around the service functions."""

from celery import shared_task

from . import services


@shared_task(name="oza.avg.tasks.purge_expired_dossiers")
def purge_expired_dossiers() -> dict:
    """Daily at 02:30 (beat schedule "Dossiers na bewaartermijn verwijderen")."""
    tombstones = services.purge_expired_dossiers()
    return {"removed": [tombstone.jeugdige_id for tombstone in tombstones]}
