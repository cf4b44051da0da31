"""Permission-aware reads of documents: always through the oza access selector of cases."""

from django.db.models import Q, QuerySet

from cases.selectors import visible_arrangement_ids
from funding.selectors import proposals_readable_by
from oza.compiled import compiled_filter

from .models import Document, DocumentKind


def documents_visible_to(user) -> QuerySet[Document]:
    """Documents of the oza's the user may see (team members; beheerder through noodtoegang),
    and of the proposals for group arrangements the user may read."""
    return Document.objects.filter(
        Q(arrangement_id__in=visible_arrangement_ids(user))
        | Q(proposal__in=proposals_readable_by(user))
    ).select_related("arrangement", "proposal", "jeugdige", "meeting", "requested_by")


def documents_shared_with_family() -> QuerySet[Document]:
    """Finished ouders/jeugdige versions the team shared, for the portal. Not scoped to a
    person: the portal narrows this to its user's own jeugdige(n) (a plan has ``jeugdige``; an
    MDO-verslag, always of an individual oza, has the oza's one participant) before it calls
    ``views.serve_document``."""
    from .models import Audience, DocumentStatus

    return Document.objects.filter(
        audience=Audience.FAMILY, shared_with_family=True, status=DocumentStatus.DONE
    ).select_related("arrangement", "jeugdige", "meeting")


_TEAM_DOCUMENTS = Document.objects.select_related("requested_by", "jeugdige").order_by(
    "-requested_at", "-id"
)
_PLANS = compiled_filter(_TEAM_DOCUMENTS.filter(kind=DocumentKind.PLAN), arrangement_id="oza")
_REPORTS = compiled_filter(
    _TEAM_DOCUMENTS.filter(kind=DocumentKind.MDO_REPORT), arrangement_id="oza", meeting_id="meeting"
)


def documents_of(arrangement, meeting=None) -> list[Document]:
    """The oza's plans, or the verslagen of its ``meeting``, the latest first: for the team
    on a page that checked access."""
    if meeting is None:
        return _PLANS(oza=arrangement.pk)
    return _REPORTS(oza=arrangement.pk, meeting=meeting.pk)
