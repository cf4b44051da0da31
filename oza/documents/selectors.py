"""Permission-aware reads of documents: always through the oza access selector of cases."""

from django.db.models import QuerySet

from cases.selectors import arrangements_visible_to

from .models import Document


def documents_visible_to(user) -> QuerySet[Document]:
    """Documents of the oza's the user may see (team members; beheerder through noodtoegang)."""
    return Document.objects.filter(arrangement__in=arrangements_visible_to(user)).select_related(
        "arrangement", "jeugdige", "meeting", "requested_by"
    )


def documents_shared_with_family() -> QuerySet[Document]:
    """Finished ouders/jeugdige versions the team shared, for the portal. Not scoped to a
    person: the portal narrows this to its user's own jeugdige(n) (a plan has ``jeugdige``; an
    MDO-verslag, always of an individual oza, has the oza's one participant) before it calls
    ``views.serve_document``."""
    from .models import Audience, DocumentStatus

    return Document.objects.filter(
        audience=Audience.FAMILY, shared_with_family=True, status=DocumentStatus.DONE
    ).select_related("arrangement", "jeugdige", "meeting")
