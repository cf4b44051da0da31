"""AVG pages of the functioneel beheerder.

Per jeugdige (inzage export, access log, legal hold): through the existing break-the-glass rule.
The beheerder opens noodtoegang with a reason (logged, time-limited); the jeugdige is then
resolved through ``cases.selectors.jeugdigen_visible_to`` like every case page, and every read
is logged with the break-the-glass flag. The audit viewer shows no case content, so it needs
no noodtoegang; it is for functioneel beheerders only, and each view of it is logged."""

import csv

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from cases.models import Jeugdige
from cases.selectors import jeugdigen_visible_to
from oza.audit.models import AuditAction, AuditEvent
from oza.audit.services import audit_change, audit_read
from oza.spreadsheets import csv_safe
from oza.web import AuditedReadMixin, ProfessionalRequiredMixin, reads_through_break_glass

from . import selectors, services
from .filtersets import AuditEventFilterSet
from .forms import LegalHoldForm
from .models import InzageExport, InzageStatus


class FunctionalAdminRequiredMixin(ProfessionalRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_functional_admin:
            raise PermissionDenied(_("Deze pagina is alleen voor functioneel beheerders."))
        return super().dispatch(request, *args, **kwargs)


class JeugdigeAvgMixin(FunctionalAdminRequiredMixin):
    @cached_property
    def jeugdige(self) -> Jeugdige:
        try:
            return jeugdigen_visible_to(self.request.user).get(pk=self.kwargs["pk"])
        except Jeugdige.DoesNotExist:
            raise Http404 from None


class CappedCountPaginator(Paginator):
    """Counts no further than ``cap`` rows: the whole audit trail of a national deployment holds
    millions, and counting them took longer than the rest of the page. Beyond the cap the page
    says so and points to the filters (and the CSV export has everything)."""

    cap = 10_000

    @cached_property
    def counted(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        return self.counted > self.cap


class JeugdigeAvgView(JeugdigeAvgMixin, AuditedReadMixin, TemplateView):
    """AVG page of one jeugdige: export, legal hold, and who looked at the dossier."""

    template_name = "avg/jeugdige.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("hold_form", LegalHoldForm())
        events = selectors.audit_log().filter(jeugdige_id=self.jeugdige.pk)
        return super().get_context_data(
            jeugdige=self.jeugdige,
            hold=selectors.active_legal_hold(self.jeugdige),
            holds=self.jeugdige.legal_holds.select_related("set_by", "cleared_by"),
            # The newest, as a list page shows them; the audit trail (linked) has the rest.
            events=events[: settings.OZA_PAGE_SIZE],
            # Counted no further than the audit trail counts (a much-read dossier has thousands).
            events_counted=CappedCountPaginator(events, settings.OZA_PAGE_SIZE),
            retention_years=settings.OZA_RETENTION_YEARS,
            pdf_export=self.jeugdige.inzage_exports.select_related("requested_by").first(),
            **kwargs,
        )

    def audited_object(self):
        return self.jeugdige

    def audited_jeugdige_ids(self):
        return [self.jeugdige.pk]

    def post(self, request, *args, **kwargs):
        form = LegalHoldForm(request.POST)
        try:
            if request.POST.get("clear"):
                services.legal_hold_clear(by=request.user, jeugdige=self.jeugdige)
                messages.success(request, _("De bewaarplicht is opgeheven."))
                return redirect("avg:jeugdige", pk=self.jeugdige.pk)
            if form.is_valid():
                services.legal_hold_set(
                    by=request.user, jeugdige=self.jeugdige, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("De bewaarplicht staat aan."))
                return redirect("avg:jeugdige", pk=self.jeugdige.pk)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        return self.render_to_response(self.get_context_data(hold_form=form), status=400)


class InzageExportView(JeugdigeAvgMixin, View):
    """Everything stored about the jeugdige, as JSON (the download is logged as EXPORT)."""

    def get(self, request, *args, **kwargs):
        export = services.inzage_export(by=request.user, jeugdige=self.jeugdige)
        response = HttpResponse(
            services.inzage_json(export), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="inzage-jeugdige-{self.jeugdige.pk}-'
            f'{timezone.localdate():%Y%m%d}.json"'
        )
        return response


class AuditLogView(FunctionalAdminRequiredMixin, ListView):
    """Search the audit trail; CSV export with ?export=csv. Viewing it is logged too."""

    template_name = "avg/audit_log.html"
    context_object_name = "events"
    paginator_class = CappedCountPaginator

    def get_paginate_by(self, queryset):
        return settings.OZA_PAGE_SIZE

    @cached_property
    def filterset(self):
        return AuditEventFilterSet(self.request.GET or None, queryset=selectors.audit_log())

    def get_queryset(self):
        if self.filterset.is_bound and not self.filterset.is_valid():
            return AuditEvent.objects.none()
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        exporting = request.GET.get("export") == "csv"
        self._log_view(exporting)
        if exporting:
            return self.csv_response()
        return super().get(request, *args, **kwargs)

    def _log_view(self, exporting: bool):
        data = self.filterset.form.cleaned_data if self.filterset.is_valid() else {}
        jeugdige_id = data.get("jeugdige")
        filters = {key: str(value) for key, value in data.items() if value not in (None, "", False)}
        audit_change(
            actor=self.request.user,
            jeugdige_ids=[int(jeugdige_id)] if jeugdige_id else [],
            obj="audit.AuditEvent",
            action=AuditAction.EXPORT if exporting else AuditAction.LIST,
            description=_("Audittrail doorzocht"),
            changes={"filters": filters},
        )

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=self.filterset,
            query_without_page=query.urlencode(),
            **kwargs,
        )

    def csv_response(self) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="audittrail-{timezone.localdate():%Y%m%d}.csv"'
        )
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [
                _("tijdstip"),
                _("gebruiker"),
                _("namens"),
                _("gebeurtenis"),
                _("jeugdige"),
                _("soort gegeven"),
                _("kenmerk"),
                _("omschrijving"),
                _("via noodtoegang"),
                _("beoordeeld door"),
                _("IP-adres"),
                _("adres"),
            ]
        )
        for event in self.get_queryset().iterator(chunk_size=2000):
            review = getattr(event, "review", None)
            writer.writerow(
                csv_safe(value)
                for value in [
                    timezone.localtime(event.at).isoformat(timespec="seconds"),
                    event.actor.username,
                    event.on_behalf_of.username if event.on_behalf_of else "",
                    event.get_action_display(),
                    event.jeugdige_id or "",
                    event.object_type,
                    event.object_id,
                    event.description,
                    _("ja") if event.break_the_glass else _("nee"),
                    review.reviewed_by.username if review else "",
                    event.ip_address or "",
                    event.path,
                ]
            )
        return response


class AuditReviewView(FunctionalAdminRequiredMixin, View):
    """Mark a break-the-glass read as beoordeeld."""

    http_method_names = ["post"]

    def post(self, request, pk):
        event = get_object_or_404(AuditEvent, pk=pk)
        try:
            services.audit_review(by=request.user, event=event)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Gemarkeerd als beoordeeld."))
        back = request.POST.get("next", "")
        return redirect(back if back.startswith("/avg/audit/") else "avg:audit_log")


class InzagePdfRequestView(JeugdigeAvgMixin, View):
    """Ask for the PDF form of the inzage export (rendered by Celery)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        services.inzage_pdf_request(by=request.user, jeugdige=self.jeugdige)
        messages.success(
            request, _("De PDF wordt gemaakt; deze pagina toont wanneer hij klaar is.")
        )
        return redirect("avg:jeugdige", pk=self.jeugdige.pk)


class InzagePdfMixin(JeugdigeAvgMixin):
    @cached_property
    def pdf_export(self) -> InzageExport:
        return get_object_or_404(
            self.jeugdige.inzage_exports.select_related("requested_by"), pk=self.kwargs["export_pk"]
        )


class InzagePdfStatusView(InzagePdfMixin, TemplateView):
    """The status block the AVG page polls (htmx) while the PDF is made."""

    template_name = "avg/_inzage_pdf.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(jeugdige=self.jeugdige, pdf_export=self.pdf_export)


class InzagePdfDownloadView(InzagePdfMixin, View):
    """The finished PDF; every download is logged as EXPORT through noodtoegang."""

    def get(self, request, *args, **kwargs):
        export = self.pdf_export
        if export.status != InzageStatus.DONE or not export.file:
            raise Http404
        audit_read(
            actor=request.user,
            jeugdige_ids=[self.jeugdige.pk],
            obj=export,
            action=AuditAction.EXPORT,
            break_the_glass=reads_through_break_glass(request.user),
        )
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=f"inzage-jeugdige-{self.jeugdige.pk}-{export.pk}.pdf",
            content_type="application/pdf",
        )
