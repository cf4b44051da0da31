"""Where a jeugdige's data lives: one list for the inzage export and the retention removal.

Every model with a foreign-key path to ``cases.Jeugdige`` (directly, or through the oza) is
either listed in ``JEUGDIGE_DATA`` or excluded in ``NOT_EXPORTED`` with a reason;
tests/security/test_avg.py walks all models and fails when a new one is in neither."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import FileField, Q


@dataclass(frozen=True)
class Link:
    """How rows of a model belong to one jeugdige.

    ``direct``: lookups that point at the jeugdige's id. ``via_arrangement``: the lookup of
    the oza, for rows about the oza as a whole (for a group oza only rows that name no other
    jeugdige through ``direct``). ``kept``: never removed (the audit trail)."""

    direct: tuple[str, ...] = ()
    via_arrangement: str | None = None
    kept: bool = False


JEUGDIGE_DATA: dict[str, Link] = {
    "cases.Jeugdige": Link(direct=("pk",)),
    "cases.Guardian": Link(direct=("jeugdige",)),
    "cases.Participation": Link(direct=("jeugdige",)),
    "cases.Arrangement": Link(via_arrangement="pk"),
    "cases.ArrangementFunction": Link(via_arrangement="arrangement"),
    "cases.TeamMember": Link(via_arrangement="arrangement"),
    "cases.Goal": Link(via_arrangement="arrangement"),
    "cases.GoalEvaluation": Link(via_arrangement="goal__arrangement"),
    "cases.ConsentRecord": Link(direct=("jeugdige",)),
    "cases.PhaseTransition": Link(via_arrangement="arrangement"),
    "cases.BreakGlassAccess": Link(direct=("jeugdige",)),
    "mdo.Meeting": Link(via_arrangement="arrangement"),
    "mdo.Participant": Link(
        direct=("jeugdige", "guardian__jeugdige"), via_arrangement="meeting__arrangement"
    ),
    "mdo.AgendaItem": Link(via_arrangement="meeting__arrangement"),
    "mdo.Agreement": Link(
        direct=("owner__jeugdige", "owner__guardian__jeugdige"), via_arrangement="arrangement"
    ),
    "mdo.Amendment": Link(via_arrangement="meeting__arrangement"),
    "funding.FundingLine": Link(via_arrangement="arrangement"),
    "funding.Escalation": Link(via_arrangement="arrangement"),
    "funding.EscalationStep": Link(via_arrangement="escalation__arrangement"),
    "outcomes.SurveyInvitation": Link(direct=("jeugdige",)),
    "outcomes.SurveyResponse": Link(direct=("invitation__jeugdige",)),
    "documents.Document": Link(direct=("jeugdige",), via_arrangement="arrangement"),
    "portal.PortalInvitation": Link(direct=("jeugdige",)),
    "avg.LegalHold": Link(direct=("jeugdige",)),
    "avg.InzageExport": Link(direct=("jeugdige",)),
    # The access log: part of the inzage answer, and kept as the legal log after removal.
    "audit.AuditEvent": Link(direct=("jeugdige",), kept=True),
}

# Linked to a jeugdige but not in the export, each with the reason. They are removed with
# their oza (CASCADE) where they are not kept.
NOT_EXPORTED: dict[str, str] = {
    "cases.OverdueNotice": "bookkeeping that an e-mail about an overdue oza was sent; no content",
    "mdo.SentReminder": "bookkeeping that an MDO reminder was sent; no content",
    "funding.FundingExpiryNotice": "bookkeeping that a funding expiry e-mail was sent",
    "avg.AuditReview": "a beheerder's review mark on an audit row; kept with the audit trail",
}


def rows(label: str, *, jeugdige_id: int, arrangement_ids):
    """The rows of model ``label`` that belong to the jeugdige, given the ids of the oza's
    whose rows as a whole count (all their oza's for the export; for removal only those that
    no other jeugdige takes part in)."""
    link = JEUGDIGE_DATA[label]
    model = apps.get_model(label)
    condition = Q(pk__in=[])
    for path in link.direct:
        condition |= Q(**{path: jeugdige_id})
    if link.via_arrangement:
        about_the_oza = Q(**{f"{link.via_arrangement}__in": list(arrangement_ids)})
        for path in link.direct:
            about_the_oza &= Q(**{f"{path}__isnull": True})
        condition |= about_the_oza
    return model._base_manager.filter(condition).distinct().order_by("pk")


def stored_files(model, rows) -> list[tuple]:
    """(storage, name) of every file the rows keep in a FileField."""
    fields = [field for field in model._meta.concrete_fields if isinstance(field, FileField)]
    if not fields:
        return []
    return [
        (field.storage, name)
        for values in rows.values_list(*(field.name for field in fields))
        for field, name in zip(fields, values, strict=True)
        if name
    ]


def removal_order() -> list[str]:
    """The removable models, each before any model it points at (so PROTECT never fires)."""
    remaining = {label for label, link in JEUGDIGE_DATA.items() if not link.kept}
    models = {label: apps.get_model(label) for label in remaining}
    order = []
    while remaining:
        ready = sorted(
            label
            for label in remaining
            if not any(
                _points_at(models[other], models[label]) for other in remaining if other != label
            )
        )
        if not ready:
            raise RuntimeError(f"No removal order for {sorted(remaining)}")
        order.extend(ready)
        remaining.difference_update(ready)
    return order


def _points_at(model, target) -> bool:
    return any(
        field.related_model is target
        for field in model._meta.concrete_fields
        if field.is_relation and (field.many_to_one or field.one_to_one)
    )
