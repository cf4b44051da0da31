"""The indicator set as CSV (';', decimal comma) and XLSX, with the same suppressed cells as the
dashboard. Text is neutralised against formula injection (``oza.spreadsheets.csv_safe``)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from oza.spreadsheets import csv_safe

from .report import Report


def _heading_rows(report: Report, *, scope: str, filters: list[tuple[str, str]]) -> list[list]:
    rows = [
        [_("Uitkomsten onderwijs-zorgarrangementen")],
        [_("Voor"), scope],
        [_("Periode"), f"{report.period.start:%d-%m-%Y}", f"{report.period.end:%d-%m-%Y}"],
    ]
    rows += [[_("Filter"), label, value] for label, value in filters]
    rows.append([_("Aantallen onder 5 en wat daaruit af te leiden is, staan als <5.")])
    return rows


def report_rows(
    report: Report, *, scope: str, filters: list[tuple[str, str]], comparison=None
) -> list[list]:
    """Every row of the export, values as numbers or text (not yet neutralised)."""
    rows = _heading_rows(report, scope=scope, filters=filters)
    for label, current in ((_("Periode"), report), (_("Vergelijkingsperiode"), comparison)):
        if current is None:
            continue
        rows.append([])
        rows.append([label, f"{current.period.start:%d-%m-%Y}", f"{current.period.end:%d-%m-%Y}"])
        for table in current.tables:
            rows.append([])
            rows.append([table.title])
            rows.append(["", *table.columns])
            for row in table.all_rows:
                rows.append([row.label, *[cell.export_value for cell in row.cells]])
        if current.trend:
            rows.append([])
            rows.append([_("Verloop per maand")])
            rows.append(["", _("Actieve oza's"), _("Nieuwe starts")])
            for month in current.trend:
                rows.append(
                    [
                        f"{month['month']:%m-%Y}",
                        month["active"].export_value,
                        month["new_starts"].export_value,
                    ]
                )
    return rows


def _csv_value(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return csv_safe(value)


def csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    # With a BOM, spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Indicatoren")[:31]
    for row in rows:
        sheet.append([v if isinstance(v, int | float) else csv_safe(v) for v in row])
    sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(report: Report, extension: str) -> str:
    return f"uitkomsten-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}.{extension}"
