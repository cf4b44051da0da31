"""Writes for funding lines; each validates, saves and writes the audit trail."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, can_proceed

from cases.cache import ozas_changed
from cases.services import TransitionRefused, arrangement_jeugdige_ids, save_versioned_audited
from oza.audit.models import AuditAction
from oza.audit.services import audit_change

from .models import FundingLine, FundingStatus

FIELDS = [
    "kind",
    "tlv_category",
    "financier",
    "partner",
    "amount",
    "unit",
    "start_date",
    "end_date",
    "decision_reference",
    "requested_by",
    "requested_on",
    "overlap_explanation",
]
# Lines that still count for overlap: refused and ended ones no longer pay for anything.
LIVE_STATUSES = [FundingStatus.REQUESTED, FundingStatus.GRANTED, FundingStatus.EXPIRED]


def _check_overlap(line: FundingLine) -> None:
    """Periods of the same kind for the same partner may not overlap, unless explained."""
    overlapping = (
        FundingLine.objects.filter(
            arrangement=line.arrangement_id,
            kind=line.kind,
            partner=line.partner_id,
            status__in=LIVE_STATUSES,
            start_date__lte=line.end_date,
            end_date__gte=line.start_date,
        )
        .exclude(pk=line.pk)
        .first()
    )
    if overlapping and not line.overlap_explanation.strip():
        raise ValidationError(
            {
                "overlap_explanation": _(
                    "Deze periode overlapt met %(other)s van %(start)s tot en met %(end)s. Pas de "
                    "periode aan of licht de overlap toe."
                )
                % {
                    "other": overlapping,
                    "start": overlapping.start_date.strftime("%d-%m-%Y"),
                    "end": overlapping.end_date.strftime("%d-%m-%Y"),
                }
            }
        )


@transaction.atomic
def funding_line_save(*, by, line: FundingLine, expected_version: int | None = None) -> FundingLine:
    """Add a line (status aangevraagd) or change one. A change saves only if nobody else saved
    the line since ``expected_version`` (default: the version ``line`` was loaded with), else
    cases.services.ConcurrentEdit; its status is never touched here."""
    if line._state.adding:
        line.created_by = by
    return save_versioned_audited(
        by=by,
        instance=line,
        fields=FIELDS,
        expected_version=expected_version,
        jeugdige_ids=arrangement_jeugdige_ids(line.arrangement),
        description=_("Bekostigingsregel vastgelegd: %(line)s") % {"line": line},
        check=_check_overlap,
    )


DECISIONS = {
    "grant": FundingStatus.GRANTED,
    "refuse": FundingStatus.REFUSED,
    "end": FundingStatus.ENDED,
}


def funding_line_decide(
    *,
    by,
    line: FundingLine,
    decision: str,
    decided_on: date | None = None,
    decision_reference: str = "",
) -> FundingLine:
    """Record the financier's decision: grant or refuse a request, or end a granted line."""
    if decision not in DECISIONS:
        raise TransitionRefused([_("Onbekend besluit.")])
    method = getattr(line, decision)
    if not can_proceed(method):
        raise TransitionRefused(
            [
                _("Dit kan niet bij een regel met status %(status)s.")
                % {"status": line.get_status_display()}
            ]
        )
    old = line.status
    try:
        with transaction.atomic():
            method()
            # Ending keeps the grant's date: the end has its own.
            date_field = "ended_on" if decision == "end" else "decided_on"
            setattr(line, date_field, decided_on or timezone.localdate())
            if decision_reference:
                line.decision_reference = decision_reference
            line.save(update_fields=["status", date_field, "decision_reference"])
            audit_change(
                actor=by,
                jeugdige_ids=arrangement_jeugdige_ids(line.arrangement),
                obj=line,
                action=AuditAction.UPDATE,
                description=_("Bekostiging %(line)s: %(status)s")
                % {"line": line, "status": line.get_status_display().lower()},
                changes={"status": [old, line.status]},
            )
    except ConcurrentTransition:
        line.refresh_from_db()
        raise TransitionRefused(
            [_("Iemand anders heeft deze regel zojuist gewijzigd. Bekijk de actuele status.")]
        ) from None
    return line


def expire_lapsed_lines(*, today: date | None = None) -> int:
    """Granted lines whose end date has passed become verlopen, in one statement.

    The date does this, not a person, so it is not written to the (per person) audit trail;
    the line's status and end date show what happened."""
    today = today or timezone.localdate()
    lapsed = FundingLine.objects.filter(status=FundingStatus.GRANTED, end_date__lt=today)
    arrangement_ids = set(lapsed.values_list("arrangement_id", flat=True))
    expired = lapsed.update(status=FundingStatus.EXPIRED)
    ozas_changed(arrangement_ids)  # update() sends no post_save
    return expired
