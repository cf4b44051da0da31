"""Outcome indicators (seed 002 §7–8), computed in the database.

Every function takes a queryset of arrangements (already scoped to what the user may see the
figures of, and filtered) and a ``Period``, and returns plain numbers: no loop over rows in
Python, a fixed number of queries whatever the number of oza's. Percentiles are the one vendor
branch: PostgreSQL computes them with ``percentile_cont``; elsewhere (SQLite) one query fetches
the durations and ``percentile_cont`` is computed from that list.

Definitions:

- registration is ``Arrangement.created_at``; an oza ends at its first step to afgesloten or
  voortijdig beëindigd;
- an oza is *active* in the period when it was registered before the period ends and had not
  ended before it started; a jeugdige is *reached* when taking part in an active oza (for a
  group: with a participation overlapping the period);
- a *new start* is an oza whose first step into uitvoering lies in the period;
- *days in a phase* sum every completed stay of an oza in that phase (a phase re-entered after
  bijstellen counts again), for the oza's that left that phase in the period;
- *lead time* runs from registration to the first uitvoering, for the new starts of the period;
- *doelrealisatie* takes, for each goal evaluated in the period, its latest evaluation up to the
  end of the period.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from cases.models import (
    ACTIVE_PHASES,
    ArrangementKind,
    CompulsoryEducationStatus,
    Destination,
    EarlyEndReason,
    Goal,
    GoalEvaluation,
    GoalScore,
    Jeugdige,
    Participation,
    Phase,
    PhaseTransition,
)
from funding.models import FundingKind, FundingLine, FundingStatus
from oza.accounts.models import SchoolType

from .models import RespondentKind, SurveyInvitation, SurveyResponse

REGULAR_SCHOOL_TYPES = [SchoolType.PO, SchoolType.VO, SchoolType.MBO]
SPECIAL_SCHOOL_TYPES = [SchoolType.SBO, SchoolType.SO, SchoolType.VSO]
END_PHASES = [Phase.CLOSED, Phase.ENDED_EARLY]


@dataclass(frozen=True)
class Period:
    """A period of whole days, both ends included."""

    start: date
    end: date

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def ends_before(self) -> datetime:
        """The first moment after the period."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def months(self) -> list[date]:
        """The first day of every month the period touches."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day + timedelta(days=32)).replace(day=1)
        return months


def _among(field: str, jeugdigen: QuerySet | None) -> Q:
    """Restrict ``field`` (a path to a jeugdige) to ``jeugdigen``, the jeugdigen the figures are
    about (a region's, a gemeente's); None: every jeugdige of the oza's."""
    return Q() if jeugdigen is None else Q(**{f"{field}__in": jeugdigen.values("pk")})


def days(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 86400, 1)


# --- Percentiles: the one vendor branch ------------------------------------------------------
class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate ``percentile_cont(p) WITHIN GROUP (ORDER BY x)``."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def percentile_cont(values: list, fraction: float):
    """Linear interpolation between the closest ranks, as PostgreSQL's percentile_cont."""
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def median_and_p80(queryset: QuerySet, field: str) -> tuple[timedelta | None, timedelta | None]:
    """Median and 80th percentile of the duration ``field`` over ``queryset``, in one query."""
    if connection.vendor == "postgresql":
        result = queryset.aggregate(
            median=PercentileCont(field, 0.5, output_field=DurationField()),
            p80=PercentileCont(field, 0.8, output_field=DurationField()),
        )
        return result["median"], result["p80"]
    durations = list(queryset.values_list(field, flat=True))
    return percentile_cont(durations, 0.5), percentile_cont(durations, 0.8)


# --- Building blocks ------------------------------------------------------------------------
def _ended_at():
    return Subquery(
        PhaseTransition.objects.filter(arrangement=OuterRef("pk"), to_phase__in=END_PHASES)
        .order_by("at", "id")
        .values("at")[:1]
    )


def _first_execution_at():
    return Subquery(
        PhaseTransition.objects.filter(arrangement=OuterRef("pk"), to_phase=Phase.EXECUTION)
        .order_by("at", "id")
        .values("at")[:1]
    )


def active_arrangements(arrangements: QuerySet, period: Period) -> QuerySet:
    """Oza's registered before the period ends that had not ended before it started."""
    return arrangements.annotate(_ended_at=_ended_at()).filter(
        Q(_ended_at__isnull=True) | Q(_ended_at__gte=period.starts_at),
        created_at__lt=period.ends_before,
    )


def new_start_arrangements(arrangements: QuerySet, period: Period) -> QuerySet:
    return arrangements.annotate(_first_execution_at=_first_execution_at()).filter(
        _first_execution_at__gte=period.starts_at, _first_execution_at__lt=period.ends_before
    )


def ended_early_arrangements(arrangements: QuerySet, period: Period, reason: str = "") -> QuerySet:
    steps = PhaseTransition.objects.filter(
        arrangement=OuterRef("pk"),
        to_phase=Phase.ENDED_EARLY,
        at__gte=period.starts_at,
        at__lt=period.ends_before,
    )
    if reason:
        steps = steps.filter(early_end_reason=reason)
    return arrangements.filter(Exists(steps))


def closed_arrangements(arrangements: QuerySet, period: Period, destination: str = "") -> QuerySet:
    """Individual oza's closed or ended early in the period (with ``destination``)."""
    steps = PhaseTransition.objects.filter(
        arrangement=OuterRef("pk"),
        to_phase__in=END_PHASES,
        at__gte=period.starts_at,
        at__lt=period.ends_before,
    )
    if destination == Destination.UNKNOWN:
        # Closures from before the bestemming was recorded count as onbekend.
        steps = steps.filter(destination__in=[destination, ""])
    elif destination:
        steps = steps.filter(destination=destination)
    return arrangements.filter(Exists(steps), kind=ArrangementKind.INDIVIDUAL)


def destination_arrangements(arrangements: QuerySet, period: Period, destination: str) -> QuerySet:
    """The oza's behind a bestemming: individual ones closed with it in the period, and groups
    with a member who left with it in the period (unrecorded counts as onbekend)."""
    recorded = [destination, ""] if destination == Destination.UNKNOWN else [destination]
    left = Participation.objects.filter(
        arrangement=OuterRef("pk"),
        left_on__gte=period.start,
        left_on__lte=period.end,
        destination__in=recorded,
    )
    groups = arrangements.filter(Exists(left), kind=ArrangementKind.GROUP)
    individual = closed_arrangements(arrangements, period, destination)
    return arrangements.filter(Q(pk__in=individual.values("pk")) | Q(pk__in=groups.values("pk")))


def reached_participations(
    arrangements: QuerySet, period: Period, jeugdigen: QuerySet | None = None
) -> QuerySet:
    """Participations through which a jeugdige was reached by an active oza in the period."""
    return Participation.objects.filter(
        Q(arrangement__kind=ArrangementKind.INDIVIDUAL)
        | Q(joined_on__lte=period.end) & (Q(left_on__isnull=True) | Q(left_on__gte=period.start)),
        _among("jeugdige", jeugdigen),
        arrangement__in=active_arrangements(arrangements, period).values("pk"),
    )


def _jeugdigen_of(arrangements: QuerySet, jeugdigen: QuerySet | None = None) -> int:
    return (
        Participation.objects.filter(
            _among("jeugdige", jeugdigen), arrangement__in=arrangements.values("pk")
        )
        .values("jeugdige")
        .distinct()
        .count()
    )


# --- Bereik ---------------------------------------------------------------------------------
def reach(arrangements: QuerySet, period: Period, jeugdigen: QuerySet | None = None) -> dict:
    """Jeugdigen reached and active oza's; new starts (oza's and their jeugdigen)."""
    active = active_arrangements(arrangements, period)
    starts = new_start_arrangements(arrangements, period)
    return {
        "jeugdigen": reached_participations(arrangements, period, jeugdigen)
        .values("jeugdige")
        .distinct()
        .count(),
        "active": active.count(),
        "new_starts": starts.count(),
        "new_start_jeugdigen": _jeugdigen_of(starts, jeugdigen),
    }


def group_occupancy(
    arrangements: QuerySet, period: Period, jeugdigen: QuerySet | None = None
) -> dict:
    """Members on the last day of the period (or today) against capacity, per active group."""
    day = min(period.end, timezone.localdate())
    members = Count(
        "participations",
        filter=Q(participations__joined_on__lte=day)
        & (Q(participations__left_on__isnull=True) | Q(participations__left_on__gt=day))
        & _among("participations__jeugdige", jeugdigen),
    )
    groups = list(
        active_arrangements(arrangements, period)
        .filter(kind=ArrangementKind.GROUP)
        .annotate(members=members)
        .order_by("name", "pk")
        .values("pk", "name", "capacity", "members")
    )
    return {
        "groups": groups,
        "members": sum(g["members"] for g in groups),
        "capacity": sum(g["capacity"] or 0 for g in groups),
    }


# --- Uitval ---------------------------------------------------------------------------------
def early_ends(arrangements: QuerySet, period: Period) -> dict[str, int]:
    """Oza's ended early in the period, per reason (all reasons, zero included)."""
    rows = (
        PhaseTransition.objects.filter(
            arrangement__in=arrangements.values("pk"),
            to_phase=Phase.ENDED_EARLY,
            at__gte=period.starts_at,
            at__lt=period.ends_before,
        )
        .values("early_end_reason")
        .annotate(n=Count("arrangement", distinct=True))
    )
    counts = dict.fromkeys(EarlyEndReason.values, 0)
    counts.update({row["early_end_reason"]: row["n"] for row in rows})
    return counts


# --- Doorlooptijd ---------------------------------------------------------------------------
def _stay_before():
    """For a PhaseTransition row: how long the oza was in ``from_phase`` before this step,
    i.e. since the previous step, or since registration for the first one."""
    previous = (
        PhaseTransition.objects.filter(arrangement=OuterRef("arrangement"))
        .filter(Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), id__lt=OuterRef("id")))
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return ExpressionWrapper(
        F("at") - Coalesce(Subquery(previous), F("arrangement__created_at")),
        output_field=DurationField(),
    )


def days_in_phase(
    arrangements: QuerySet, period: Period, phase: str, jeugdigen: QuerySet | None = None
) -> dict:
    """Median and 80th percentile of the days oza's spent in ``phase`` (all stays summed),
    over the oza's that left that phase in the period; with their number."""
    total_stay = (
        PhaseTransition.objects.filter(arrangement=OuterRef("pk"), from_phase=phase)
        .annotate(stay=_stay_before())
        .values("arrangement")
        .annotate(total=Sum("stay"))
        .values("total")
    )
    left = PhaseTransition.objects.filter(
        arrangement=OuterRef("pk"),
        from_phase=phase,
        at__gte=period.starts_at,
        at__lt=period.ends_before,
    )
    population = arrangements.filter(Exists(left)).annotate(
        days_in_phase=Subquery(total_stay, output_field=DurationField())
    )
    median, p80 = median_and_p80(population, "days_in_phase")
    return {
        "count": population.count(),
        "jeugdigen": _jeugdigen_of(population, jeugdigen),
        "median": days(median),
        "p80": days(p80),
    }


def lead_time(arrangements: QuerySet, period: Period, jeugdigen: QuerySet | None = None) -> dict:
    """Days from registration to the first uitvoering, for the new starts of the period; and
    how many took longer than ``OZA_LEAD_TIME_NORM_DAYS``."""
    norm = timedelta(days=settings.OZA_LEAD_TIME_NORM_DAYS)
    population = new_start_arrangements(arrangements, period).annotate(
        lead=ExpressionWrapper(
            F("_first_execution_at") - F("created_at"), output_field=DurationField()
        )
    )
    median, p80 = median_and_p80(population, "lead")
    counts = population.aggregate(count=Count("pk"), over_norm=Count("pk", filter=Q(lead__gt=norm)))
    return {
        **counts,
        "jeugdigen": _jeugdigen_of(population, jeugdigen),
        "norm_days": settings.OZA_LEAD_TIME_NORM_DAYS,
        "median": days(median),
        "p80": days(p80),
    }


TIMED_PHASES = [Phase.ORIENTATION, Phase.PREPARATION, Phase.EXECUTION, Phase.EVALUATION]
TIMED_PHASES += [Phase.DECISION]
assert set(TIMED_PHASES) == set(ACTIVE_PHASES)


# --- Doelrealisatie -------------------------------------------------------------------------
def goal_realisation(
    arrangements: QuerySet, period: Period, jeugdigen: QuerySet | None = None
) -> dict[str, dict]:
    """Per goal domain: the number of goals evaluated in the period by their latest score up to
    the end of the period, and the number of jeugdigen behind them."""
    latest = (
        GoalEvaluation.objects.filter(goal=OuterRef("pk"), evaluated_on__lte=period.end)
        .order_by("-evaluated_on", "-recorded_at", "-id")
        .values("score")[:1]
    )
    evaluated = GoalEvaluation.objects.filter(
        goal=OuterRef("pk"), evaluated_on__gte=period.start, evaluated_on__lte=period.end
    )
    goals = Goal.objects.filter(
        Exists(evaluated), arrangement__in=arrangements.values("pk")
    ).annotate(latest_score=Subquery(latest))
    per_score = {
        score: Count("pk", filter=Q(latest_score=score), distinct=True)
        for score in GoalScore.values
    }
    rows = goals.values("domain").annotate(
        total=Count("pk", distinct=True),
        jeugdigen=Count(
            "arrangement__participations__jeugdige",
            filter=_among("arrangement__participations__jeugdige", jeugdigen),
            distinct=True,
        ),
        **per_score,
    )
    return {row["domain"]: row for row in rows}


# --- Cliënttevredenheid ---------------------------------------------------------------------
SURVEY_QUESTIONS = ["heard", "clear", "helps"]


def satisfaction(
    arrangements: QuerySet, period: Period, jeugdigen: QuerySet | None = None
) -> dict[str, dict]:
    """Per respondent kind: answers in the period, mean score per question and overall (the
    mean of a respondent's three answers), invitations offered in the period, response rate."""
    scoped = {"arrangement__in": arrangements.values("pk")}
    answered = (
        SurveyResponse.objects.filter(
            _among("invitation__jeugdige", jeugdigen),
            answered_on__gte=period.start,
            answered_on__lte=period.end,
            **scoped,
        )
        .values("respondent_kind")
        .annotate(
            responses=Count("pk"),
            jeugdigen=Count("invitation__jeugdige", distinct=True),
            overall=Avg(
                ExpressionWrapper(
                    (F("heard") + F("clear") + F("helps")) / 3.0, output_field=FloatField()
                )
            ),
            **{q: Avg(q, output_field=FloatField()) for q in SURVEY_QUESTIONS},
        )
    )
    offered = (
        SurveyInvitation.objects.filter(
            _among("jeugdige", jeugdigen),
            offered_at__gte=period.starts_at,
            offered_at__lt=period.ends_before,
            **scoped,
        )
        .values("respondent_kind")
        .annotate(invitations=Count("pk"))
    )
    result = {
        kind: {"responses": 0, "jeugdigen": 0, "invitations": 0, "overall": None}
        | dict.fromkeys(SURVEY_QUESTIONS)
        for kind in RespondentKind.values
    }
    for row in answered:
        result[row["respondent_kind"]].update(row)
    for row in offered:
        result[row["respondent_kind"]]["invitations"] = row["invitations"]
    for row in result.values():
        row["rate"] = row["responses"] / row["invitations"] if row["invitations"] else None
    return result


# --- Bestemming -----------------------------------------------------------------------------
def destinations(
    arrangements: QuerySet, period: Period, jeugdigen: QuerySet | None = None
) -> dict[str, int]:
    """Where jeugdigen went: individual oza's closed or ended early in the period, and group
    members whose participation ended in the period (unrecorded counts as onbekend)."""
    individual = (
        PhaseTransition.objects.filter(
            arrangement__in=arrangements.filter(kind=ArrangementKind.INDIVIDUAL).values("pk"),
            to_phase__in=END_PHASES,
            at__gte=period.starts_at,
            at__lt=period.ends_before,
        )
        .values("destination")
        .annotate(n=Count("arrangement", distinct=True))
    )
    members = (
        Participation.objects.filter(
            _among("jeugdige", jeugdigen),
            arrangement__in=arrangements.filter(kind=ArrangementKind.GROUP).values("pk"),
            left_on__gte=period.start,
            left_on__lte=period.end,
        )
        .values("destination")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(Destination.values, 0)
    for row in [*individual, *members]:
        key = row["destination"] or Destination.UNKNOWN
        counts[key] += row["n"]
    return counts


# --- Regional figures (seed 002 §8) ---------------------------------------------------------
def regional_figures(
    arrangements: QuerySet, period: Period, jeugdigen: QuerySet | None = None
) -> dict:
    """Of the jeugdigen reached in the period: by leerplichtsituatie, and at a regular
    (PO/VO/MBO) or a special (SBO/SO/VSO) school; TLVs for (V)SO granted in the period with
    their mean duration in days."""
    reached = Jeugdige.objects.filter(
        pk__in=reached_participations(arrangements, period, jeugdigen).values("jeugdige")
    )
    by_status = reached.aggregate(
        total=Count("pk"),
        **{
            f"status_{v}": Count("pk", filter=Q(education_status=v))
            for v in CompulsoryEducationStatus.values
        },
        regular=Count("pk", filter=Q(school_type__in=REGULAR_SCHOOL_TYPES)),
        special=Count("pk", filter=Q(school_type__in=SPECIAL_SCHOOL_TYPES)),
    )
    tlvs = FundingLine.objects.filter(
        arrangement__in=arrangements.values("pk"),
        kind=FundingKind.TLV,
        status__in=[FundingStatus.GRANTED, FundingStatus.EXPIRED, FundingStatus.ENDED],
        decided_on__gte=period.start,
        decided_on__lte=period.end,
    )
    tlv = tlvs.aggregate(
        count=Count("pk"),
        mean=Avg(ExpressionWrapper(F("end_date") - F("start_date"), output_field=DurationField())),
    )
    tlv_jeugdigen = (
        Participation.objects.filter(
            _among("jeugdige", jeugdigen), arrangement__in=tlvs.values("arrangement")
        )
        .values("jeugdige")
        .distinct()
        .count()
    )
    return {
        **by_status,
        "tlv_count": tlv["count"],
        # Both ends of a TLV are days it covers.
        "tlv_mean_days": None if tlv["mean"] is None else days(tlv["mean"]) + 1,
        "tlv_jeugdigen": tlv_jeugdigen,
    }


# --- Trend ----------------------------------------------------------------------------------
def monthly_trend(arrangements: QuerySet, period: Period) -> list[dict]:
    """Per month of the period: new starts and oza's active in that month (two queries)."""
    months = period.months()
    starts = dict(
        new_start_arrangements(arrangements, period)
        .annotate(month=TruncMonth("_first_execution_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    starts = {_as_date(month): n for month, n in starts.items()}
    month_periods = [
        Period(
            max(m, period.start),
            min((m + timedelta(days=32)).replace(day=1) - timedelta(days=1), period.end),
        )
        for m in months
    ]
    # The end moment as a grouped MIN over a join, not the correlated subquery of _ended_at():
    # PostgreSQL inlines that subquery into every month's FILTER below and runs it once per
    # month per oza (13 subplans); a grouped subquery is computed once per oza.
    annotated = arrangements.annotate(
        _end=FilteredRelation("transitions", condition=Q(transitions__to_phase__in=END_PHASES))
    ).annotate(_ended_at=Min("_end__at"))
    active = annotated.aggregate(
        **{
            f"m{i}": Count(
                "pk",
                filter=(Q(_ended_at__isnull=True) | Q(_ended_at__gte=mp.starts_at))
                & Q(created_at__lt=mp.ends_before),
            )
            for i, mp in enumerate(month_periods)
        }
    )
    return [
        {"month": m, "new_starts": starts.get(m, 0), "active": active[f"m{i}"]}
        for i, m in enumerate(months)
    ]


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
