from django import forms
from django.utils.translation import gettext_lazy as _


class LegalHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van de bewaarplicht"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vul de reden in.")},
    )
