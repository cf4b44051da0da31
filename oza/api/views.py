"""What every API view shares: reads logged in the audit trail like the pages, and
optimistic locking for writes of versioned records."""

import json

import django_filters
from django import forms
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from cases.cache import CachedRead, caseload_read, per_part
from cases.selectors import jeugdige_ids_in
from oza.audit.models import AuditAction
from oza.audit.services import audit_read
from oza.web import in_order, reads_through_break_glass

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=gettext_lazy(
        "De versie waarop de wijziging voortbouwt (de ETag van de GET), of geef 'version' mee "
        "in de body."
    ),
)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """Filter on the id of a related object (an integer in the schema)."""

    field_class = forms.IntegerField


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = serializers.DictField(help_text="Het object zoals het nu is opgeslagen.")


def versioned_patch_schema(summary, *, request, response):
    """The schema of a PATCH of a versioned record: the version in If-Match, 409 when stale."""
    return extend_schema(
        summary=summary,
        parameters=[IF_MATCH],
        request=request,
        responses={
            200: response,
            409: OpenApiResponse(
                ConflictSerializer, description=gettext_lazy("Iemand was u voor.")
            ),
        },
    )


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class AuditedReadMixin:
    # (A comment, not a docstring: the schema would show it on every view.)
    # List and retrieve write an AuditEvent per jeugdige shown, like the pages do. A list is
    # always of the user's caseload: it comes from the cache while nothing in it changed
    # (cases/cache.py), as other systems poll it.
    def audited_jeugdige_ids(self, objects) -> list[int]:
        """The jeugdigen ``objects`` show; for a viewset without ``record_kind``, whose reads
        are logged with the jeugdigen of the records' oza's."""
        raise NotImplementedError

    def audit(self, objects, *, obj, action) -> None:
        self.log_read(self.audited_jeugdige_ids(objects), obj=obj, action=action)

    def log_read(self, jeugdige_ids, *, obj, action) -> None:
        audit_read(
            actor=self.request.user,
            jeugdige_ids=jeugdige_ids,
            obj=obj,
            action=action,
            break_the_glass=reads_through_break_glass(self.request.user),
        )

    def list(self, request, *args, **kwargs):
        shown = caseload_read(request, f"api-{self.basename}", self.read_page)
        label = self.get_serializer_class().Meta.model._meta.label
        self.log_read(shown.jeugdige_ids, obj=f"api.{label}", action=AuditAction.LIST)
        return json_answer(request, shown.content)

    def read_page(self) -> CachedRead:
        # Every matching id at once (a caseload holds hundreds to a few thousand): the paginator
        # counts and slices them, and only the page's rows are read with all they show, instead
        # of a count and a page query that joins every matching row before the sort.
        matching = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        ids = self.paginate_queryset(list(matching.values_list("pk", flat=True)))
        data, jeugdige_ids = self.page_data(ids)
        return CachedRead(
            content=as_json(self.get_paginated_response(data).data), jeugdige_ids=jeugdige_ids
        )

    # Set where a record is the same for every reader and belongs to one oza (its
    # ``arrangement_id``): each record is then kept under its oza's version (``per_part``), so a
    # page made anew after a change to one oza serializes that oza's records again only, and
    # a detail (``retrieve``) is the record the lists keep.
    record_kind: str | None = None

    def page_data(self, ids) -> tuple:
        """The records of the objects ``ids`` (in that order), and the jeugdigen they show."""
        if self.record_kind is None:
            objects = self.page_objects(ids)
            return self.get_serializer(objects, many=True).data, self.audited_jeugdige_ids(objects)
        model = self.get_queryset().model
        oza_of = dict(model.objects.filter(pk__in=ids).values_list("pk", "arrangement_id"))
        records = per_part(self.record_kind, oza_of, self.records_of)
        return [records[pk] for pk in ids if pk in records], jeugdige_ids_in(oza_of.values())

    def records_of(self, ids) -> dict:
        objects = self.page_objects(ids)
        serialized = self.get_serializer(objects, many=True).data
        return {obj.pk: record for obj, record in zip(objects, serialized, strict=True)}

    def page_objects(self, ids):
        return in_order(self.get_queryset(), ids)

    def retrieve(self, request, *args, **kwargs):
        if self.record_kind is None:
            instance = self.get_object()
            response = Response(self.get_serializer(instance).data)
            self.audit([instance], obj=instance, action=AuditAction.VIEW)
            return with_etag(response, instance)
        # The record the lists keep (``per_part``), once the access selector let the user see
        # the object: read again only after a change to its oza.
        seen, oza_id = self.seen_with_oza()
        record = per_part(self.record_kind, {seen.pk: oza_id}, self.records_of)[seen.pk]
        self.log_read(jeugdige_ids_in([oza_id]), obj=seen, action=AuditAction.VIEW)
        response = Response(record)
        if "version" in record:
            response["ETag"] = f'"{record["version"]}"'
        return response

    def seen_with_oza(self) -> tuple:
        """The requested object, as far as the access selector read it (Http404 when the user
        may not see it, or the id is no number), and the id of its oza."""
        try:
            pk = int(self.kwargs["pk"])
        except ValueError:
            raise Http404 from None
        queryset = self.get_queryset()
        oza_id = queryset.filter(pk=pk).values_list("arrangement_id", flat=True).first()
        if oza_id is None:
            raise Http404
        return queryset.model(pk=pk), oza_id


def as_json(data) -> bytes:
    """``data`` as the API sends it: kept in the cache this way, it is not rendered again on
    every read (a list of 25 MDO's is 40 kB of JSON)."""
    return JSONRenderer().render(data)


def json_answer(request, rendered: bytes):
    """An answer kept as JSON (``as_json``): sent as it is when that is what the client asked
    for; for the browsable API or an ``indent``, rendered again from the data."""
    renderer = request.accepted_renderer
    if type(renderer) is JSONRenderer and "indent" not in request.accepted_media_type:
        return HttpResponse(rendered, content_type=renderer.media_type)
    return Response(json.loads(rendered))


def with_etag(response, instance):
    version = getattr(instance, "version", None)
    if version is not None:
        response["ETag"] = f'"{version}"'
    return response


def expected_version(request) -> int:
    """The version the client saw: the If-Match header or ``version`` in the body."""
    raw = request.headers.get("If-Match")
    if raw is not None:
        raw = raw.strip().removeprefix("W/").strip('"')
    elif isinstance(request.data, dict):
        raw = request.data.get("version")
    if raw is None or raw == "":
        raise ValidationError(
            {
                "version": [
                    _(
                        "Geef de versie mee waarop uw wijziging voortbouwt (If-Match of "
                        "'version'), zodat niemands wijziging verloren gaat."
                    )
                ]
            }
        )
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError({"version": [_("De versie is een geheel getal.")]}) from None
    if value < 1:
        raise ValidationError({"version": [_("De versie is een geheel getal.")]})
    return value


def conflict_response(serializer_class, current, context) -> Response:
    """A stale write: nothing was saved; the client gets what is stored now."""
    response = Response(
        {
            "detail": _(
                "Iemand anders heeft dit intussen gewijzigd. Er is niets opgeslagen; hieronder "
                "staat de huidige versie."
            ),
            "current": serializer_class(current, context=context).data,
        },
        status=status.HTTP_409_CONFLICT,
    )
    return with_etag(response, current)
