"""Permission-aware reads: the funding checklist of an oza and of a caseload, and the
proposals for group arrangements."""

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from cases.models import ACTIVE_PHASES, Arrangement, Phase
from cases.selectors import TeamRead, arrangements_visible_to, visible_arrangement_ids
from oza.compiled import attach, compiled_filter

from .models import (
    Escalation,
    EscalationStep,
    FundingLine,
    FundingStatus,
    GroupProposal,
    ProposalStage,
    ProposalStep,
)

# Funding is arranged from voorbereiding on; in oriëntatie nothing is "missing" yet.
FUNDED_PHASES = [phase for phase in ACTIVE_PHASES if phase != Phase.ORIENTATION]


def funding_lines_visible_to(user) -> QuerySet[FundingLine]:
    return FundingLine.objects.filter(arrangement_id__in=visible_arrangement_ids(user))


@dataclass
class Checklist:
    """What the procesbegeleider must act on for one oza."""

    arrangement: Arrangement
    pending: list = field(default_factory=list)  # (line, days waiting)
    refused: list = field(default_factory=list)
    expiring: list = field(default_factory=list)  # (line, days left)
    gaps: list = field(default_factory=list)  # (first day, last day) not covered by a granted line

    @property
    def is_clear(self) -> bool:
        return not (self.pending or self.refused or self.expiring or self.gaps)


def uncovered_periods(start: date, end: date, granted: list[FundingLine]) -> list[tuple]:
    """Stretches of [start, end] that no granted line covers."""
    if start > end:  # e.g. an oza past its planned end: nothing left to fund
        return []
    gaps, day = [], start
    for line in sorted(granted, key=lambda line: line.start_date):
        if line.end_date < day:
            continue
        if line.start_date > day:
            gaps.append((day, min(end, line.start_date - timedelta(days=1))))
        day = max(day, line.end_date + timedelta(days=1))
        if day > end:
            return gaps
    if day <= end:
        gaps.append((day, end))
    return gaps


def checklist_for(arrangement: Arrangement, lines: list[FundingLine], today=None) -> Checklist:
    """Pending requests (with waiting time), refusals, lines expiring within the configured
    weeks, and the part of the oza's planned period that no granted line covers."""
    today = today or timezone.localdate()
    horizon = today + timedelta(weeks=settings.OZA_FUNDING_EXPIRY_WEEKS)
    result = Checklist(arrangement=arrangement)
    granted = []
    for line in lines:
        if line.status == FundingStatus.REQUESTED:
            result.pending.append((line, (today - line.requested_on).days))
        elif line.status == FundingStatus.REFUSED:
            result.refused.append(line)
        elif line.status == FundingStatus.GRANTED:
            granted.append(line)
            if today <= line.end_date <= horizon:
                result.expiring.append((line, (line.end_date - today).days))
    if arrangement.phase in FUNDED_PHASES:
        # What lies behind us cannot be funded any more; what is ahead can.
        result.gaps = uncovered_periods(
            max(arrangement.planned_start, today), arrangement.planned_end, granted
        )
    return result


def needs_action(today: date) -> dict[str, Q]:
    """Per oza, whether each part of ``checklist_for`` has something on it, as database
    conditions: the caseload page filters and counts with these and builds only one page of
    checklists in Python."""
    horizon = today + timedelta(weeks=settings.OZA_FUNDING_EXPIRY_WEEKS)
    lines = FundingLine.objects.filter(arrangement=OuterRef("pk"))
    return {
        "pending": Q(Exists(lines.filter(status=FundingStatus.REQUESTED))),
        "refused": Q(Exists(lines.filter(status=FundingStatus.REFUSED))),
        "expiring": Q(
            Exists(lines.filter(status=FundingStatus.GRANTED, end_date__range=(today, horizon)))
        ),
        "gap": _has_uncovered_day(today),
    }


def _has_uncovered_day(today: date) -> Q:
    """``uncovered_periods`` is not empty: some day from max(planned start, today) up to the
    planned end lies outside every granted line. The first such day is either that first day
    itself or the day after a granted line ends, so two (nested) EXISTS decide it exactly."""
    first_day = Greatest(OuterRef("planned_start"), Value(today))
    granted = FundingLine.objects.filter(arrangement=OuterRef("pk"), status=FundingStatus.GRANTED)
    day_after = ExpressionWrapper(
        OuterRef("end_date") + timedelta(days=1), output_field=DateField()
    )
    covers_day_after = FundingLine.objects.filter(
        arrangement=OuterRef("arrangement"),
        status=FundingStatus.GRANTED,
        start_date__lte=day_after,
        end_date__gte=day_after,
    )
    return Q(phase__in=FUNDED_PHASES, planned_end__gte=today) & (
        ~Q(Exists(granted.filter(start_date__lte=first_day, end_date__gte=first_day)))
        | Q(
            Exists(
                granted.filter(
                    end_date__gte=first_day, end_date__lt=OuterRef("planned_end")
                ).exclude(Exists(covers_day_after))
            )
        )
    )


@dataclass(frozen=True)
class ChecklistSummary:
    """How many oza's need action, in total and per part of the checklist."""

    total: int
    pending: int
    refused: int
    expiring: int
    gap: int


@dataclass(frozen=True)
class CaseloadAction:
    """The active oza's of a caseload whose checklist is not clear, the most urgent (earliest
    planned end) first, and how many need each kind of action (an oza with several things to
    act on counts under each)."""

    arrangement_ids: list[int]
    summary: ChecklistSummary


def caseload_action(user, today=None) -> CaseloadAction:
    """One pass over the user's active oza's: the database decides per oza which parts of its
    checklist have something on them (``needs_action``); the order and the counts are read from
    those rows, so the caseload's conditions are evaluated once, not once to count and again
    to find a page."""
    today = today or timezone.localdate()
    rows = _caseload_needs(today, settings.OZA_FUNDING_EXPIRY_WEEKS)(user)
    needing = [row for row in rows if any(row[part] for part in PARTS)]
    return CaseloadAction(
        arrangement_ids=[row["pk"] for row in needing],
        summary=ChecklistSummary(
            total=len(needing),
            **{part: sum(1 for row in needing if row[part]) for part in PARTS},
        ),
    )


# The parts of a checklist, as ``needs_action`` and ``ChecklistSummary`` name them.
PARTS = ("pending", "refused", "expiring", "gap")


@functools.lru_cache(maxsize=4)
def _caseload_needs(today: date, expiry_weeks: int) -> TeamRead:
    """``needs_action`` for every active oza of a caseload, made once a day (and per setting)
    per process: the day is in its conditions; ``expiry_weeks`` is the setting it reads, part
    of the key."""
    parts = needs_action(today)
    return TeamRead(
        lambda user: (
            arrangements_visible_to(user)
            .filter(phase__in=ACTIVE_PHASES)
            .annotate(
                **{
                    part: ExpressionWrapper(parts[part], output_field=BooleanField())
                    for part in PARTS
                }
            )
            .order_by("planned_end", "pk")
            .values("pk", *PARTS)
        )
    )


_CASELOAD_PAGE = TeamRead(
    lambda user, ozas: arrangements_visible_to(user).filter(pk__in=ozas), "ozas"
)


def caseload_page(user, arrangement_ids) -> list[Arrangement]:
    """The oza's of ``arrangement_ids`` (a page of ``CaseloadAction.arrangement_ids``) the user
    may see, in that order."""
    found = {
        arrangement.pk: arrangement for arrangement in _CASELOAD_PAGE(user, ozas=arrangement_ids)
    }
    return [found[pk] for pk in arrangement_ids if pk in found]


_CHECKLIST_LINES = compiled_filter(
    FundingLine.objects.select_related("financier", "partner"), arrangement_id__in="ozas"
)


def checklists_of(arrangements, today=None) -> list[Checklist]:
    """The checklists of ``arrangements`` (e.g. one page of them), in one query for the lines."""
    lines: dict[int, list] = {a.pk: [] for a in arrangements}
    for line in _CHECKLIST_LINES(ozas=lines.keys()):
        lines[line.arrangement_id].append(line)
    return [checklist_for(a, lines[a.pk], today) for a in arrangements]


_ESCALATIONS = compiled_filter(
    Escalation.objects.select_related("level", "raised_by"), arrangement_id="oza"
)
_ESCALATION_STEPS = compiled_filter(
    EscalationStep.objects.select_related("level", "by"), escalation__arrangement_id="oza"
)


def escalations_of(arrangement: Arrangement) -> list[Escalation]:
    """The oza's escalations with their steps, for its page (which checked access)."""
    escalations = _ESCALATIONS(oza=arrangement.pk)
    if escalations:
        attach(escalations, "steps", _ESCALATION_STEPS(oza=arrangement.pk))
    return escalations


def proposals_readable_by(user) -> QuerySet[GroupProposal]:
    """A proposal describes a target group, never a child: every professional may read it."""
    if not (user.is_authenticated and user.is_active and user.is_professional):
        return GroupProposal.objects.none()
    return GroupProposal.objects.all()


def proposals_visible_to(user) -> QuerySet[GroupProposal]:
    """The proposals the user may read, with what the pages show."""
    # Counted per proposal in a subquery: a join with the oza's would group every proposal
    # before the page is cut (and the list's count would group them too).
    resting = (
        Arrangement.objects.filter(group_proposal=OuterRef("pk"))
        .order_by()
        .values("group_proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        proposals_readable_by(user)
        .select_related("created_by")
        .annotate(arrangement_count=Coalesce(Subquery(resting), 0))
        .prefetch_related(
            Prefetch("steps", queryset=ProposalStep.objects.select_related("recorded_by"))
        )
    )


def in_route_order(proposals: QuerySet[GroupProposal]) -> QuerySet[GroupProposal]:
    """Those still on the decision route first, the longest waiting on top (the list and the
    API's)."""
    finished = Case(
        When(stage__in=[ProposalStage.DECIDED, ProposalStage.REJECTED], then=Value(True)),
        default=Value(False),
    )
    return proposals.order_by(finished, "stage_since", "pk")


def proposal_arrangements(user, proposal: GroupProposal) -> QuerySet[Arrangement]:
    """The group oza's resting on ``proposal`` that the user may open."""
    return arrangements_visible_to(user).filter(group_proposal=proposal)


def outline_texts(outline, texts: dict) -> list:
    """(chapter, [(heading, text), ...]) in the order of the outline."""
    return [
        (chapter, [(heading, texts.get(key, "")) for key, heading in sections])
        for chapter, sections in outline
    ]
