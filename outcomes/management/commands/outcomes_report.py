"""Write the indicator set of a region as CSV and XLSX, for a scheduled regional report
(e.g. for the OOGO): the same tables and suppression as the dashboard."""

import logging
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from outcomes import exports
from outcomes.filtersets import OutcomeFilterSet
from outcomes.indicators import Period
from outcomes.report import build_report, compute_figures
from outcomes.selectors import region_arrangements, region_jeugdigen
from oza.accounts.models import Region
from oza.audit.models import AuditAction
from oza.audit.services import audit_change

logger = logging.getLogger("oza.outcomes")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Geen geldige datum (JJJJ-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "Schrijft de uitkomstcijfers van een regio als CSV en XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="naam van de regio")
        parser.add_argument("--start", required=True, help="eerste dag, JJJJ-MM-DD")
        parser.add_argument("--end", required=True, help="laatste dag, JJJJ-MM-DD")
        parser.add_argument("--out", required=True, help="map voor de bestanden")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAAM=WAARDE",
            help="filter zoals op het dashboard, bv. kind=groep of gemeente=<id>; herhaalbaar",
        )
        parser.add_argument(
            "--user", help="gebruikersnaam waarop de export in de audittrail komt te staan"
        )

    def handle(self, *args, **options):
        try:
            region = Region.objects.get(name=options["region"])
        except Region.DoesNotExist:
            raise CommandError(f"Onbekende regio: {options['region']}") from None
        period = Period(_date(options["start"]), _date(options["end"]))
        if period.start > period.end:
            raise CommandError("Het einde van de periode ligt voor het begin.")
        data = QueryDict(mutable=True)
        for item in options["filter"]:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"Filter zonder '=': {item}")
            data[name] = value
        filterset = OutcomeFilterSet(
            data or None, queryset=region_arrangements(region), region=region
        )
        if filterset.is_bound and not filterset.is_valid():
            raise CommandError(f"Ongeldig filter: {filterset.errors.as_text()}")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Onbekende gebruiker: {options['user']}")

        figures = compute_figures(
            filterset.qs, period, jeugdigen=filterset.jeugdigen(region_jeugdigen(region))
        )
        report = build_report(figures, period)
        rows = exports.report_rows(report, scope=str(region), filters=filterset.describe())
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for extension, render in (("csv", exports.csv_bytes), ("xlsx", exports.xlsx_bytes)):
            path = out / exports.filename(report, extension)
            path.write_bytes(render(rows))
            written.append(path)
        if user is not None:
            audit_change(
                actor=user,
                jeugdige_ids=[],
                obj="outcomes.Dashboard",
                action=AuditAction.EXPORT,
                description=f"Regionale rapportage {region} {period.start} – {period.end}",
                changes={"files": [p.name for p in written]},
            )
        logger.info("Outcomes report for %s written to %s", region, out)
        for path in written:
            self.stdout.write(str(path))
