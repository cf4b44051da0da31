"""Permission-aware reads. ``arrangements_visible_to`` and ``jeugdigen_visible_to`` are the one
place that decides who may see a case: views, the admin, and later the API, PDFs and the portal
scope every query through them."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from funding.models import FundingLine

from .models import (
    Arrangement,
    BreakGlassAccess,
    ConsentRecord,
    Goal,
    GoalEvaluation,
    Guardian,
    Jeugdige,
    Participation,
    PhaseTransition,
    TeamMember,
)


def _open_break_glass(user):
    return BreakGlassAccess.objects.filter(user=user, expires_at__gt=timezone.now())


def arrangements_visible_to(user) -> QuerySet[Arrangement]:
    """Oza's the user is on the team of; for a functioneel beheerder, only those of jeugdigen
    opened through break-the-glass."""
    if not (user.is_authenticated and user.is_active and user.is_professional):
        return Arrangement.objects.none()
    if user.is_functional_admin:
        return Arrangement.objects.filter(
            Exists(
                _open_break_glass(user).filter(jeugdige__participations__arrangement=OuterRef("pk"))
            )
        )
    return Arrangement.objects.filter(
        Exists(TeamMember.objects.filter(arrangement=OuterRef("pk"), user=user))
    )


def jeugdigen_visible_to(user) -> QuerySet[Jeugdige]:
    if not (user.is_authenticated and user.is_active and user.is_professional):
        return Jeugdige.objects.none()
    if user.is_functional_admin:
        return Jeugdige.objects.filter(
            Exists(_open_break_glass(user).filter(jeugdige=OuterRef("pk")))
        )
    return Jeugdige.objects.filter(
        Exists(
            TeamMember.objects.filter(
                user=user, arrangement__participations__jeugdige=OuterRef("pk")
            )
        )
    )


def arrangement_ids_of(jeugdige_id: int, *, visible_to) -> list[int]:
    """The ids of the jeugdige's oza's that ``visible_to`` may see, if they may see the
    jeugdige: empty otherwise."""
    if visible_to.is_functional_admin:
        jeugdige = jeugdigen_visible_to(visible_to).filter(pk=jeugdige_id)
    else:  # a team member sees every jeugdige of the oza's they see: no second check needed
        jeugdige = [jeugdige_id]
    return list(
        arrangements_visible_to(visible_to)
        .filter(participations__jeugdige__in=jeugdige)
        .values_list("pk", flat=True)
    )


def is_team_member(user, arrangement: Arrangement) -> bool:
    return any(member.user_id == user.pk for member in arrangement.team_members.all())


def _team_prefetch():
    return Prefetch(
        "team_members",
        queryset=TeamMember.objects.select_related("user", "user__organisation"),
    )


def _participations_prefetch():
    return Prefetch(
        "participations",
        queryset=Participation.objects.select_related(
            "jeugdige", "jeugdige__school", "jeugdige__gemeente"
        ).prefetch_related(Prefetch("jeugdige__guardians", queryset=Guardian.objects.all())),
    )


def goals_with_evaluations() -> QuerySet[Goal]:
    """Goals with their evaluations prefetched, so ``goal.latest_evaluation`` costs no query."""
    return Goal.objects.prefetch_related(
        Prefetch("evaluations", queryset=GoalEvaluation.objects.select_related("recorded_by"))
    )


def _detail_lookups() -> tuple:
    """What the oza page and the route guards read of an oza."""
    return (
        _team_prefetch(),
        _participations_prefetch(),
        "functions",
        Prefetch("goals", queryset=goals_with_evaluations()),
        Prefetch(
            "consents",
            queryset=ConsentRecord.objects.select_related("recorded_by", "jeugdige", "guardian"),
        ),
        Prefetch("transitions", queryset=PhaseTransition.objects.select_related("by")),
        # Read by the funding guard and panel on the oza page.
        Prefetch(
            "funding_lines",
            queryset=FundingLine.objects.select_related("financier", "partner", "requested_by"),
        ),
    )


def arrangement_detail(user) -> QuerySet[Arrangement]:
    """Oza's with what the detail page and the route guards read, prefetched."""
    return (
        arrangements_visible_to(user)
        .select_related("group_proposal")
        .prefetch_related(*_detail_lookups())
    )


def with_detail(arrangement: Arrangement) -> Arrangement:
    """``arrangement``, already found through ``arrangements_visible_to``, with what
    ``arrangement_detail`` reads: without finding it a second time."""
    prefetch_related_objects([arrangement], "group_proposal", *_detail_lookups())
    return arrangement


def arrangement_records(user) -> QuerySet[Arrangement]:
    """Oza's with what their API representation shows (team, jeugdigen, functions, goals),
    without what only the oza page and the route guards read."""
    return arrangements_visible_to(user).prefetch_related(
        _team_prefetch(),
        "participations",
        "functions",
        Prefetch("goals", queryset=goals_with_evaluations()),
    )


def jeugdige_detail(user) -> QuerySet[Jeugdige]:
    """Jeugdigen with their guardians and every visible oza, its team, goals and history."""
    return (
        jeugdigen_visible_to(user)
        .select_related("school", "gemeente")
        .prefetch_related(
            "guardians",
            Prefetch(
                "participations",
                queryset=Participation.objects.filter(arrangement__in=arrangements_visible_to(user))
                .select_related("arrangement")
                .prefetch_related(
                    Prefetch(
                        "arrangement__team_members",
                        queryset=TeamMember.objects.select_related("user", "user__organisation"),
                    ),
                    "arrangement__functions",
                    "arrangement__goals",
                    Prefetch(
                        "arrangement__transitions",
                        queryset=PhaseTransition.objects.select_related("by"),
                    ),
                )
                .order_by("-arrangement__created_at"),
                to_attr="visible_participations",
            ),
        )
    )


def team_candidates(arrangement: Arrangement, *, search: str = "") -> QuerySet:
    """Professionals who can be added to the team (not yet on it), matching every word of
    ``search`` in their name, username or organisation."""
    from oza.accounts.models import Function, User

    candidates = (
        User.objects.filter(is_active=True)
        .exclude(function__in=[Function.PORTAL, Function.FUNCTIONEEL_BEHEERDER])
        .exclude(team_memberships__arrangement=arrangement)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )
    for word in search.split():
        candidates = candidates.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return candidates
