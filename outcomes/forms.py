from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput

from .indicators import Period

MAX_DAYS = 5 * 366


def default_period() -> Period:
    """The last twelve months, up to and including today."""
    today = timezone.localdate()
    return Period(today - timedelta(days=364), today)


class PeriodForm(forms.Form):
    """The period of the indicators and an optional period to compare with."""

    start = forms.DateField(label=_("Van"), widget=DateInput())
    end = forms.DateField(label=_("Tot en met"), widget=DateInput())
    compare_start = forms.DateField(
        label=_("Vergelijken met: van"), widget=DateInput(), required=False
    )
    compare_end = forms.DateField(label=_("tot en met"), widget=DateInput(), required=False)

    def __init__(self, data=None, **kwargs):
        period = default_period()
        defaults = {"start": period.start.isoformat(), "end": period.end.isoformat()}
        if data is not None:
            data = data.copy()
            for name, value in defaults.items():
                if not data.get(name):
                    data[name] = value
        super().__init__(data if data is not None else defaults, **kwargs)

    def _check(self, start, end, start_field, end_field):
        if start and end and start > end:
            self.add_error(end_field, _("Het einde van de periode ligt voor het begin."))
        elif start and end and (end - start).days > MAX_DAYS:
            self.add_error(end_field, _("Kies een periode van hoogstens vijf jaar."))

    def clean(self):
        data = super().clean()
        self._check(data.get("start"), data.get("end"), "start", "end")
        compare = (data.get("compare_start"), data.get("compare_end"))
        if any(compare) and not all(compare):
            self.add_error(
                "compare_end", _("Vul voor de vergelijking zowel het begin als het einde in.")
            )
        else:
            self._check(*compare, "compare_start", "compare_end")
        return data

    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])

    def comparison(self) -> Period | None:
        if self.cleaned_data.get("compare_start") and self.cleaned_data.get("compare_end"):
            return Period(self.cleaned_data["compare_start"], self.cleaned_data["compare_end"])
        return None
