"""Writes of generated documents: request a version, render it (in Celery), share it."""

import hashlib
import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.cache import ozas_changed, proposals_changed
from oza.audit.models import AuditAction
from oza.audit.services import audit_change

from . import rendering
from .models import Audience, Document, DocumentKind, DocumentStatus

logger = logging.getLogger(__name__)

# A rendering that started this long ago without finishing was cut off (a worker that died
# mid-way): a redelivered task may take it over. Real renderings take seconds.
STALE_RENDERING = timedelta(minutes=10)


def document_jeugdige_ids(document: Document) -> list[int]:
    """Whom a document concerns: its jeugdige, or else every participant of the oza (a
    proposal for a group arrangement concerns no child)."""
    if document.jeugdige_id:
        return [document.jeugdige_id]
    if document.arrangement_id is None:
        return []
    return list(document.arrangement.participations.values_list("jeugdige_id", flat=True))


def _validate_request(*, by, kind, arrangement, jeugdige, meeting, audience, proposal) -> None:
    from cases.selectors import is_team_member

    if kind not in DocumentKind.values:
        raise ValidationError(_("Onbekende soort document."))
    if audience not in Audience.values:
        raise ValidationError(_("Kies voor wie het document is."))
    if kind == DocumentKind.PROPOSAL:
        # A proposal names no child: every professional who may read it may print it.
        if proposal is None or arrangement or jeugdige or meeting or audience != Audience.TEAM:
            raise ValidationError(_("Een voorstel wordt als één document voor het team gemaakt."))
        if not by.is_professional:
            raise ValidationError(_("Alleen professionals maken documenten."))
        return
    if arrangement is None or proposal is not None:
        raise ValidationError(_("Dit document hoort bij een oza."))
    if not is_team_member(by, arrangement):
        raise ValidationError(_("Alleen teamleden maken documenten van dit oza."))
    if kind == DocumentKind.PLAN:
        if jeugdige is None or meeting is not None:
            raise ValidationError(_("Een plan is van één jeugdige en hoort niet bij een MDO."))
        if not arrangement.participations.filter(jeugdige=jeugdige).exists():
            raise ValidationError(_("Deze jeugdige doet niet mee aan dit oza."))
    elif kind == DocumentKind.MDO_REPORT:
        if meeting is None or jeugdige is not None:
            raise ValidationError(_("Een verslag hoort bij één MDO."))
        if meeting.arrangement_id != arrangement.pk:
            raise ValidationError(_("Dit MDO hoort niet bij dit oza."))
        if not meeting.is_closed:
            raise ValidationError(_("Een verslag wordt gemaakt van een gesloten MDO."))
        if audience == Audience.FAMILY and arrangement.is_group:
            raise ValidationError(
                _(
                    "Een MDO-verslag voor ouders en jeugdige kan alleen bij een individueel oza: "
                    "in een groepsverslag staan andere deelnemers. Maak per deelnemer het plan."
                )
            )


@transaction.atomic
def document_request(
    *, by, kind: str, arrangement=None, jeugdige=None, meeting=None, audience: str, proposal=None
) -> Document:
    """A new version of a document (status wachtend); a Celery task renders it after commit."""
    from cases.models import Arrangement
    from funding.models import GroupProposal

    from .tasks import render_document

    _validate_request(
        by=by,
        kind=kind,
        arrangement=arrangement,
        jeugdige=jeugdige,
        meeting=meeting,
        audience=audience,
        proposal=proposal,
    )
    # Lock the oza (or proposal) so two requests at once cannot take the same version number.
    subject = GroupProposal if proposal else Arrangement
    subject_pk = (proposal or arrangement).pk
    list(subject.objects.select_for_update().filter(pk=subject_pk).values_list("pk"))
    series = Document.series_key(
        kind=kind,
        arrangement_id=arrangement.pk if arrangement else None,
        jeugdige_id=jeugdige.pk if jeugdige else None,
        meeting_id=meeting.pk if meeting else None,
        audience=audience,
        proposal_id=proposal.pk if proposal else None,
    )
    latest = Document.objects.filter(series=series).aggregate(v=Max("version"))["v"] or 0
    document = Document.objects.create(
        kind=kind,
        audience=audience,
        arrangement=arrangement,
        proposal=proposal,
        jeugdige=jeugdige,
        meeting=meeting,
        series=series,
        version=latest + 1,
        requested_by=by,
    )
    audit_change(
        actor=by,
        jeugdige_ids=document_jeugdige_ids(document),
        obj=document,
        action=AuditAction.CREATE,
        description=_("%(document)s aangevraagd (%(audience)s)")
        % {"document": document, "audience": document.get_audience_display()},
    )
    transaction.on_commit(lambda: _enqueue(render_document, document.pk))
    return document


def _enqueue(task, document_pk: int) -> None:
    """Queue the rendering; when the broker cannot be reached the version fails visibly
    instead of waiting for ever."""
    try:
        task.delay(document_pk)
    except Exception as error:
        logger.exception("Could not queue document %s", document_pk)
        Document.objects.filter(pk=document_pk, status=DocumentStatus.PENDING).update(
            status=DocumentStatus.FAILED,
            error=_("Het document kon niet in de wachtrij worden gezet: %(error)s")
            % {"error": f"{type(error).__name__}: {error}"[:1000]},
        )
        _status_changed(document_pk)


def _status_changed(document_pk: int) -> None:
    """The pages that list the document show its new status (update() sends no post_save)."""
    found = Document.objects.filter(pk=document_pk).values_list("arrangement_id", "proposal_id")
    for arrangement_id, proposal_id in found:  # none when the document is gone
        ozas_changed([arrangement_id])
        if proposal_id is not None:
            proposals_changed()


def document_render(*, document_pk: int) -> Document | None:
    """Render one requested version and store it (called by the Celery task).

    Only a waiting version is rendered (or one whose rendering was cut off long ago): a task
    delivered twice does the work once. A failure is stored on the row as mislukt with its
    error and not raised, so the task does not retry forever; the user can request a new
    version."""
    now = timezone.now()
    claimed = (
        Document.objects.filter(pk=document_pk)
        .filter(
            Q(status=DocumentStatus.PENDING)
            | Q(status=DocumentStatus.RENDERING, started_at__lt=now - STALE_RENDERING)
        )
        .update(status=DocumentStatus.RENDERING, started_at=now)
    )
    if not claimed:
        return None
    _status_changed(document_pk)
    document = Document.objects.select_related(
        "arrangement", "proposal", "jeugdige", "meeting", "requested_by"
    ).get(pk=document_pk)
    made_at = timezone.now()
    try:
        pdf = rendering.render_pdf(document, made_at=made_at)
        document.sha256 = hashlib.sha256(pdf.content).hexdigest()
        document.page_count = pdf.page_count
        document.file.save(f"{document.pk}.pdf", ContentFile(pdf.content), save=False)
    except Exception as error:  # anything at all: the row must not stay "bezig"
        logger.exception("Rendering document %s failed", document_pk)
        Document.objects.filter(pk=document_pk).update(
            status=DocumentStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        _status_changed(document_pk)
        document.refresh_from_db()
        return document
    document.status = DocumentStatus.DONE
    document.rendered_at = made_at
    document.error = ""
    document.save(update_fields=["status", "rendered_at", "error", "sha256", "page_count", "file"])
    return document


@transaction.atomic
def document_share(*, document: Document, by, shared: bool) -> Document:
    """Share a finished ouders/jeugdige version with the family (for the portal), or stop."""
    from cases.selectors import is_team_member

    if document.audience != Audience.FAMILY:
        raise ValidationError(
            _("Alleen een versie voor ouders en jeugdige kan met hen worden gedeeld.")
        )
    if not is_team_member(by, document.arrangement):
        raise ValidationError(_("Alleen teamleden delen documenten van dit oza."))
    if shared and document.status != DocumentStatus.DONE:
        raise ValidationError(_("Deel een document pas als het klaar is."))
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.shared_with_family == shared:
        return document
    document.shared_with_family = shared
    document.save(update_fields=["shared_with_family"])
    audit_change(
        actor=by,
        jeugdige_ids=document_jeugdige_ids(document),
        obj=document,
        action=AuditAction.UPDATE,
        description=(
            _("%(document)s gedeeld met ouders en jeugdige")
            if shared
            else _("%(document)s niet meer gedeeld met ouders en jeugdige")
        )
        % {"document": document},
        changes={"shared_with_family": [not shared, shared]},
    )
    return document
