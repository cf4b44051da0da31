from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("Uitkomsten")

    def ready(self):
        from django_fsm.signals import post_transition

        from cases.models import Arrangement

        from .services import offer_on_transition

        post_transition.connect(
            offer_on_transition, sender=Arrangement, dispatch_uid="outcomes_offer_survey"
        )
