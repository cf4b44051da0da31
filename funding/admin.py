from django.contrib import admin

from .models import EscalationLevel


@admin.register(EscalationLevel)
class EscalationLevelAdmin(admin.ModelAdmin):
    """The functioneel beheerder configures the region's escalatieladder."""

    list_display = ["number", "name", "description"]
    ordering = ["number"]
