from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("Uitkomsten")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save
        from django_fsm.signals import post_transition

        from cases import cache
        from cases.models import Arrangement

        from .cache import SOURCE_MODELS, outcome_data_changed
        from .models import SurveyInvitation, SurveyResponse
        from .services import offer_on_transition

        post_transition.connect(
            offer_on_transition, sender=Arrangement, dispatch_uid="outcomes_offer_survey"
        )
        for label in SOURCE_MODELS:
            model = apps.get_model(label)
            for signal in (post_save, post_delete):
                signal.connect(
                    outcome_data_changed, sender=model, dispatch_uid=f"outcomes_cache_{label}"
                )
        # Shown on the portal's page of questionnaires (cases/cache.py).
        cache.listen_to_case_parts(
            {SurveyInvitation: "arrangement_id", SurveyResponse: "arrangement_id"}
        )
