"""Invitations, changes and cancellations of an MDO by e-mail, each with the .ics attached.

Keyword-only service functions; each validates, saves, writes the audit trail and mails.
Mails are plain Dutch at B1 level (parents get them too) and never carry the name of a
jeugdige: they name the oza (``Oza 12`` or the group's name) and link to the MDO screen behind
the login. The greeting uses the recipient's own name.
"""

import logging
from email.mime.text import MIMEText

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.cache import ozas_changed
from cases.selectors import is_team_member
from cases.services import ConcurrentEdit
from oza.audit.models import AuditAction
from oza.audit.services import audit_change
from oza.mail import MailBatch

from .calendar import meeting_ics, meeting_place, meeting_url, recipient_address, when_text
from .models import Invitation, Meeting, MeetingStatus, Participant, ParticipantKind
from .services import may_chair, meeting_jeugdige_ids

logger = logging.getLogger(__name__)

INVITATION_TEMPLATE = "email/mdo_invitation.txt"
UPDATE_TEMPLATE = "email/mdo_update.txt"
CANCELLATION_TEMPLATE = "email/mdo_cancelled.txt"
ICS_FILENAME = "mdo.ics"
RESCHEDULE_FIELDS = ["starts_at", "duration_minutes", "location", "video_url"]
SUBJECT_INVITATION = gettext_lazy("Uitnodiging")
SUBJECT_UPDATE = gettext_lazy("Gewijzigd")
SUBJECT_CANCELLATION = gettext_lazy("Gaat niet door")


class MailDeliveryError(Exception):
    """Some e-mails could not be sent. Everything else stands: the change is saved, and who
    was not reached stays "not invited" (invitations), so sending again reaches only them."""

    def __init__(self, *, meeting: Meeting, sent: int, failed: list[str]):
        super().__init__(
            _("De e-mail aan %(names)s kon niet worden verstuurd. Probeer het later opnieuw.")
            % {"names": ", ".join(failed)}
        )
        self.meeting = meeting
        self.sent = sent
        self.failed = failed


# --- Mail ------------------------------------------------------------------------------------
def _ics_part(ics: bytes, method: str) -> MIMEText:
    """The calendar attachment: ``text/calendar; method=...; charset=utf-8``, ``mdo.ics``."""
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename=ICS_FILENAME)
    return part


def _intro(participant: Participant) -> str:
    if participant.kind == ParticipantKind.PARENT:
        return _("Het overleg gaat over de school en de hulp voor uw kind.")
    if participant.kind == ParticipantKind.JEUGDIGE:
        return _("Het overleg gaat over jou: over school en over de hulp die je krijgt.")
    return ""


def _message(
    *,
    meeting: Meeting,
    participant: Participant,
    address: str,
    subject: str,
    template: str,
    ics: bytes,
    method: str,
    extra: dict | None = None,
) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template,
            {
                "name": participant.name,
                "intro": _intro(participant),
                "oza": str(meeting.arrangement),
                "kind": meeting.get_kind_display(),
                "when": when_text(meeting),
                "location": meeting.location,
                "video_url": meeting.video_url,
                "place": meeting_place(meeting),
                "chair": str(meeting.chair),
                "chair_email": meeting.chair.email,
                "url": meeting_url(meeting),
                **(extra or {}),
            },
        )
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[address],
        reply_to=[meeting.chair.email] if meeting.chair.email else None,
    )
    message.attach(_ics_part(ics, method))
    return message


def _subject(meeting: Meeting, what) -> str:
    """``Uitnodiging: MDO op maandag 29 maart 2027, 10:00 tot 11:00 uur – Oza 12``."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(what)s: MDO op %(when)s – %(oza)s") % {
            "what": what,
            "when": when_text(meeting),
            "oza": meeting.arrangement,
        }


def _invited_recipients(meeting: Meeting) -> list[tuple[Participant, str]]:
    """Everyone who was sent an invitation (also who declined since), with their address."""
    participants = meeting.participants.exclude(invitation=Invitation.NOT_INVITED).select_related(
        "user"
    )
    return [(p, address) for p in participants if (address := recipient_address(p))]


def _send_all(
    *, meeting: Meeting, recipients, subject: str, template: str, method: str, extra=None
) -> int:
    """Mail everyone in ``recipients``; raise MailDeliveryError after trying all if some failed."""
    if not recipients:
        return 0
    ics = meeting_ics(meeting, method=method)
    sent, failed = 0, []
    with MailBatch() as mail:
        for participant, address in recipients:
            message = _message(
                meeting=meeting,
                participant=participant,
                address=address,
                subject=subject,
                template=template,
                ics=ics,
                method=method,
                extra=extra,
            )
            try:
                mail.send(message)
            except Exception:
                logger.exception(
                    "MDO %s: mail to participant %s failed", meeting.pk, participant.pk
                )
                failed.append(participant.name)
            else:
                sent += 1
    if failed:
        raise MailDeliveryError(meeting=meeting, sent=sent, failed=failed)
    return sent


# --- Checks ----------------------------------------------------------------------------------
def _require_may_invite(meeting: Meeting, user) -> None:
    if not (may_chair(meeting, user) or is_team_member(user, meeting.arrangement)):
        raise ValidationError(_("Alleen teamleden kunnen voor dit MDO uitnodigen."))


def _require_may_change(meeting: Meeting, user) -> None:
    if not may_chair(meeting, user):
        raise ValidationError(
            _("Alleen de voorzitter (%(chair)s) kan dit MDO verplaatsen of annuleren.")
            % {"chair": meeting.chair}
        )


def _require_changeable(meeting: Meeting) -> None:
    if not meeting.is_upcoming or meeting.opened_at is not None:
        raise ValidationError(
            _(
                "Alleen een gepland MDO dat nog niet is begonnen kan worden verplaatst of "
                "geannuleerd."
            )
        )


def _locked(meeting: Meeting, expected_version: int | None = None) -> Meeting:
    current = (
        Meeting.objects.select_for_update()
        .select_related("arrangement", "chair")
        .get(pk=meeting.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEdit(current)
    return current


# --- Services --------------------------------------------------------------------------------
def send_invitations(*, meeting: Meeting, by, participants=None) -> int:
    """Invite every participant with an e-mail address who was not invited yet (or only
    ``participants`` of them): a Dutch e-mail with ``mdo.ics`` (METHOD:REQUEST) attached.
    Each is marked invited only if their mail went out. Returns how many were invited.

    Raises ValidationError for a cancelled or held MDO or a foreign participant, and
    MailDeliveryError (after trying everyone) if some mails could not be sent."""
    _require_may_invite(meeting, by)
    sent: list[Participant] = []
    failed: list[str] = []
    with transaction.atomic():
        # The lock orders this against a reschedule or cancellation of the same MDO: nobody
        # gets an invitation for a time or a meeting that is already gone.
        meeting = _locked(meeting)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("Dit MDO is geannuleerd; er gaan geen uitnodigingen meer uit."))
        if meeting.status == MeetingStatus.HELD or meeting.is_closed:
            raise ValidationError(_("Dit MDO is al gehouden; uitnodigen kan niet meer."))
        candidates = meeting.participants.filter(invitation=Invitation.NOT_INVITED).select_related(
            "user"
        )
        if participants is not None:
            chosen = list(participants)
            if any(p.meeting_id != meeting.pk for p in chosen):
                raise ValidationError(_("Kies alleen deelnemers van dit MDO."))
            candidates = candidates.filter(pk__in=[p.pk for p in chosen])
        recipients = [(p, address) for p in candidates if (address := recipient_address(p))]
        if not recipients:
            return 0
        ics = meeting_ics(meeting, method="REQUEST")
        subject = _subject(meeting, SUBJECT_INVITATION)
        now = timezone.now()
        with MailBatch() as mail:
            for participant, address in recipients:
                message = _message(
                    meeting=meeting,
                    participant=participant,
                    address=address,
                    subject=subject,
                    template=INVITATION_TEMPLATE,
                    ics=ics,
                    method="REQUEST",
                )
                try:
                    # A savepoint per participant: a failed mail leaves them "not invited".
                    with transaction.atomic():
                        claimed = Participant.objects.filter(
                            pk=participant.pk, invitation=Invitation.NOT_INVITED
                        ).update(invitation=Invitation.INVITED, invited_at=now)
                        if claimed:
                            ozas_changed([meeting.arrangement_id])  # update() sends no post_save
                            mail.send(message)
                except Exception:
                    logger.exception(
                        "MDO %s: invitation to participant %s failed", meeting.pk, participant.pk
                    )
                    failed.append(participant.name)
                    continue
                if claimed:
                    sent.append(participant)
        if sent:
            names = [p.name for p in sent]
            audit_change(
                actor=by,
                jeugdige_ids=meeting_jeugdige_ids(meeting),
                obj=meeting,
                action=AuditAction.UPDATE,
                description=_("Uitnodiging voor het MDO verstuurd aan: %(names)s")
                % {"names": ", ".join(names)},
                changes={"invitation": [Invitation.NOT_INVITED, Invitation.INVITED], "to": names},
            )
    if failed:
        raise MailDeliveryError(meeting=meeting, sent=len(sent), failed=failed)
    return len(sent)


def meeting_reschedule(
    *,
    meeting: Meeting,
    by,
    starts_at,
    duration_minutes: int,
    location: str,
    video_url: str,
    expected_version: int | None = None,
) -> Meeting:
    """Move an upcoming MDO that has not begun: new time, length or place. It becomes
    "verplaatst", its SEQUENCE rises, and everyone already invited gets the change (same UID,
    METHOD:REQUEST). Nothing changes and nothing is sent if the values are the same.

    ``expected_version`` (optional) guards against a change made since the form was opened
    (``cases.services.ConcurrentEdit``). Raises MailDeliveryError, after saving, if some mails
    could not be sent."""
    _require_may_change(meeting, by)
    location = (location or "").strip()
    video_url = (video_url or "").strip()
    with transaction.atomic():
        meeting = _locked(meeting, expected_version)
        _require_changeable(meeting)
        errors = {}
        if starts_at is None or starts_at <= timezone.now():
            errors["starts_at"] = _("Kies een datum en tijd in de toekomst.")
        if not duration_minutes or duration_minutes < 1:
            errors["duration_minutes"] = _("Geef aan hoe lang het MDO duurt.")
        if not (location or video_url):
            errors["location"] = _("Vul een plaats of een videolink in.")
        if errors:
            raise ValidationError(errors)
        before = {name: getattr(meeting, name) for name in RESCHEDULE_FIELDS}
        with translation.override(settings.LANGUAGE_CODE):
            old_when = when_text(meeting)
        meeting.starts_at = starts_at
        meeting.duration_minutes = duration_minutes
        meeting.location = location
        meeting.video_url = video_url
        meeting.clean_fields(
            exclude=[f.name for f in Meeting._meta.fields if f.name not in RESCHEDULE_FIELDS]
        )
        changes = {
            name: [old, getattr(meeting, name)]
            for name, old in before.items()
            if old != getattr(meeting, name)
        }
        if not changes:
            return meeting
        changes["status"] = [meeting.status, MeetingStatus.MOVED]
        meeting.status = MeetingStatus.MOVED
        meeting.sequence = F("sequence") + 1
        meeting.version = F("version") + 1
        meeting.save(update_fields=[*RESCHEDULE_FIELDS, "status", "sequence", "version"])
        meeting.refresh_from_db(fields=["sequence", "version"])
        audit_change(
            actor=by,
            jeugdige_ids=meeting_jeugdige_ids(meeting),
            obj=meeting,
            action=AuditAction.UPDATE,
            description=_("MDO verplaatst"),
            changes=changes,
            on_behalf_of=meeting.chair if by.pk != meeting.chair_id else None,
        )
        recipients = _invited_recipients(meeting)
    _send_all(
        meeting=meeting,
        recipients=recipients,
        subject=_subject(meeting, SUBJECT_UPDATE),
        template=UPDATE_TEMPLATE,
        method="REQUEST",
        extra={"old_when": old_when},
    )
    return meeting


def meeting_cancel(
    *, meeting: Meeting, by, reason: str, expected_version: int | None = None
) -> Meeting:
    """Cancel an upcoming MDO that has not begun, with a reason (kept in oza, not mailed: free
    text may name the jeugdige). Everyone already invited gets METHOD:CANCEL.

    Raises MailDeliveryError, after saving, if some mails could not be sent."""
    _require_may_change(meeting, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef aan waarom het MDO niet doorgaat.")})
    max_length = Meeting._meta.get_field("cancel_reason").max_length
    if len(reason) > max_length:
        raise ValidationError(
            {"reason": _("Houd de reden korter dan %(max)d tekens.") % {"max": max_length}}
        )
    with transaction.atomic():
        meeting = _locked(meeting, expected_version)
        _require_changeable(meeting)
        old_status = meeting.status
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancel_reason = reason
        meeting.sequence = F("sequence") + 1
        meeting.version = F("version") + 1
        meeting.save(update_fields=["status", "cancel_reason", "sequence", "version"])
        meeting.refresh_from_db(fields=["sequence", "version"])
        audit_change(
            actor=by,
            jeugdige_ids=meeting_jeugdige_ids(meeting),
            obj=meeting,
            action=AuditAction.UPDATE,
            description=_("MDO geannuleerd"),
            changes={
                "status": [old_status, MeetingStatus.CANCELLED],
                "cancel_reason": [
                    "",
                    reason,
                ],
            },
            on_behalf_of=meeting.chair if by.pk != meeting.chair_id else None,
        )
        recipients = _invited_recipients(meeting)
    _send_all(
        meeting=meeting,
        recipients=recipients,
        subject=_subject(meeting, SUBJECT_CANCELLATION),
        template=CANCELLATION_TEMPLATE,
        method="CANCEL",
    )
    return meeting
