from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Bekostiging")

    def ready(self):
        from django.db.models.signals import post_save, pre_delete

        from cases import cache

        from . import guards  # noqa: F401  registers the funding guard on the route
        from .models import FundingLine

        # The funding checklist is a cached caseload read (cases/cache.py).
        for signal in (post_save, pre_delete):
            signal.connect(
                cache.arrangement_part_changed,
                sender=FundingLine,
                dispatch_uid="caseload_cache_funding_line",
            )
