"""Portal pages for ouders/verzorgers and jeugdigen. Thin: every child is resolved through
``selectors.jeugdigen_for_portal_user`` (404 otherwise), writes go through the services, and
every page that shows a child's data logs the read like the professional pages do."""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from django_otp import login as otp_login
from icalendar import Calendar

from cases.cache import CasePageMixin
from cases.models import ConsentSubject, Jeugdige
from mdo.calendar import meeting_ics, meeting_place, meeting_url, when_text
from outcomes import services as outcome_services
from outcomes.models import SurveyInvitation
from oza.accounts import two_factor
from oza.accounts.two_factor import has_second_factor
from oza.audit.models import AuditAction, AuditEvent
from oza.audit.services import audit_read
from oza.documents.views import serve_document
from oza.web import AuditedReadMixin, add_form_errors

from . import selectors, services
from .forms import AcceptForm, CodeForm, DecisionForm, SurveyForm

# The pages of one child, in the order of the child navigation. A new page is one more entry
# here and one URL with ``jeugdige_pk``.
CHILD_PAGES = [
    ("portal:plan", gettext_lazy("Het plan")),
    ("portal:meetings", gettext_lazy("Overleg en afspraken")),
    ("portal:documents", gettext_lazy("Documenten")),
    ("portal:consent", gettext_lazy("Toestemming")),
    ("portal:surveys", gettext_lazy("Vragenlijst")),
    ("portal:viewed", gettext_lazy("Wie heeft het dossier bekeken")),
]


class LoginView(auth_views.LoginView):
    """Professionals land on their dossiers, parents and jeugdigen on the portal."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # No autofocus on the username: the first Tab must reach the skip link, and a screen
        # reader should start reading at the top of the page.
        form.fields["username"].widget.attrs.pop("autofocus", None)
        return form

    def get_success_url(self):
        url = super().get_success_url()
        portal_home = reverse("portal:home")
        if selectors.is_portal_user(self.request.user) and not url.startswith(portal_home):
            return portal_home
        return url

    def get_default_redirect_url(self):
        if selectors.is_portal_user(self.request.user):
            return resolve_url("portal:home")
        return super().get_default_redirect_url()


class PortalRequiredMixin(LoginRequiredMixin):
    """Portal pages are for parents and jeugdigen: professionals are not family (403). Who
    turned the second factor on enters its code before any page opens."""

    requires_second_factor = True

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if user.is_professional:
            raise PermissionDenied(_("Het portaal is alleen voor ouders en jeugdigen."))
        if self.requires_second_factor and has_second_factor(user) and not user.is_verified():
            return redirect(
                f"{reverse('portal:verify')}?{urlencode({'next': request.get_full_path()})}"
            )
        self.resolve()
        return super().dispatch(request, *args, **kwargs)

    def resolve(self):
        """Load what the page is about (or raise Http404) before anything else happens."""


class ChildMixin(PortalRequiredMixin, AuditedReadMixin):
    """A page about one child, resolved only through the portal selector (404 otherwise)."""

    page_title = ""

    def resolve(self):
        self.child  # noqa: B018 - resolve (or 404) before the view runs

    @cached_property
    def child(self) -> Jeugdige:
        try:
            return selectors.portal_child(self.request.user, self.kwargs["jeugdige_pk"])
        except Jeugdige.DoesNotExist:
            raise Http404 from None

    @cached_property
    def arrangements(self):
        return list(selectors.portal_arrangements(self.child))

    def audited_object(self):
        return self.child

    def audited_jeugdige_ids(self):
        return [self.child.pk]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            child=self.child,
            age=self.child.age(),
            is_self=self.child.portal_user_id == self.request.user.pk,
            child_pages=[
                (reverse(name, kwargs={"jeugdige_pk": self.child.pk}), label, name)
                for name, label in CHILD_PAGES
            ],
            current_page=self.request.resolver_match.view_name,
            page_title=self.page_title,
            **kwargs,
        )


class HomeView(PortalRequiredMixin, AuditedReadMixin, TemplateView):
    template_name = "portal/home.html"
    audit_action = AuditAction.LIST

    @cached_property
    def children(self):
        return selectors.portal_children(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            children=self.children,
            offer_second_factor=not has_second_factor(self.request.user),
            **kwargs,
        )

    def audited_object(self):
        return "portal.Home"

    def audited_jeugdige_ids(self):
        return [child.pk for child in self.children]


class CachedChildPageMixin(CasePageMixin):
    """A child's page that comes from the cache while none of the child's oza's (nor what
    belongs to them, or the child) changed; who may see the child is checked first, on every
    request (``ChildMixin``)."""

    def shown_arrangement_ids(self):
        return selectors.arrangement_ids_of_child(self.child)


class PlanView(CachedChildPageMixin, ChildMixin, TemplateView):
    template_name = "portal/plan.html"
    content_template_name = "portal/_plan_content.html"
    page_title = gettext_lazy("Het plan")

    def page_context(self):
        return super().get_context_data()  # the child's page around the plans

    def get_context_data(self, **kwargs):
        plans = [
            {
                "arrangement": arrangement,
                "team": arrangement.team_members.all(),
                "goals": arrangement.goals.all(),
            }
            for arrangement in self.arrangements
        ]
        return super().get_context_data(plans=plans, **kwargs)


class MeetingsView(CachedChildPageMixin, ChildMixin, TemplateView):
    template_name = "portal/meetings.html"
    page_title = gettext_lazy("Overleg en afspraken")
    # From the cache, an MDO that has just begun may still show as the next one until the
    # entry expires (OZA_CASELOAD_CACHE_SECONDS): the family is in it by then.

    def get_context_data(self, **kwargs):
        meeting = selectors.next_meeting(self.arrangements)
        agreements = [
            {"agreement": a, "owner": selectors.owner_label(a, self.child)}
            for a in selectors.shared_agreements(self.arrangements)
        ]
        return super().get_context_data(
            next_meeting=meeting,
            when=when_text(meeting) if meeting else "",
            place=meeting_place(meeting) if meeting else "",
            agreements=agreements,
            report_items=selectors.shared_report_items(self.arrangements),
            **kwargs,
        )


def family_ics(meeting) -> bytes:
    """The MDO for a family's own agenda: mdo.calendar's PUBLISH event without the attendees
    (their e-mail addresses, in a group other families' too) and without the link to the
    professionals' MDO screen."""
    calendar = Calendar.from_ical(meeting_ics(meeting, method="PUBLISH"))
    link = meeting_url(meeting)
    for event in calendar.walk("VEVENT"):
        for name in ("ATTENDEE", "URL"):
            event.pop(name, None)
        lines = str(event.get("DESCRIPTION", "")).splitlines()
        event["DESCRIPTION"] = "\n".join(line for line in lines if link not in line).strip()
    return calendar.to_ical()


class MeetingIcsView(ChildMixin, View):
    """The next MDO as a calendar file for one's own agenda (iCalendar PUBLISH)."""

    def get(self, request, *args, **kwargs):
        meeting = get_object_or_404(
            selectors.upcoming_meetings(self.arrangements), pk=kwargs["meeting_pk"]
        )
        response = HttpResponse(family_ics(meeting), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="mdo.ics"'
        audit_read(actor=request.user, jeugdige_ids=[self.child.pk], obj=meeting)
        return response


class DocumentsView(CachedChildPageMixin, ChildMixin, TemplateView):
    """The PDF versions of the plan and verslagen that the team shared with the family."""

    template_name = "portal/documents.html"
    page_title = gettext_lazy("Documenten")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            documents=selectors.portal_documents(self.child, self.arrangements), **kwargs
        )


class DocumentDownloadView(ChildMixin, View):
    def get(self, request, *args, **kwargs):
        document = get_object_or_404(
            selectors.portal_documents(self.child, self.arrangements), pk=kwargs["document_pk"]
        )
        return serve_document(request, document)


class ConsentView(CachedChildPageMixin, ChildMixin, TemplateView):
    template_name = "portal/consent.html"
    page_title = gettext_lazy("Toestemming")

    def get_context_data(self, **kwargs):
        child = self.child
        allowed = services.decisions_for(self.request.user, child)
        decider = allowed["decider"]
        akkoord = [
            {
                "arrangement": arrangement,
                "record": selectors.latest_decision(
                    child,
                    subject=ConsentSubject.AKKOORD,
                    guardian=decider,
                    arrangement=arrangement,
                ),
            }
            for arrangement in allowed["akkoord"]
        ]
        non_custodial = [
            {
                "guardian": guardian,
                "record": selectors.latest_decision(
                    child,
                    subject=ConsentSubject.NON_CUSTODIAL_MAY_VIEW,
                    guardian=decider,
                    about_guardian=guardian,
                ),
            }
            for guardian in allowed["non_custodial"]
        ]
        parents_record = (
            selectors.latest_decision(child, subject=ConsentSubject.PARENTS_MAY_VIEW)
            if allowed["parents_may_view"]
            else None
        )
        return super().get_context_data(
            decider=decider,
            akkoord=akkoord,
            non_custodial=non_custodial,
            may_decide_parents=allowed["parents_may_view"],
            parents_record=parents_record,
            history=selectors.consent_history(child),
            subjects=ConsentSubject,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Dat ging niet goed. Probeer het opnieuw."))
            return redirect(request.path)
        data = form.cleaned_data
        arrangement = next((a for a in self.arrangements if a.pk == data["arrangement"]), None)
        about = next(
            (g for g in self.child.guardians.all() if g.pk == data["about_guardian"]), None
        )
        try:
            services.portal_decide(
                by=request.user,
                jeugdige=self.child,
                subject=data["subject"],
                given=data["given"],
                arrangement=arrangement,
                about_guardian=about,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Uw toestemming is opgeslagen.")
                if data["given"]
                else _("Uw toestemming is ingetrokken."),
            )
        return redirect(request.path)


class SurveyListView(CachedChildPageMixin, ChildMixin, TemplateView):
    template_name = "portal/surveys.html"
    page_title = gettext_lazy("Vragenlijst")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            surveys=selectors.surveys_for(self.request.user, self.child, self.arrangements),
            **kwargs,
        )


class SurveyAnswerView(ChildMixin, TemplateView):
    template_name = "portal/survey_form.html"
    page_title = gettext_lazy("Vragenlijst")

    @cached_property
    def survey(self) -> SurveyInvitation:
        return get_object_or_404(
            selectors.surveys_for(self.request.user, self.child, self.arrangements),
            pk=self.kwargs["survey_pk"],
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", SurveyForm(respondent_kind=self.survey.respondent_kind))
        return super().get_context_data(
            survey=self.survey,
            answered=hasattr(self.survey, "response"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = SurveyForm(request.POST, respondent_kind=self.survey.respondent_kind)
        if form.is_valid():
            try:
                outcome_services.survey_answer(
                    by=request.user,
                    invitation=self.survey,
                    heard=form.cleaned_data["heard"],
                    clear=form.cleaned_data["clear"],
                    helps=form.cleaned_data["helps"],
                    remark=form.cleaned_data["remark"],
                )
            except outcome_services.AlreadyAnswered as error:
                messages.error(request, " ".join(error.messages))
                return redirect("portal:surveys", jeugdige_pk=self.child.pk)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Dank u wel! Uw antwoorden zijn opgeslagen."))
                return redirect("portal:surveys", jeugdige_pk=self.child.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _object_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return ""


class ViewedView(ChildMixin, TemplateView):
    """Wie heeft mijn dossier bekeken: who read or changed this child's data, from the audit
    trail. Only rows about this child; no descriptions or changed values (they may name
    things the family does not see, like funding)."""

    template_name = "portal/viewed.html"
    page_title = gettext_lazy("Wie heeft het dossier bekeken")

    def get_context_data(self, **kwargs):

        events = (
            AuditEvent.objects.filter(jeugdige_id=self.child.pk)
            .exclude(actor=self.request.user)
            .select_related("actor", "actor__organisation")
        )
        page = Paginator(events, settings.OZA_PAGE_SIZE).get_page(self.request.GET.get("page"))
        rows = [
            {
                "event": event,
                "what": _object_label(event.object_type),
                "is_family": not event.actor.is_professional,
            }
            for event in page.object_list
        ]
        return super().get_context_data(page=page, rows=rows, **kwargs)


class AccessibilityView(TemplateView):
    """The toegankelijkheidsverklaring: public, for anyone (also before logging in)."""

    template_name = "portal/accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact=settings.OZA_ACCESSIBILITY_CONTACT, **kwargs)


class AcceptView(TemplateView):
    """The link from the invitation e-mail: choose a password, and the account is made."""

    template_name = "portal/accept.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_professional:
            raise PermissionDenied(_("Het portaal is alleen voor ouders en jeugdigen."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        try:
            invitation = services.check_invitation(self.kwargs["token"])
        except services.InvitationUnusable as error:
            return super().get_context_data(unusable=" ".join(error.messages), **kwargs)
        kwargs.setdefault("form", AcceptForm())
        return super().get_context_data(
            invitation=invitation,
            logged_in=self.request.user.is_authenticated,
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        context = self.get_context_data()
        return self.render_to_response(context, status=410 if "unusable" in context else 200)

    def post(self, request, *args, **kwargs):
        logged_in = request.user.is_authenticated
        form = AcceptForm(request.POST)
        if logged_in or form.is_valid():
            try:
                services.invitation_accept(
                    token=kwargs["token"],
                    password="" if logged_in else form.cleaned_data["password1"],
                    existing_user=request.user if logged_in else None,
                )
            except services.InvitationUnusable as error:
                return self.render_to_response(
                    super().get_context_data(unusable=" ".join(error.messages)), status=410
                )
            except ValidationError as error:
                form.add_error("password1" if not logged_in else None, error)
            else:
                if logged_in:
                    messages.success(request, _("Het kind staat nu in uw overzicht."))
                    return redirect("portal:home")
                messages.success(
                    request, _("Uw account is klaar. Log nu in met uw e-mailadres en wachtwoord.")
                )
                return redirect("login")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TwoFactorSetupView(PortalRequiredMixin, TemplateView):
    """Extra beveiliging: scan the QR code with an authenticator app and enter a code."""

    template_name = "portal/two_factor_setup.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        if has_second_factor(user):
            return super().get_context_data(enabled=True, **kwargs)
        device = two_factor.device_for_setup(user)
        kwargs.setdefault("form", CodeForm())
        return super().get_context_data(
            qr_svg=two_factor.qr_svg(device),
            key=two_factor.readable_key(device),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = CodeForm(request.POST)
        if form.is_valid() and not has_second_factor(request.user):
            device = two_factor.device_for_setup(request.user)
            if two_factor.confirm_device(
                user=request.user, device=device, token=form.cleaned_data["code"]
            ):
                otp_login(request, device)
                messages.success(request, _("Extra beveiliging staat aan."))
                return redirect("portal:home")
            form.add_error("code", _("Deze code klopt niet. Probeer de nieuwste code uit de app."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TwoFactorVerifyView(PortalRequiredMixin, TemplateView):
    """After the password: the code from the authenticator app."""

    template_name = "portal/two_factor_verify.html"
    requires_second_factor = False

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CodeForm())
        return super().get_context_data(next=self.next_url(), **kwargs)

    def next_url(self) -> str:
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return url
        return reverse("portal:home")

    def post(self, request, *args, **kwargs):
        form = CodeForm(request.POST)
        if form.is_valid():
            device = two_factor.verify(request.user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return redirect(self.next_url())
            form.add_error("code", _("Deze code klopt niet. Probeer de nieuwste code uit de app."))
        return self.render_to_response(self.get_context_data(form=form), status=400)
