from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
