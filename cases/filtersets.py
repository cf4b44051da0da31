"""One FilterSet for the dossier list, shared by the HTML list and (later) the API."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from oza.accounts.models import Organisation, OrganisationType

from .models import (
    ACTIVE_PHASES,
    Arrangement,
    ArrangementFunction,
    ArrangementFunctionChoice,
    ArrangementKind,
    Participation,
    Phase,
)

ALL = _("Alle")


def _with_participant(condition: Q) -> Exists:
    return Exists(Participation.objects.filter(condition, arrangement=OuterRef("pk")))


class ArrangementFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_search")
    phase = django_filters.ChoiceFilter(label=_("Fase"), choices=Phase.choices, empty_label=ALL)
    kind = django_filters.ChoiceFilter(
        label=_("Soort"), choices=ArrangementKind.choices, empty_label=ALL
    )
    function = django_filters.ChoiceFilter(
        label=_("Functie"),
        choices=ArrangementFunctionChoice.choices,
        method="filter_function",
        empty_label=ALL,
    )
    school = django_filters.ModelChoiceFilter(
        label=_("School"),
        queryset=Organisation.objects.filter(type=OrganisationType.SCHOOL),
        method="filter_school",
        empty_label=ALL,
    )
    gemeente = django_filters.ModelChoiceFilter(
        label=_("Gemeente"),
        queryset=Organisation.objects.filter(type=OrganisationType.GEMEENTE),
        method="filter_gemeente",
        empty_label=ALL,
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Over de geplande einddatum"),
        choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        method="filter_overdue",
        empty_label=ALL,
    )

    class Meta:
        model = Arrangement
        fields = ["q", "phase", "kind", "function", "school", "gemeente", "overdue"]

    def filter_search(self, queryset, name, value):
        """Name, BSN or school of a jeugdige taking part, or the name of a group oza."""
        for word in value.split():
            queryset = queryset.filter(
                _with_participant(
                    Q(jeugdige__first_name__icontains=word)
                    | Q(jeugdige__last_name__icontains=word)
                    | Q(jeugdige__bsn=word)
                    | Q(jeugdige__school__name__icontains=word)
                )
                | Q(name__icontains=word)
            )
        return queryset

    def filter_function(self, queryset, name, value):
        return queryset.filter(
            Exists(ArrangementFunction.objects.filter(arrangement=OuterRef("pk"), function=value))
        )

    def filter_school(self, queryset, name, value):
        return queryset.filter(_with_participant(Q(jeugdige__school=value)))

    def filter_gemeente(self, queryset, name, value):
        return queryset.filter(_with_participant(Q(jeugdige__gemeente=value)))

    def filter_overdue(self, queryset, name, value):
        overdue = Q(phase__in=ACTIVE_PHASES, planned_end__lt=timezone.localdate())
        return queryset.filter(overdue if value == "ja" else ~overdue)
