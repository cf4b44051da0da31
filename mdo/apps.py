from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MdoConfig(AppConfig):
    name = "mdo"
    verbose_name = _("MDO's")

    def ready(self):
        from . import guards  # noqa: F401  registers the route guard of the MDO
