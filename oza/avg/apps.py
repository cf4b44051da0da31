from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AvgConfig(AppConfig):
    name = "oza.avg"
    label = "avg"
    verbose_name = _("AVG en bewaartermijn")
