"""The filters of the outcome indicators, shared by the dashboard, its exports and the
``outcomes_report`` command."""

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cases.filtersets import OrganisationFilter
from cases.models import (
    Arrangement,
    ArrangementFunction,
    ArrangementFunctionChoice,
    ArrangementKind,
    Jeugdige,
    Participation,
    Setting,
)
from oza.accounts.models import Organisation, OrganisationType, SchoolType

ALL = _("Alle")


def _with_participant(condition: Q) -> Exists:
    return Exists(Participation.objects.filter(condition, arrangement=OuterRef("pk")))


class OutcomeFilterSet(django_filters.FilterSet):
    gemeente = OrganisationFilter(
        label=_("Gemeente"),
        queryset=Organisation.objects.filter(type=OrganisationType.GEMEENTE),
        method="filter_gemeente",
        empty_label=ALL,
    )
    school_type = django_filters.ChoiceFilter(
        label=_("Onderwijssoort"),
        choices=SchoolType.choices,
        method="filter_school_type",
        empty_label=ALL,
    )
    function = django_filters.ChoiceFilter(
        label=_("Functie"),
        choices=ArrangementFunctionChoice.choices,
        method="filter_function",
        empty_label=ALL,
    )
    setting = django_filters.ChoiceFilter(
        label=_("Setting"), choices=Setting.choices, empty_label=ALL
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort arrangement"), choices=ArrangementKind.choices, empty_label=ALL
    )

    class Meta:
        model = Arrangement
        fields = ["gemeente", "school_type", "function", "setting", "kind"]

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        if region is not None:
            self.filters["gemeente"].queryset = Organisation.objects.filter(
                type=OrganisationType.GEMEENTE, region=region
            )

    def filter_gemeente(self, queryset, name, value):
        """Oza's of a jeugdige living in the gemeente (woongemeente)."""
        return queryset.filter(_with_participant(Q(jeugdige__gemeente=value)))

    def filter_school_type(self, queryset, name, value):
        return queryset.filter(_with_participant(Q(jeugdige__school_type=value)))

    def filter_function(self, queryset, name, value):
        return queryset.filter(
            Exists(ArrangementFunction.objects.filter(arrangement=OuterRef("pk"), function=value))
        )

    def jeugdigen(self, base: QuerySet | None = None) -> QuerySet | None:
        """The jeugdigen the figures are about: ``base`` (e.g. a region's; None: all), narrowed
        to the chosen gemeente and onderwijssoort, so that a group oza counts only its members
        who match."""
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        conditions = {}
        if data.get("gemeente"):
            conditions["gemeente"] = data["gemeente"]
        if data.get("school_type"):
            conditions["school_type"] = data["school_type"]
        if not conditions:
            return base
        return (base if base is not None else Jeugdige.objects.all()).filter(**conditions)

    def used(self) -> dict:
        """The filters in use, by name; empty ones left out."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {
            name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")
        }

    def describe(self) -> list[tuple[str, str]]:
        """The filters in use, as (label, value) for the page and the exports."""
        used = []
        for name, value in self.used().items():
            field = self.form.fields[name]
            shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
            if isinstance(value, Organisation):
                shown = value.name
            used.append((str(field.label), str(shown)))
        return used
