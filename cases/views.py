"""Thin views: reads go through cases.selectors, writes through cases.services.

Every case is loaded through the access selector, so anyone not on the team gets 404; every page
that shows a jeugdige's data logs the read through ``AuditedReadMixin``.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from oza.accounts.models import User
from oza.audit.models import AuditAction
from oza.web import (
    AuditedReadMixin,
    FormActionMixin,
    ProfessionalRequiredMixin,
    add_form_errors,
    conflict_response,
    loaded_or_found,
)

from . import selectors, services
from .cache import CaseloadPageMixin, CasePageMixin, FormPageMixin, reference_fragment
from .filtersets import ArrangementFilterSet, choices_region_id
from .forms import (
    ArrangementCreateForm,
    ArrangementEditForm,
    BreakGlassForm,
    ConsentForm,
    GoalEvaluationForm,
    GoalForm,
    GuardianForm,
    GuardianFormSet,
    JeugdigeEditForm,
    JeugdigeForm,
    ParticipationEndForm,
    ParticipationForm,
    TeamMemberForm,
    TransitionForm,
)
from .guards import consent_overview
from .models import (
    ACTIVE_PHASES,
    Arrangement,
    ArrangementKind,
    Goal,
    Guardian,
    Jeugdige,
    Participation,
    Phase,
    TeamMember,
    TeamRole,
)
from .tables import DossierTableMixin, jeugdige_ids_of

ROUTE_PHASES = [
    (phase.value, phase.label)
    for phase in (
        Phase.ORIENTATION,
        Phase.PREPARATION,
        Phase.EXECUTION,
        Phase.EVALUATION,
        Phase.DECISION,
        Phase.CLOSED,
    )
]


def default_role(user) -> str:
    """The role someone takes on an oza they start: procesbegeleider when their function allows."""
    return TeamRole.PROCESBEGELEIDER if user.can_be_procesbegeleider else TeamRole.OTHER


# --- Mijn dossiers --------------------------------------------------------------------------
class DossierListView(
    ProfessionalRequiredMixin, CaseloadPageMixin, DossierTableMixin, AuditedReadMixin, ListView
):
    template_name = "cases/dossier_list.html"
    content_template_name = "cases/_dossier_list_content.html"
    partial_template_name = "cases/_dossier_results.html"  # what the filters fetch with htmx
    audit_action = AuditAction.LIST

    def get_queryset(self):
        self.filterset = ArrangementFilterSet(
            self.request.GET or None,
            queryset=selectors.arrangements_visible_to(self.request.user),
            request=self.request,
        )
        # Running oza's first, the most urgent (earliest planned end) on top.
        finished = Case(When(phase__in=ACTIVE_PHASES, then=Value(False)), default=Value(True))
        ordered = self.filterset.qs.order_by(finished, "planned_end", "pk")
        # The ids of every matching oza (a caseload holds hundreds, not millions): the paginator
        # counts and slices them, so the caseload and the search are gone through once, not
        # once to count and again for the page.
        return list(ordered.values_list("pk", flat=True))

    def get_context_data(self, **kwargs):
        # A callable: the page renders the filters, the results alone (htmx) do not.
        return super().get_context_data(
            filterset=self.filterset, filter_fields=self.filter_fields, **kwargs
        )

    def filter_fields(self) -> str:
        """The filters' options, with what is chosen: the same for everyone in a region (or,
        without one, for the user's caseload), so not made again for every list or search."""
        user = self.request.user
        form = self.filterset.form
        region_id = choices_region_id(user)
        chosen = [form.is_bound] + [
            self.request.GET.getlist(name) for name in ArrangementFilterSet.choice_fields
        ]
        return reference_fragment(
            "dossier-filters",
            [region_id, None if region_id else user.pk, chosen],
            lambda: render_to_string("cases/_dossier_filter_fields.html", {"form": form}),
            caseload_of=None if region_id else user,
        )

    def jeugdige_ids_shown(self, context):
        return jeugdige_ids_of(context["rows"])

    def audited_object(self):
        return "cases.DossierList"


# --- Jeugdige -------------------------------------------------------------------------------
class JeugdigeMixin(ProfessionalRequiredMixin):
    @cached_property
    def jeugdige(self) -> Jeugdige:
        return selectors.jeugdige_detail(self.request.user, self.kwargs["pk"])

    @cached_property
    def jeugdige_seen(self) -> Jeugdige:
        """The jeugdige through the access selector: what a page from the cache needs."""
        return loaded_or_found(self, "jeugdige", selectors.visible_jeugdige)

    def require_team_member(self):
        """Changes are for team members; a beheerder's break-the-glass access only reads."""
        if self.request.user.is_functional_admin:
            raise PermissionDenied(_("Met noodtoegang kunt u alleen inzien, niet wijzigen."))


class JeugdigeReadMixin(AuditedReadMixin):
    def audited_object(self):
        return self.jeugdige_seen

    def audited_jeugdige_ids(self):
        return [self.jeugdige.pk]


class JeugdigeCasePageMixin(JeugdigeMixin, CasePageMixin, JeugdigeReadMixin):
    """A page about one jeugdige, from the cache while none of their oza's that the user may
    see changed (a write to the jeugdige or their ouders drops those too)."""

    def shown_arrangement_ids(self):
        ids = selectors.arrangement_ids_of(self.kwargs["pk"], visible_to=self.request.user)
        if not ids:
            self.jeugdige_seen  # noqa: B018 - 404, unless they may see a jeugdige without oza's
        return ids

    def audited_object(self):
        # The trail records the type and id; who may see the jeugdige was checked above.
        return Jeugdige(pk=self.kwargs["pk"])


class JeugdigeDetailView(JeugdigeCasePageMixin, TemplateView):
    template_name = "cases/jeugdige_detail.html"
    content_template_name = "cases/_jeugdige_detail_content.html"

    def page_context(self):
        return {"jeugdige": self.jeugdige_seen}

    def get_context_data(self, **kwargs):
        participations = self.jeugdige.visible_participations
        return super().get_context_data(
            jeugdige=self.jeugdige,
            participations=participations,
            age=self.jeugdige.age(),
            **kwargs,
        )


class RegisterView(ProfessionalRequiredMixin, FormPageMixin, TemplateView):
    """Aanmelding: a new jeugdige, parents, and the first oza, in one step."""

    template_name = "cases/register.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_functional_admin:
            raise PermissionDenied(_("Een functioneel beheerder meldt geen jeugdigen aan."))
        return super().dispatch(request, *args, **kwargs)

    def get_forms(self, data=None):
        role = default_role(self.request.user)
        return {
            "jeugdige_form": JeugdigeForm(data, prefix="jeugdige"),
            "guardian_formset": GuardianFormSet(
                data, prefix="ouders", queryset=Guardian.objects.none()
            ),
            "arrangement_form": ArrangementCreateForm(data, prefix="oza", initial={"role": role}),
        }

    def get_context_data(self, **kwargs):
        # The forms as sent (shown again with their errors), or empty ones.
        return super().get_context_data(**(kwargs or self.get_forms()))

    def post(self, request, *args, **kwargs):
        forms = self.get_forms(request.POST)
        # Validate every part (no short-circuit), so all mistakes show at once.
        valid = [form.is_valid() for form in forms.values()]
        if all(valid):
            guardians = [
                form.save(commit=False)
                for form in forms["guardian_formset"].forms
                if form.has_changed()
            ]
            arrangement_form = forms["arrangement_form"]
            try:
                arrangement = services.jeugdige_register(
                    by=request.user,
                    jeugdige=forms["jeugdige_form"].save(commit=False),
                    guardians=guardians,
                    arrangement=arrangement_form.save(commit=False),
                    functions=arrangement_form.cleaned_data["functions"],
                    role=arrangement_form.cleaned_data["role"],
                )
            except ValidationError as error:
                add_form_errors(arrangement_form, error)
            else:
                messages.success(request, _("De jeugdige is aangemeld en het oza is gestart."))
                return redirect("cases:arrangement_detail", pk=arrangement.pk)
        return self.render_to_response(self.get_context_data(**forms), status=400)


class JeugdigeUpdateView(JeugdigeCasePageMixin, FormView):
    template_name = "cases/jeugdige_form.html"
    form_class = JeugdigeEditForm

    def get_form_kwargs(self):
        self.require_team_member()
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.jeugdige
        kwargs["initial"] = {"version": self.jeugdige.version}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(jeugdige=self.jeugdige, **kwargs)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in services.JEUGDIGE_FIELDS}
        try:
            services.jeugdige_update(
                by=self.request.user,
                jeugdige=self.jeugdige,
                data=data,
                expected_version=form.cleaned_data["version"],
            )
        except services.ConcurrentEdit as conflict:
            return conflict_response(self, form, conflict.current, services.JEUGDIGE_FIELDS)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("De gegevens zijn opgeslagen."))
        return redirect("cases:jeugdige_detail", pk=self.jeugdige.pk)


class GuardianEditView(JeugdigeCasePageMixin, FormView):
    template_name = "cases/guardian_form.html"
    form_class = GuardianForm

    def get_form_kwargs(self):
        self.require_team_member()
        kwargs = super().get_form_kwargs()
        guardian_pk = self.kwargs.get("guardian_pk")
        kwargs["instance"] = (
            get_object_or_404(self.jeugdige.guardians.all(), pk=guardian_pk)
            if guardian_pk
            else Guardian(jeugdige=self.jeugdige)
        )
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(jeugdige=self.jeugdige, **kwargs)

    def form_valid(self, form):
        guardian = form.save(commit=False)
        guardian.jeugdige = self.jeugdige
        try:
            services.guardian_save(by=self.request.user, guardian=guardian)
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Ouder/verzorger opgeslagen."))
        return redirect("cases:jeugdige_detail", pk=self.jeugdige.pk)


# --- Oza ------------------------------------------------------------------------------------
class ArrangementCreateView(ProfessionalRequiredMixin, FormView):
    """A new oza: individual for a jeugdige already in the user's dossiers
    (``IndividualArrangementCreateView``), or a group (``GroupArrangementCreateView``)."""

    template_name = "cases/arrangement_form.html"
    form_class = ArrangementCreateForm

    jeugdige = None

    @property
    def kind(self):
        return ArrangementKind.INDIVIDUAL if self.jeugdige else ArrangementKind.GROUP

    def get_form_kwargs(self):
        if self.request.user.is_functional_admin:
            raise PermissionDenied(_("Een functioneel beheerder start geen oza."))
        kwargs = super().get_form_kwargs()
        kwargs["kind"] = self.kind
        kwargs["initial"] = {"role": default_role(self.request.user)}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(jeugdige=self.jeugdige, kind=self.kind, **kwargs)

    def form_valid(self, form):
        arrangement = form.save(commit=False)
        arrangement.kind = self.kind
        try:
            services.arrangement_create(
                by=self.request.user,
                arrangement=arrangement,
                functions=form.cleaned_data["functions"],
                role=form.cleaned_data["role"],
                jeugdigen=[self.jeugdige] if self.jeugdige else [],
            )
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Het oza is aangemaakt."))
        return redirect("cases:arrangement_detail", pk=arrangement.pk)


class IndividualArrangementCreateView(JeugdigeCasePageMixin, ArrangementCreateView):
    """Its page names the jeugdige: kept like the jeugdige's page, and each read logged."""


class GroupArrangementCreateView(FormPageMixin, ArrangementCreateView):
    """Its empty form is the same for the user until the reference data change."""


class ArrangementMixin(ProfessionalRequiredMixin):
    """Loads the oza through the access selector: 404 for anyone not on its team."""

    @cached_property
    def arrangement(self) -> Arrangement:
        seen = self.__dict__.get("arrangement_seen")
        if seen is not None:  # a cached page's access check found it: load the rest onto it
            return selectors.with_detail(seen)
        return selectors.arrangement_detail(self.request.user, self.kwargs["pk"])

    @cached_property
    def arrangement_seen(self) -> Arrangement:
        """The oza through the access selector: what a page from the cache needs."""
        return loaded_or_found(self, "arrangement", selectors.visible_arrangement)

    def require_team_member(self):
        if not selectors.is_team_member(self.request.user, self.arrangement):
            raise PermissionDenied(_("Alleen teamleden kunnen dit oza wijzigen."))


class ArrangementReadMixin(AuditedReadMixin):
    def audited_object(self):
        return self.arrangement_seen

    def audited_jeugdige_ids(self):
        return [p.jeugdige_id for p in self.arrangement.participations.all()]


class ArrangementCasePageMixin(ArrangementMixin, CasePageMixin, ArrangementReadMixin):
    """A page about one oza, or a form to change it or add to it, from the cache while the oza
    has not changed. A form's page checks in ``get_form_kwargs`` whether the user may change
    the oza: an entry is made only after that check passed, for that user and that version of
    the oza, and a change to its team drops it."""

    def shown_arrangement_ids(self):
        return [self.arrangement_seen.pk]


# The team member search: a name, username or organisation, and at most this many results.
TEAM_SEARCH_PARAM = "teamzoek"
TEAM_SEARCH_MIN_LENGTH = 2
TEAM_CANDIDATES_SHOWN = 20


def team_search(team: set[int], data) -> dict:
    """What the team member search shows for the words in ``data`` (the search's GET, or the
    add form's POST shown again): the professionals found who are not in ``team`` (user ids)."""
    search = data.get(TEAM_SEARCH_PARAM, "").strip()
    if len(search) < TEAM_SEARCH_MIN_LENGTH:
        return {"team_search": search, "team_candidates": None}
    found = selectors.professionals_found(search, leaving_out=team, limit=TEAM_CANDIDATES_SHOWN + 1)
    return {
        "team_search": search,
        "team_candidates": found[:TEAM_CANDIDATES_SHOWN],
        "more_team_candidates": len(found) > TEAM_CANDIDATES_SHOWN,
    }


class TeamCandidatesView(ProfessionalRequiredMixin, TemplateView):
    """The results of the team member search (htmx swaps them into the oza page)."""

    template_name = "cases/_team_candidates.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        arrangement_id = self.kwargs["pk"]
        team = selectors.team_user_ids(arrangement_id)
        if user.pk not in team:
            # Off the team: 404 when the oza is not theirs to see at all.
            get_object_or_404(selectors.arrangements_visible_to(user), pk=arrangement_id)
            raise PermissionDenied(_("Alleen teamleden kunnen dit oza wijzigen."))
        context = team_search(team, self.request.GET)
        return super().get_context_data(**context, **kwargs)


class ArrangementDetailView(ArrangementCasePageMixin, TemplateView):
    """The oza page: phase and route, team, jeugdigen, goals, akkoord and history.

    The action views below render this page again with their bound form when input is
    invalid, so nothing typed is lost."""

    template_name = "cases/arrangement_detail.html"
    content_template_name = "cases/_arrangement_detail_content.html"

    def page_context(self):
        return {"arrangement": self.arrangement_seen}

    def shows_from_caseload(self):
        # A group oza's page offers the jeugdigen of the user's other oza's as participants.
        return self.arrangement_seen.is_group

    def get_context_data(self, **kwargs):
        arrangement = self.arrangement
        user = self.request.user
        is_member = selectors.is_team_member(user, arrangement)
        context = {
            "arrangement": arrangement,
            "participations": arrangement.participations.all(),
            "current_participations": arrangement.current_participations(),
            "team": arrangement.team_members.all(),
            "goals": arrangement.goals.all(),
            "consents": sorted(
                arrangement.consents.all(), key=lambda r: (r.recorded_at, r.pk), reverse=True
            ),
            "history": arrangement.transitions.all(),
            "functions": arrangement.functions.all(),
            "steps": services.available_steps(arrangement, user),
            "route_phases": ROUTE_PHASES,
            "passed_phases": {step.from_phase for step in arrangement.transitions.all()},
            "consent_status": consent_overview(arrangement),
            "is_member": is_member,
            # The page shows the form's role; whom to add comes from the team search, and
            # the candidates are read when the form is sent (TeamMemberAddView).
            "team_form": TeamMemberForm(candidates=User.objects.none()),
            "goal_form": GoalForm(),
            "evaluation_form": GoalEvaluationForm(),
            "consent_form": ConsentForm(arrangement=arrangement),
            "transition_form": TransitionForm(initial={"expected_phase": arrangement.phase}),
        }
        if is_member:
            team = {member.user_id for member in arrangement.team_members.all()}
            data = self.request.POST or self.request.GET
            context.update(team_search(team, data))
        if arrangement.is_group:
            context["participation_form"] = ParticipationForm(
                jeugdigen=self.participant_candidates()
            )
            context["destination_choices"] = ParticipationEndForm.base_fields["destination"].choices
        context.update(kwargs)
        return super().get_context_data(**context)

    def participant_candidates(self):
        taking_part = [p.jeugdige_id for p in self.arrangement.current_participations()]
        return selectors.jeugdigen_visible_to(self.request.user).exclude(pk__in=taking_part)


class ArrangementActionView(FormActionMixin, ArrangementDetailView):
    """POST-only change on an oza by a team member; invalid input re-renders the oza page."""

    anchor = ""

    def success_url(self):
        return reverse("cases:arrangement_detail", kwargs={"pk": self.arrangement.pk}) + self.anchor


class TeamMemberAddView(ArrangementActionView):
    form_context_name = "team_form"
    anchor = "#team"

    def get_form(self):
        return TeamMemberForm(
            self.request.POST, candidates=selectors.team_candidates(self.arrangement)
        )

    def perform(self, form):
        services.team_member_add(
            by=self.request.user,
            arrangement=self.arrangement,
            user=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
        )
        return _("Teamlid toegevoegd.")


class TeamMemberRemoveView(ArrangementMixin, View):
    def post(self, request, *args, **kwargs):
        self.require_team_member()
        member = get_object_or_404(
            TeamMember.objects.select_related("arrangement", "user"),
            pk=kwargs["member_pk"],
            arrangement=self.arrangement,
        )
        try:
            services.team_member_remove(by=request.user, member=member)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(user)s is uit het team gehaald.") % {"user": member.user}
            )
        return redirect(
            reverse("cases:arrangement_detail", kwargs={"pk": self.arrangement.pk}) + "#team"
        )


class ProcesbegeleiderHandoverView(ArrangementMixin, View):
    def post(self, request, *args, **kwargs):
        self.require_team_member()
        member = get_object_or_404(
            TeamMember.objects.select_related("user"),
            pk=kwargs["member_pk"],
            arrangement=self.arrangement,
        )
        try:
            services.procesbegeleider_handover(
                by=request.user,
                arrangement=self.arrangement,
                to=member,
                old_role=member.role,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(user)s is nu procesbegeleider.") % {"user": member.user})
        return redirect(
            reverse("cases:arrangement_detail", kwargs={"pk": self.arrangement.pk}) + "#team"
        )


class GoalAddView(ArrangementActionView):
    form_context_name = "goal_form"
    anchor = "#doelen"

    def get_form(self):
        return GoalForm(self.request.POST, instance=Goal(arrangement=self.arrangement))

    def perform(self, form):
        services.goal_save(by=self.request.user, goal=form.save(commit=False))
        return _("Doel toegevoegd.")


class GoalEditView(ArrangementCasePageMixin, FormView):
    template_name = "cases/goal_form.html"
    form_class = GoalForm

    @cached_property
    def goal(self):
        return get_object_or_404(Goal, pk=self.kwargs["goal_pk"], arrangement=self.arrangement)

    def get_form_kwargs(self):
        self.require_team_member()
        return {**super().get_form_kwargs(), "instance": self.goal}

    def get_context_data(self, **kwargs):
        return super().get_context_data(arrangement=self.arrangement, goal=self.goal, **kwargs)

    def form_valid(self, form):
        services.goal_save(by=self.request.user, goal=form.save(commit=False))
        messages.success(self.request, _("Doel opgeslagen."))
        return redirect(
            reverse("cases:arrangement_detail", kwargs={"pk": self.arrangement.pk}) + "#doelen"
        )


class GoalDeleteView(ArrangementMixin, View):
    def post(self, request, *args, **kwargs):
        self.require_team_member()
        goal = get_object_or_404(Goal, pk=kwargs["goal_pk"], arrangement=self.arrangement)
        try:
            services.goal_delete(by=request.user, goal=goal)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Doel verwijderd."))
        return redirect(
            reverse("cases:arrangement_detail", kwargs={"pk": self.arrangement.pk}) + "#doelen"
        )


class GoalEvaluateView(ArrangementMixin, View):
    """Record an evaluation of one goal from the small form next to it on the oza page."""

    def post(self, request, *args, **kwargs):
        self.require_team_member()
        goal = get_object_or_404(Goal, pk=kwargs["goal_pk"], arrangement=self.arrangement)
        form = GoalEvaluationForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(
                    [error for errors in form.errors.values() for error in errors]
                )
            services.goal_evaluate(
                goal=goal,
                by=request.user,
                score=form.cleaned_data["score"],
                evaluated_on=form.cleaned_data["evaluated_on"],
                remark=form.cleaned_data["remark"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Evaluatie van het doel vastgelegd."))
        return redirect(
            reverse("cases:arrangement_detail", kwargs={"pk": self.arrangement.pk})
            + f"#doel-{goal.pk}"
        )


class ConsentRecordView(ArrangementActionView):
    form_context_name = "consent_form"
    anchor = "#akkoord"

    def get_form(self):
        return ConsentForm(self.request.POST, arrangement=self.arrangement)

    def perform(self, form):
        jeugdige, guardian = form.cleaned_data["person"]
        services.consent_record(
            by=self.request.user,
            arrangement=self.arrangement,
            jeugdige=jeugdige,
            guardian=guardian,
            given=form.cleaned_data["given"],
            note=form.cleaned_data["note"],
        )
        return _("Akkoord vastgelegd.")


class ParticipationAddView(ArrangementActionView):
    form_context_name = "participation_form"
    anchor = "#deelnemers"

    def get_form(self):
        return ParticipationForm(self.request.POST, jeugdigen=self.participant_candidates())

    def perform(self, form):
        services.participation_add(
            by=self.request.user,
            arrangement=self.arrangement,
            jeugdige=form.cleaned_data["jeugdige"],
            joined_on=form.cleaned_data["joined_on"],
        )
        return _("Deelnemer toegevoegd.")


class OzaPartActionView(ArrangementActionView):
    """A form about one part of the oza: a ``part_model`` row of it, by the URL's
    ``part_kwarg``. Shown again, the form carries the part's id as ``shown_for``, so the page
    puts what was typed back on that part's form, not on the others'."""

    part_model = None
    part_kwarg = ""
    form_class = None

    @cached_property
    def part(self):
        return get_object_or_404(
            self.part_model, pk=self.kwargs[self.part_kwarg], arrangement=self.arrangement
        )

    def get_form(self):
        form = self.form_class(self.request.POST)
        form.shown_for = self.part.pk
        return form


class ParticipationEndView(OzaPartActionView):
    """A jeugdige stops taking part in a group oza; refused (a date before they joined, say),
    the oza page shows that participation's form again with what was typed, and why."""

    part_model = Participation
    part_kwarg = "participation_pk"
    form_class = ParticipationEndForm
    form_context_name = "participation_end_form"
    anchor = "#deelnemers"

    def perform(self, form):
        services.participation_end(
            by=self.request.user,
            participation=self.part,
            left_on=form.cleaned_data["left_on"],
            destination=form.cleaned_data["destination"],
        )
        return _("Deelname beëindigd.")


class ArrangementTransitionView(ArrangementDetailView):
    """One step on the route. A refused step re-renders the page with the reasons."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = TransitionForm(request.POST)
        step = kwargs["transition"]
        if form.is_valid():
            try:
                services.arrangement_transition(
                    arrangement=self.arrangement,
                    to=step,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    early_end_reason=form.cleaned_data["early_end_reason"],
                    destination=form.cleaned_data["destination"],
                    expected_phase=form.cleaned_data["expected_phase"],
                )
            except services.TransitionRefused as refusal:
                for message in refusal.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Het oza is nu in de fase %(phase)s.")
                    % {"phase": self.arrangement.get_phase_display()},
                )
                return redirect("cases:arrangement_detail", pk=self.arrangement.pk)
        form.refused_step = step
        context = self.get_context_data(transition_form=form)
        return self.render_to_response(context, status=409)


class ArrangementUpdateView(ArrangementCasePageMixin, FormView):
    template_name = "cases/arrangement_form.html"
    form_class = ArrangementEditForm

    def get_form_kwargs(self):
        self.require_team_member()
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.arrangement
        kwargs["initial"] = {"version": self.arrangement.version}
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            arrangement=self.arrangement, kind=self.arrangement.kind, **kwargs
        )

    def form_valid(self, form):
        try:
            services.arrangement_update(
                by=self.request.user,
                arrangement=self.arrangement,
                data=form.model_data(),
                functions=form.cleaned_data["functions"],
                expected_version=form.cleaned_data["version"],
            )
        except services.ConcurrentEdit as conflict:
            return conflict_response(self, form, conflict.current, list(form.model_data()))
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Het oza is opgeslagen."))
        return redirect("cases:arrangement_detail", pk=self.arrangement.pk)


# --- Break the glass ------------------------------------------------------------------------
class BreakGlassView(LoginRequiredMixin, FormView):
    """A functioneel beheerder opens one dossier with a reason; the access is logged."""

    template_name = "cases/break_glass.html"
    form_class = BreakGlassForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_functional_admin:
            raise PermissionDenied(_("Noodtoegang is alleen voor functioneel beheerders."))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        identifier = form.cleaned_data["identifier"].strip()
        jeugdige = None
        if identifier.isdigit():
            lookup = Q(bsn=identifier) if len(identifier) == 9 else Q(pk=int(identifier))
            jeugdige = Jeugdige.objects.filter(lookup).first()
        if jeugdige is None:
            form.add_error("identifier", _("Geen jeugdige gevonden met dit BSN of nummer."))
            return self.form_invalid(form)
        try:
            services.break_glass_open(
                user=self.request.user, jeugdige=jeugdige, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.warning(
            self.request,
            _("Noodtoegang geopend voor %(minutes)s minuten. Alles wat u bekijkt wordt vastgelegd.")
            % {"minutes": settings.OZA_BREAK_GLASS_MINUTES},
        )
        return redirect("cases:jeugdige_detail", pk=jeugdige.pk)
