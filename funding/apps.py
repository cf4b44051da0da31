from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Bekostiging")

    def ready(self):
        from cases import cache

        from . import guards  # noqa: F401  registers the funding guard on the route
        from .models import FundingLine

        # The funding checklist is a cached caseload read (cases/cache.py).
        cache.listen(cache.arrangement_part_changed, FundingLine)
