"""The outcome figures, cached. Computing them costs a region a few hundred milliseconds of
SQL, and the dashboard, its exports and the API ask for the same figures again and again.

An entry is keyed by everything that changes the figures: whose oza's they are about
(``OutcomeScope.cache_key``, set by the access rule itself), the period, the filters, the lead
time norm, today (the occupancy of a period not yet over is counted on today), and the *data
version*: one number in the cache, raised by every write to a model the indicators read
(``outcome_data_changed``, connected in ``OutcomesConfig.ready``). A write thus leaves every
cached entry unreachable at once. Entries expire after ``OZA_OUTCOMES_CACHE_SECONDS``, which
bounds what a write the signals miss (a bulk load, a queryset ``update``) can leave stale.

Only plain data is cached (the numbers of ``compute_figures``); the tables, their labels in
the reader's language and the suppression are made again for every request."""

import contextlib
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from oza.caching import cached_when_shared, now_and_on_commit, versions

from .filtersets import OutcomeFilterSet
from .indicators import Period
from .report import compute_figures
from .selectors import OutcomeScope

DATA_VERSION_KEY = "outcomes:data-version"

# What the indicators, the filters and the scopes read: a write to any of these may change a
# figure (a jeugdige's gemeente or school type, a team, a TLV, ...).
SOURCE_MODELS = [
    "cases.Arrangement",
    "cases.ArrangementFunction",
    "cases.Participation",
    "cases.PhaseTransition",
    "cases.Goal",
    "cases.GoalEvaluation",
    "cases.Jeugdige",
    "cases.TeamMember",
    "funding.FundingLine",
    "outcomes.SurveyInvitation",
    "outcomes.SurveyResponse",
    "accounts.Organisation",
]


def data_version() -> int:
    return versions(DATA_VERSION_KEY)[0]


def _raise_data_version() -> None:
    # ValueError: not in the cache, so nothing to raise; the next read starts a new number.
    with contextlib.suppress(ValueError):
        cache.incr(DATA_VERSION_KEY)


def outcome_data_changed(sender, using=None, **kwargs) -> None:
    """post_save / post_delete receiver for ``SOURCE_MODELS``."""
    now_and_on_commit(_raise_data_version, using=using)


def _figures_key(scope: OutcomeScope, filterset: OutcomeFilterSet, period: Period) -> str:
    filters = {name: str(getattr(value, "pk", value)) for name, value in filterset.used().items()}
    parts = [
        data_version(),
        scope.cache_key,
        period.start.isoformat(),
        period.end.isoformat(),
        sorted(filters.items()),
        settings.OZA_LEAD_TIME_NORM_DAYS,
        timezone.localdate().isoformat(),
    ]
    return "outcomes:figures:" + hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def cached_figures(scope: OutcomeScope, filterset: OutcomeFilterSet, period: Period) -> dict:
    """``compute_figures`` for the scope's oza's that pass the filters, from the cache when
    nothing changed since they were computed."""
    return cached_when_shared(
        _figures_key(scope, filterset, period),
        lambda: compute_figures(
            filterset.qs, period, jeugdigen=filterset.jeugdigen(scope.jeugdigen)
        ),
        settings.OZA_OUTCOMES_CACHE_SECONDS,
    )
