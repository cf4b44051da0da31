"""Funding lines (amounts for team members only), decisions on them, and the proposals for
group arrangements."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from cases.cache import CachedRead, proposals_read
from cases.selectors import is_team_member
from cases.services import ConcurrentEdit
from oza.api.views import (
    AuditedReadMixin,
    RefusalSerializer,
    as_json,
    conflict_response,
    expected_version,
    json_answer,
    versioned_patch_schema,
    with_etag,
)

from .. import selectors, services
from ..filtersets import FundingLineFilterSet, GroupProposalFilterSet
from ..models import FundingLine
from .serializers import (
    DecisionSerializer,
    FundingLineSerializer,
    FundingLineWriteSerializer,
    GroupProposalSerializer,
    member_arrangement_ids,
)


def require_team_member(user, arrangement, message) -> None:
    if not is_team_member(user, arrangement):
        raise PermissionDenied(message)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Bekostigingsregels van de oza's die u mag zien")),
    retrieve=extend_schema(summary=gettext_lazy("Eén bekostigingsregel")),
)
class FundingLineViewSet(
    AuditedReadMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Bekostigingsregels van de oza's in uw teams; bedragen alleen voor teamleden."""

    scope_resource = "funding"
    serializer_class = FundingLineSerializer
    filterset_class = FundingLineFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            selectors.funding_lines_visible_to(self.request.user)
            .select_related("arrangement")
            .prefetch_related("arrangement__team_members", "arrangement__participations")
            .order_by("start_date", "id")
        )

    @property
    def record_kind(self):
        # A professional sees the lines of their own teams' oza's, amounts included: the same
        # record for every member. A beheerder (break-the-glass) sees no amounts: not kept.
        return None if self.request.user.is_functional_admin else "api-funding-line"

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["member_arrangement_ids"] = member_arrangement_ids(self.request.user)
        return context

    def audited_jeugdige_ids(self, objects):
        return [p.jeugdige_id for line in objects for p in line.arrangement.participations.all()]

    def _out(self, line, status_code=status.HTTP_200_OK):
        line = self.get_queryset().get(pk=line.pk)
        data = FundingLineSerializer(line, context=self.get_serializer_context()).data
        return with_etag(Response(data, status=status_code), line)

    @extend_schema(
        summary=gettext_lazy("Een bekostigingsregel aanvragen (status aangevraagd)"),
        request=FundingLineWriteSerializer,
        responses={201: FundingLineSerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = FundingLineWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        require_team_member(
            request.user, data["arrangement"], _("Alleen teamleden leggen bekostiging vast.")
        )
        data.setdefault("requested_by", request.user)
        line = services.funding_line_save(by=request.user, line=FundingLine(**data))
        return self._out(line, status.HTTP_201_CREATED)

    @versioned_patch_schema(
        gettext_lazy("Een bekostigingsregel wijzigen"),
        request=FundingLineWriteSerializer,
        response=FundingLineSerializer,
    )
    def partial_update(self, request, *args, **kwargs):
        line = self.get_object()
        require_team_member(
            request.user, line.arrangement, _("Alleen teamleden leggen bekostiging vast.")
        )
        version = expected_version(request)
        serializer = FundingLineWriteSerializer(
            line, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        for name, value in serializer.validated_data.items():
            if name != "version":
                setattr(line, name, value)
        try:
            services.funding_line_save(by=request.user, line=line, expected_version=version)
        except ConcurrentEdit as conflict:
            return conflict_response(
                FundingLineSerializer, conflict.current, self.get_serializer_context()
            )
        return self._out(line)

    def update(self, request, *args, **kwargs):  # only PATCH is offered
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        summary=gettext_lazy(
            "Het besluit van de financier vastleggen: toekennen, afwijzen of beëindigen"
        ),
        request=DecisionSerializer,
        responses={
            200: FundingLineSerializer,
            409: OpenApiResponse(
                RefusalSerializer, description=gettext_lazy("Niet mogelijk in deze status.")
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        line = get_object_or_404(self.get_queryset(), pk=pk)
        require_team_member(
            request.user, line.arrangement, _("Alleen teamleden leggen besluiten vast.")
        )
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.funding_line_decide(by=request.user, line=line, **serializer.validated_data)
        return self._out(line)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Voorstellen groepsarrangementen, met dezelfde filters")
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Eén voorstel met de stappen van de besluitvorming")
    ),
)
class GroupProposalViewSet(viewsets.ReadOnlyModelViewSet):
    """Een voorstel beschrijft een doelgroep, nooit een kind: elke professional mag het lezen."""

    scope_resource = "proposals"
    serializer_class = GroupProposalSerializer
    filterset_class = GroupProposalFilterSet

    def get_queryset(self):
        return selectors.in_route_order(selectors.proposals_visible_to(self.request.user))

    # From the cache while no proposal changed (cases.cache.proposals_read), as monitors poll.
    def list(self, request, *args, **kwargs):
        return self.proposals_answer(lambda: super(GroupProposalViewSet, self).list(request))

    def retrieve(self, request, *args, **kwargs):
        return self.proposals_answer(lambda: super(GroupProposalViewSet, self).retrieve(request))

    def proposals_answer(self, answer):
        shown = proposals_read(
            self.request,
            f"api-{self.basename}-{self.action}",
            lambda: CachedRead(content=as_json(answer().data), jeugdige_ids=[]),
        )
        return json_answer(self.request, shown.content)
