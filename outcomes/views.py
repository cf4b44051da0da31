"""The outcomes dashboard (/uitkomsten/), its exports and the drill-down list."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from cases import selectors as case_selectors
from cases.tables import DossierTableMixin
from oza.audit.models import AuditAction
from oza.audit.services import audit_change
from oza.web import AuditedReadMixin, ProfessionalRequiredMixin

from . import charts, exports, indicators
from .cache import cached_figures
from .filtersets import OutcomeFilterSet
from .forms import PeriodForm
from .report import build_report
from .selectors import NoRegion, outcome_scope

DASHBOARD = "outcomes.Dashboard"


class OutcomesMixin(ProfessionalRequiredMixin):
    """Resolves whose figures the user sees, the period and the filters from the query."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # PermissionDenied for functioneel beheerders and portal users.
            try:
                self.scope = outcome_scope(request.user)
            except NoRegion:
                self.scope = None
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def period_form(self):
        return PeriodForm(self.request.GET or None)

    @cached_property
    def filterset(self):
        return OutcomeFilterSet(
            self.request.GET or None,
            queryset=self.scope.arrangements,
            region=self.scope.region,
        )

    def ready(self) -> bool:
        if self.scope is None or not self.period_form.is_valid():
            return False
        return not self.filterset.is_bound or self.filterset.is_valid()

    def report(self, period):
        return build_report(cached_figures(self.scope, self.filterset, period), period)

    def reports(self):
        comparison = self.period_form.comparison()
        return (
            self.report(self.period_form.period()),
            self.report(comparison) if comparison else None,
        )

    def log(self, action, description):
        audit_change(
            actor=self.request.user,
            jeugdige_ids=[],
            obj=DASHBOARD,
            action=action,
            description=description,
            changes={
                "scope": self.scope.label if self.scope else "",
                "query": self.request.GET.urlencode(),
            },
        )


class DashboardView(OutcomesMixin, TemplateView):
    template_name = "outcomes/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["scope"] = self.scope
        context["period_form"] = self.period_form
        if self.scope is None:
            return context
        context["filterset"] = self.filterset
        context["query"] = self.request.GET.urlencode()
        if not self.ready():
            return context
        report, compared = self.reports()
        context["sections"] = [
            _section(report, _("Periode"), self.scope.drill_down),
            *([_section(compared, _("Vergelijkingsperiode"), False)] if compared else []),
        ]
        context["filters_used"] = self.filterset.describe()
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        self.log(AuditAction.VIEW, _("Uitkomstendashboard bekeken"))
        return response


def _section(report, label, drill_down):
    charts_by_table = {
        t.key: charts.bar_chart(t)
        for t in report.tables
        if t.chart and any(r.cells[0].value and not r.cells[0].suppressed for r in t.rows)
    }
    return {
        "label": label,
        "report": report,
        "tables": [(t, charts_by_table.get(t.key)) for t in report.tables],
        "trend_chart": charts.line_chart(report.trend),
        "drill_down": drill_down,
    }


class ExportView(OutcomesMixin, TemplateView):
    """The indicator set as CSV or XLSX, suppressed like the dashboard; logged as EXPORT."""

    template_name = "outcomes/dashboard.html"

    def get(self, request, *args, **kwargs):
        if kwargs["extension"] not in ("csv", "xlsx"):
            raise Http404
        if not self.ready():
            # Show the dashboard with the message about the period or the region.
            return DashboardView.as_view()(request, *args, **kwargs)
        report, compared = self.reports()
        rows = exports.report_rows(
            report,
            scope=self.scope.label,
            filters=self.filterset.describe(),
            comparison=compared,
        )
        extension = kwargs["extension"]
        if extension == "xlsx":
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            body = exports.xlsx_bytes(rows)
        else:
            content_type = "text/csv; charset=utf-8"
            body = exports.csv_bytes(rows)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{exports.filename(report, extension)}"'
        )
        self.log(AuditAction.EXPORT, _("Uitkomsten geëxporteerd (%(ext)s)") % {"ext": extension})
        return response


DRILL_DOWNS = {
    "active": lambda qs, p, v: indicators.active_arrangements(qs, p),
    "starts": lambda qs, p, v: indicators.new_start_arrangements(qs, p),
    "early_end": lambda qs, p, v: indicators.ended_early_arrangements(qs, p, v),
    "destination": lambda qs, p, v: indicators.destination_arrangements(qs, p, v),
}


class DrillDownView(OutcomesMixin, DossierTableMixin, AuditedReadMixin, ListView):
    """The oza's behind a figure, only those the user is on the team of. Not for policy
    staff: they see aggregates only."""

    template_name = "outcomes/drill_down.html"
    audit_action = AuditAction.LIST

    def get_queryset(self):
        if self.scope is None or not self.scope.drill_down:
            raise PermissionDenied(_("Beleidsmedewerkers zien alleen totalen, geen oza's."))
        indicator, _sep, value = self.request.GET.get("cijfer", "").partition(":")
        if indicator not in DRILL_DOWNS or not self.ready():
            raise Http404(_("Onbekend cijfer."))
        behind = DRILL_DOWNS[indicator](self.filterset.qs, self.period_form.period(), value)
        visible = case_selectors.arrangements_visible_to(self.request.user)
        ordered = visible.filter(pk__in=behind.values("pk")).order_by("-created_at", "-pk")
        return list(ordered.values_list("pk", flat=True))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dashboard_query = self.request.GET.copy()
        for name in ("page", "cijfer"):
            dashboard_query.pop(name, None)
        context["dashboard_query"] = dashboard_query.urlencode()
        context["period"] = self.period_form.period()
        return context

    def audited_object(self):
        return "outcomes.DrillDown"
