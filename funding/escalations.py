"""The escalatieladder: the procesbegeleider's mandate to escalate when partners cannot agree
on organising or paying for an oza. Keyword-only services; each writes the audit trail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Arrangement, TeamRole
from cases.services import arrangement_jeugdige_ids
from oza.audit.models import AuditAction
from oza.audit.services import audit_change

from .models import Escalation, EscalationLevel, EscalationStep


def _require_mandate(arrangement: Arrangement, user) -> None:
    """The procesbegeleider has the mandate to escalate (DOMAIN.md, "The MDO")."""
    if not arrangement.team_members.filter(user=user, role=TeamRole.PROCESBEGELEIDER).exists():
        raise ValidationError(_("Alleen de procesbegeleider van dit oza kan escaleren."))


def _require_reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de reden van deze stap.")})
    return reason.strip()


@transaction.atomic
def escalation_raise(
    *, arrangement: Arrangement, by, subject: str, disagreement: str
) -> Escalation:
    """Start an escalation at the first level of the ladder."""
    _require_mandate(arrangement, by)
    first = EscalationLevel.objects.order_by("number").first()
    if first is None:
        raise ValidationError(_("De escalatieladder heeft nog geen treden; vraag de beheerder."))
    escalation = Escalation(
        arrangement=arrangement,
        subject=subject,
        disagreement=disagreement.strip(),
        level=first,
        raised_by=by,
    )
    escalation.full_clean()
    escalation.save()
    EscalationStep.objects.create(
        escalation=escalation,
        level=first,
        by=by,
        reason=escalation.disagreement,
        at=escalation.level_since,
    )
    audit_change(
        actor=by,
        jeugdige_ids=arrangement_jeugdige_ids(arrangement),
        obj=escalation,
        action=AuditAction.CREATE,
        description=_("Escalatie gestart: %(subject)s")
        % {"subject": escalation.get_subject_display()},
    )
    return escalation


@transaction.atomic
def escalation_step_up(*, escalation: Escalation, by, reason: str) -> Escalation:
    """Move an open escalation to the next level of the ladder."""
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    _require_mandate(escalation.arrangement, by)
    if not escalation.is_open:
        raise ValidationError(_("Deze escalatie is al opgelost."))
    reason = _require_reason(reason)
    higher = (
        EscalationLevel.objects.filter(number__gt=escalation.level.number)
        .order_by("number")
        .first()
    )
    if higher is None:
        raise ValidationError(_("Dit is de hoogste trede van de escalatieladder."))
    old = escalation.level
    escalation.level = higher
    escalation.level_since = timezone.now()
    escalation.save(update_fields=["level", "level_since"])
    EscalationStep.objects.create(
        escalation=escalation, level=higher, by=by, reason=reason, at=escalation.level_since
    )
    audit_change(
        actor=by,
        jeugdige_ids=arrangement_jeugdige_ids(escalation.arrangement),
        obj=escalation,
        action=AuditAction.UPDATE,
        description=_("Escalatie naar %(level)s") % {"level": higher},
        changes={"level": [str(old), str(higher)], "reason": reason},
    )
    return escalation


@transaction.atomic
def escalation_resolve(*, escalation: Escalation, by, resolution: str) -> Escalation:
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    _require_mandate(escalation.arrangement, by)
    if not escalation.is_open:
        raise ValidationError(_("Deze escalatie is al opgelost."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Beschrijf de oplossing.")})
    escalation.resolution = resolution.strip()
    escalation.resolved_at = timezone.now()
    escalation.resolved_by = by
    escalation.save(update_fields=["resolution", "resolved_at", "resolved_by"])
    audit_change(
        actor=by,
        jeugdige_ids=arrangement_jeugdige_ids(escalation.arrangement),
        obj=escalation,
        action=AuditAction.UPDATE,
        description=_("Escalatie opgelost"),
        changes={"resolution": [None, escalation.resolution]},
    )
    return escalation
