"""One FilterSet per list, shared by the HTML list and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from oza.api.views import IdFilter

from .models import FundingKind, FundingLine, FundingStatus, GroupProposal, ProposalStage


class GroupProposalFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), field_name="title", lookup_expr="icontains")
    stage = django_filters.ChoiceFilter(
        label=_("Stand"), choices=ProposalStage.choices, empty_label=_("Alle")
    )

    class Meta:
        model = GroupProposal
        fields = ["q", "stage"]


class FundingLineFilterSet(django_filters.FilterSet):
    """The funding lines of the API (the pages show them per oza and on the checklist)."""

    arrangement = IdFilter(label=_("Oza"), field_name="arrangement_id")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=FundingStatus.choices, empty_label=_("Alle")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort"), choices=FundingKind.choices, empty_label=_("Alle")
    )

    class Meta:
        model = FundingLine
        fields = ["arrangement", "status", "kind"]
