from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput, VersionedFormMixin
from oza.accounts.models import Organisation, OrganisationType, User

from .models import EscalationSubject, FundingLine
from .services import FIELDS

FINANCIER_TYPES = [
    OrganisationType.SWV,
    OrganisationType.GEMEENTE,
    OrganisationType.ZORGKANTOOR,
    OrganisationType.SCHOOL,
    OrganisationType.GGD,
    OrganisationType.OTHER,
]


class FundingLineForm(forms.ModelForm):
    class Meta:
        model = FundingLine
        fields = FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "requested_on": DateInput(),
        }

    def __init__(self, *args, arrangement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.arrangement = arrangement
        self.fields["financier"].queryset = Organisation.objects.filter(type__in=FINANCIER_TYPES)
        self.fields["requested_by"].queryset = User.objects.filter(
            team_memberships__arrangement=arrangement
        )
        self.fields["amount"].widget.attrs.update(step="0.01", min="0", inputmode="decimal")
        if not self.instance.pk:
            self.initial.setdefault("start_date", arrangement.planned_start)
            self.initial.setdefault("end_date", arrangement.planned_end)


class FundingLineEditForm(VersionedFormMixin, FundingLineForm):
    pass


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("grant", _("Toegekend")), ("refuse", _("Afgewezen")), ("end", _("Beëindigd"))],
    )
    decided_on = forms.DateField(label=_("Datum besluit"), widget=DateInput(), required=False)
    decision_reference = forms.CharField(
        label=_("Beschikkings- of TLV-nummer"), max_length=64, required=False
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Van"), widget=DateInput())
    end = forms.DateField(label=_("Tot en met"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("De einddatum ligt voor de begindatum."))
        return data


class EscalationForm(forms.Form):
    subject = forms.ChoiceField(label=_("Waarover"), choices=EscalationSubject.choices)
    disagreement = forms.CharField(
        label=_("Waar zijn de partners het niet over eens?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beschrijf waar de partners het niet over eens zijn.")},
    )


class EscalationStepForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom een trede hoger?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef de reden van deze stap.")},
    )


class EscalationResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Oplossing"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Beschrijf de oplossing.")},
    )
