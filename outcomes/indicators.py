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
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import (
    ACTIVE_PHASES,
    ArrangementKind,
    CompulsoryEducationStatus,
    Destination,
    EarlyEndReason,
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


def summarise(queryset: QuerySet, durations: list[str], **aggregates) -> dict:
    """``aggregates`` over ``queryset``, with the median and 80th percentile of each of the
    ``durations`` (as ``<name>_median`` and ``<name>_p80``; NULLs left out). One query on
    PostgreSQL; elsewhere a second query fetches the durations."""
    fractions = {"median": 0.5, "p80": 0.8}
    if connection.vendor == "postgresql":
        percentiles = {
            f"{name}_{label}": PercentileCont(name, fraction, output_field=DurationField())
            for name in durations
            for label, fraction in fractions.items()
        }
        return queryset.aggregate(**aggregates, **percentiles)
    result = queryset.aggregate(**aggregates)
    columns = list(zip(*queryset.values_list(*durations), strict=True)) or [()] * len(durations)
    for name, column in zip(durations, columns, strict=True):
        for label, fraction in fractions.items():
            result[f"{name}_{label}"] = percentile_cont(column, fraction)
    return result


# --- Building blocks ------------------------------------------------------------------------
def _first_execution_at():
    return Subquery(
        PhaseTransition.objects.filter(arrangement=OuterRef("pk"), to_phase=Phase.EXECUTION)
        .order_by("at", "id")
        .values("at")[:1]
    )


def _active(period: Period) -> Q:
    """Registered before the period ends and not ended before it started."""
    ended_before = PhaseTransition.objects.filter(
        arrangement=OuterRef("pk"), to_phase__in=END_PHASES, at__lt=period.starts_at
    )
    return Q(created_at__lt=period.ends_before) & ~Exists(ended_before)


def _new_start(period: Period) -> Q:
    """The first step into uitvoering lies in the period."""
    executions = PhaseTransition.objects.filter(
        arrangement=OuterRef("pk"), to_phase=Phase.EXECUTION
    )
    in_period = executions.filter(at__gte=period.starts_at, at__lt=period.ends_before)
    return Exists(in_period) & ~Exists(executions.filter(at__lt=period.starts_at))


def _with_milestones(arrangements: QuerySet) -> QuerySet:
    """The oza's with the moments of their end and of their first step into uitvoering, as
    grouped MINs over one join of their steps. Not as correlated subqueries: PostgreSQL would
    copy those into every aggregate over them and run them once per aggregate per oza; a
    grouped subquery is computed once per oza."""
    return arrangements.annotate(
        _ended_at=Min("transitions__at", filter=Q(transitions__to_phase__in=END_PHASES)),
        _first_execution_at=Min("transitions__at", filter=Q(transitions__to_phase=Phase.EXECUTION)),
    )


def active_arrangements(arrangements: QuerySet, period: Period) -> QuerySet:
    """Oza's registered before the period ends that had not ended before it started."""
    return arrangements.filter(_active(period))


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


def _reaching(period: Period) -> Q:
    """A participation through which an active oza reaches its jeugdige in the period: every
    one of an individual oza, for a group one overlapping the period."""
    return Q(arrangement__kind=ArrangementKind.INDIVIDUAL) | Q(joined_on__lte=period.end) & (
        Q(left_on__isnull=True) | Q(left_on__gte=period.start)
    )


def reached_participations(
    arrangements: QuerySet, period: Period, jeugdigen: QuerySet | None = None
) -> QuerySet:
    """Participations through which a jeugdige was reached by an active oza in the period."""
    return Participation.objects.filter(
        _reaching(period),
        _among("jeugdige", jeugdigen),
        arrangement__in=active_arrangements(arrangements, period).values("pk"),
    )


def _jeugdigen_behind(
    arrangements: QuerySet, populations: dict[str, QuerySet], jeugdigen: QuerySet | None = None
) -> dict[str, int]:
    """The number of jeugdigen taking part in the oza's of ``arrangements`` that are in each
    population (a queryset of oza ids), all in one pass over the participations."""
    return Participation.objects.filter(
        _among("jeugdige", jeugdigen), arrangement__in=arrangements.values("pk")
    ).aggregate(
        **{
            name: Count("jeugdige", distinct=True, filter=Q(arrangement__in=ids))
            for name, ids in populations.items()
        }
    )


# --- Bereik ---------------------------------------------------------------------------------
def reach(arrangements: QuerySet, period: Period, jeugdigen: QuerySet | None = None) -> dict:
    """Jeugdigen reached and active oza's; new starts (oza's and their jeugdigen)."""
    counts = arrangements.aggregate(
        active=Count("pk", filter=_active(period)),
        new_starts=Count("pk", filter=_new_start(period)),
    )
    reached = Participation.objects.filter(
        _among("jeugdige", jeugdigen), arrangement__in=arrangements.values("pk")
    ).aggregate(
        jeugdigen=Count(
            "jeugdige",
            distinct=True,
            filter=_reaching(period)
            & Q(arrangement__in=active_arrangements(arrangements, period).values("pk")),
        ),
        new_start_jeugdigen=Count(
            "jeugdige",
            distinct=True,
            filter=Q(arrangement__in=arrangements.filter(_new_start(period)).values("pk")),
        ),
    )
    return {
        "jeugdigen": reached["jeugdigen"],
        "active": counts["active"],
        "new_starts": counts["new_starts"],
        "new_start_jeugdigen": reached["new_start_jeugdigen"],
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
def _total_stay(phase: str) -> Subquery:
    """For an oza: every completed stay in ``phase``, summed. A stay ends with a step out of
    the phase and began at the step before it, or at registration for the first one."""
    # The moment of the step before: the latest earlier one (MAX needs no sort, unlike
    # ORDER BY ... LIMIT 1; steps at the same moment are ordered by id).
    previous = (
        PhaseTransition.objects.filter(arrangement=OuterRef("arrangement"))
        .filter(Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), id__lt=OuterRef("id")))
        .values("arrangement")
        .annotate(at=Max("at"))
        .values("at")
    )
    stays = (
        PhaseTransition.objects.filter(arrangement=OuterRef("pk"), from_phase=phase)
        .annotate(
            stay=ExpressionWrapper(
                F("at") - Coalesce(Subquery(previous), OuterRef("created_at")),
                output_field=DurationField(),
            )
        )
        .values("arrangement")
        .annotate(total=Sum("stay"))
        .values("total")
    )
    return Subquery(stays, output_field=DurationField())


def _left(phase: str, period: Period, path: str = "") -> Q:
    """A step out of ``phase`` in the period (``path``: from the model to the step)."""
    return Q(
        **{
            f"{path}from_phase": phase,
            f"{path}at__gte": period.starts_at,
            f"{path}at__lt": period.ends_before,
        }
    )


TIMED_PHASES = [Phase.ORIENTATION, Phase.PREPARATION, Phase.EXECUTION, Phase.EVALUATION]
TIMED_PHASES += [Phase.DECISION]
assert set(TIMED_PHASES) == set(ACTIVE_PHASES)


LEAD = "lead"


def durations(arrangements: QuerySet, period: Period, jeugdigen: QuerySet | None = None) -> dict:
    """Per timed phase, the days oza's spent in it (all stays summed), over the oza's that left
    that phase in the period; and under ``LEAD`` the days from registration to the first
    uitvoering, for the new starts of the period, with how many took longer than
    ``OZA_LEAD_TIME_NORM_DAYS``. Each with its number of oza's and jeugdigen, median and 80th
    percentile. Two queries on PostgreSQL, whatever the number of phases."""
    norm = timedelta(days=settings.OZA_LEAD_TIME_NORM_DAYS)
    # Grouped per oza (one pass over its steps), so that PostgreSQL does not flatten this
    # subquery and copy every measure below into each aggregate over it.
    steps = _with_milestones(arrangements).annotate(
        **{
            f"left_{phase}": Count("transitions", filter=_left(phase, period, "transitions__"))
            for phase in TIMED_PHASES
        },
    )
    populations = {phase: Q(**{f"left_{phase}__gt": 0}) for phase in TIMED_PHASES}
    populations[LEAD] = Q(
        _first_execution_at__gte=period.starts_at, _first_execution_at__lt=period.ends_before
    )
    measures = {phase: _total_stay(phase) for phase in TIMED_PHASES}
    measures[LEAD] = ExpressionWrapper(
        F("_first_execution_at") - F("created_at"), output_field=DurationField()
    )
    # An oza outside a population gets NULL, and the CASE spares it that measure's subquery.
    timed = steps.annotate(
        **{
            f"days_{name}": Case(
                When(populations[name], then=measure), output_field=DurationField()
            )
            for name, measure in measures.items()
        }
    )
    columns = [f"days_{name}" for name in measures]
    figures = summarise(
        timed,
        columns,
        **{f"{column}_count": Count(column) for column in columns},
        over_norm=Count("pk", filter=Q(**{f"days_{LEAD}__gt": norm})),
    )
    # The same populations as id sets that PostgreSQL hashes once, not as grouped subqueries.
    population_ids = {
        phase: PhaseTransition.objects.filter(_left(phase, period)).values("arrangement")
        for phase in TIMED_PHASES
    }
    population_ids[LEAD] = steps.filter(populations[LEAD]).values("pk")
    jeugdigen_counts = _jeugdigen_behind(arrangements, population_ids, jeugdigen)
    result = {
        name: {
            "count": figures[f"days_{name}_count"],
            "jeugdigen": jeugdigen_counts[name],
            "median": days(figures[f"days_{name}_median"]),
            "p80": days(figures[f"days_{name}_p80"]),
        }
        for name in measures
    }
    result[LEAD] |= {
        "over_norm": figures["over_norm"],
        "norm_days": settings.OZA_LEAD_TIME_NORM_DAYS,
    }
    return result


# --- Doelrealisatie -------------------------------------------------------------------------
def goal_realisation(
    arrangements: QuerySet, period: Period, jeugdigen: QuerySet | None = None
) -> dict[str, dict]:
    """Per goal domain: the number of goals evaluated in the period by their latest score up to
    the end of the period, and the number of jeugdigen behind them."""
    # A goal's latest evaluation up to the period end, when it lies in the period (the goal
    # was then evaluated in it): an evaluation with none after it in that order. Filtered
    # once per evaluation, where a subquery per goal would be run again for every score.
    in_period = GoalEvaluation.objects.filter(
        evaluated_on__gte=period.start, evaluated_on__lte=period.end
    )
    later = in_period.filter(goal=OuterRef("goal")).filter(
        Q(evaluated_on__gt=OuterRef("evaluated_on"))
        | Q(evaluated_on=OuterRef("evaluated_on"), recorded_at__gt=OuterRef("recorded_at"))
        | Q(
            evaluated_on=OuterRef("evaluated_on"),
            recorded_at=OuterRef("recorded_at"),
            id__gt=OuterRef("id"),
        )
    )
    latest = in_period.filter(~Exists(later), goal__arrangement__in=arrangements.values("pk"))
    per_score = {
        score: Count("goal", filter=Q(score=score), distinct=True) for score in GoalScore.values
    }
    rows = latest.values(domain=F("goal__domain")).annotate(
        total=Count("goal", distinct=True),
        jeugdigen=Count(
            "goal__arrangement__participations__jeugdige",
            filter=_among("goal__arrangement__participations__jeugdige", jeugdigen),
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
    """Per month of the period: new starts and oza's active in that month (one query)."""
    months = period.months()
    month_periods = [
        Period(
            max(m, period.start),
            min((m + timedelta(days=32)).replace(day=1) - timedelta(days=1), period.end),
        )
        for m in months
    ]
    figures = _with_milestones(arrangements).aggregate(
        **{
            f"active_{i}": Count(
                "pk",
                filter=(Q(_ended_at__isnull=True) | Q(_ended_at__gte=mp.starts_at))
                & Q(created_at__lt=mp.ends_before),
            )
            for i, mp in enumerate(month_periods)
        },
        **{
            f"starts_{i}": Count(
                "pk",
                filter=Q(
                    _first_execution_at__gte=mp.starts_at, _first_execution_at__lt=mp.ends_before
                ),
            )
            for i, mp in enumerate(month_periods)
        },
    )
    return [
        {"month": m, "new_starts": figures[f"starts_{i}"], "active": figures[f"active_{i}"]}
        for i, m in enumerate(months)
    ]
