"""Reads for the AVG pages: which oza's belong to a jeugdige, whose dossier is due for removal,
and the audit log."""

from datetime import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from cases.models import ACTIVE_PHASES, Jeugdige, Participation, Phase, PhaseTransition
from oza.audit.models import AuditEvent

from .models import LegalHold

__all__ = ["ACTIVE_PHASES", "active_legal_hold", "arrangement_ids_of", "audit_log", "retention_due"]

CLOSING_PHASES = [Phase.CLOSED, Phase.ENDED_EARLY]


def arrangement_ids_of(jeugdige: Jeugdige, *, only_own: bool = False) -> list[int]:
    """The oza's the jeugdige took part in; ``only_own``: only those no other jeugdige ever
    took part in (their rows as a whole belong to this jeugdige)."""
    participations = Participation.objects.filter(jeugdige=jeugdige)
    if only_own:
        participations = participations.annotate(
            others=Count(
                "arrangement__participations",
                filter=~Q(arrangement__participations__jeugdige=jeugdige),
            )
        ).filter(others=0)
    return sorted(set(participations.values_list("arrangement_id", flat=True)))


def years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def retention_due(*, now: datetime | None = None) -> QuerySet[Jeugdige]:
    """Jeugdigen whose oza's are all closed (or ended early), the last more than
    ``OZA_RETENTION_YEARS`` ago, without an active legal hold. Annotated with
    ``last_closed_at``."""
    cutoff = years_before(now or timezone.now(), settings.OZA_RETENTION_YEARS)
    last_closed = (
        PhaseTransition.objects.filter(
            arrangement__participations__jeugdige=OuterRef("pk"), to_phase__in=CLOSING_PHASES
        )
        .order_by("-at")
        .values("at")[:1]
    )
    return (
        Jeugdige.objects.filter(Exists(Participation.objects.filter(jeugdige=OuterRef("pk"))))
        .exclude(
            Exists(
                Participation.objects.filter(
                    jeugdige=OuterRef("pk"), arrangement__phase__in=ACTIVE_PHASES
                )
            )
        )
        .exclude(Exists(LegalHold.objects.filter(jeugdige=OuterRef("pk"), cleared_at__isnull=True)))
        .annotate(last_closed_at=Subquery(last_closed))
        .filter(last_closed_at__lt=cutoff)
        .order_by("pk")
    )


def audit_log() -> QuerySet[AuditEvent]:
    """The audit trail for the viewer, newest first, with who and the review mark."""
    return AuditEvent.objects.select_related("actor", "on_behalf_of", "review__reviewed_by")


def active_legal_hold(jeugdige: Jeugdige) -> LegalHold | None:
    return LegalHold.objects.filter(jeugdige=jeugdige, cleared_at__isnull=True).first()
