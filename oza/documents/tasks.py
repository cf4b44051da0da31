"""Celery tasks: thin wrappers around the service functions."""

from celery import shared_task

from . import services


@shared_task(name="oza.documents.tasks.render_document")
def render_document(document_pk: int) -> str | None:
    """Render one requested document version; failures end up on the row, not in a retry."""
    document = services.document_render(document_pk=document_pk)
    return document.status if document else None
