"""MDO's with participants, agenda and agreements; updating an agreement's status."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from cases.selectors import is_team_member
from oza.api.views import AuditedReadMixin

from .. import selectors, services
from ..filtersets import AgreementFilterSet, MeetingFilterSet
from .serializers import AgreementSerializer, AgreementUpdateSerializer, MeetingSerializer


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("MDO's van de oza's die u mag zien")),
    retrieve=extend_schema(summary=gettext_lazy("Eén MDO met genodigden, agenda en afspraken")),
)
class MeetingViewSet(AuditedReadMixin, viewsets.ReadOnlyModelViewSet):
    """MDO's van de oza's in uw teams. Elke inzage komt in de audittrail."""

    scope_resource = "mdo"
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    record_kind = "api-mdo"

    def get_queryset(self):
        return selectors.screen_meetings(self.request.user).order_by("starts_at", "id")

    def page_objects(self, ids):
        return selectors.with_screen(super().page_objects(ids))

    def seen_with_oza(self):
        meeting = selectors.visible_meeting(self.request.user, self.kwargs["pk"])
        return meeting, meeting.arrangement_id


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Afspraken uit de MDO's van de oza's die u mag zien")),
    retrieve=extend_schema(summary=gettext_lazy("Eén afspraak")),
)
class AgreementViewSet(AuditedReadMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Afspraken uit de MDO's van de oza's in uw teams."""

    scope_resource = "mdo"
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    record_kind = "api-agreement"
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return (
            selectors.agreements_visible_to(self.request.user)
            .select_related("owner", "meeting__arrangement")
            .prefetch_related("arrangement__participations", "arrangement__team_members")
            .order_by("due_date", "id")
        )

    @extend_schema(
        summary=gettext_lazy("Een afspraak bijwerken: gedaan, niet gehaald of weer open"),
        request=AgreementUpdateSerializer,
        responses={200: AgreementSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        agreement = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if not is_team_member(request.user, agreement.arrangement):
            raise PermissionDenied(_("Alleen teamleden kunnen afspraken bijwerken."))
        serializer = AgreementUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.agreement_update(agreement=agreement, by=request.user, **serializer.validated_data)
        return Response(AgreementSerializer(agreement).data)

    def update(self, request, *args, **kwargs):  # only PATCH is offered
        return self.partial_update(request, *args, **kwargs)
