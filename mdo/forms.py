from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput
from cases.models import TeamRole

from .models import AgreementStatus, Attendance, MeetingKind


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class MeetingTimeForm(forms.Form):
    """Date, time, duration and place of an MDO."""

    day = forms.DateField(label=_("Datum"), widget=DateInput())
    time = forms.TimeField(label=_("Tijd"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Duur (minuten)"), min_value=15, max_value=480, initial=60
    )
    location = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    video_url = forms.URLField(label=_("Videolink"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("time"):
            data["starts_at"] = timezone.make_aware(datetime.combine(data["day"], data["time"]))
            if data["starts_at"] <= timezone.now():
                self.add_error("day", _("Kies een moment in de toekomst."))
        if not (data.get("location") or data.get("video_url")):
            self.add_error("location", _("Vul een plaats of een videolink in."))
        return data

    def meeting_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "location": data["location"],
            "video_url": data["video_url"],
        }


class MeetingPlanForm(MeetingTimeForm):
    kind = forms.ChoiceField(label=_("Soort MDO"), choices=MeetingKind.choices)
    field_order = ["kind", "day", "time", "duration_minutes", "location", "video_url"]


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=Attendance.choices)


class NotesForm(forms.Form):
    notes = forms.CharField(required=False, widget=forms.Textarea)
    version = forms.IntegerField(min_value=0)
    shared_with_family = forms.BooleanField(required=False)
    reason = forms.CharField(required=False, max_length=255)


class AgendaItemForm(forms.Form):
    fields_rendered_alike = ("title",)  # form_fields

    title = forms.CharField(label=_("Nieuw agendapunt"), max_length=200)


class ExternalParticipantForm(forms.Form):
    fields_rendered_alike = ("name", "email", "role")  # form_fields

    name = forms.CharField(label=_("Naam"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    role = forms.ChoiceField(label=_("Rol"), choices=TeamRole.choices, initial=TeamRole.OTHER)


class AgreementForm(forms.Form):
    description = forms.CharField(
        label=_("Afspraak (wat)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.ModelChoiceField(label=_("Wie"), queryset=None)
    due_date = forms.DateField(label=_("Uiterlijk op"), widget=DateInput())
    measure = forms.CharField(label=_("Hoe meten we het"), max_length=255, required=False)
    shared_with_family = forms.BooleanField(
        label=_("Delen met ouders en jeugdige"), required=False, initial=True
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = participants


class AgreementUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices)
    follow_up = forms.CharField(
        label=_("Opvolging"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    fields_rendered_alike = ("decision", "next_day", "next_time", "next_kind")  # form_fields

    decision = forms.CharField(
        label=_("Besluit van dit MDO"), widget=forms.Textarea(attrs={"rows": 3})
    )
    next_day = forms.DateField(label=_("Volgend MDO: datum"), required=False, widget=DateInput())
    next_time = forms.TimeField(label=_("Tijd"), required=False, widget=TimeInput())
    next_kind = forms.ChoiceField(
        label=_("Soort"), choices=MeetingKind.choices, initial=MeetingKind.PROGRESS
    )

    def clean(self):
        data = super().clean()
        day, time = data.get("next_day"), data.get("next_time")
        data["next_starts_at"] = None
        if day and time:
            data["next_starts_at"] = timezone.make_aware(datetime.combine(day, time))
            if data["next_starts_at"] <= timezone.now():
                self.add_error("next_day", _("Kies een moment in de toekomst."))
        elif day or time:
            self.add_error("next_time", _("Vul zowel de datum als de tijd in."))
        return data


class CancelForm(forms.Form):
    fields_rendered_alike = ("reason",)  # form_fields

    reason = forms.CharField(label=_("Reden van annulering"), max_length=255)
