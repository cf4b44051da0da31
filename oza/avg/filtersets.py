import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import ReferenceSelect
from oza.accounts.models import Function, User
from oza.audit.models import AuditAction, AuditEvent


class AuditEventFilterSet(django_filters.FilterSet):
    """Search the audit trail by user, jeugdige and period."""

    actor = django_filters.ModelChoiceFilter(
        label=_("Gebruiker"),
        queryset=User.objects.exclude(function=Function.PORTAL).order_by("username"),
        # Thousands of professionals nationally: their options are rendered once.
        widget=ReferenceSelect(options="professionals"),
    )
    jeugdige = django_filters.NumberFilter(
        field_name="jeugdige_id", label=_("Nummer jeugdige"), min_value=1
    )
    start = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__gte",
        label=_("Vanaf"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__lte",
        label=_("Tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    action = django_filters.ChoiceFilter(label=_("Gebeurtenis"), choices=AuditAction.choices)
    break_the_glass = django_filters.BooleanFilter(
        label=_("Alleen via noodtoegang"),
        widget=forms.CheckboxInput,
        method="filter_break_the_glass",
    )
    unreviewed = django_filters.BooleanFilter(
        label=_("Alleen nog niet beoordeeld"),
        widget=forms.CheckboxInput,
        method="filter_unreviewed",
    )

    class Meta:
        model = AuditEvent
        fields = []

    def filter_break_the_glass(self, queryset, name, value):
        return queryset.filter(break_the_glass=True) if value else queryset

    def filter_unreviewed(self, queryset, name, value):
        return queryset.filter(break_the_glass=True, review__isnull=True) if value else queryset
