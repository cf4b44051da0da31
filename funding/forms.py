from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput, ReferenceSelect, VersionedFormMixin
from oza.accounts.models import Organisation, OrganisationType, User

from .models import (
    BUSINESS_CASE_OUTLINE,
    PROPOSAL_OUTLINE,
    BusinessCaseKind,
    EscalationSubject,
    FundingLine,
    GroupProposal,
    ProposalOutcome,
    outline_keys,
)
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
            "financier": ReferenceSelect(options="financiers"),
            "partner": ReferenceSelect(options="organisations"),
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
    fields_rendered_alike = ("subject", "disagreement")  # form_fields

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


class GroupProposalForm(forms.Form):
    """The proposal (Bijlage 2) and its business case or project plan (Bijlage 3), one text
    area per section of each outline. Sections may stay empty while the text is written."""

    title = forms.CharField(label=_("Titel van het groepsarrangement"), max_length=200)
    business_case_kind = forms.ChoiceField(
        label=_("Uitwerking als"), choices=BusinessCaseKind.choices
    )

    def __init__(self, *args, proposal: GroupProposal | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        sections = proposal.sections if proposal else {}
        # Until the business case is begun, the sections it shares with the proposal start
        # from the proposal's text.
        business_case = (proposal.business_case or sections) if proposal else {}
        self._add_outline(PROPOSAL_OUTLINE, "proposal", sections)
        self._add_outline(BUSINESS_CASE_OUTLINE, "business_case", business_case)
        if proposal is not None:
            self.initial.setdefault("title", proposal.title)
            self.initial.setdefault("business_case_kind", proposal.business_case_kind)

    def _add_outline(self, outline, prefix: str, texts: dict) -> None:
        for _chapter, sections in outline:
            for key, heading in sections:
                name = f"{prefix}-{key}"
                self.fields[name] = forms.CharField(
                    label=heading, required=False, widget=forms.Textarea(attrs={"rows": 3})
                )
                self.initial.setdefault(name, texts.get(key, ""))

    def chapters(self, outline, prefix: str) -> list:
        """(chapter, [bound field, ...]) in the order of the outline, for the template."""
        return [
            (chapter, [self[f"{prefix}-{key}"] for key, _heading in sections])
            for chapter, sections in outline
        ]

    def proposal_chapters(self):
        return self.chapters(PROPOSAL_OUTLINE, "proposal")

    def business_case_chapters(self):
        return self.chapters(BUSINESS_CASE_OUTLINE, "business_case")

    def texts(self, outline, prefix: str) -> dict:
        return {key: self.cleaned_data[f"{prefix}-{key}"] for key in outline_keys(outline)}

    def service_data(self) -> dict:
        return {
            "title": self.cleaned_data["title"],
            "business_case_kind": self.cleaned_data["business_case_kind"],
            "sections": self.texts(PROPOSAL_OUTLINE, "proposal"),
            "business_case": self.texts(BUSINESS_CASE_OUTLINE, "business_case"),
        }


class GroupProposalEditForm(VersionedFormMixin, GroupProposalForm):
    pass


class ProposalStepForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=ProposalOutcome.choices)
    held_on = forms.DateField(label=_("Datum overleg"), widget=DateInput())
    minutes_reference = forms.CharField(
        label=_("Kenmerk verslag of besluitenlijst"),
        max_length=100,
        error_messages={"required": _("Vul het kenmerk van het verslag of de besluitenlijst in.")},
    )
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        if outcomes:
            self.fields["outcome"].choices = [
                (value, label) for value, label in ProposalOutcome.choices if value in outcomes
            ]
