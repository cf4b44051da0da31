from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "oza.portal"
    label = "portal"
    verbose_name = _("Portaal voor ouders en jeugdigen")

    def ready(self):
        from cases import cache

        from .models import PortalInvitation

        # On the portal access page (cases/cache.py).
        cache.listen_to_case_parts({PortalInvitation: "jeugdige__participations__arrangement_id"})
