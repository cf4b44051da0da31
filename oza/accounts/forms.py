from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The 6-digit code from an authenticator app (portal and professionals)."""

    code = forms.CharField(
        label=_("Code uit de app (6 cijfers)"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Vul de code uit de app in.")},
    )


class ProfessionalCodeForm(CodeForm):
    """After the password: the app's code, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code uit de app, of een herstelcode"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        error_messages={"required": _("Vul de code uit de app in.")},
    )
