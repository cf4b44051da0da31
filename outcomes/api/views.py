"""The outcome indicators for integrations, e.g. a regional monitor: aggregated and with the
same small-cell suppression as the dashboard; who sees which figures is decided by
``outcomes.selectors.outcome_scope``, as on the dashboard."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from oza.api.views import ErrorSerializer
from oza.audit.models import AuditAction
from oza.audit.services import audit_change

from ..cache import cached_figures
from ..filtersets import OutcomeFilterSet
from ..forms import PeriodForm
from ..report import build_report
from ..selectors import NoRegion, outcome_scope
from .serializers import ReportSerializer

PARAMETERS = [
    OpenApiParameter("start", OpenApiTypes.DATE, description=gettext_lazy("Begin van de periode")),
    OpenApiParameter("end", OpenApiTypes.DATE, description=gettext_lazy("Einde van de periode")),
    *(
        OpenApiParameter(name, OpenApiTypes.STR, description=str(label))
        for name, label in (
            ("gemeente", gettext_lazy("Id van een gemeente")),
            ("school_type", gettext_lazy("Onderwijssoort")),
            ("function", gettext_lazy("Functie van het oza")),
            ("setting", gettext_lazy("Setting")),
            ("kind", gettext_lazy("Soort oza")),
        )
    ),
]


class OutcomeIndicatorsView(APIView):
    """Uitkomstindicatoren voor een periode (standaard de laatste twaalf maanden) en filters:
    geaggregeerd, cellen met minder dan 5 jeugdigen onderdrukt."""

    scope_resource = "outcomes"

    @extend_schema(
        parameters=PARAMETERS,
        responses={
            200: ReportSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=gettext_lazy("Per veld een lijst meldingen in het Nederlands."),
            ),
            403: ErrorSerializer,
        },
    )
    def get(self, request):
        try:
            scope = outcome_scope(request.user)
        except NoRegion:
            raise PermissionDenied(
                _("Uw organisatie hoort bij geen regio; vraag de beheerder om dat in te stellen.")
            ) from None
        params = request.query_params
        period_form = PeriodForm(params or None)
        filterset = OutcomeFilterSet(
            params or None, queryset=scope.arrangements, region=scope.region
        )
        if not period_form.is_valid() or (filterset.is_bound and not filterset.is_valid()):
            raise ValidationError({**period_form.errors, **filterset.errors})
        period = period_form.period()
        report = build_report(cached_figures(scope, filterset, period), period)
        audit_change(
            actor=request.user,
            jeugdige_ids=[],
            obj="outcomes.Dashboard",
            action=AuditAction.EXPORT,
            description=_("Uitkomsten opgevraagd via de API"),
            changes={"scope": scope.label, "query": params.urlencode()},
        )
        return Response(ReportSerializer((report, scope)).data)
