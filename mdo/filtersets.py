"""One FilterSet per list, shared by the HTML list and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from oza.api.views import IdFilter

from .models import Agreement, AgreementStatus, Meeting, MeetingKind, MeetingStatus

ALL = _("Alle")


class MeetingFilterSet(django_filters.FilterSet):
    arrangement = IdFilter(label=_("Oza"), field_name="arrangement_id")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MeetingStatus.choices, empty_label=ALL
    )
    kind = django_filters.ChoiceFilter(
        label=_("Soort MDO"), choices=MeetingKind.choices, empty_label=ALL
    )

    class Meta:
        model = Meeting
        fields = ["arrangement", "status", "kind"]


class AgreementFilterSet(django_filters.FilterSet):
    """ "Mijn afspraken" and the API's agreements."""

    arrangement = IdFilter(label=_("Oza"), field_name="arrangement_id")
    meeting = IdFilter(label=_("MDO"), field_name="meeting_id")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AgreementStatus.choices, empty_label=ALL
    )

    class Meta:
        model = Agreement
        fields = ["arrangement", "meeting", "status"]
