"""Case content in the admin is read-only and scoped by the same selector as the web pages;
opening a record is logged like any other read."""

from django.contrib import admin

from oza.admin import ReadOnlyAdminMixin
from oza.audit.models import AuditAction
from oza.audit.services import audit_read
from oza.web import reads_through_break_glass

from . import selectors
from .models import Arrangement, Jeugdige


class ScopedReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    def jeugdige_ids(self, obj) -> list[int]:
        raise NotImplementedError

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            audit_read(
                actor=request.user,
                jeugdige_ids=[i for obj in changelist.result_list for i in self.jeugdige_ids(obj)],
                obj=f"admin:{self.model._meta.label}",
                action=AuditAction.LIST,
                break_the_glass=reads_through_break_glass(request.user),
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            obj = self.get_object(request, object_id)
            audit_read(
                actor=request.user,
                jeugdige_ids=self.jeugdige_ids(obj),
                obj=obj,
                break_the_glass=reads_through_break_glass(request.user),
            )
        return response


@admin.register(Jeugdige)
class JeugdigeAdmin(ScopedReadOnlyAdmin):
    list_display = ["last_name", "first_name", "date_of_birth", "gemeente", "school"]
    list_select_related = ["gemeente", "school"]
    exclude = ["bsn"]

    def get_queryset(self, request):
        return selectors.jeugdigen_visible_to(request.user)

    def jeugdige_ids(self, obj):
        return [obj.pk]


@admin.register(Arrangement)
class ArrangementAdmin(ScopedReadOnlyAdmin):
    list_display = ["__str__", "kind", "phase", "planned_start", "planned_end"]
    list_filter = ["phase", "kind"]

    def get_queryset(self, request):
        return selectors.arrangements_visible_to(request.user).prefetch_related("participations")

    def jeugdige_ids(self, obj):
        return [p.jeugdige_id for p in obj.participations.all()]
