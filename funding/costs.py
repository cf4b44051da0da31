"""The cost overview of an oza for a period, computed in the database.

Each paid line (toegekend, verlopen, beëindigd) counts pro rata by days for the part of the
period it covers: a total amount over the line's own days, a weekly amount per 7 days, a monthly
amount per 365/12 days. A line paid per dagdeel has no number of dagdelen, so it cannot be
totalled; the overview lists it separately instead of guessing.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least

from cases.models import Arrangement, Participation

from .models import AmountUnit, FundingLine, FundingStatus

PAID_STATUSES = [FundingStatus.GRANTED, FundingStatus.EXPIRED, FundingStatus.ENDED]
CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=14, decimal_places=4)


class DayNumber(Func):
    """A date as a whole number of days, so day counts are plain subtraction on every
    database (SQLite has no date arithmetic of its own)."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s - DATE '1970-01-01')", **extra
        )


@dataclass
class CostOverview:
    arrangement: Arrangement
    start: date
    end: date
    per_financier: list  # (name, total)
    per_partner: list
    total: Decimal
    per_participant: Decimal | None
    participants: int
    not_computable: list  # lines paid per dagdeel


def _cost_expression(start: date, end: date):
    effective_end = Least(F("end_date"), Coalesce(F("ended_on"), F("end_date")))
    first = DayNumber(Greatest(F("start_date"), Value(start, output_field=DateField())))
    last = DayNumber(Least(effective_end, Value(end, output_field=DateField())))
    overlap_days = last - first + 1
    own_days = DayNumber(effective_end) - DayNumber(F("start_date")) + 1
    amount = F("amount")
    return Case(
        When(
            unit=AmountUnit.TOTAL,
            then=ExpressionWrapper(amount * overlap_days / own_days, output_field=MONEY),
        ),
        When(
            unit=AmountUnit.PER_WEEK,
            then=ExpressionWrapper(amount * overlap_days / Value(Decimal(7)), output_field=MONEY),
        ),
        When(
            unit=AmountUnit.PER_MONTH,
            then=ExpressionWrapper(
                amount * overlap_days * Value(Decimal(12)) / Value(Decimal(365)), output_field=MONEY
            ),
        ),
        default=Value(Decimal(0)),
        output_field=MONEY,
    )


def _rounded(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def cost_overview(arrangement: Arrangement, *, start: date, end: date) -> CostOverview:
    """Totals per financier and per partner for [start, end], in four queries."""
    lines = FundingLine.objects.filter(
        arrangement=arrangement,
        status__in=PAID_STATUSES,
        amount__isnull=False,
        start_date__lte=end,
        end_date__gte=start,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    computable = lines.exclude(unit=AmountUnit.PER_DAYPART).annotate(
        cost=_cost_expression(start, end)
    )

    def totals(field):
        rows = computable.values(field).annotate(total=Sum("cost")).order_by(field)
        return [(row[field], _rounded(row["total"])) for row in rows]

    per_financier = totals("financier__name")
    per_partner = totals("partner__name")
    total = sum((amount for _name, amount in per_financier), Decimal("0.00"))
    participants = (
        Participation.objects.filter(arrangement=arrangement, joined_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .values("jeugdige")
        .distinct()
        .count()
    )
    per_participant = (
        _rounded(total / participants) if arrangement.is_group and participants else None
    )
    return CostOverview(
        arrangement=arrangement,
        start=start,
        end=end,
        per_financier=per_financier,
        per_partner=per_partner,
        total=total,
        per_participant=per_participant,
        participants=participants,
        not_computable=list(lines.filter(unit=AmountUnit.PER_DAYPART).select_related("partner")),
    )
