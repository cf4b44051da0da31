"""Whose oza's a person sees the outcome figures of. Policy staff see aggregates of their
region; professionals see their own caseload (as procesbegeleider) or their teams' oza's,
scoped through ``cases.selectors.arrangements_visible_to``."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from cases.models import Arrangement, Jeugdige, Participation, TeamMember, TeamRole
from cases.selectors import arrangements_visible_to
from oza.accounts.models import Region


class NoRegion(Exception):
    """A beleidsmedewerker whose organisation belongs to no region: no figures."""


@dataclass
class OutcomeScope:
    arrangements: QuerySet
    label: str
    # Identifies whose oza's these are (a region, a person's caseload or teams): cached figures
    # are shared only between scopes with the same key.
    cache_key: str
    region: Region | None = None
    # The jeugdigen whose figures count (a region's); None: every jeugdige of the oza's.
    jeugdigen: QuerySet | None = None
    # Policy staff see aggregates only: no link to the oza's behind a figure.
    drill_down: bool = True


def may_view_outcomes(user) -> bool:
    return user.is_authenticated and user.is_professional and not user.is_functional_admin


def region_jeugdigen(region: Region) -> QuerySet:
    """The region's jeugdigen: those whose woongemeente lies in it."""
    return Jeugdige.objects.filter(gemeente__region=region)


def region_arrangements(region: Region) -> QuerySet:
    """Oza's with a jeugdige whose woongemeente lies in ``region``."""
    return Arrangement.objects.filter(
        Exists(
            Participation.objects.filter(
                arrangement=OuterRef("pk"), jeugdige__gemeente__region=region
            )
        )
    )


def outcome_scope(user) -> OutcomeScope:
    """Raise PermissionDenied for functioneel beheerders and portal users, NoRegion for a
    beleidsmedewerker without a region."""
    if not may_view_outcomes(user):
        raise PermissionDenied(_("Deze pagina is alleen voor professionals en beleidsmedewerkers."))
    if user.is_policy_officer:
        region = user.region
        if region is None:
            raise NoRegion
        return OutcomeScope(
            region_arrangements(region),
            str(region),
            f"region:{region.pk}",
            region=region,
            jeugdigen=region_jeugdigen(region),
            drill_down=False,
        )
    if TeamMember.objects.filter(user=user, role=TeamRole.PROCESBEGELEIDER).exists():
        caseload = Arrangement.objects.filter(
            Exists(
                TeamMember.objects.filter(
                    arrangement=OuterRef("pk"), user=user, role=TeamRole.PROCESBEGELEIDER
                )
            )
        )
        return OutcomeScope(
            caseload, _("Mijn caseload (als procesbegeleider)"), f"caseload:{user.pk}"
        )
    return OutcomeScope(
        arrangements_visible_to(user), _("De oza's van mijn teams"), f"teams:{user.pk}"
    )
