from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MdoConfig(AppConfig):
    name = "mdo"
    verbose_name = _("MDO's")

    def ready(self):
        from cases import cache

        from . import guards  # noqa: F401  registers the route guard of the MDO
        from .models import AgendaItem, Agreement, Amendment, Meeting, Participant

        # Shown on the MDO screen and the oza page (cases/cache.py).
        cache.listen_to_case_parts(
            {
                AgendaItem: "meeting__arrangement_id",
                Agreement: "arrangement_id",
                Amendment: "meeting__arrangement_id",
                Meeting: "arrangement_id",
                Participant: "meeting__arrangement_id",
            }
        )
