from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Dossiers")

    def ready(self):
        from django.db.models.signals import post_save, pre_delete

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

        # Before a delete, while the team the change reaches can still be read.
        receivers = [
            (cache.arrangement_changed, [Arrangement]),
            (
                cache.arrangement_part_changed,
                [ArrangementFunction, Goal, Participation, TeamMember],
            ),
            (cache.goal_evaluation_changed, [GoalEvaluation]),
            (cache.jeugdige_changed, [Jeugdige]),
            (cache.reference_changed, [Organisation, User]),
        ]
        for receiver, models in receivers:
            for model in models:
                for signal in (post_save, pre_delete):
                    signal.connect(
                        receiver,
                        sender=model,
                        dispatch_uid=f"caseload_cache_{receiver.__name__}_{model.__name__}",
                    )
