"""Document pages: request a PDF, follow its progress, download it, share a family copy.

Documents are reached through ``selectors.documents_visible_to`` (the oza access selector):
anyone off the team gets 404, and parents and jeugdigen get 403 from these professional pages.
Files are served only by ``serve_document``, which writes the audit trail.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from cases.models import Jeugdige
from cases.selectors import arrangement_detail
from funding.selectors import proposals_visible_to
from mdo.selectors import meeting_screen
from oza.audit.models import AuditAction
from oza.audit.services import audit_read
from oza.web import AuditedReadMixin, ProfessionalRequiredMixin, reads_through_break_glass

from . import selectors, services
from .models import Audience, DocumentKind


def serve_document(request, document, *, action=AuditAction.EXPORT) -> FileResponse:
    """Stream a finished document as a download and log who got it.

    The caller decides whether ``request.user`` may have it (the professional views load it
    through ``documents_visible_to``; the portal must check the document is a shared family
    copy of the user's own jeugdige). A version that is not finished is 404."""
    if not document.is_done or not document.file:
        raise Http404(_("Dit document is (nog) niet beschikbaar."))
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    audit_read(
        actor=request.user,
        jeugdige_ids=services.document_jeugdige_ids(document),
        obj=document,
        action=action,
        break_the_glass=reads_through_break_glass(request.user),
    )
    return response


def _audience(request) -> str:
    audience = request.POST.get("audience", Audience.TEAM)
    return audience if audience in Audience.values else Audience.TEAM


def _requested(request, document):
    messages.success(
        request,
        _("Het document wordt gemaakt. U kunt op deze pagina wachten of later terugkomen."),
    )
    return redirect("documents:status", pk=document.pk)


class PlanRequestView(ProfessionalRequiredMixin, View):
    """ "Plan maken (PDF)" on the oza page: one version of the plan of one jeugdige."""

    def post(self, request, pk):
        arrangement = arrangement_detail(request.user, pk)
        jeugdige = get_object_or_404(
            Jeugdige.objects.filter(participations__arrangement=arrangement).distinct(),
            pk=request.POST.get("jeugdige") or 0,
        )
        try:
            document = services.document_request(
                by=request.user,
                kind=DocumentKind.PLAN,
                arrangement=arrangement,
                jeugdige=jeugdige,
                audience=_audience(request),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("cases:arrangement_detail", pk=arrangement.pk)
        return _requested(request, document)


class MeetingReportRequestView(ProfessionalRequiredMixin, View):
    """ "Verslag als PDF" on the verslag page of a closed MDO."""

    def post(self, request, pk):
        meeting = meeting_screen(request.user, pk)
        try:
            document = services.document_request(
                by=request.user,
                kind=DocumentKind.MDO_REPORT,
                arrangement=meeting.arrangement,
                meeting=meeting,
                audience=_audience(request),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("mdo:report", pk=meeting.pk)
        return _requested(request, document)


class ProposalRequestView(ProfessionalRequiredMixin, View):
    """ "PDF maken" on the page of a proposal for a group arrangement (Bijlage 2)."""

    def post(self, request, pk):
        proposal = get_object_or_404(proposals_visible_to(request.user), pk=pk)
        try:
            document = services.document_request(
                by=request.user,
                kind=DocumentKind.PROPOSAL,
                proposal=proposal,
                audience=Audience.TEAM,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("funding:proposal_detail", pk=proposal.pk)
        return _requested(request, document)


class DocumentMixin(ProfessionalRequiredMixin):
    @cached_property
    def document(self):
        return get_object_or_404(
            selectors.documents_visible_to(self.request.user), pk=self.kwargs["pk"]
        )


class DocumentStatusView(DocumentMixin, AuditedReadMixin, TemplateView):
    """Progress of one version. The page polls itself with htmx every second until the
    document is finished; the polls answer with the status fragment only."""

    template_name = "documents/status.html"

    def get_template_names(self):
        if self.request.htmx:
            return ["documents/_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(document=self.document, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        if self.request.htmx:
            # A poll shows no case content beyond the status: only the page itself is logged.
            return TemplateView.render_to_response(self, context, **response_kwargs)
        return super().render_to_response(context, **response_kwargs)

    def audited_object(self):
        return self.document

    def audited_jeugdige_ids(self):
        return services.document_jeugdige_ids(self.document)


class DocumentDownloadView(DocumentMixin, View):
    def get(self, request, pk):
        return serve_document(request, self.document)


class DocumentShareView(DocumentMixin, View):
    """Share a family version with ouders and jeugdige (for the portal), or stop sharing."""

    def post(self, request, pk):
        document = self.document
        shared = request.POST.get("shared") == "1"
        try:
            services.document_share(document=document, by=request.user, shared=shared)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("De versie is gedeeld met ouders en jeugdige.")
                if shared
                else _("De versie wordt niet meer gedeeld met ouders en jeugdige."),
            )
        next_url = request.POST.get("next", "")
        if next_url.startswith("/") and not next_url.startswith("//"):
            return redirect(next_url)
        return redirect("documents:status", pk=document.pk)
