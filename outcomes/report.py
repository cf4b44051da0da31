"""The indicator set as tables of suppressed ``Cell``s: what the dashboard shows and both
exports write. ``compute_figures`` runs a fixed number of queries, whatever the number of
oza's; ``build_report`` makes the tables of its figures without querying."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cases.models import (
    CompulsoryEducationStatus,
    Destination,
    EarlyEndReason,
    GoalDomain,
    GoalScore,
    Phase,
)

from . import indicators
from .indicators import Period
from .models import RespondentKind
from .suppression import Cell, suppress_breakdown, suppress_cell, suppress_derived


@dataclass
class Row:
    label: str
    cells: list[Cell]
    key: str = ""


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    total: Row | None = None
    # A bar chart of the first column (a breakdown).
    chart: bool = False
    note: str = ""

    @property
    def all_rows(self) -> list[Row]:
        return [*self.rows, *([self.total] if self.total else [])]


@dataclass
class Report:
    period: Period
    tables: list[Table]
    trend: list[dict] = field(default_factory=list)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _breakdown_table(key, title, counts: dict, labels, *, column, chart=True, link=""):
    rows = [
        Row(str(label), [Cell(counts.get(value, 0), link=f"{link}:{value}" if link else "")], value)
        for value, label in labels
    ]
    total = Row(_("Totaal"), [Cell(sum(counts.get(v, 0) for v, _label in labels))])
    suppress_breakdown([r.cells[0] for r in rows], total.cells[0])
    return Table(key, title, [column], rows, total, chart=chart)


def reach_table(reach: dict) -> Table:
    rows = [
        Row(_("Jeugdigen met een actief oza"), [Cell(reach["jeugdigen"])], "reached"),
        Row(_("Actieve oza's"), [Cell(reach["active"], link="active")], "active"),
        Row(_("Nieuwe starts (uitvoering)"), [Cell(reach["new_starts"], link="starts")], "starts"),
        Row(_("Jeugdigen in nieuwe starts"), [Cell(reach["new_start_jeugdigen"])], "starts_j"),
    ]
    for row in rows:
        suppress_cell(row.cells[0])
    return Table("reach", _("Bereik"), [_("Aantal")], rows)


def occupancy_table(occupancy: dict) -> Table:
    rows = []
    for group in occupancy["groups"]:
        members = Cell(group["members"])
        rows.append(
            Row(
                group["name"],
                [
                    members,
                    Cell(group["capacity"], kind="plain"),
                    Cell(
                        group["members"] / group["capacity"] if group["capacity"] else None,
                        kind="percent",
                        base=group["members"],
                        source=members,
                    ),
                ],
                str(group["pk"]),
            )
        )
    members_total = Cell(occupancy["members"])
    total = Row(
        _("Totaal"),
        [
            members_total,
            Cell(occupancy["capacity"], kind="plain"),
            Cell(
                occupancy["members"] / occupancy["capacity"] if occupancy["capacity"] else None,
                kind="percent",
                base=occupancy["members"],
                source=members_total,
            ),
        ],
    )
    suppress_breakdown([r.cells[0] for r in rows], members_total)
    suppress_derived(c for r in [*rows, total] for c in r.cells)
    return Table(
        "occupancy",
        _("Bezetting groepsarrangementen (laatste dag van de periode)"),
        [_("Deelnemers"), _("Capaciteit"), _("Bezetting")],
        rows,
        total,
    )


def early_end_table(early_ends: dict) -> Table:
    return _breakdown_table(
        "early_ends",
        _("Uitval: voortijdig beëindigd, naar reden"),
        early_ends,
        EarlyEndReason.choices,
        column=_("Oza's"),
        link="early_end",
    )


def lead_time_table(durations: dict) -> Table:
    rows = []
    for phase in indicators.TIMED_PHASES:
        figures = durations[phase]
        count = suppress_cell(Cell(figures["count"]))
        rows.append(
            Row(
                _("Dagen in %(phase)s") % {"phase": Phase(phase).label},
                [
                    count,
                    Cell(figures["median"], "number", figures["jeugdigen"], count),
                    Cell(figures["p80"], "number", figures["jeugdigen"], count),
                    Cell(None, "plain"),
                ],
                phase,
            )
        )
    lead = durations[indicators.LEAD]
    count = suppress_cell(Cell(lead["count"]))
    rows.append(
        Row(
            _("Dagen van aanmelding tot uitvoering"),
            [
                count,
                Cell(lead["median"], "number", lead["jeugdigen"], count),
                Cell(lead["p80"], "number", lead["jeugdigen"], count),
                suppress_cell(Cell(lead["over_norm"])),
            ],
            "lead",
        )
    )
    suppress_derived(c for r in rows for c in r.cells)
    return Table(
        "lead_time",
        _("Doorlooptijd"),
        [
            _("Oza's"),
            _("Mediaan (dagen)"),
            _("80e percentiel (dagen)"),
            _("Boven de norm van %(days)s dagen") % {"days": lead["norm_days"]},
        ],
        rows,
        note=_(
            "Dagen in een fase: alle verblijven in die fase opgeteld (ook na bijstellen), voor "
            "oza's die de fase in de periode verlieten."
        ),
    )


def goal_table(result: dict) -> Table:
    domains = GoalDomain.values
    counts = {
        domain: {score: Cell(result.get(domain, {}).get(score, 0)) for score in GoalScore.values}
        for domain in domains
    }
    totals = {domain: Cell(result.get(domain, {}).get("total", 0)) for domain in domains}
    for domain in domains:
        suppress_breakdown(list(counts[domain].values()), totals[domain])
    rows = []
    for score, label in GoalScore.choices:
        cells = []
        for domain in domains:
            count = counts[domain][score]
            total = totals[domain].value
            base = result.get(domain, {}).get("jeugdigen", 0)
            cells += [count, Cell(count.value / total if total else None, "percent", base, count)]
        rows.append(Row(str(label), cells, score))
    total_row = Row(
        _("Totaal"),
        [c for d in domains for c in (totals[d], Cell(None, "plain"))],
    )
    suppress_derived(c for r in rows for c in r.cells)
    columns = []
    for _domain, label in GoalDomain.choices:
        columns += [str(label), _("aandeel")]
    return Table(
        "goals",
        _("Doelrealisatie (laatste evaluatie per doel)"),
        columns,
        rows,
        total_row,
    )


def satisfaction_table(result: dict) -> Table:
    rows = []
    for kind, label in RespondentKind.choices:
        figures = result[kind]
        responses = suppress_cell(Cell(figures["responses"]))
        base = figures["jeugdigen"]
        rows.append(
            Row(
                str(label),
                [
                    responses,
                    suppress_cell(Cell(figures["invitations"])),
                    Cell(figures["rate"], "percent", base, responses),
                    *[
                        Cell(figures[q], "number", base, responses)
                        for q in [*indicators.SURVEY_QUESTIONS, "overall"]
                    ],
                ],
                kind,
            )
        )
    suppress_derived(c for r in rows for c in r.cells)
    return Table(
        "satisfaction",
        _("Cliënttevredenheid (schaal 1–5)"),
        [
            _("Ingevuld"),
            _("Aangeboden"),
            _("Respons"),
            _("Gehoord"),
            _("Afspraken duidelijk"),
            _("Hulp helpt"),
            _("Gemiddeld"),
        ],
        rows,
    )


def destination_table(destinations: dict) -> Table:
    return _breakdown_table(
        "destinations",
        _("Bestemming na afsluiting"),
        destinations,
        Destination.choices,
        column=_("Jeugdigen"),
        link="destination",
    )


def regional_tables(figures: dict) -> list[Table]:
    status = _breakdown_table(
        "education_status",
        _("Leerplichtsituatie van de bereikte jeugdigen"),
        {s: figures[f"status_{s}"] for s in CompulsoryEducationStatus.values},
        CompulsoryEducationStatus.choices,
        column=_("Jeugdigen"),
    )
    other = figures["total"] - figures["regular"] - figures["special"]
    participation = _breakdown_table(
        "participation",
        _("Deelname aan onderwijs van de bereikte jeugdigen"),
        {"regular": figures["regular"], "special": figures["special"], "none": other},
        [
            ("regular", _("Regulier onderwijs (PO, VO, MBO)")),
            ("special", _("Speciaal (basis)onderwijs (SBO, SO, VSO)")),
            ("none", _("Geen school of onbekend")),
        ],
        column=_("Jeugdigen"),
    )
    count = suppress_cell(Cell(figures["tlv_jeugdigen"]))
    tlv_rows = [
        Row(_("TLV's voor (V)SO afgegeven"), [suppress_cell(Cell(figures["tlv_count"]))], "n"),
        Row(_("Jeugdigen met een TLV"), [count], "j"),
        Row(
            _("Gemiddelde duur van een TLV (dagen)"),
            [Cell(figures["tlv_mean_days"], "number", figures["tlv_jeugdigen"], count)],
            "d",
        ),
    ]
    # A count of TLV's below five could point to a child as much as a count of jeugdigen.
    if tlv_rows[1].cells[0].suppressed:
        tlv_rows[0].cells[0].suppressed = tlv_rows[0].cells[0].value != 0
    suppress_derived(c for r in tlv_rows for c in r.cells)
    tlv = Table("tlv", _("Toelaatbaarheidsverklaringen (V)SO"), [_("Aantal")], tlv_rows)
    return [status, participation, tlv]


def compute_figures(
    arrangements: QuerySet, period: Period, *, jeugdigen: QuerySet | None = None
) -> dict:
    """Every indicator's numbers, as plain data (what the report cache keeps). ``jeugdigen``
    limits what counts children to those the figures are about (e.g. a region's): a group oza
    with members from elsewhere counts only these."""
    return {
        "reach": indicators.reach(arrangements, period, jeugdigen),
        "occupancy": indicators.group_occupancy(arrangements, period, jeugdigen),
        "early_ends": indicators.early_ends(arrangements, period),
        "durations": indicators.durations(arrangements, period, jeugdigen),
        "goals": indicators.goal_realisation(arrangements, period, jeugdigen),
        "satisfaction": indicators.satisfaction(arrangements, period, jeugdigen),
        "destinations": indicators.destinations(arrangements, period, jeugdigen),
        "regional": indicators.regional_figures(arrangements, period, jeugdigen),
        "trend": indicators.monthly_trend(arrangements, period),
    }


def build_report(figures: dict, period: Period) -> Report:
    """The tables of ``figures`` (from ``compute_figures``), labelled in the active language
    and with small cells suppressed."""
    tables = [
        reach_table(figures["reach"]),
        occupancy_table(figures["occupancy"]),
        early_end_table(figures["early_ends"]),
        lead_time_table(figures["durations"]),
        goal_table(figures["goals"]),
        satisfaction_table(figures["satisfaction"]),
        destination_table(figures["destinations"]),
        *regional_tables(figures["regional"]),
    ]
    trend = [
        {
            "month": month["month"],
            "new_starts": suppress_cell(Cell(month["new_starts"])),
            "active": suppress_cell(Cell(month["active"])),
        }
        for month in figures["trend"]
    ]
    return Report(period, tables, trend)
