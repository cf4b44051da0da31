"""Professional pages about portal access of one jeugdige: invite, see the status, revoke.
For team members of an oza of the jeugdige (``cases.selectors``), never for the portal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cases.views import JeugdigeCasePageMixin, JeugdigeMixin
from oza.web import add_form_errors

from . import services
from .forms import InvitationForm
from .models import PortalInvitation


class PortalAccessView(JeugdigeCasePageMixin, TemplateView):
    """Who has a portal account and the invitations: from the cache while none of the
    jeugdige's oza's (the jeugdige, their ouders and invitations among what belongs to them)
    changed. An invitation that expires while the page is kept shows as open until the entry
    expires (``OZA_CASELOAD_CACHE_SECONDS``); the link itself stops working at once."""

    template_name = "portal/team_access.html"

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


class InvitationRevokeView(JeugdigeMixin, View):
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
