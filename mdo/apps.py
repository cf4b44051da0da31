from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MdoConfig(AppConfig):
    name = "mdo"
    verbose_name = _("MDO's")
