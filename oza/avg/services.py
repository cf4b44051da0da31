"""AVG work of the functioneel beheerder: the inzage export, legal holds, review marks of
break-the-glass reads, and the one deliberate path that removes a dossier after its retention
period (``purge_jeugdige``)."""

import json
import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Jeugdige, Participation
from oza.accounts.models import Function, User
from oza.audit.append_only import retention_purge
from oza.audit.models import AuditAction, AuditEvent
from oza.audit.services import audit_change

from . import registry, rendering, selectors
from .models import AuditReview, InzageExport, InzageStatus, LegalHold, RetentionTombstone

logger = logging.getLogger(__name__)

RETENTION_RULE = "jeugdwet-bewaartermijn"


def _require_admin(user):
    if not user.is_functional_admin:
        raise ValidationError(_("Alleen een functioneel beheerder mag dit doen."))


# --- Inzage -------------------------------------------------------------------------------
def inzage_data(jeugdige: Jeugdige) -> dict:
    """Everything stored about ``jeugdige``, per model (see ``registry.JEUGDIGE_DATA``), with
    the access log. Reads only; ``inzage_export`` and the PDF log who asked."""
    arrangement_ids = selectors.arrangement_ids_of(jeugdige)
    data = {}
    for label in registry.JEUGDIGE_DATA:
        queryset = registry.rows(label, jeugdige_id=jeugdige.pk, arrangement_ids=arrangement_ids)
        data[label] = [
            {"id": row["pk"], **row["fields"]} for row in serializers.serialize("python", queryset)
        ]
    return {"jeugdige_id": jeugdige.pk, "gemaakt_op": timezone.now(), "gegevens": data}


def inzage_export(*, by, jeugdige: Jeugdige) -> dict:
    """The inzage export as data (for JSON). The caller has checked access (break-the-glass);
    the export is logged."""
    _require_admin(by)
    export = inzage_data(jeugdige)
    export["gemaakt_door"] = by.username
    audit_change(
        actor=by,
        jeugdige_ids=[jeugdige.pk],
        obj=jeugdige,
        action=AuditAction.EXPORT,
        description=_("Inzageverzoek: export van alle gegevens"),
    )
    return export


def inzage_json(export: dict) -> str:
    return json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


@transaction.atomic
def inzage_pdf_request(*, by, jeugdige: Jeugdige) -> InzageExport:
    """Ask for the PDF form of the inzage export; a Celery task renders it after commit."""
    _require_admin(by)
    export = InzageExport.objects.create(jeugdige=jeugdige, requested_by=by)
    audit_change(
        actor=by,
        jeugdige_ids=[jeugdige.pk],
        obj=export,
        action=AuditAction.EXPORT,
        description=_("Inzageverzoek: PDF aangevraagd"),
    )
    from .tasks import render_inzage_pdf

    transaction.on_commit(lambda: render_inzage_pdf.delay(export.pk))
    return export


def inzage_pdf_render(*, export_pk: int) -> InzageExport | None:
    """Render a waiting PDF (called by the Celery task); a failure is stored, not raised."""
    claimed = InzageExport.objects.filter(pk=export_pk, status=InzageStatus.PENDING)
    export = claimed.select_related("jeugdige", "requested_by").first()
    if export is None:
        return None
    try:
        pdf = rendering.render_inzage_pdf(export, inzage_data(export.jeugdige))
        export.page_count = pdf.page_count
        export.file.save(f"{export.pk}.pdf", ContentFile(pdf.content), save=False)
    except Exception as error:  # anything at all: the row must not stay waiting
        logger.exception("Rendering inzage export %s failed", export_pk)
        InzageExport.objects.filter(pk=export_pk).update(
            status=InzageStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        export.refresh_from_db()
        return export
    export.status = InzageStatus.DONE
    export.save(update_fields=["status", "page_count", "file"])
    return export


# --- Legal hold ---------------------------------------------------------------------------
@transaction.atomic
def legal_hold_set(*, by, jeugdige: Jeugdige, reason: str) -> LegalHold:
    _require_admin(by)
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Beschrijf de reden in minstens tien tekens.")})
    Jeugdige.objects.select_for_update().get(pk=jeugdige.pk)
    if LegalHold.objects.filter(jeugdige=jeugdige, cleared_at__isnull=True).exists():
        raise ValidationError(_("Voor deze jeugdige geldt al een bewaarplicht."))
    hold = LegalHold.objects.create(jeugdige=jeugdige, reason=reason, set_by=by)
    audit_change(
        actor=by,
        jeugdige_ids=[jeugdige.pk],
        obj=hold,
        action=AuditAction.CREATE,
        description=_("Bewaarplicht ingesteld: %(reason)s") % {"reason": reason[:200]},
    )
    return hold


@transaction.atomic
def legal_hold_clear(*, by, jeugdige: Jeugdige) -> LegalHold:
    _require_admin(by)
    hold = (
        LegalHold.objects.select_for_update()
        .filter(jeugdige=jeugdige, cleared_at__isnull=True)
        .first()
    )
    if hold is None:
        raise ValidationError(_("Voor deze jeugdige geldt geen bewaarplicht."))
    hold.cleared_by = by
    hold.cleared_at = timezone.now()
    hold.save(update_fields=["cleared_by", "cleared_at"])
    audit_change(
        actor=by,
        jeugdige_ids=[jeugdige.pk],
        obj=hold,
        action=AuditAction.UPDATE,
        description=_("Bewaarplicht opgeheven"),
        changes={"cleared_at": [None, hold.cleared_at]},
    )
    return hold


# --- Review of break-the-glass reads ------------------------------------------------------
@transaction.atomic
def audit_review(*, by, event: AuditEvent) -> AuditReview:
    """Mark a break-the-glass read as beoordeeld (once)."""
    _require_admin(by)
    if not event.break_the_glass:
        raise ValidationError(_("Alleen gebeurtenissen via noodtoegang worden beoordeeld."))
    if event.actor_id == by.pk:
        raise ValidationError(_("Een andere beheerder beoordeelt uw eigen noodtoegang."))
    if AuditReview.objects.filter(event=event).exists():
        raise ValidationError(_("Deze gebeurtenis is al beoordeeld."))
    return AuditReview.objects.create(event=event, reviewed_by=by)


# --- Retention ----------------------------------------------------------------------------
def purge_expired_dossiers(*, now: datetime | None = None) -> list[RetentionTombstone]:
    """Remove every jeugdige whose last oza closed more than ``OZA_RETENTION_YEARS`` ago and
    who has no legal hold; one transaction per jeugdige. Run daily by Celery beat."""
    tombstones = []
    for jeugdige in selectors.retention_due(now=now):
        try:
            tombstone = purge_jeugdige(
                jeugdige=jeugdige,
                rule=f"{RETENTION_RULE}-{settings.OZA_RETENTION_YEARS}-jaar",
                reason=_("Bewaartermijn van %(years)s jaar na afsluiting verstreken")
                % {"years": settings.OZA_RETENTION_YEARS},
                last_closed_at=jeugdige.last_closed_at,
            )
        except ValidationError as error:
            # A legal hold or a new oza came in since the selection: keep the dossier.
            logger.warning("Retention removal of jeugdige %s skipped: %s", jeugdige.pk, error)
            continue
        tombstones.append(tombstone)
    return tombstones


def purge_jeugdige(*, jeugdige: Jeugdige, rule: str, reason: str, last_closed_at=None):
    """THE deletion path for a jeugdige's dossier, all or nothing in one transaction:

    - refuses while a legal hold is active, or while an oza of the jeugdige is still active;
    - removes every row of ``registry.JEUGDIGE_DATA`` (append-only ones too, through
      ``retention_purge()``), of oza's no other jeugdige takes part in as a whole, and of
      group oza's only the rows about this jeugdige;
    - keeps the audit trail (it holds no content, and is the legal log);
    - makes portal accounts that served only this jeugdige anonymous and inactive (the audit
      trail points at them);
    - deletes the stored files of those rows (generated PDFs) once the transaction committed;
    - writes a ``RetentionTombstone`` without personal data."""
    with transaction.atomic():
        jeugdige = Jeugdige.objects.select_for_update().get(pk=jeugdige.pk)
        if LegalHold.objects.filter(jeugdige=jeugdige, cleared_at__isnull=True).exists():
            raise ValidationError(_("Voor deze jeugdige geldt een bewaarplicht."))
        if Participation.objects.filter(
            jeugdige=jeugdige, arrangement__phase__in=selectors.ACTIVE_PHASES
        ).exists():
            raise ValidationError(_("Deze jeugdige heeft nog een actief oza."))
        jeugdige_id = jeugdige.pk
        arrangement_ids = selectors.arrangement_ids_of(jeugdige, only_own=True)
        portal_user_ids = set(
            User.objects.filter(function=Function.PORTAL)
            .filter(
                Exists(Jeugdige.objects.filter(pk=jeugdige_id, portal_user=OuterRef("pk")))
                | Exists(Jeugdige.objects.filter(pk=jeugdige_id, guardians__user=OuterRef("pk")))
            )
            .values_list("pk", flat=True)
        )
        files = []
        removed = {}
        with retention_purge():
            for label in registry.removal_order():
                model = registry.apps.get_model(label)
                rows = registry.rows(
                    label, jeugdige_id=jeugdige_id, arrangement_ids=arrangement_ids
                )
                files += registry.stored_files(model, rows)
                pks = list(rows.values_list("pk", flat=True))
                if not pks:
                    continue
                _count, per_model = model.objects.filter(pk__in=pks).delete()
                for name, count in per_model.items():
                    if count:
                        removed[name] = removed.get(name, 0) + count
        _anonymise_portal_accounts(portal_user_ids)
        tombstone = RetentionTombstone.objects.create(
            jeugdige_id=jeugdige_id,
            rule=rule,
            reason=reason[:255],
            last_closed_on=timezone.localdate(last_closed_at) if last_closed_at else None,
            removed_rows=removed,
            removed_files=len(files),
        )
        transaction.on_commit(lambda: _delete_files(files))
    return tombstone


def _anonymise_portal_accounts(user_ids) -> None:
    """Portal accounts left without a child: no name, no e-mail, no login, no devices."""
    users = (
        User.objects.filter(pk__in=user_ids, function=Function.PORTAL)
        .exclude(Exists(Jeugdige.objects.filter(portal_user=OuterRef("pk"))))
        .exclude(Exists(Jeugdige.objects.filter(guardians__user=OuterRef("pk"))))
    )
    ids = list(users.values_list("pk", flat=True))
    User.objects.filter(pk__in=ids).update(
        username=Concat(Value("verwijderd-"), Cast("pk", CharField())),
        first_name="",
        last_name="",
        email="",
        phone="",
        is_active=False,
        password=make_password(None),
    )
    TOTPDevice.objects.filter(user__in=ids).delete()
    StaticDevice.objects.filter(user__in=ids).delete()


def _delete_files(files) -> None:
    for storage, name in files:
        storage.delete(name)
