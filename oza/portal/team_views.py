"""Professional pages about portal access of one jeugdige: invite, see the status, revoke.
For team members of an oza of the jeugdige (``cases.selectors``), never for the portal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cases import selectors as case_selectors
from cases.cache import CasePageMixin
from cases.models import Jeugdige
from oza.web import AuditedReadMixin, ProfessionalRequiredMixin, add_form_errors

from . import services
from .forms import InvitationForm
from .models import PortalInvitation


class PortalAccessMixin(ProfessionalRequiredMixin):
    @cached_property
    def jeugdige(self) -> Jeugdige:
        return case_selectors.jeugdige_detail(self.request.user, self.kwargs["pk"])

    def require_team_member(self):
        if self.request.user.is_functional_admin:
            raise PermissionDenied(_("Met noodtoegang kunt u alleen inzien, niet wijzigen."))


class PortalAccessReadMixin(AuditedReadMixin):
    def audited_object(self):
        # The trail records the type and id; who may see the jeugdige was checked first.
        return Jeugdige(pk=self.kwargs["pk"])

    def audited_jeugdige_ids(self):
        return [self.kwargs["pk"]]


class PortalAccessView(PortalAccessMixin, CasePageMixin, PortalAccessReadMixin, TemplateView):
    """Who has a portal account and the invitations: from the cache while none of the
    jeugdige's oza's (the jeugdige, their ouders and invitations among what belongs to them)
    changed. An invitation that expires while the page is kept shows as open until the entry
    expires (``OZA_CASELOAD_CACHE_SECONDS``); the link itself stops working at once."""

    template_name = "portal/team_access.html"

    def shown_arrangement_ids(self):
        ids = case_selectors.arrangement_ids_of(self.kwargs["pk"], visible_to=self.request.user)
        if not ids:
            self.jeugdige  # noqa: B018 - 404, unless they may see a jeugdige without oza's
        return ids

    def get_context_data(self, **kwargs):
        jeugdige = self.jeugdige
        kwargs.setdefault("form", InvitationForm(jeugdige=jeugdige))
        return super().get_context_data(
            jeugdige=jeugdige,
            invitations=PortalInvitation.objects.filter(jeugdige=jeugdige).select_related(
                "guardian", "created_by", "accepted_user", "revoked_by"
            ),
            accounts=[g for g in jeugdige.guardians.all() if g.user_id],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.require_team_member()
        form = InvitationForm(request.POST, jeugdige=self.jeugdige)
        if form.is_valid():
            try:
                services.invitation_create(
                    by=request.user,
                    jeugdige=self.jeugdige,
                    guardian=form.cleaned_data["guardian"],
                    email=form.cleaned_data["email"],
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("De uitnodiging is verstuurd."))
                return redirect("portal_team:access", pk=self.jeugdige.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InvitationRevokeView(PortalAccessMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.require_team_member()
        invitation = get_object_or_404(
            PortalInvitation, pk=kwargs["invitation_pk"], jeugdige=self.jeugdige
        )
        try:
            services.invitation_revoke(by=request.user, invitation=invitation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De uitnodiging is ingetrokken."))
        return redirect("portal_team:access", pk=self.jeugdige.pk)
