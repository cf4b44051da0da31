from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Dossiers")

    def ready(self):
        from oza.accounts.models import Organisation, User

        from . import (
            cache,
            guards,  # noqa: F401  registers the route's core guards
        )
        from .models import (
            Arrangement,
            ArrangementFunction,
            Goal,
            GoalEvaluation,
            Jeugdige,
            Participation,
            TeamMember,
        )

        cache.listen(cache.arrangement_changed, Arrangement)
        cache.listen(
            cache.arrangement_part_changed, ArrangementFunction, Goal, Participation, TeamMember
        )
        cache.listen(cache.goal_evaluation_changed, GoalEvaluation)
        cache.listen(cache.jeugdige_changed, Jeugdige)
        cache.listen(cache.reference_changed, Organisation, User)
