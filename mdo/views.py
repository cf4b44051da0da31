"""The MDO pages: plan, prepare and run a meeting from one screen, the verslag, my agreements.

Meetings are loaded through mdo.selectors (which scope by the oza access selector): anyone not on
the oza's team gets 404. Writes go through mdo.services and mdo.invitations.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cases.cache import (
    CachedRead,
    CaseloadPageMixin,
    CasePageMixin,
    case_page_read,
    per_part,
    render_to_cache,
)
from cases.selectors import is_team_member, jeugdige_ids_in
from cases.services import ConcurrentEdit
from cases.views import ArrangementCasePageMixin
from oza.web import (
    AuditedReadMixin,
    FormActionMixin,
    ProfessionalRequiredMixin,
    add_form_errors,
    in_order,
    loaded_or_found,
)

from . import invitations, selectors, services
from .calendar import meeting_ics
from .filtersets import AgreementFilterSet
from .forms import (
    AgendaItemForm,
    AgreementForm,
    AgreementUpdateForm,
    AttendanceForm,
    CancelForm,
    CloseForm,
    ExternalParticipantForm,
    MeetingPlanForm,
    MeetingTimeForm,
    NotesForm,
)
from .models import Agreement, Participant


class MeetingMixin(ProfessionalRequiredMixin):
    @cached_property
    def meeting(self):
        return selectors.meeting_screen(self.request.user, self.kwargs["pk"])

    @cached_property
    def meeting_seen(self):
        """The MDO through the access selector: what a page from the cache needs."""
        return loaded_or_found(self, "meeting", selectors.visible_meeting)

    def require_team_member(self):
        if not is_team_member(self.request.user, self.meeting.arrangement):
            raise PermissionDenied(_("Alleen teamleden kunnen dit MDO wijzigen."))

    def screen_url(self, anchor=""):
        return reverse("mdo:meeting", kwargs={"pk": self.meeting.pk}) + anchor


class MeetingReadMixin(AuditedReadMixin):
    def audited_object(self):
        return self.meeting_seen

    def audited_jeugdige_ids(self):
        return [p.jeugdige_id for p in self.meeting.arrangement.participations.all()]


class MeetingPlanView(ArrangementCasePageMixin, FormView):
    template_name = "mdo/meeting_plan.html"
    form_class = MeetingPlanForm

    def get_form_kwargs(self):
        if not is_team_member(self.request.user, self.arrangement):
            raise PermissionDenied(_("Alleen teamleden plannen een MDO."))
        return super().get_form_kwargs()

    def get_context_data(self, **kwargs):
        return super().get_context_data(arrangement=self.arrangement, **kwargs)

    def form_valid(self, form):
        try:
            meeting = services.meeting_plan(
                arrangement=self.arrangement,
                by=self.request.user,
                kind=form.cleaned_data["kind"],
                **form.meeting_kwargs(),
            )
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Het MDO is gepland. Controleer wie er komen en verstuur de uitnodigingen."),
        )
        return redirect("mdo:meeting", pk=meeting.pk)


class MeetingCasePageMixin(MeetingMixin, CasePageMixin, MeetingReadMixin):
    """A page about one MDO, or a form to change it, from the cache while its oza has not
    changed (the MDO is part of it)."""

    def shown_arrangement_ids(self):
        return [self.meeting_seen.arrangement_id]


class MeetingScreenView(MeetingCasePageMixin, TemplateView):
    """One screen for the whole meeting: preparation, running it, and the outcome."""

    template_name = "mdo/meeting_screen.html"
    content_template_name = "mdo/_meeting_screen_content.html"

    def page_context(self):
        return {"meeting": self.meeting_seen}

    def get_context_data(self, **kwargs):
        meeting = self.meeting
        user = self.request.user
        participants = list(meeting.participants.all())
        agenda = list(meeting.agenda_items.all())
        context = {
            "meeting": meeting,
            "arrangement": meeting.arrangement,
            "participants": participants,
            "agenda": agenda,
            "agenda_steps": list(zip(agenda, [*agenda[1:], None], strict=True)),
            "agreements": list(meeting.agreements.all()),
            "earlier_agreements": list(selectors.open_agreements_from_earlier_meetings(meeting)),
            "missing": services.composition_missing(meeting),
            "is_member": is_team_member(user, meeting.arrangement),
            "may_chair": services.may_chair(meeting, user),
            "attendance_choices": AttendanceForm.base_fields["attendance"].choices,
            "agreement_form": AgreementForm(
                participants=meeting.participants.all(),
                initial={"due_date": timezone.localdate(meeting.starts_at)},
            ),
            "agreement_status_form": AgreementUpdateForm(),
            "agenda_form": AgendaItemForm(),
            "participant_form": ExternalParticipantForm(),
            "close_form": CloseForm(),
            "cancel_form": CancelForm(),
        }
        context.update(kwargs)
        return super().get_context_data(**context)


class MeetingActionView(FormActionMixin, MeetingScreenView):
    """A POST on the meeting screen; invalid input shows the screen again with the form."""

    anchor = ""

    def success_url(self):
        return self.screen_url(self.anchor)


class MeetingOpenView(MeetingMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            services.meeting_open(meeting=self.meeting, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(self.screen_url("#aanwezig"))


class AttendanceView(MeetingScreenView):
    """Tick who is present; with htmx it answers with the updated attendance panel."""

    http_method_names = ["post"]
    template_name = "mdo/_attendance_update.html"

    def post(self, request, *args, **kwargs):
        self.require_team_member()
        participant = get_object_or_404(
            Participant, pk=kwargs["participant_pk"], meeting=self.meeting
        )
        form = AttendanceForm(request.POST)
        if not form.is_valid():
            return HttpResponse(_("Ongeldige keuze."), status=400)
        try:
            services.attendance_set(
                participant=participant,
                by=request.user,
                attendance=form.cleaned_data["attendance"],
            )
        except ValidationError as error:
            return HttpResponse(" ".join(error.messages), status=409)
        if not request.htmx:
            return redirect(self.screen_url("#aanwezig"))
        del self.meeting  # reload: the row and the composition check show the new state
        updated = next(p for p in self.meeting.participants.all() if p.pk == participant.pk)
        return self.render_to_response(self.get_context_data(participant=updated))


class NotesView(MeetingMixin, View):
    """Autosave of an agenda item's notes. Answers JSON: saved (with the new version), or a
    conflict with what the other person saved, so nothing is lost on either side."""

    def post(self, request, *args, **kwargs):
        self.require_team_member()
        item = get_object_or_404(self.meeting.agenda_items.all(), pk=kwargs["item_pk"])
        form = NotesForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"status": "invalid", "errors": form.errors}, status=400)
        try:
            saved = services.notes_save(
                item=item,
                by=request.user,
                notes=form.cleaned_data["notes"],
                expected_version=form.cleaned_data["version"],
                shared_with_family=form.cleaned_data["shared_with_family"],
                reason=form.cleaned_data["reason"],
            )
        except services.NotesConflict as conflict:
            theirs = conflict.item
            return JsonResponse(
                {
                    "status": "conflict",
                    "message": _(
                        "%(who)s heeft deze aantekeningen intussen gewijzigd. Uw tekst staat "
                        "hieronder nog; voeg samen en sla opnieuw op."
                    )
                    % {"who": theirs.updated_by or _("Iemand anders")},
                    "notes": theirs.notes,
                    "version": theirs.notes_version,
                },
                status=409,
            )
        except ValidationError as error:
            return JsonResponse(
                {"status": "invalid", "message": " ".join(error.messages)}, status=400
            )
        return JsonResponse(
            {
                "status": "saved",
                "version": saved.notes_version,
                "message": _("Opgeslagen om %(time)s")
                % {"time": timezone.localtime(saved.updated_at).strftime("%H:%M:%S")},
            }
        )


class AgendaItemAddView(MeetingActionView):
    form_context_name = "agenda_form"
    anchor = "#agenda"

    def get_form(self):
        return AgendaItemForm(self.request.POST)

    def perform(self, form):
        services.agenda_item_add(
            meeting=self.meeting, by=self.request.user, title=form.cleaned_data["title"]
        )
        return _("Agendapunt toegevoegd.")


class ParticipantAddView(MeetingActionView):
    form_context_name = "participant_form"
    anchor = "#aanwezig"

    def get_form(self):
        return ExternalParticipantForm(self.request.POST)

    def perform(self, form):
        services.participant_add(meeting=self.meeting, by=self.request.user, **form.cleaned_data)
        return _("Genodigde toegevoegd.")


class AgreementAddView(MeetingActionView):
    form_context_name = "agreement_form"
    anchor = "#afspraken"

    def get_form(self):
        return AgreementForm(self.request.POST, participants=self.meeting.participants.all())

    def perform(self, form):
        services.agreement_add(meeting=self.meeting, by=self.request.user, **form.cleaned_data)
        return _("Afspraak vastgelegd.")


class AgreementUpdateView(ProfessionalRequiredMixin, View):
    """Mark an agreement done or missed, from the meeting screen or from "Mijn afspraken"."""

    def post(self, request, *args, **kwargs):
        agreement = get_object_or_404(
            Agreement.objects.filter(
                meeting__in=selectors.meetings_visible_to(request.user)
            ).select_related("meeting__arrangement"),
            pk=kwargs["pk"],
        )
        if not is_team_member(request.user, agreement.arrangement):
            raise PermissionDenied(_("Alleen teamleden kunnen afspraken bijwerken."))
        form = AgreementUpdateForm(request.POST)
        if form.is_valid():
            services.agreement_update(agreement=agreement, by=request.user, **form.cleaned_data)
            messages.success(request, _("Afspraak bijgewerkt."))
        else:
            messages.error(request, _("Kies een geldige status."))
        next_url = request.POST.get("next", "")
        if next_url.startswith("/") and not next_url.startswith("//"):
            return redirect(next_url)
        return redirect("mdo:meeting", pk=agreement.meeting_id)


class MeetingCloseView(MeetingActionView):
    form_context_name = "close_form"
    anchor = ""

    def get_form(self):
        return CloseForm(self.request.POST)

    def perform(self, form):
        data = form.cleaned_data
        services.meeting_close(
            meeting=self.meeting,
            by=self.request.user,
            decision=data["decision"],
            next_starts_at=data["next_starts_at"],
            next_kind=data["next_kind"],
        )
        return _("Het MDO is gesloten. Het verslag staat klaar voor het team.")

    def success_url(self):
        return reverse("mdo:report", kwargs={"pk": self.meeting.pk})


class SendInvitationsView(MeetingMixin, View):
    def post(self, request, *args, **kwargs):
        self.require_team_member()
        try:
            sent = invitations.send_invitations(meeting=self.meeting, by=request.user)
        except (ValidationError, invitations.MailDeliveryError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            if sent:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s uitnodiging verstuurd, met de afspraak voor de agenda.",
                        "%(count)s uitnodigingen verstuurd, met de afspraak voor de agenda.",
                        sent,
                    )
                    % {"count": sent},
                )
            else:
                messages.info(request, _("Iedereen met een e-mailadres is al uitgenodigd."))
        return redirect(self.screen_url("#aanwezig"))


class MeetingRescheduleView(MeetingCasePageMixin, FormView):
    """Move the MDO; everyone invited gets an update of the same agenda item."""

    template_name = "mdo/meeting_reschedule.html"
    form_class = MeetingTimeForm

    def get_initial(self):
        local = timezone.localtime(self.meeting.starts_at)
        return {
            "day": local.date(),
            "time": local.time(),
            "duration_minutes": self.meeting.duration_minutes,
            "location": self.meeting.location,
            "video_url": self.meeting.video_url,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meeting=self.meeting, version=self.meeting.version, **kwargs
        )

    def form_valid(self, form):
        try:
            invitations.meeting_reschedule(
                meeting=self.meeting,
                by=self.request.user,
                expected_version=int(self.request.POST.get("version", self.meeting.version)),
                **form.meeting_kwargs(),
            )
        except ConcurrentEdit:
            form.add_error(
                None,
                _(
                    "Iemand anders heeft dit MDO intussen gewijzigd. Bekijk de "
                    "nieuwe gegevens en probeer het opnieuw."
                ),
            )
            return self.form_invalid(form)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        except invitations.MailDeliveryError as error:
            messages.warning(self.request, str(error))
        else:
            messages.success(self.request, _("Het MDO is verplaatst; de genodigden zijn bericht."))
        return redirect(self.screen_url())


class MeetingCancelView(MeetingActionView):
    form_context_name = "cancel_form"

    def get_form(self):
        return CancelForm(self.request.POST)

    def perform(self, form):
        try:
            invitations.meeting_cancel(
                meeting=self.meeting, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except invitations.MailDeliveryError as error:
            messages.warning(self.request, str(error))
        return _("Het MDO is geannuleerd; de genodigden zijn bericht.")


class MeetingCalendarView(MeetingMixin, MeetingReadMixin, View):
    """The MDO as an .ics file, to put it in one's own calendar (its attendees are the
    family's and the team's addresses: each download is logged). From the cache while its oza
    did not change."""

    shown: CachedRead

    def get(self, request, *args, **kwargs):
        meeting = self.meeting_seen
        self.shown = case_page_read(request, "mdo-ics", [meeting.arrangement_id], self.read)
        response = HttpResponse(self.shown.content, content_type="text/calendar")
        response["Content-Disposition"] = f'attachment; filename="mdo-{meeting.pk}.ics"'
        self.log_read()
        return response

    def read(self) -> CachedRead:
        # PUBLISH: a copy for one's own calendar, not an invitation to answer.
        ics = meeting_ics(self.meeting, method="PUBLISH")
        return CachedRead(content=ics, jeugdige_ids=super().audited_jeugdige_ids())

    def audited_jeugdige_ids(self):
        return self.shown.jeugdige_ids


class ReportView(MeetingCasePageMixin, TemplateView):
    """The verslag as frozen at closing, with every later amendment shown."""

    template_name = "mdo/report.html"

    def get_context_data(self, **kwargs):
        meeting = self.meeting
        return super().get_context_data(
            meeting=meeting,
            arrangement=meeting.arrangement,
            report=meeting.frozen_report if meeting.is_closed else services.build_report(meeting),
            amendments=meeting.amendments.select_related("by", "agenda_item"),
            **kwargs,
        )


# Where a kept agreement row's form returns to, filled in per page (Mijn afspraken).
NEXT_PATH_PLACEHOLDER = "oza-agreement-next-path"


class MyAgreementsView(ProfessionalRequiredMixin, CaseloadPageMixin, AuditedReadMixin, ListView):
    """ "Mijn afspraken": the user's own agreements, open first; optionally only overdue ones.
    From the cache while nothing in the user's caseload changed (an agreement's oza is one of
    it), like the dossier list."""

    template_name = "mdo/my_agreements.html"
    content_template_name = "mdo/_my_agreements_content.html"
    paginate_by = 50

    def get_queryset(self):
        self.only_overdue = self.request.GET.get("over_tijd") == "1"
        if self.only_overdue:
            queryset = selectors.overdue_agreements_visible_to(self.request.user).order_by(
                "due_date", "pk"
            )
        else:
            queryset = selectors.agreements_of(self.request.user).order_by(
                selectors.OPEN_FIRST, "due_date", "pk"
            )
        # ?status=open and the other filters the API offers, from the same FilterSet.
        self.matching = AgreementFilterSet(self.request.GET or None, queryset=queryset).qs
        # Every match as (id, oza id) (hundreds): the paginator counts and slices them, and
        # each agreement on the page is shown from the cache while its oza did not change.
        return list(self.matching.values_list("pk", "arrangement_id"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(only_overdue=self.only_overdue, **kwargs)
        oza_of = dict(context["object_list"])
        # An agreement's row is the same for everyone who sees it, in either view, but for
        # where its form returns to: this page.
        rows = per_part("my-agreement-row", oza_of, self.rows_of)
        next_path = escape(self.request.get_full_path())
        context["rows"] = [
            mark_safe(rows[pk].replace(NEXT_PATH_PLACEHOLDER, next_path))
            for pk in oza_of
            if pk in rows
        ]
        return context

    def rows_of(self, agreement_ids) -> dict[int, str]:
        context = {"status_form": AgreementUpdateForm(), "next_path": NEXT_PATH_PLACEHOLDER}
        return {
            agreement.pk: render_to_cache(
                self.request, "mdo/_my_agreement_row.html", {**context, "agreement": agreement}
            )
            for agreement in in_order(self.matching, agreement_ids)
        }

    def audited_object(self):
        return "mdo.MyAgreements"

    def jeugdige_ids_shown(self, context):
        return jeugdige_ids_in({oza for _agreement, oza in context["object_list"]})
