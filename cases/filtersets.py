"""One FilterSet per list, shared by the HTML list and the API."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from oza.accounts.models import Organisation, OrganisationType

from . import selectors
from .models import (
    ACTIVE_PHASES,
    Arrangement,
    ArrangementFunction,
    ArrangementFunctionChoice,
    ArrangementKind,
    Jeugdige,
    Participation,
    Phase,
)

ALL = _("Alle")


class ListedChoices(ModelChoiceIterator):
    """The options in one plain query. Django reads them with ``iterator()``, which on
    PostgreSQL opens a server-side cursor (DECLARE, FETCH, CLOSE) for a list of a few dozen."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for organisation in self.queryset.all():
            yield self.choice(organisation)


class OrganisationChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ListedChoices


@extend_schema_field(OpenApiTypes.INT)
class OrganisationFilter(django_filters.ModelChoiceFilter):
    """An organisation by id (for the API schema: an integer)."""

    field_class = OrganisationChoiceField


def _with_participant(condition: Q) -> Exists:
    return Exists(Participation.objects.filter(condition, arrangement=OuterRef("pk")))


def choices_region_id(user) -> int | None:
    """The region whose schools and gemeenten the filters offer ``user``; None: those of the
    jeugdigen in the user's own oza's."""
    return getattr(user.organisation, "region_id", None)


def _regional_organisations(organisation_type: str, jeugdige_field: str):
    """The choices of a school or gemeente filter: those of the user's region (every school of
    the country would make the form long and slow). Without a region, those of the jeugdigen in
    the user's own oza's. A school elsewhere is still found through the search box."""

    def organisations(request):
        choices = Organisation.objects.filter(type=organisation_type)
        if request is None:
            return choices
        region_id = choices_region_id(request.user)
        if region_id is not None:
            return choices.filter(region_id=region_id)
        caseload = selectors.participations_visible_to(request.user)
        return choices.filter(pk__in=caseload.values(f"jeugdige__{jeugdige_field}"))

    return organisations


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
    school = OrganisationFilter(
        label=_("School"),
        queryset=_regional_organisations(OrganisationType.SCHOOL, "school"),
        method="filter_school",
        empty_label=ALL,
    )
    gemeente = OrganisationFilter(
        label=_("Gemeente"),
        queryset=_regional_organisations(OrganisationType.GEMEENTE, "gemeente"),
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

    # The filters that offer choices (beside the search box).
    choice_fields = ("phase", "kind", "function", "school", "gemeente", "overdue")

    def filter_search(self, queryset, name, value):
        """Name, BSN or school of a jeugdige taking part, or the name of a group oza: found in
        the user's caseload as kept for searching (``selectors.search_caseload``), not by
        joining four tables for every oza of it on each search."""
        return queryset.filter(pk__in=selectors.search_caseload(self.request.user, value))

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


class JeugdigeFilterSet(django_filters.FilterSet):
    """The jeugdigen list of the API (the pages reach a jeugdige through the dossier list)."""

    q = django_filters.CharFilter(label=_("Zoeken"), method="filter_search")
    gemeente = OrganisationFilter(
        label=_("Gemeente"),
        queryset=Organisation.objects.filter(type=OrganisationType.GEMEENTE),
        empty_label=ALL,
    )
    school = OrganisationFilter(
        label=_("School"),
        queryset=Organisation.objects.filter(type=OrganisationType.SCHOOL),
        empty_label=ALL,
    )

    class Meta:
        model = Jeugdige
        fields = ["q", "gemeente", "school"]

    def filter_search(self, queryset, name, value):
        """Name or BSN."""
        for word in value.split():
            queryset = queryset.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(bsn=word)
            )
        return queryset
