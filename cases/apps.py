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
            ConsentRecord,
            Goal,
            GoalEvaluation,
            Guardian,
            Jeugdige,
            Participation,
            PhaseTransition,
            TeamMember,
        )

        cache.listen_to_case_parts(
            {
                Arrangement: "id",
                ArrangementFunction: "arrangement_id",
                # A decision about the portal has no oza: the child's oza's show it.
                ConsentRecord: "jeugdige__participations__arrangement_id",
                Goal: "arrangement_id",
                GoalEvaluation: "goal__arrangement_id",
                Guardian: "jeugdige__participations__arrangement_id",
                Jeugdige: "participations__arrangement_id",
                Participation: "arrangement_id",
                PhaseTransition: "arrangement_id",
                TeamMember: "arrangement_id",
            }
        )
        cache.listen(cache.reference_changed, Organisation, User)
        cache.listen(cache.group_oza_changed, Arrangement)
