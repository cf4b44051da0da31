"""Jeugdigen and oza's (with team, participants and goals), phase transitions and goals.

Objects are reached through the same selectors as the pages (404 off the team); writes go
through cases.services; reads are logged in the audit trail."""

from collections import defaultdict

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from oza.api.views import (
    AuditedReadMixin,
    RefusalSerializer,
    conflict_response,
    expected_version,
    versioned_patch_schema,
    with_etag,
)

from .. import selectors, services
from ..cache import per_oza, per_part
from ..filtersets import ArrangementFilterSet, JeugdigeFilterSet
from ..models import Arrangement, ArrangementKind, Goal, Guardian, Jeugdige
from .serializers import (
    ArrangementSerializer,
    ArrangementUpdateSerializer,
    GoalEvaluationWriteSerializer,
    GoalSerializer,
    JeugdigeSerializer,
    JeugdigeUpdateSerializer,
    LatestEvaluationSerializer,
    RegistrationSerializer,
    TeamMemberSerializer,
    TeamMemberWriteSerializer,
    TransitionSerializer,
)


def require_team_member(user, arrangement) -> None:
    """Changes are for the team; a beheerder's break-the-glass access only reads."""
    if not selectors.is_team_member(user, arrangement):
        raise PermissionDenied(_("Alleen teamleden kunnen dit oza wijzigen."))


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Jeugdigen die u mag zien")),
    retrieve=extend_schema(summary=gettext_lazy("Eén jeugdige met ouders/verzorgers")),
)
class JeugdigeViewSet(AuditedReadMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Jeugdigen van de oza's in uw teams. Elke inzage komt in de audittrail."""

    scope_resource = "jeugdigen"
    serializer_class = JeugdigeSerializer
    filterset_class = JeugdigeFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        return (
            selectors.jeugdigen_visible_to(user)
            .select_related("school", "gemeente")
            .prefetch_related(
                "guardians",
                Prefetch("participations", queryset=selectors.participations_visible_to(user)),
            )
            .order_by("last_name", "first_name", "id")
        )

    def audited_jeugdige_ids(self, objects):
        return [jeugdige.pk for jeugdige in objects]

    def page_data(self, ids):
        # A jeugdige's record is the same for every reader but for the oza's it names (those
        # the reader may see). The rest is kept under the version of the first of them, which a
        # write to the jeugdige or its guardians drops, as it drops the version of each of its
        # oza's (cases/cache.py).
        visible = (
            selectors.participations_visible_to(self.request.user)
            .filter(jeugdige_id__in=ids)
            .values_list("jeugdige_id", "arrangement_id")
        )
        ozas_of = defaultdict(list)
        for jeugdige_id, arrangement_id in visible:
            ozas_of[jeugdige_id].append(arrangement_id)
        kept = per_part(
            "api-jeugdige", {pk: ozas[0] for pk, ozas in ozas_of.items()}, self.records_of
        )
        data = [{**kept[pk], "arrangements": ozas_of[pk]} for pk in ids if pk in kept]
        return data, [record["id"] for record in data]

    @extend_schema(
        summary=gettext_lazy("Een jeugdige aanmelden, met het eerste oza"),
        request=RegistrationSerializer,
        responses={201: JeugdigeSerializer},
    )
    def create(self, request, *args, **kwargs):
        if request.user.is_functional_admin:
            raise PermissionDenied(_("Een functioneel beheerder meldt geen jeugdigen aan."))
        serializer = RegistrationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        jeugdige = Jeugdige(**data["jeugdige"])
        services.jeugdige_register(
            by=request.user,
            jeugdige=jeugdige,
            guardians=[Guardian(**guardian) for guardian in data["guardians"]],
            arrangement=Arrangement(kind=ArrangementKind.INDIVIDUAL, **data["oza"]),
            functions=sorted(set(data["functions"])),
            role=data["role"],
        )
        jeugdige = self.get_queryset().get(pk=jeugdige.pk)
        return with_etag(
            Response(JeugdigeSerializer(jeugdige).data, status=status.HTTP_201_CREATED), jeugdige
        )

    @versioned_patch_schema(
        gettext_lazy("Gegevens van een jeugdige wijzigen"),
        request=JeugdigeUpdateSerializer,
        response=JeugdigeSerializer,
    )
    def partial_update(self, request, *args, **kwargs):
        jeugdige = self.get_object()
        if not any(
            selectors.is_team_member(request.user, p.arrangement)
            for p in jeugdige.participations.select_related("arrangement").prefetch_related(
                "arrangement__team_members"
            )
        ):
            raise PermissionDenied(_("Alleen teamleden kunnen deze jeugdige wijzigen."))
        version = expected_version(request)
        serializer = JeugdigeUpdateSerializer(jeugdige, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        try:
            services.jeugdige_update(
                by=request.user, jeugdige=jeugdige, data=data, expected_version=version
            )
        except services.ConcurrentEdit as conflict:
            return conflict_response(JeugdigeSerializer, conflict.current, {"request": request})
        jeugdige = self.get_queryset().get(pk=jeugdige.pk)
        return with_etag(Response(JeugdigeSerializer(jeugdige).data), jeugdige)

    def update(self, request, *args, **kwargs):  # only PATCH is offered
        return self.partial_update(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Oza's die u mag zien, met dezelfde filters als de lijst")
    ),
    retrieve=extend_schema(summary=gettext_lazy("Eén oza met team, deelnemers en doelen")),
)
class ArrangementViewSet(AuditedReadMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Oza's waarvan u in het team zit. Elke inzage komt in de audittrail."""

    scope_resource = "ozas"
    serializer_class = ArrangementSerializer
    filterset_class = ArrangementFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.arrangements_visible_to(self.request.user).order_by("-created_at", "-id")

    record_kind = "api-oza"

    def seen_with_oza(self):
        arrangement = selectors.visible_arrangement(self.request.user, self.kwargs["pk"])
        return arrangement, arrangement.pk

    def page_data(self, ids):
        # Each oza's record is the same for everyone who may see it: kept per oza, so a page
        # made anew after a change to one oza serializes that one again, not the others.
        records = per_oza(self.record_kind, ids, self.records_of)
        data = [records[pk] for pk in ids]
        return data, [p["jeugdige"] for record in data for p in record["participants"]]

    def records_of(self, arrangement_ids) -> dict[int, dict]:
        arrangements = selectors.with_records(selectors.arrangements_by_id(arrangement_ids))
        serialized = self.get_serializer(arrangements, many=True).data
        return {a.pk: record for a, record in zip(arrangements, serialized, strict=True)}

    def _arrangement(self, pk):
        # Changes run the route guards, which read consents, history and funding too.
        return selectors.arrangement_detail(self.request.user, pk)

    @versioned_patch_schema(
        gettext_lazy("Een oza wijzigen"),
        request=ArrangementUpdateSerializer,
        response=ArrangementSerializer,
    )
    def partial_update(self, request, *args, **kwargs):
        arrangement = self._arrangement(kwargs["pk"])
        require_team_member(request.user, arrangement)
        version = expected_version(request)
        serializer = ArrangementUpdateSerializer(arrangement, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        functions = data.pop("functions", None)
        if functions is None:
            functions = [f.function for f in arrangement.functions.all()]
        try:
            services.arrangement_update(
                by=request.user,
                arrangement=arrangement,
                data=data,
                functions=sorted(set(functions)),
                expected_version=version,
            )
        except services.ConcurrentEdit as conflict:
            current = self._arrangement(conflict.current.pk)
            return conflict_response(ArrangementSerializer, current, {"request": request})
        arrangement = self._arrangement(arrangement.pk)
        return with_etag(Response(ArrangementSerializer(arrangement).data), arrangement)

    def update(self, request, *args, **kwargs):  # only PATCH is offered
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        summary=gettext_lazy("Een stap op de route zetten"),
        request=TransitionSerializer,
        responses={
            200: ArrangementSerializer,
            409: OpenApiResponse(
                RefusalSerializer,
                description=gettext_lazy("Geweigerd, met de redenen van de route."),
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        arrangement = self._arrangement(pk)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.arrangement_transition(arrangement=arrangement, by=request.user, **serializer.data)
        arrangement = self._arrangement(pk)
        return Response(ArrangementSerializer(arrangement).data)

    @extend_schema(
        summary=gettext_lazy("Een doel toevoegen"),
        request=GoalSerializer,
        responses={201: GoalSerializer},
    )
    @action(detail=True, methods=["post"])
    def goals(self, request, pk=None):
        arrangement = self._arrangement(pk)
        require_team_member(request.user, arrangement)
        serializer = GoalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        goal = services.goal_save(
            by=request.user, goal=Goal(arrangement=arrangement, **serializer.validated_data)
        )
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Een doel evalueren"),
        request=GoalEvaluationWriteSerializer,
        responses={201: LatestEvaluationSerializer},
    )
    @action(detail=True, methods=["post"], url_path=r"goals/(?P<goal_pk>[0-9]+)/evaluations")
    def goal_evaluations(self, request, pk=None, goal_pk=None):
        arrangement = self._arrangement(pk)
        goal = get_object_or_404(arrangement.goals.all(), pk=goal_pk)
        serializer = GoalEvaluationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        evaluation = services.goal_evaluate(goal=goal, by=request.user, **serializer.validated_data)
        return Response(LatestEvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Een professional aan het team toevoegen"),
        request=TeamMemberWriteSerializer,
        responses={201: TeamMemberSerializer},
    )
    @action(detail=True, methods=["post"])
    def team(self, request, pk=None):
        arrangement = self._arrangement(pk)
        require_team_member(request.user, arrangement)
        serializer = TeamMemberWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = services.team_member_add(
            by=request.user, arrangement=arrangement, **serializer.validated_data
        )
        return Response(TeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary=gettext_lazy("Iemand uit het team halen"), responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"team/(?P<member_pk>[0-9]+)")
    def team_member(self, request, pk=None, member_pk=None):
        arrangement = self._arrangement(pk)
        require_team_member(request.user, arrangement)
        member = get_object_or_404(arrangement.team_members.all(), pk=member_pk)
        services.team_member_remove(by=request.user, member=member)
        return Response(status=status.HTTP_204_NO_CONTENT)
