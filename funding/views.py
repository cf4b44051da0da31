"""Funding pages: the panel on the oza page, adding and deciding lines, the caseload checklist.

Lines are reached through the oza access selector (404 for anyone off the team); amounts are
shown to professionals on the team only."""

import csv

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cases.cache import (
    CaseloadPageMixin,
    FormPageMixin,
    per_oza,
    proposals_read,
)
from cases.selectors import is_team_member, jeugdige_ids_in
from cases.services import ConcurrentEdit, TransitionRefused
from cases.views import (
    ArrangementActionView,
    ArrangementCasePageMixin,
    OzaPartActionView,
)
from oza.audit.models import AuditAction
from oza.audit.services import audit_read
from oza.spreadsheets import csv_safe, decimal_comma
from oza.web import (
    AuditedReadMixin,
    FormActionMixin,
    ProfessionalRequiredMixin,
    add_form_errors,
    conflict_response,
)

from . import escalations, proposals, selectors, services
from .costs import cost_overview
from .filtersets import GroupProposalFilterSet
from .forms import (
    DecisionForm,
    EscalationForm,
    EscalationResolveForm,
    EscalationStepForm,
    FundingLineEditForm,
    FundingLineForm,
    GroupProposalEditForm,
    GroupProposalForm,
    PeriodForm,
    ProposalStepForm,
)
from .models import (
    BUSINESS_CASE_OUTLINE,
    DECISION_ROUTE,
    PROPOSAL_MAX_CHARACTERS,
    PROPOSAL_OUTLINE,
    Escalation,
    FundingLine,
    GroupProposal,
)


def panel_url(arrangement_pk: int) -> str:
    return reverse("cases:arrangement_detail", kwargs={"pk": arrangement_pk}) + "#bekostiging"


class FundingLineEditView(ArrangementCasePageMixin, FormView):
    """Add a funding line to an oza (``pk`` is the oza) or change one (``line_pk``)."""

    template_name = "funding/line_form.html"
    form_class = FundingLineForm

    @cached_property
    def line(self):
        if "line_pk" not in self.kwargs:
            return None
        return get_object_or_404(self.arrangement.funding_lines.all(), pk=self.kwargs["line_pk"])

    def get_form_class(self):
        return FundingLineForm if self.line is None else FundingLineEditForm

    def get_form_kwargs(self):
        if not is_team_member(self.request.user, self.arrangement):
            raise PermissionDenied(_("Alleen teamleden leggen bekostiging vast."))
        kwargs = super().get_form_kwargs()
        kwargs["arrangement"] = self.arrangement
        if self.line is not None:
            kwargs["instance"] = self.line
            kwargs["initial"] = {"version": self.line.version}
        else:
            kwargs["initial"] = {"requested_by": self.request.user}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(arrangement=self.arrangement, line=self.line, **kwargs)

    def audited_object(self):
        if "line_pk" not in self.kwargs:
            return self.arrangement_seen
        # The trail records the type and id: a page from the cache was made for this line of
        # this oza, whose access check just passed; one made anew found the line in the oza.
        return FundingLine(pk=self.kwargs["line_pk"])

    def form_valid(self, form):
        try:
            services.funding_line_save(
                by=self.request.user,
                line=form.save(commit=False),
                expected_version=form.cleaned_data.get("version"),
            )
        except ConcurrentEdit as conflict:
            return conflict_response(self, form, conflict.current, services.FIELDS)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("De bekostigingsregel is opgeslagen."))
        return redirect(panel_url(self.arrangement.pk))


def csv_response(overview) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="kosten-oza-{overview.arrangement.pk}-'
        f'{overview.start:%Y%m%d}-{overview.end:%Y%m%d}.csv"'
    )
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Indeling"), _("Naam"), _("Bedrag (€)")])
    for label, rows in (
        (_("Financier"), overview.per_financier),
        (_("Partner"), overview.per_partner),
    ):
        for name, amount in rows:
            writer.writerow([label, csv_safe(name), decimal_comma(amount)])
    writer.writerow([_("Totaal"), "", decimal_comma(overview.total)])
    if overview.per_participant is not None:
        writer.writerow(
            [_("Per deelnemer"), overview.participants, decimal_comma(overview.per_participant)]
        )
    return response


class CostOverviewView(ArrangementCasePageMixin, TemplateView):
    """What the oza costs per financier and per partner in a period; also as CSV. The page
    comes from the cache while the oza did not change (a funding line is part of it)."""

    template_name = "funding/costs.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("formaat") == "csv":
            return self.render_to_response(self.get_context_data())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        arrangement = self.arrangement
        # Only a team member sees amounts, not a functioneel beheerder through
        # break-the-glass (whose pages are never cached, so this runs for each of theirs).
        if not is_team_member(self.request.user, arrangement):
            raise PermissionDenied(_("Bedragen zijn alleen voor het team van het oza."))
        form = PeriodForm(
            self.request.GET or None,
            initial={"start": arrangement.planned_start, "end": arrangement.planned_end},
        )
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        else:
            start, end = arrangement.planned_start, arrangement.planned_end
        overview = cost_overview(arrangement, start=start, end=end)
        return super().get_context_data(
            arrangement=arrangement,
            form=form,
            overview=overview,
            tables=[
                (_("Per financier"), overview.per_financier),
                (_("Per leverende partner"), overview.per_partner),
            ],
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):  # the CSV, never cached
        response = csv_response(context["overview"])
        audit_read(
            actor=self.request.user,
            jeugdige_ids=self.audited_jeugdige_ids(),
            obj=self.arrangement,
            action=AuditAction.EXPORT,
        )
        return response


class FundingLineDecideView(OzaPartActionView):
    """The financier's decision on one line of the oza; refused (a colleague decided it a
    moment earlier, say), the oza page shows that line's form again with what was chosen and
    typed, and why."""

    part_model = FundingLine
    part_kwarg = "line_pk"
    form_class = DecisionForm
    form_context_name = "decision_form"
    anchor = "#bekostiging"

    def perform(self, form):
        try:
            services.funding_line_decide(by=self.request.user, line=self.part, **form.cleaned_data)
        except TransitionRefused as refusal:
            raise ValidationError(refusal.messages) from None
        return _("Besluit vastgelegd: %(line)s is %(status)s.") % {
            "line": self.part,
            "status": self.part.get_status_display().lower(),
        }


class CaseloadChecklistView(
    ProfessionalRequiredMixin, CaseloadPageMixin, AuditedReadMixin, ListView
):
    """Across the user's caseload: requests awaiting a decision, refusals, lines about to
    expire, and periods without granted funding; a page of oza's at a time under a summary."""

    template_name = "funding/checklist.html"
    content_template_name = "funding/_checklist_content.html"

    def get_paginate_by(self, queryset):
        return settings.OZA_PAGE_SIZE

    def get_queryset(self):
        # The ids of the oza's needing action: the paginator pages them, then one page of
        # oza's is read and its checklists built.
        return self.caseload.arrangement_ids

    @cached_property
    def caseload(self):
        return selectors.caseload_action(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(summary=self.caseload.summary, **kwargs)
        # Each oza's section is the same for everyone who may see it: kept per oza, so a
        # checklist made anew after a change to one oza renders only that one again.
        sections = per_oza("funding-checklist", context["object_list"], self.sections_of)
        context["sections"] = [sections[pk] for pk in context["object_list"] if pk in sections]
        return context

    def sections_of(self, arrangement_ids) -> dict[int, str]:
        arrangements = selectors.caseload_page(self.request.user, arrangement_ids)
        return {
            checklist.arrangement.pk: render_to_string(
                "funding/_checklist_section.html", {"checklist": checklist}
            )
            for checklist in selectors.checklists_of(arrangements)
        }

    def audited_object(self):
        return "funding.CaseloadChecklist"

    def jeugdige_ids_shown(self, context):
        return jeugdige_ids_in(context["object_list"])


class EscalationActionView(ArrangementActionView):
    """A change on the escalatieladder, the procesbegeleider's mandate: invalid input or a
    refusal shows the oza page again with what was typed and why."""

    anchor = "#escalaties"

    def require_team_member(self):
        # Only the procesbegeleider is offered these forms (funding/_escalations.html).
        if self.arrangement.procesbegeleider != self.request.user:
            raise PermissionDenied(_("Alleen de procesbegeleider van dit oza kan escaleren."))


class EscalationRaiseView(EscalationActionView):
    form_context_name = "escalation_form"

    def get_form(self):
        return EscalationForm(self.request.POST)

    def perform(self, form):
        escalations.escalation_raise(
            arrangement=self.arrangement, by=self.request.user, **form.cleaned_data
        )
        return _("De escalatie is gestart op de eerste trede.")


class EscalationStepView(EscalationActionView, OzaPartActionView):
    """A step on one open escalation of the oza."""

    part_model = Escalation
    part_kwarg = "escalation_pk"


class EscalationStepUpView(EscalationStepView):
    form_class = EscalationStepForm
    form_context_name = "escalation_step_form"

    def perform(self, form):
        escalation = escalations.escalation_step_up(
            escalation=self.part, by=self.request.user, **form.cleaned_data
        )
        return _("Geëscaleerd naar %(level)s.") % {"level": escalation.level}


class EscalationResolveView(EscalationStepView):
    form_class = EscalationResolveForm
    form_context_name = "escalation_resolve_form"

    def perform(self, form):
        escalations.escalation_resolve(
            escalation=self.part, by=self.request.user, **form.cleaned_data
        )
        return _("De escalatie is opgelost.")


# --- Group arrangements: proposals and their decision route --------------------------------
class CachedProposalPageMixin(FormPageMixin):
    """A page about the proposals (which name no child), from the cache while none of them
    changed (``cases.cache.proposals_read``), nor the user's caseload where the page shows
    from it. Who may read it (any professional) is checked on every request first."""

    shows_from_caseload = False

    def cached_read(self, request, read):
        return proposals_read(
            request, self.template_name, read, with_caseload=self.shows_from_caseload
        )


class ProposalListView(ProfessionalRequiredMixin, CachedProposalPageMixin, ListView):
    """Where each proposal for a group arrangement stands on the decision route."""

    template_name = "funding/proposal_list.html"
    context_object_name = "proposals"

    def read(self):
        self.object_list = self.get_queryset()
        return super().read()

    def get_paginate_by(self, queryset):
        return settings.OZA_PAGE_SIZE

    def get_queryset(self):
        self.filterset = GroupProposalFilterSet(
            self.request.GET or None, queryset=selectors.proposals_visible_to(self.request.user)
        )
        return selectors.in_route_order(self.filterset.qs)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filterset=self.filterset, query_without_page=query.urlencode(), **kwargs
        )


class ProposalMixin(ProfessionalRequiredMixin):
    @cached_property
    def proposal(self):
        return get_object_or_404(
            selectors.proposals_visible_to(self.request.user), pk=self.kwargs["pk"]
        )

    def detail_url(self, anchor=""):
        return reverse("funding:proposal_detail", kwargs={"pk": self.proposal.pk}) + anchor


class ProposalDetailView(ProposalMixin, CachedProposalPageMixin, TemplateView):
    template_name = "funding/proposal_detail.html"
    shows_from_caseload = True  # the group oza's on it that the user may open

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        user = self.request.user
        steps = list(proposal.steps.all())
        outcomes = proposals.allowed_outcomes(proposal)
        if proposals.may_decide(user) and outcomes:
            kwargs.setdefault("step_form", ProposalStepForm(outcomes=outcomes))
        return super().get_context_data(
            proposal=proposal,
            proposal_chapters=selectors.outline_texts(PROPOSAL_OUTLINE, proposal.sections),
            business_case_chapters=selectors.outline_texts(
                BUSINESS_CASE_OUTLINE, proposal.business_case
            ),
            route=decision_route(proposal, steps),
            business_case_missing=proposals.business_case_missing(proposal),
            may_edit=proposals.may_edit(user, proposal),
            arrangements=selectors.proposal_arrangements(user, proposal),
            documents=proposal.documents.select_related("requested_by")[:5],
            max_characters=PROPOSAL_MAX_CHARACTERS,
            **kwargs,
        )


def decision_route(proposal: GroupProposal, steps: list) -> list[dict]:
    """Each forum of the route with its recorded steps and whether it is done, current or
    still ahead."""
    if proposal.stage in DECISION_ROUTE:
        reached = DECISION_ROUTE.index(proposal.stage)
    elif proposal.is_open:  # a draft: no forum reached yet
        reached = -1
    else:  # decided or refused: every forum lies behind it
        reached = len(DECISION_ROUTE)
    rows = []
    for position, forum in enumerate(DECISION_ROUTE):
        forum_steps = [step for step in steps if step.forum == forum]
        if position == reached:
            state = "current"
        elif position < reached and forum_steps:
            state = "done"
        else:
            state = "ahead"
        rows.append({"forum": forum, "label": forum.label, "steps": forum_steps, "state": state})
    return rows


class ProposalEditView(ProfessionalRequiredMixin, CachedProposalPageMixin, FormView):
    """Write a new proposal, or change one (``pk``). Its page is kept for the user who may
    change the proposal (checked when the page is made; a change to the proposal or to the
    user drops it)."""

    template_name = "funding/proposal_form.html"

    @cached_property
    def proposal(self):
        if "pk" not in self.kwargs:
            return None
        proposal = get_object_or_404(
            selectors.proposals_visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        if not proposals.may_edit(self.request.user, proposal):
            raise PermissionDenied(
                _("Alleen de opsteller en beleidsmedewerkers wijzigen een lopend voorstel.")
            )
        return proposal

    def get_form_class(self):
        return GroupProposalForm if self.proposal is None else GroupProposalEditForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["proposal"] = self.proposal
        if self.proposal is not None:
            kwargs["initial"] = {"version": self.proposal.version}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            proposal=self.proposal, max_characters=PROPOSAL_MAX_CHARACTERS, **kwargs
        )

    def form_valid(self, form):
        proposal = self.proposal or GroupProposal()
        try:
            proposals.proposal_save(
                by=self.request.user,
                proposal=proposal,
                expected_version=form.cleaned_data.get("version"),
                **form.service_data(),
            )
        except ConcurrentEdit as conflict:
            return conflict_response(self, form, conflict.current, ["title", "business_case_kind"])
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Het voorstel is opgeslagen."))
        return redirect("funding:proposal_detail", pk=proposal.pk)


class ProposalSubmitView(ProposalMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            proposals.proposal_submit(by=request.user, proposal=self.proposal)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Het voorstel is ingediend; het beleidsoverleg wordt geïnformeerd.")
            )
        return redirect(self.detail_url("#route"))


class ProposalStepView(FormActionMixin, ProposalDetailView):
    """A beleidsmedewerker records how the current forum treated the proposal."""

    form_context_name = "step_form"

    def require_team_member(self):
        if not proposals.may_decide(self.request.user):
            raise PermissionDenied(
                _("Alleen beleidsmedewerkers leggen besluiten over groepsarrangementen vast.")
            )

    def get_form(self):
        return ProposalStepForm(
            self.request.POST, outcomes=proposals.allowed_outcomes(self.proposal)
        )

    def perform(self, form):
        step = proposals.proposal_record_step(
            by=self.request.user, proposal=self.proposal, **form.cleaned_data
        )
        return _("Vastgelegd: %(forum)s, %(outcome)s.") % {
            "forum": step.get_forum_display(),
            "outcome": step.get_outcome_display().lower(),
        }

    def success_url(self):
        return self.detail_url("#route")
