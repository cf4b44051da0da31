"""Permission-aware reads of documents: always through the oza access selector of cases."""

from django.db.models import QuerySet

from cases.selectors import arrangements_visible_to

from .models import Document


def documents_visible_to(user) -> QuerySet[Document]:
    """Documents of the oza's the user may see (team members; beheerder through noodtoegang)."""
    return Document.objects.filter(arrangement__in=arrangements_visible_to(user)).select_related(
        "arrangement", "jeugdige", "meeting", "requested_by"
    )
