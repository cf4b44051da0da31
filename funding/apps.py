from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Bekostiging")

    def ready(self):
        from cases import cache

        from . import guards  # noqa: F401  registers the funding guard on the route
        from .models import (
            Escalation,
            EscalationLevel,
            EscalationStep,
            FundingLine,
            GroupProposal,
            ProposalStep,
        )

        # Shown on the oza page and the funding checklist (cases/cache.py).
        cache.listen_to_case_parts(
            {
                Escalation: "arrangement_id",
                EscalationStep: "escalation__arrangement_id",
                FundingLine: "arrangement_id",
                GroupProposal: "arrangements__id",
                ProposalStep: "proposal__arrangements__id",
            }
        )
        # An escalation level shows on anyone's page; a proposal's title and stage in the
        # group oza form's choice of proposal (cases.forms.ReferenceSelect).
        cache.listen(cache.reference_changed, EscalationLevel, GroupProposal)
        cache.listen(cache.proposals_changed, GroupProposal, ProposalStep)
