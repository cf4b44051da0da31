from django.contrib import admin

from oza.admin import ReadOnlyAdminMixin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only view of the audit trail for functioneel beheerders."""

    list_display = [
        "at",
        "actor",
        "on_behalf_of",
        "action",
        "jeugdige_id",
        "object_type",
        "description",
        "break_the_glass",
    ]
    list_filter = ["action", "break_the_glass"]
    list_select_related = ["actor", "on_behalf_of"]
    search_fields = ["actor__username", "description", "object_type"]
    date_hierarchy = "at"
