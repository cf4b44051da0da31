from django import forms
from django.forms import modelformset_factory
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from funding.models import GroupProposal, ProposalStage
from oza.accounts.models import Organisation, OrganisationType

from .cache import reference_fragment
from .models import (
    Arrangement,
    ArrangementFunctionChoice,
    ArrangementKind,
    Destination,
    EarlyEndReason,
    Goal,
    GoalEvaluation,
    Guardian,
    Jeugdige,
    TeamRole,
)
from .services import ARRANGEMENT_FIELDS, GOAL_FIELDS, GUARDIAN_FIELDS, JEUGDIGE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReferenceSelect(forms.Select):
    """A select over reference data (organisations, proposals for group arrangements) whose
    options are the same on every form: they are rendered once per reference version and
    language (``reference_fragment``) and only the chosen option is marked per form. Rendering
    400 schools or 800 organisations through Django's option templates cost a form 15 to 30 ms
    each time. ``options`` names the set of choices: the form must give every field with that
    name the same queryset."""

    def __init__(self, *, options: str, **kwargs):
        super().__init__(**kwargs)
        self.options = options

    def render(self, name, value, attrs=None, renderer=None):
        options = reference_fragment(
            "select-options", [self.options], lambda: self._options(renderer)
        )
        for chosen in self.format_value(value):
            option = f'<option value="{escape(chosen)}"'
            options = options.replace(f"{option}>", f"{option} selected>", 1)
        tag = f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>'
        return mark_safe(f"{tag}{options}</select>")

    def _options(self, renderer) -> str:
        """Django's own markup of the options, none of them chosen."""
        markup = super().render("options", [], attrs=None, renderer=renderer)
        return markup[markup.index(">") + 1 : markup.rindex("</select>")]


class VersionedFormMixin(forms.Form):
    """Carries the version the user started editing from, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class JeugdigeForm(forms.ModelForm):
    fields_rendered_alike = JEUGDIGE_FIELDS  # form_fields: the aanmelding's, empty

    class Meta:
        model = Jeugdige
        fields = JEUGDIGE_FIELDS
        widgets = {
            "date_of_birth": DateInput(),
            "gemeente": ReferenceSelect(options="gemeenten"),
            "school": ReferenceSelect(options="schools"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Organisation.objects.filter(
            type=OrganisationType.GEMEENTE
        )
        self.fields["school"].queryset = Organisation.objects.filter(type=OrganisationType.SCHOOL)
        self.fields["bsn"].widget.attrs.update(inputmode="numeric", autocomplete="off")


class JeugdigeEditForm(VersionedFormMixin, JeugdigeForm):
    pass


class GuardianForm(forms.ModelForm):
    fields_rendered_alike = GUARDIAN_FIELDS  # form_fields: the aanmelding's, empty

    class Meta:
        model = Guardian
        fields = GUARDIAN_FIELDS

    def has_changed(self):
        # An empty block whose gezag box was merely unticked is still empty.
        return any(name != "has_authority" for name in self.changed_data)


GuardianFormSet = modelformset_factory(
    Guardian, form=GuardianForm, extra=2, max_num=4, can_delete=False
)


class ArrangementForm(forms.ModelForm):
    functions = forms.MultipleChoiceField(
        label=_("Functies"),
        choices=ArrangementFunctionChoice.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één functie van het oza.")},
    )
    # form_fields: a new oza's; the choice of proposals is kept as reference data too.
    fields_rendered_alike = (*ARRANGEMENT_FIELDS, "functions")

    class Meta:
        model = Arrangement
        fields = ARRANGEMENT_FIELDS
        widgets = {
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "support_questions": forms.Textarea(attrs={"rows": 3}),
            "protective_factors": forms.Textarea(attrs={"rows": 3}),
            "hindering_factors": forms.Textarea(attrs={"rows": 3}),
            # Hundreds of proposals nationally: their options are rendered once.
            "group_proposal": ReferenceSelect(options="group-proposals"),
        }

    def __init__(self, *args, kind=ArrangementKind.INDIVIDUAL, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = self.instance.kind if self.instance.pk else kind
        if self.instance.kind == ArrangementKind.INDIVIDUAL:
            del self.fields["name"]
            del self.fields["capacity"]
            del self.fields["group_proposal"]
        else:
            self.fields["name"].required = True
            self.fields["capacity"].required = True
            # A decided proposal, or one still on its way; a refused one cannot carry a group.
            # Only what the options show: a proposal's texts are long.
            self.fields["group_proposal"].queryset = GroupProposal.objects.exclude(
                stage=ProposalStage.REJECTED
            ).defer("sections", "business_case")
        if self.instance.pk:
            self.initial.setdefault(
                "functions", [f.function for f in self.instance.functions.all()]
            )

    def model_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ARRANGEMENT_FIELDS if name in self.fields}


class ArrangementCreateForm(ArrangementForm):
    role = forms.ChoiceField(
        label=_("Uw rol in dit oza"),
        choices=TeamRole.choices,
        initial=TeamRole.PROCESBEGELEIDER,
    )
    fields_rendered_alike = (*ArrangementForm.fields_rendered_alike, "role")


class ArrangementEditForm(VersionedFormMixin, ArrangementForm):
    pass


class TeamMemberForm(forms.Form):
    """Adds a professional found with the team member search (cases/_team_candidates.html
    shows the choices: a list of every professional in the country would not do)."""

    user = forms.ModelChoiceField(
        label=_("Professional"),
        queryset=None,
        error_messages={
            "required": _("Zoek een professional en kies wie u wilt toevoegen."),
            "invalid_choice": _("Deze professional kan niet aan het team worden toegevoegd."),
        },
    )
    role = forms.ChoiceField(label=_("Rol in dit oza"), choices=TeamRole.choices)

    fields_rendered_alike = ("role",)  # form_fields: the candidates differ per search

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates


class GoalForm(forms.ModelForm):
    fields_rendered_alike = GOAL_FIELDS  # form_fields: a new goal's form is the same everywhere

    class Meta:
        model = Goal
        fields = GOAL_FIELDS
        widgets = {
            "target_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 2}),
        }


class GoalEvaluationForm(forms.ModelForm):
    """How far one goal was reached; shown next to each goal on the oza page."""

    class Meta:
        model = GoalEvaluation
        fields = ["score", "evaluated_on", "remark"]
        widgets = {
            "evaluated_on": DateInput(),
            "remark": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"evaluated_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ConsentForm(forms.Form):
    """Akkoord of one person; the choices are the jeugdige(n) and their guardians."""

    person = forms.ChoiceField(label=_("Wie"))
    given = forms.TypedChoiceField(
        label=_("Besluit"),
        choices=[("1", _("Geeft akkoord")), ("0", _("Trekt akkoord in"))],
        coerce=lambda value: value == "1",
        initial="1",
    )
    note = forms.CharField(label=_("Toelichting"), max_length=255, required=False)

    def __init__(self, *args, arrangement, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {}
        choices = []
        for participation in arrangement.current_participations():
            jeugdige = participation.jeugdige
            key = f"j{jeugdige.pk}"
            self.people[key] = (jeugdige, None)
            choices.append((key, _("%(name)s (jeugdige zelf)") % {"name": jeugdige}))
            for guardian in jeugdige.guardians.all():
                key = f"g{guardian.pk}"
                self.people[key] = (jeugdige, guardian)
                label = (
                    _("%(name)s (%(relation)s van %(child)s, met gezag)")
                    if guardian.has_authority
                    else _("%(name)s (%(relation)s van %(child)s, zonder gezag)")
                )
                choices.append(
                    (
                        key,
                        label
                        % {
                            "name": guardian.name,
                            "relation": guardian.get_relation_display().lower(),
                            "child": jeugdige.first_name,
                        },
                    )
                )
        self.fields["person"].choices = choices

    def clean_person(self):
        return self.people[self.cleaned_data["person"]]


class ParticipationForm(forms.Form):
    jeugdige = forms.ModelChoiceField(label=_("Jeugdige"), queryset=None)
    joined_on = forms.DateField(label=_("Doet mee vanaf"), widget=DateInput())

    def __init__(self, *args, jeugdigen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jeugdige"].queryset = jeugdigen
        self.fields["joined_on"].initial = timezone.localdate()


class ParticipationEndForm(forms.Form):
    left_on = forms.DateField(label=_("Doet mee tot"), widget=DateInput())
    destination = forms.ChoiceField(
        label=_("Bestemming"),
        choices=[("", _("(nog niet bekend)")), *Destination.choices],
        required=False,
    )


class TransitionForm(forms.Form):
    expected_phase = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reden of toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    early_end_reason = forms.ChoiceField(
        label=_("Reden van beëindiging"),
        choices=[("", "---------"), *EarlyEndReason.choices],
        required=False,
    )
    destination = forms.ChoiceField(
        label=_("Bestemming"),
        choices=[("", "---------"), *Destination.choices],
        required=False,
    )


class BreakGlassForm(forms.Form):
    identifier = forms.CharField(label=_("BSN of dossiernummer van de jeugdige"), max_length=12)
    reason = forms.CharField(
        label=_("Reden van de noodtoegang"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Deze reden wordt vastgelegd en later beoordeeld."),
    )
