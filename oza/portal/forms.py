from django import forms
from django.utils.translation import gettext_lazy as _

from cases.guards import SHARED_CONSENT_AGE
from outcomes.questionnaire import QUESTIONS, SCALE
from oza.accounts.forms import CodeForm  # noqa: F401 - the portal's code form is shared

JEUGDIGE_CHOICE = "jeugdige"


class InvitationForm(forms.Form):
    """A team member invites a parent/verzorger or the jeugdige (12+) to the portal."""

    invitee = forms.ChoiceField(label=_("Wie nodigt u uit?"))
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        help_text=_("Leeg laten: het bekende e-mailadres van de ouder/verzorger."),
    )

    def __init__(self, *args, jeugdige, **kwargs):
        super().__init__(*args, **kwargs)
        self.jeugdige = jeugdige
        self.guardians = {str(g.pk): g for g in jeugdige.guardians.all() if not g.user_id}
        choices = [
            (
                pk,
                _("%(name)s (%(relation)s, %(authority)s)")
                % {
                    "name": g.name,
                    "relation": g.get_relation_display().lower(),
                    "authority": _("met gezag") if g.has_authority else _("zonder gezag"),
                },
            )
            for pk, g in self.guardians.items()
        ]
        if jeugdige.age() >= SHARED_CONSENT_AGE and not jeugdige.portal_user_id:
            choices.append((JEUGDIGE_CHOICE, _("%(name)s zelf (jeugdige)") % {"name": jeugdige}))
        self.fields["invitee"].choices = choices

    def clean(self):
        data = super().clean()
        invitee = data.get("invitee")
        guardian = self.guardians.get(invitee) if invitee != JEUGDIGE_CHOICE else None
        data["guardian"] = guardian
        if invitee and not data.get("email"):
            if guardian and guardian.email:
                data["email"] = guardian.email
            else:
                self.add_error("email", _("Vul het e-mailadres in."))
        return data


class AcceptForm(forms.Form):
    password1 = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Typ het wachtwoord nog een keer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") != data.get("password1"):
            self.add_error("password2", _("De twee wachtwoorden zijn niet hetzelfde."))
        return data


class SurveyForm(forms.Form):
    """Three statements on a 1-5 scale and an open remark, worded for ``respondent_kind``."""

    remark = forms.CharField(
        label=_("Wilt u nog iets zeggen? (mag leeg blijven)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, respondent_kind, **kwargs):
        super().__init__(*args, **kwargs)
        questions = QUESTIONS[respondent_kind]
        for name in ("helps", "clear", "heard"):
            self.fields = {
                name: forms.TypedChoiceField(
                    label=questions[name],
                    choices=SCALE,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": _("Kies een cijfer van 1 tot 5.")},
                ),
                **self.fields,
            }


class DecisionForm(forms.Form):
    """One button on the toestemming page: give or withdraw one decision."""

    subject = forms.CharField()
    given = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
    arrangement = forms.IntegerField(required=False)
    about_guardian = forms.IntegerField(required=False)
