"""What a portal user (ouder/verzorger or jeugdige) may see: decided here, as database filters.

``jeugdigen_for_portal_user`` is the one place; every portal page resolves the child in its URL
through it (anything else is a 404). The age rules of DOMAIN.md ("Principles") are computed at
read time from the date of birth and today's date in Europe/Amsterdam, so a birthday changes them
on the day itself without anyone acting:

- under 12: the parents with gezag see the plan;
- 12 to 15: the parents with gezag and the jeugdige see it;
- 16 and older: the jeugdige, and the parents (with or without gezag) only while the latest
  "ouders mogen meekijken" record of the jeugdige says yes;
- a parent without gezag (under 16) sees it only while the latest "ouder zonder gezag mag
  meekijken" record about them, by a parent with gezag, says yes.

Access ends ``OZA_PORTAL_ACCESS_DAYS_AFTER_CLOSE`` days after the last oza of the child was
closed or ended early.
"""

import functools
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.guards import ADULT_DECIDES_AGE, SHARED_CONSENT_AGE
from cases.models import (
    ACTIVE_PHASES,
    Arrangement,
    ArrangementKind,
    ConsentRecord,
    ConsentSubject,
    Guardian,
    Jeugdige,
    Participation,
    Phase,
    PhaseTransition,
    TeamMember,
)
from cases.selectors import goals_with_evaluations, with_guardians
from oza.accounts.models import Function, User
from oza.compiled import CompiledRead, compiled_filter
from oza.documents.models import Document
from oza.documents.selectors import documents_shared_with_family

FINISHED_PHASES = [Phase.CLOSED, Phase.ENDED_EARLY]


def born_on_or_before_for_age(day: date, years: int) -> date:
    """The latest date of birth of someone who is at least ``years`` old on ``day``
    (``cases.models.age_on``: the birthday itself counts; 29 February turns a year older on
    1 March in a year without one)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # day is 29 February, the year ``years`` back has none
        return day.replace(year=day.year - years, day=28)


def is_portal_user(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.function == Function.PORTAL)


def _latest_given(**filters):
    """The ``given`` of the latest ConsentRecord matching ``filters`` (None when there is none)."""
    return Subquery(
        ConsentRecord.objects.filter(**filters).order_by("-recorded_at", "-pk").values("given")[:1]
    )


def arrangements_in_portal_window(day: date | None = None) -> QuerySet[Arrangement]:
    """Oza's a family may still see: running ones, and those closed or ended early less than
    ``OZA_PORTAL_ACCESS_DAYS_AFTER_CLOSE`` days ago."""
    day = day or timezone.localdate()
    since = timezone.make_aware(
        datetime.combine(day - timedelta(days=settings.OZA_PORTAL_ACCESS_DAYS_AFTER_CLOSE), time())
    )
    recently_finished = PhaseTransition.objects.filter(
        arrangement=OuterRef("pk"), to_phase__in=FINISHED_PHASES, at__gte=since
    )
    return Arrangement.objects.filter(Q(phase__in=ACTIVE_PHASES) | Exists(recently_finished))


def jeugdigen_for_portal_user(user, day: date | None = None) -> QuerySet[Jeugdige]:
    """The jeugdigen ``user`` may see in the portal on ``day`` (today in Europe/Amsterdam)."""
    if not is_portal_user(user):
        return Jeugdige.objects.none()
    day = day or timezone.localdate()
    is_16 = Q(date_of_birth__lte=born_on_or_before_for_age(day, ADULT_DECIDES_AGE))
    is_12 = Q(date_of_birth__lte=born_on_or_before_for_age(day, SHARED_CONSENT_AGE))

    parents_may_view = Coalesce(
        _latest_given(
            jeugdige=OuterRef("pk"),
            subject=ConsentSubject.PARENTS_MAY_VIEW,
            guardian__isnull=True,
        ),
        Value(False),
        output_field=BooleanField(),
    )
    my_guardianships = Guardian.objects.filter(jeugdige=OuterRef("pk"), user=user)
    non_custodial_allowed = (
        Guardian.objects.filter(jeugdige=OuterRef("pk"), user=user, has_authority=False)
        .annotate(
            allowed=Coalesce(
                _latest_given(
                    jeugdige=OuterRef("jeugdige_id"),
                    subject=ConsentSubject.NON_CUSTODIAL_MAY_VIEW,
                    about_guardian=OuterRef("pk"),
                    guardian__has_authority=True,
                ),
                Value(False),
                output_field=BooleanField(),
            )
        )
        .filter(allowed=True)
    )
    in_window = Participation.objects.filter(
        jeugdige=OuterRef("pk"), arrangement__in=arrangements_in_portal_window(day)
    )
    # Only the user's own account and the children they are a parent of can pass the rules
    # below; naming those first lets the database test a few rows instead of every jeugdige
    # (the portal's home: 0.2 ms instead of 440 at national scale).
    own_or_parent = (
        Guardian.objects.filter(user=user)
        .order_by()
        .values("jeugdige_id")
        .union(Jeugdige.objects.filter(portal_user=user).order_by().values("pk"))
    )
    return (
        Jeugdige.objects.filter(pk__in=own_or_parent)
        .annotate(parents_may_view=parents_may_view)
        .filter(Exists(in_window))
        .filter(
            # The jeugdige's own account, from 12.
            (Q(portal_user=user) & is_12)
            # Under 16: parents with gezag, and a parent without gezag allowed by one.
            | (
                ~is_16
                & (
                    Exists(my_guardianships.filter(has_authority=True))
                    | Exists(non_custodial_allowed)
                )
            )
            # 16 and older: any parent, only while the jeugdige allows it.
            | (is_16 & Q(parents_may_view=True) & Exists(my_guardianships))
        )
    )


def portal_children(user, day: date | None = None) -> list[Jeugdige]:
    """``jeugdigen_for_portal_user``: the children on the portal's home."""
    if not is_portal_user(user):
        return []
    return _reads_of(day)["children"](user=user.pk)


def portal_child(user, pk: int, day: date | None = None) -> Jeugdige:
    """One child of this portal user with what every portal page shows, or DoesNotExist."""
    if not is_portal_user(user):
        raise Jeugdige.DoesNotExist
    found = _reads_of(day)["child"](user=user.pk, child=pk)
    if not found:
        raise Jeugdige.DoesNotExist
    return with_guardians(found)[0]


def _reads_of(day: date | None) -> dict[str, CompiledRead]:
    return _portal_reads(day or timezone.localdate(), settings.OZA_PORTAL_ACCESS_DAYS_AFTER_CLOSE)


@functools.lru_cache(maxsize=8)
def _portal_reads(day: date, days_after_close: int) -> dict[str, CompiledRead]:
    """``jeugdigen_for_portal_user`` on ``day``, for the home page (every child) and for every
    child's page (one child, with school and portal account), made once a day (and per
    setting) per process (oza.compiled): building and compiling that query cost every portal
    page 4.5 to 9 ms, more than running it. The rule is the selector's; only who asks and
    about whom change per request. ``days_after_close`` is the setting the window is read
    with, part of the key."""

    def children(user):
        return jeugdigen_for_portal_user(
            User(pk=user, function=Function.PORTAL, is_active=True), day
        )

    return {
        "children": CompiledRead(children, "user"),
        "child": CompiledRead(
            lambda user, child: (
                children(user).filter(pk=child).select_related("school", "portal_user")
            ),
            "user",
            "child",
        ),
    }


_CHILD_OZAS = compiled_filter(Participation.objects.values("arrangement_id"), jeugdige_id="child")


def arrangement_ids_of_child(jeugdige: Jeugdige) -> list[int]:
    """Every oza the child takes part in: those the portal shows are among them. (Compiled:
    every portal plan, from the cache or not, reads them first.)"""
    return [row["arrangement_id"] for row in _CHILD_OZAS(child=jeugdige.pk)]


def portal_arrangements(jeugdige: Jeugdige, day: date | None = None) -> QuerySet[Arrangement]:
    """The child's oza's a family may see (running or recently finished), with their team."""
    return (
        arrangements_in_portal_window(day)
        .filter(participations__jeugdige=jeugdige)
        .distinct()
        .prefetch_related(
            Prefetch(
                "team_members",
                queryset=TeamMember.objects.select_related("user", "user__organisation"),
            ),
            Prefetch("goals", queryset=goals_with_evaluations()),
        )
        .order_by("-created_at", "-pk")
    )


def guardian_of(user, jeugdige: Jeugdige) -> Guardian | None:
    """The Guardian row through which ``user`` is a parent of ``jeugdige``, if any."""
    return next((g for g in jeugdige.guardians.all() if g.user_id == user.pk), None)


def consent_history(jeugdige: Jeugdige) -> QuerySet[ConsentRecord]:
    """Every decision about this child, newest first: akkoord and the portal permissions."""
    return (
        ConsentRecord.objects.filter(jeugdige=jeugdige)
        .select_related("jeugdige", "guardian", "about_guardian", "recorded_by", "arrangement")
        .order_by("-recorded_at", "-pk")
    )


def latest_decision(
    jeugdige: Jeugdige, *, subject: str, guardian=None, arrangement=None, about_guardian=None
) -> ConsentRecord | None:
    filters = {"jeugdige": jeugdige, "subject": subject, "guardian": guardian}
    if arrangement is not None:
        filters["arrangement"] = arrangement
    if about_guardian is not None:
        filters["about_guardian"] = about_guardian
    return ConsentRecord.objects.filter(**filters).order_by("-recorded_at", "-pk").first()


# --- What the family sees of the MDO's --------------------------------------------------------
def upcoming_meetings(arrangements) -> QuerySet:
    from mdo.models import UPCOMING_STATUSES, Meeting

    return (
        Meeting.objects.filter(
            arrangement__in=arrangements,
            status__in=UPCOMING_STATUSES,
            starts_at__gte=timezone.now(),
        )
        .select_related("arrangement", "chair")
        .order_by("starts_at", "pk")
    )


def next_meeting(arrangements):
    """The next planned MDO of these oza's, or None."""
    return upcoming_meetings(arrangements).first()


def shared_agreements(arrangements) -> QuerySet:
    """Afspraken the team shared with the family, made in MDO's that were held."""
    from mdo.models import Agreement, MeetingStatus

    return (
        Agreement.objects.filter(
            arrangement__in=arrangements,
            shared_with_family=True,
            meeting__status=MeetingStatus.HELD,
        )
        .select_related("owner", "meeting")
        .order_by("due_date", "pk")
    )


def shared_report_items(arrangements) -> QuerySet:
    """The parts of the verslag of held MDO's that the team shared with the family."""
    from mdo.models import AgendaItem, MeetingStatus

    return (
        AgendaItem.objects.filter(
            meeting__arrangement__in=arrangements,
            meeting__status=MeetingStatus.HELD,
            shared_with_family=True,
        )
        .select_related("meeting")
        .order_by("-meeting__starts_at", "meeting_id", "position", "pk")
    )


def owner_label(agreement, jeugdige: Jeugdige) -> str:
    """Who carries out an afspraak: a professional by name; in a group, another family only by
    their part, never by name."""
    from mdo.models import ParticipantKind

    owner = agreement.owner
    own_family = owner.jeugdige_id == jeugdige.pk or any(
        g.pk == owner.guardian_id for g in jeugdige.guardians.all()
    )
    if owner.kind in (ParticipantKind.PARENT, ParticipantKind.JEUGDIGE) and not own_family:
        return str(owner.get_kind_display())
    return owner.name


def surveys_for(user, jeugdige: Jeugdige, arrangements) -> QuerySet:
    """Questionnaires offered to ``user`` about this child's visible oza's."""
    from outcomes.models import SurveyInvitation

    return (
        SurveyInvitation.objects.filter(user=user, jeugdige=jeugdige, arrangement__in=arrangements)
        .select_related("arrangement", "response")
        .order_by("-offered_at", "-pk")
    )


def portal_documents(jeugdige: Jeugdige, arrangements) -> QuerySet[Document]:
    """PDF versions the team shared with the family of ``jeugdige``, from the oza's the family
    may see: the child's own plans, and verslagen of the child's individual oza's (a family
    copy of a group MDO is never made)."""
    return (
        documents_shared_with_family()
        .filter(arrangement__in=arrangements)
        .filter(
            Q(jeugdige=jeugdige)
            | Q(jeugdige__isnull=True, arrangement__kind=ArrangementKind.INDIVIDUAL)
        )
        .order_by("-rendered_at", "-pk")
    )
