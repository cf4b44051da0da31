"""Celery tasks: thin wrappers around the service functions."""

from celery import shared_task

from . import services


@shared_task(name="oza.avg.tasks.purge_expired_dossiers")
def purge_expired_dossiers() -> dict:
    """Daily at 02:30 (beat schedule "Dossiers na bewaartermijn verwijderen")."""
    tombstones = services.purge_expired_dossiers()
    return {"removed": [tombstone.jeugdige_id for tombstone in tombstones]}


@shared_task(name="oza.avg.tasks.render_inzage_pdf")
def render_inzage_pdf(export_pk: int) -> str | None:
    """Render one requested inzage PDF; a failure ends up on the row, not in a retry."""
    export = services.inzage_pdf_render(export_pk=export_pk)
    return export.status if export else None
