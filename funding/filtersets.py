"""One FilterSet per list, shared by the HTML list and (later) the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import GroupProposal, ProposalStage


class GroupProposalFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Zoeken"), field_name="title", lookup_expr="icontains")
    stage = django_filters.ChoiceFilter(
        label=_("Stand"), choices=ProposalStage.choices, empty_label=_("Alle")
    )

    class Meta:
        model = GroupProposal
        fields = ["q", "stage"]
