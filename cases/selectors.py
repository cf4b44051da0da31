"""Permission-aware reads. ``arrangements_visible_to`` and ``jeugdigen_visible_to`` are the one
place that decides who may see a case: views, the admin, and later the API, PDFs and the portal
scope every query through them."""

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from funding.models import FundingLine, GroupProposal
from oza.accounts.models import Function, User
from oza.compiled import CompiledRead, attach, compiled_filter

from .cache import caseload_data, reference_data
from .models import (
    Arrangement,
    ArrangementFunction,
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


def visible_arrangement_ids(user) -> QuerySet:
    """The ids of the oza's the user is on the team of; for a functioneel beheerder, only of
    those of jeugdigen opened through break-the-glass. A subquery, read from the teams (or the
    participations) alone: what belongs to an oza (its MDO's, agreements, funding lines) is
    found by it without a join with the oza's own table (a caseload's 3,000 MDO's: 17 to 6 ms)."""
    if not (user.is_authenticated and user.is_active and user.is_professional):
        return Arrangement.objects.none().values("pk")
    if user.is_functional_admin:
        opened = _open_break_glass(user).values("jeugdige_id")
        return Participation.objects.filter(jeugdige_id__in=opened).values("arrangement_id")
    return TeamMember.objects.filter(user=user).values("arrangement_id")


def arrangements_visible_to(user) -> QuerySet[Arrangement]:
    """Oza's the user is on the team of; for a functioneel beheerder, only those of jeugdigen
    opened through break-the-glass (``visible_arrangement_ids``)."""
    return Arrangement.objects.filter(pk__in=visible_arrangement_ids(user))


def participations_visible_to(user) -> QuerySet[Participation]:
    """Who takes part in the oza's the user may see (``visible_arrangement_ids``)."""
    return Participation.objects.filter(arrangement_id__in=visible_arrangement_ids(user))


def jeugdigen_visible_to(user) -> QuerySet[Jeugdige]:
    if not (user.is_authenticated and user.is_active and user.is_professional):
        return Jeugdige.objects.none()
    if user.is_functional_admin:
        return Jeugdige.objects.filter(
            Exists(_open_break_glass(user).filter(jeugdige=OuterRef("pk")))
        )
    return Jeugdige.objects.filter(pk__in=participations_visible_to(user).values("jeugdige_id"))


class TeamRead:
    """``build(user, **values)``, a read that ``arrangements_visible_to`` or
    ``jeugdigen_visible_to`` scope to ``user``: for a team member compiled once per process (their
    access is their team memberships: their id is a value like any other, see oza.compiled); for
    a functioneel beheerder built anew each time, since their access through break-the-glass
    depends on the moment of the request. Either way the rows ``build`` gives."""

    def __init__(self, build: Callable[..., QuerySet], *names: str):
        self.build = build
        self.compiled = CompiledRead(
            lambda user, **values: build(_a_team_member(user), **values), "user", *names
        )

    def __call__(self, user, **values) -> list:
        if not (user.is_authenticated and user.is_active and user.is_professional):
            return []
        if user.is_functional_admin:
            return list(self.build(user, **values))
        return self.compiled(user=user.pk, **values)


def _a_team_member(pk: int) -> User:
    """Who a compiled ``TeamRead`` is built for: a professional, known only by id."""
    return User(pk=pk, function=Function.ONDERWIJSCONSULENT, is_active=True)


def _visible_ozas_of(user, jeugdige):
    if user.is_functional_admin:
        jeugdige = jeugdigen_visible_to(user).filter(pk=jeugdige)
    else:  # a team member sees every jeugdige of the oza's they see: no second check needed
        jeugdige = [jeugdige]
    return arrangements_visible_to(user).filter(participations__jeugdige__in=jeugdige).values("pk")


_VISIBLE_OZAS_OF = TeamRead(_visible_ozas_of, "jeugdige")


def arrangement_ids_of(jeugdige_id: int, *, visible_to) -> list[int]:
    """The ids of the jeugdige's oza's that ``visible_to`` may see, if they may see the
    jeugdige: empty otherwise."""
    return [row["pk"] for row in _VISIBLE_OZAS_OF(visible_to, jeugdige=jeugdige_id)]


_SEARCHABLE = TeamRead(
    lambda user: arrangements_visible_to(user).values(
        "pk",
        "name",
        "participations__jeugdige__first_name",
        "participations__jeugdige__last_name",
        "participations__jeugdige__bsn",
        "participations__jeugdige__school__name",
    )
)

_PARTICIPANT_TEXTS = (
    "participations__jeugdige__first_name",
    "participations__jeugdige__last_name",
    "participations__jeugdige__school__name",
)


def searchable_caseload(user) -> list[tuple[int, tuple[str, ...], frozenset[str]]]:
    """For each oza ``user`` may see: its id, the texts a search looks in (in upper case: the
    name of a group oza, the names and the school of each jeugdige taking part) and the BSNs of
    those jeugdigen. Kept per caseload (``caseload_data``): every search, such as each word
    typed in the search box, then goes through the caseload without reading it again."""
    return caseload_data("searchable", user, lambda: _searchable(_SEARCHABLE(user)))


def _searchable(rows) -> list[tuple[int, tuple[str, ...], frozenset[str]]]:
    texts: dict[int, list[str]] = {}
    bsns: dict[int, set[str]] = {}
    for row in rows:
        pk = row["pk"]
        if pk not in texts:
            texts[pk], bsns[pk] = [row["name"].upper()], set()
        texts[pk].extend(row[field].upper() for field in _PARTICIPANT_TEXTS if row[field])
        if row["participations__jeugdige__bsn"]:
            bsns[pk].add(row["participations__jeugdige__bsn"])
    return [(pk, tuple(texts[pk]), frozenset(bsns[pk])) for pk in texts]


def search_caseload(user, text: str) -> list[int]:
    """The ids of ``user``'s oza's with each word of ``text`` in the name or school of a
    jeugdige taking part or in the name of a group oza (in any case), or equal to the BSN of a
    jeugdige taking part."""
    words = [(word, word.upper()) for word in text.split()]
    return [
        pk
        for pk, texts, bsns in searchable_caseload(user)
        if all(word in bsns or any(upper in t for t in texts) for word, upper in words)
    ]


def is_team_member(user, arrangement: Arrangement) -> bool:
    return any(member.user_id == user.pk for member in arrangement.team_members.all())


def goals_with_evaluations() -> QuerySet[Goal]:
    """Goals with their evaluations prefetched, so ``goal.latest_evaluation`` costs no query."""
    return Goal.objects.prefetch_related(
        Prefetch("evaluations", queryset=GoalEvaluation.objects.select_related("recorded_by"))
    )


# What the oza page, the route guards, the funding panel and the API read of oza's: each set
# made once per process as SQL (oza.compiled), run with the oza's ids.
_TEAM = compiled_filter(
    TeamMember.objects.select_related("user", "user__organisation"), arrangement_id__in="ozas"
)
_PARTICIPATIONS = compiled_filter(
    Participation.objects.select_related("jeugdige", "jeugdige__school", "jeugdige__gemeente"),
    arrangement_id__in="ozas",
)
_PARTICIPATION_ROWS = compiled_filter(Participation.objects.all(), arrangement_id__in="ozas")
_GUARDIANS = compiled_filter(Guardian.objects.all(), jeugdige_id__in="jeugdigen")
_FUNCTIONS = compiled_filter(ArrangementFunction.objects.all(), arrangement_id__in="ozas")
_GOALS = compiled_filter(Goal.objects.all(), arrangement_id__in="ozas")
_EVALUATIONS = compiled_filter(
    GoalEvaluation.objects.select_related("recorded_by"), goal_id__in="goals"
)
_CONSENTS = compiled_filter(
    ConsentRecord.objects.select_related("recorded_by", "jeugdige", "guardian"),
    arrangement_id__in="ozas",
)
_TRANSITIONS = compiled_filter(
    PhaseTransition.objects.select_related("by"), arrangement_id__in="ozas"
)
_FUNDING = compiled_filter(
    FundingLine.objects.select_related("financier", "partner", "requested_by"),
    arrangement_id__in="ozas",
)
_GROUP_PROPOSAL = compiled_filter(GroupProposal.objects.all(), pk="proposal")


_JEUGDIGE_IDS = compiled_filter(
    Participation.objects.values("jeugdige_id"), arrangement_id__in="ozas"
)


def jeugdige_ids_in(arrangement_ids) -> list[int]:
    """The ids of the jeugdigen of the oza's ``arrangement_ids`` (for the audit trail)."""
    return [row["jeugdige_id"] for row in _JEUGDIGE_IDS(ozas=arrangement_ids)]


def with_guardians(jeugdigen: list[Jeugdige]) -> list[Jeugdige]:
    """``jeugdigen`` (which the caller may see) with their guardians as ``guardians.all()``."""
    attach(jeugdigen, "guardians", _GUARDIANS(jeugdigen={j.pk for j in jeugdigen}))
    return jeugdigen


def with_team_and_jeugdigen(arrangements: list[Arrangement]) -> list[Arrangement]:
    """``arrangements``, found through ``arrangements_visible_to``, with their team and
    jeugdigen (participations, each jeugdige with school, gemeente and guardians), each a
    relation's ``.all()`` without a further query."""
    ids = [arrangement.pk for arrangement in arrangements]
    attach(arrangements, "team_members", _TEAM(ozas=ids))
    participations = _PARTICIPATIONS(ozas=ids)
    attach(arrangements, "participations", participations)
    with_guardians([p.jeugdige for p in participations])
    return arrangements


def _with_goals_and_functions(arrangements: list[Arrangement]) -> list[Arrangement]:
    ids = [arrangement.pk for arrangement in arrangements]
    goals = _GOALS(ozas=ids)
    attach(goals, "evaluations", _EVALUATIONS(goals=[goal.pk for goal in goals]))
    attach(arrangements, "goals", goals)
    attach(arrangements, "functions", _FUNCTIONS(ozas=ids))
    return arrangements


_ARRANGEMENTS = compiled_filter(Arrangement.objects.all(), pk__in="ozas")


def arrangements_by_id(arrangement_ids: list[int]) -> list[Arrangement]:
    """The oza's ``arrangement_ids``, which the caller read through ``arrangements_visible_to``
    (a page of a list): one statement, without checking the access again."""
    return _ARRANGEMENTS(ozas=arrangement_ids)


def with_records(arrangements: list[Arrangement]) -> list[Arrangement]:
    """``arrangements``, found through ``arrangements_visible_to``, with what their API
    representation shows: team, participations (the jeugdigen by id), functions, and goals
    with their evaluations."""
    ids = [arrangement.pk for arrangement in arrangements]
    attach(arrangements, "team_members", _TEAM(ozas=ids))
    attach(arrangements, "participations", _PARTICIPATION_ROWS(ozas=ids))
    return _with_goals_and_functions(arrangements)


def with_detail(arrangement: Arrangement) -> Arrangement:
    """``arrangement``, found through ``arrangements_visible_to``, with what the oza page, the
    route guards and the funding guard read of it: its team and jeugdigen
    (``with_team_and_jeugdigen``), functions, goals with their evaluations, consents, history,
    funding lines and group proposal."""
    _with_goals_and_functions(with_team_and_jeugdigen([arrangement]))
    ids = [arrangement.pk]
    attach([arrangement], "consents", _CONSENTS(ozas=ids))
    attach([arrangement], "transitions", _TRANSITIONS(ozas=ids))
    attach([arrangement], "funding_lines", _FUNDING(ozas=ids))
    if arrangement.group_proposal_id:
        (proposal,) = _GROUP_PROPOSAL(proposal=arrangement.group_proposal_id)
        Arrangement.group_proposal.field.set_cached_value(arrangement, proposal)
    return arrangement


def found_or_404(read: TeamRead, user, pk):
    """The one row ``read`` (which takes the value ``pk``) finds for ``user`` by the id ``pk``,
    from a URL or an API path: Http404 when it finds none (the user may not see it) or the id
    is no number."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    found = read(user, pk=pk)
    if not found:
        raise Http404
    (one,) = found
    return one


_VISIBLE_OZA = TeamRead(lambda user, pk: arrangements_visible_to(user).filter(pk=pk), "pk")


def visible_arrangement(user, pk) -> Arrangement:
    """The oza ``pk``; Http404 when ``user`` may not see it."""
    return found_or_404(_VISIBLE_OZA, user, pk)


def arrangement_detail(user, pk) -> Arrangement:
    """The oza ``pk`` with its detail (``with_detail``); Http404 when ``user`` may not see it."""
    return with_detail(visible_arrangement(user, pk))


_JEUGDIGE = TeamRead(
    lambda user, pk: jeugdigen_visible_to(user).filter(pk=pk).select_related("school", "gemeente"),
    "pk",
)
_VISIBLE_PARTICIPATIONS = TeamRead(
    lambda user, jeugdige: (
        participations_visible_to(user)
        .filter(jeugdige_id=jeugdige)
        .select_related("arrangement")
        .order_by("-arrangement__created_at", "-arrangement_id")
    ),
    "jeugdige",
)


def visible_jeugdige(user, pk) -> Jeugdige:
    """The jeugdige ``pk`` with school and gemeente; Http404 when ``user`` may not see them."""
    return found_or_404(_JEUGDIGE, user, pk)


def jeugdige_detail(user, pk) -> Jeugdige:
    """The jeugdige ``pk`` with their guardians and, as ``visible_participations``, their
    part in every oza ``user`` may see, each oza with its team, functions, goals and history;
    Http404 when ``user`` may not see the jeugdige."""
    jeugdige = visible_jeugdige(user, pk)
    with_guardians([jeugdige])
    participations = _VISIBLE_PARTICIPATIONS(user, jeugdige=jeugdige.pk)
    arrangements = [p.arrangement for p in participations]
    ids = [arrangement.pk for arrangement in arrangements]
    attach(arrangements, "team_members", _TEAM(ozas=ids))
    attach(arrangements, "functions", _FUNCTIONS(ozas=ids))
    attach(arrangements, "goals", _GOALS(ozas=ids))
    attach(arrangements, "transitions", _TRANSITIONS(ozas=ids))
    jeugdige.visible_participations = participations
    return jeugdige


def professionals() -> QuerySet:
    """Active professionals (who can join a team), by name."""
    return (
        User.objects.filter(is_active=True)
        .exclude(function__in=[Function.PORTAL, Function.FUNCTIONEEL_BEHEERDER])
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )


@dataclass(frozen=True)
class Professional:
    """A professional as the team member search finds and shows them."""

    pk: int
    name: str
    function: str
    organisation: str
    searched: str  # name, username and organisation in lower case, a line each

    @property
    def function_label(self) -> str:
        return Function(self.function).label


def professionals_directory() -> list[Professional]:
    """Every active professional, by name: what the team member search looks through. Kept in
    each process until a professional or organisation changes, so a search (each word typed)
    reads no rows; some thousands nationally."""

    def read() -> list[Professional]:
        directory = []
        for user in professionals():
            organisation = user.organisation.name if user.organisation else ""
            parts = [user.first_name, user.last_name, user.username, organisation]
            directory.append(
                Professional(
                    pk=user.pk,
                    name=str(user),
                    function=user.function,
                    organisation=organisation or "-",
                    searched="\n".join(parts).lower(),
                )
            )
        return directory

    return reference_data("professionals-directory", read)


def professionals_found(search: str, *, leaving_out: set[int], limit: int) -> list[Professional]:
    """The first ``limit`` professionals whose name, username or organisation hold every word
    of ``search`` (in any case), but those in ``leaving_out`` (user ids), without a query."""
    found = professionals_directory()
    for word in search.lower().split():
        found = [professional for professional in found if word in professional.searched]
    return list(islice((p for p in found if p.pk not in leaving_out), limit))


def team_candidates(arrangement: Arrangement) -> QuerySet:
    """Professionals who can be added to the team of ``arrangement``: not yet on it."""
    return professionals().exclude(team_memberships__arrangement=arrangement)


def team_user_ids(arrangement_id: int) -> set[int]:
    return set(
        TeamMember.objects.filter(arrangement_id=arrangement_id).values_list("user_id", flat=True)
    )
