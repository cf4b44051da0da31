from django.contrib import admin

from oza.admin import ReadOnlyAdminMixin

from .models import AuditReview, LegalHold, RetentionTombstone


@admin.register(LegalHold)
class LegalHoldAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Set and lifted on the AVG page of the jeugdige (through noodtoegang), which audits it."""

    list_display = ["jeugdige_id", "set_at", "set_by", "cleared_at", "cleared_by"]
    list_select_related = ["set_by", "cleared_by"]


@admin.register(RetentionTombstone)
class RetentionTombstoneAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["jeugdige_id", "removed_at", "rule", "last_closed_on", "removed_files"]
    search_fields = ["jeugdige_id"]
    date_hierarchy = "removed_at"


@admin.register(AuditReview)
class AuditReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["event_id", "reviewed_by", "reviewed_at"]
    list_select_related = ["reviewed_by"]
