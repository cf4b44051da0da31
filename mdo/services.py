"""Writes for MDO's. Keyword-only functions; each validates, saves and writes the audit trail."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.cache import ozas_changed
from cases.models import ACTIVE_PHASES, Arrangement, TeamRole
from cases.services import arrangement_jeugdige_ids
from oza.audit.models import AuditAction
from oza.audit.services import audit_change

from .composition import roles_of, speaks_for_the_family
from .models import (
    AgendaItem,
    AgendaItemKind,
    Agreement,
    Amendment,
    Attendance,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    ParticipantKind,
)

# A jeugdige of this age takes part in the MDO about them (their voice is essential; from 12
# they also consent, see cases.guards).
JEUGDIGE_JOINS_AGE = 12
LEGAL_ROLES = {TeamRole.JEUGDBESCHERMER, TeamRole.VEILIG_THUIS}

DEFAULT_AGENDA = {
    MeetingKind.START: [
        gettext_lazy("Opening: doel van dit overleg en wie er zijn"),
        gettext_lazy("Ondersteuningsvragen van jeugdige en ouders"),
        gettext_lazy("Wat is nodig: onderwijs en zorg"),
        gettext_lazy("Doelen en afspraken"),
        gettext_lazy("Volgend MDO"),
    ],
    MeetingKind.PROGRESS: [
        gettext_lazy("Opening en wie er zijn"),
        gettext_lazy("Afspraken van het vorige MDO"),
        gettext_lazy("Voortgang op de doelen"),
        gettext_lazy("Nieuwe afspraken"),
        gettext_lazy("Volgend MDO"),
    ],
    MeetingKind.EVALUATION: [
        gettext_lazy("Opening en wie er zijn"),
        gettext_lazy("Afspraken van het vorige MDO"),
        gettext_lazy("Evaluatie van de doelen met de monitor"),
        gettext_lazy("Besluit: voortzetten, bijstellen of afsluiten"),
        gettext_lazy("Volgend MDO of afronding"),
    ],
    MeetingKind.EXTRA: [
        gettext_lazy("Opening: aanleiding voor dit extra overleg"),
        gettext_lazy("Wat is er nodig"),
        gettext_lazy("Afspraken"),
    ],
}


class NotesConflict(Exception):
    """Someone else saved the notes since this writer loaded them; nothing was overwritten."""

    def __init__(self, item: AgendaItem):
        super().__init__(_("Iemand anders heeft deze aantekeningen intussen gewijzigd."))
        self.item = item


def meeting_jeugdige_ids(meeting: Meeting) -> list[int]:
    return arrangement_jeugdige_ids(meeting.arrangement)


def may_chair(meeting: Meeting, user) -> bool:
    """The chair, or a functioneel beheerder of the SWV or gemeente acting for them."""
    return user.pk == meeting.chair_id or user.is_regional_admin


def _require_chair(meeting: Meeting, user) -> None:
    if not may_chair(meeting, user):
        raise ValidationError(
            _("Alleen de voorzitter (%(chair)s) opent en sluit dit MDO.") % {"chair": meeting.chair}
        )


def _require_not_closed(meeting: Meeting) -> Meeting:
    """The meeting as stored now, locked until the transaction ends, if it is not closed: a
    caller holding an older copy must not slip a change past the frozen verslag."""
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if current.is_closed:
        raise ValidationError(_("Dit MDO is gesloten; het verslag staat vast."))
    return current


def _default_participants(arrangement: Arrangement, day: date) -> list[Participant]:
    participants = [
        Participant(
            kind=ParticipantKind.PROFESSIONAL,
            user=member.user,
            name=str(member.user),
            email=member.user.email,
            role=member.role,
        )
        for member in arrangement.team_members.select_related("user")
    ]
    for participation in arrangement.current_participations(day):
        jeugdige = participation.jeugdige
        participants += [
            Participant(
                kind=ParticipantKind.PARENT,
                guardian=guardian,
                jeugdige=jeugdige,
                name=guardian.name,
                email=guardian.email,
            )
            for guardian in jeugdige.guardians.all()
            if guardian.has_authority
        ]
        if jeugdige.age(day) >= JEUGDIGE_JOINS_AGE:
            participants.append(
                Participant(kind=ParticipantKind.JEUGDIGE, jeugdige=jeugdige, name=str(jeugdige))
            )
    return participants


@transaction.atomic
def meeting_plan(
    *,
    arrangement: Arrangement,
    by,
    kind: str,
    starts_at: datetime,
    duration_minutes: int = 60,
    location: str = "",
    video_url: str = "",
) -> Meeting:
    """Plan an MDO with the team, the parents with gezag and the jeugdige (12+) as participants
    and the agenda that fits its kind. The oza's procesbegeleider chairs it."""
    if arrangement.phase not in ACTIVE_PHASES:
        raise ValidationError(_("Dit oza is afgerond; er kan geen MDO meer worden gepland."))
    meeting = Meeting(
        arrangement=arrangement,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        video_url=video_url,
        chair=arrangement.procesbegeleider or by,
        created_by=by,
    )
    meeting.full_clean(exclude=["chair", "created_by"])
    if not (location or video_url):
        raise ValidationError({"location": _("Vul een plaats of een videolink in.")})
    meeting.save()
    participants = _default_participants(arrangement, timezone.localdate(starts_at))
    for participant in participants:
        participant.meeting = meeting
    Participant.objects.bulk_create(participants)
    items = [(str(title), AgendaItemKind.REGULAR) for title in DEFAULT_AGENDA[MeetingKind(kind)]]
    if any(p.role in LEGAL_ROLES for p in participants):
        items.insert(1, (_("Juridisch kader"), AgendaItemKind.LEGAL_FRAMEWORK))
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, title=title, kind=item_kind)
        for position, (title, item_kind) in enumerate(items, start=1)
    )
    audit_change(
        actor=by,
        jeugdige_ids=meeting_jeugdige_ids(meeting),
        obj=meeting,
        action=AuditAction.CREATE,
        description=_("MDO gepland: %(meeting)s") % {"meeting": meeting},
    )
    return meeting


def composition_missing(meeting: Meeting) -> list[str]:
    """What the composition of this MDO lacks, in Dutch (DOMAIN.md, "The MDO").

    Before the meeting it looks at who is invited and has not declined; once the meeting is
    open, at who is there. It judges roles and the family's voice as the route's guard does."""
    participants = list(meeting.participants.all())
    if meeting.opened_at is not None:
        counted = [p for p in participants if p.attendance == Attendance.PRESENT]
    else:
        counted = [p for p in participants if p.invitation != Invitation.DECLINED]
    day = timezone.localdate(meeting.starts_at)
    missing = []
    if not any(speaks_for_the_family(p, day) for p in counted):
        missing.append(_("Er is geen ouder of verzorger bij."))
    for participation in meeting.arrangement.current_participations(day):
        jeugdige = participation.jeugdige
        if jeugdige.age(day) >= JEUGDIGE_JOINS_AGE and not any(
            p.kind == ParticipantKind.JEUGDIGE and p.jeugdige_id == jeugdige.pk for p in counted
        ):
            missing.append(_("%(jeugdige)s is er niet bij.") % {"jeugdige": jeugdige})
    roles = set().union(*(roles_of(p) for p in counted))
    if TeamRole.ONDERWIJSCONSULENT not in roles:
        missing.append(_("Er is geen onderwijsconsulent bij."))
    if TeamRole.JEUGDCONSULENT not in roles:
        missing.append(_("Er is geen jeugd- en gezinscoach of jeugdconsulent bij."))
    involved_roles = {p.role for p in participants} | {
        m.role for m in meeting.arrangement.team_members.all()
    }
    if involved_roles & LEGAL_ROLES and not any(
        item.kind == AgendaItemKind.LEGAL_FRAMEWORK for item in meeting.agenda_items.all()
    ):
        missing.append(
            _(
                "Er is een jeugdbeschermer of Veilig Thuis betrokken: zet het juridisch kader "
                "op de agenda."
            )
        )
    return missing


@transaction.atomic
def participant_add(
    *,
    meeting: Meeting,
    by,
    name: str,
    email: str = "",
    role: str = "",
    kind: str = ParticipantKind.EXTERNAL,
) -> Participant:
    _require_not_closed(meeting)
    participant = Participant(meeting=meeting, kind=kind, name=name, email=email, role=role)
    participant.full_clean()
    participant.save()
    audit_change(
        actor=by,
        jeugdige_ids=meeting_jeugdige_ids(meeting),
        obj=participant,
        action=AuditAction.CREATE,
        description=_("Genodigde toegevoegd aan het MDO: %(name)s") % {"name": name},
    )
    return participant


@transaction.atomic
def attendance_set(*, participant: Participant, by, attendance: str) -> Participant:
    _require_not_closed(participant.meeting)
    if attendance not in Attendance.values:
        raise ValidationError({"attendance": _("Kies aanwezig, afwezig of onbekend.")})
    old = participant.attendance
    participant.attendance = attendance
    participant.save(update_fields=["attendance"])
    audit_change(
        actor=by,
        jeugdige_ids=meeting_jeugdige_ids(participant.meeting),
        obj=participant,
        action=AuditAction.UPDATE,
        description=_("Aanwezigheid van %(name)s") % {"name": participant.name},
        changes={"attendance": [old, attendance]},
    )
    return participant


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, by, title: str, kind: str = AgendaItemKind.REGULAR
) -> AgendaItem:
    _require_not_closed(meeting)
    position = (
        meeting.agenda_items.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    item = AgendaItem(meeting=meeting, title=title, kind=kind, position=position)
    item.full_clean()
    item.save()
    audit_change(
        actor=by,
        jeugdige_ids=meeting_jeugdige_ids(meeting),
        obj=item,
        action=AuditAction.CREATE,
        description=_("Agendapunt toegevoegd: %(title)s") % {"title": title},
    )
    return item


@transaction.atomic
def notes_save(
    *,
    item: AgendaItem,
    by,
    notes: str,
    expected_version: int,
    shared_with_family: bool,
    reason: str = "",
) -> AgendaItem:
    """Save the notes of an agenda item if nobody else saved since ``expected_version``.

    After the meeting is closed a change needs a reason and is recorded as an Amendment."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    stored = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if stored.notes_version != expected_version:
        raise NotesConflict(stored)
    if stored.notes == notes and stored.shared_with_family == shared_with_family:
        return stored
    if meeting.is_closed:
        if not reason.strip():
            raise ValidationError(
                {"reason": _("Het MDO is gesloten: geef aan waarom u het verslag aanvult.")}
            )
        Amendment.objects.create(
            meeting=meeting,
            agenda_item=stored,
            field="notes",
            old_value=stored.notes,
            new_value=notes,
            reason=reason.strip(),
            by=by,
        )
    AgendaItem.objects.filter(pk=item.pk).update(
        notes=notes,
        shared_with_family=shared_with_family,
        notes_version=F("notes_version") + 1,
        updated_by=by,
        updated_at=timezone.now(),
    )
    ozas_changed([meeting.arrangement_id])  # update() sends no post_save
    audit_change(
        actor=by,
        jeugdige_ids=meeting_jeugdige_ids(meeting),
        obj=stored,
        action=AuditAction.UPDATE,
        description=_("Aantekeningen bij %(title)s") % {"title": stored.title},
        changes={"notes": [stored.notes, notes]}
        | (
            {"shared_with_family": [stored.shared_with_family, shared_with_family]}
            if stored.shared_with_family != shared_with_family
            else {}
        ),
    )
    stored.refresh_from_db()
    return stored


@transaction.atomic
def agreement_add(
    *,
    meeting: Meeting,
    by,
    description: str,
    owner: Participant,
    due_date: date,
    measure: str = "",
    shared_with_family: bool = True,
) -> Agreement:
    _require_not_closed(meeting)
    if owner.meeting_id != meeting.pk:
        raise ValidationError({"owner": _("Kies iemand die bij dit MDO is uitgenodigd.")})
    agreement = Agreement(
        arrangement=meeting.arrangement,
        meeting=meeting,
        description=description,
        owner=owner,
        due_date=due_date,
        measure=measure,
        shared_with_family=shared_with_family,
        created_by=by,
    )
    agreement.full_clean()
    if due_date < timezone.localdate(meeting.starts_at):
        raise ValidationError({"due_date": _("De datum ligt voor het MDO.")})
    agreement.save()
    audit_change(
        actor=by,
        jeugdige_ids=meeting_jeugdige_ids(meeting),
        obj=agreement,
        action=AuditAction.CREATE,
        description=_("Afspraak gemaakt: %(what)s") % {"what": description[:150]},
        changes={"owner": [None, owner.name], "due_date": [None, due_date]},
    )
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, by, status: str, follow_up: str = "") -> Agreement:
    before = {"status": agreement.status, "follow_up": agreement.follow_up}
    agreement.status = status
    agreement.follow_up = follow_up
    agreement.full_clean()
    agreement.save(update_fields=["status", "follow_up", "updated_at"])
    audit_change(
        actor=by,
        jeugdige_ids=meeting_jeugdige_ids(agreement.meeting),
        obj=agreement,
        action=AuditAction.UPDATE,
        description=_("Afspraak bijgewerkt"),
        changes={
            k: [v, getattr(agreement, k)] for k, v in before.items() if v != getattr(agreement, k)
        },
    )
    return agreement


@transaction.atomic
def meeting_open(*, meeting: Meeting, by) -> Meeting:
    _require_chair(meeting, by)
    if not meeting.is_upcoming:
        raise ValidationError(_("Alleen een gepland MDO kan worden geopend."))
    if meeting.opened_at is None:
        meeting.opened_at = timezone.now()
        meeting.save(update_fields=["opened_at"])
        audit_change(
            actor=by,
            jeugdige_ids=meeting_jeugdige_ids(meeting),
            obj=meeting,
            action=AuditAction.UPDATE,
            description=_("MDO geopend"),
            on_behalf_of=meeting.chair if by.pk != meeting.chair_id else None,
        )
    return meeting


def build_report(meeting: Meeting) -> dict:
    """The verslag: who was there, the notes per agenda item, agreements, decision, next MDO."""
    return {
        "kind": meeting.get_kind_display(),
        "starts_at": timezone.localtime(meeting.starts_at).isoformat(),
        "chair": str(meeting.chair),
        "participants": [
            {
                "name": p.name,
                "role": p.get_role_display() or p.get_kind_display(),
                "attendance": p.attendance,
            }
            for p in meeting.participants.all()
        ],
        "items": [
            {"title": i.title, "notes": i.notes, "shared": i.shared_with_family}
            for i in meeting.agenda_items.all()
        ],
        "agreements": [
            {
                "description": a.description,
                "owner": a.owner.name,
                "due_date": a.due_date.isoformat(),
                "measure": a.measure,
                "shared": a.shared_with_family,
            }
            for a in meeting.agreements.select_related("owner")
        ],
        "decision": meeting.decision,
        "next_meeting": timezone.localtime(meeting.next_meeting.starts_at).isoformat()
        if meeting.next_meeting_id
        else None,
    }


@transaction.atomic
def meeting_close(
    *,
    meeting: Meeting,
    by,
    decision: str,
    next_starts_at: datetime | None = None,
    next_kind: str = MeetingKind.PROGRESS,
) -> Meeting:
    """Close the meeting: it is held, the verslag is frozen, and the next MDO is planned if a
    date is given."""
    _require_chair(meeting, by)
    meeting = _require_not_closed(meeting)
    if meeting.opened_at is None:
        raise ValidationError(_("Open het MDO eerst; sluiten kan daarna."))
    if not decision.strip():
        raise ValidationError({"decision": _("Leg het besluit van dit MDO vast.")})
    if not any(p.attendance == Attendance.PRESENT for p in meeting.participants.all()):
        raise ValidationError(_("Vink aan wie er aanwezig waren voordat u het MDO sluit."))
    if next_starts_at is not None:
        meeting.next_meeting = meeting_plan(
            arrangement=meeting.arrangement,
            by=by,
            kind=next_kind,
            starts_at=next_starts_at,
            duration_minutes=meeting.duration_minutes,
            location=meeting.location,
            video_url=meeting.video_url,
        )
    meeting.decision = decision.strip()
    meeting.status = MeetingStatus.HELD
    meeting.closed_at = timezone.now()
    meeting.closed_by = by
    meeting.frozen_report = build_report(meeting)
    meeting.save(
        update_fields=[
            "decision",
            "status",
            "closed_at",
            "closed_by",
            "frozen_report",
            "next_meeting",
        ]
    )
    audit_change(
        actor=by,
        jeugdige_ids=meeting_jeugdige_ids(meeting),
        obj=meeting,
        action=AuditAction.UPDATE,
        description=_("MDO gesloten; verslag vastgesteld"),
        changes={"status": [MeetingStatus.PLANNED, MeetingStatus.HELD]},
        on_behalf_of=meeting.chair if by.pk != meeting.chair_id else None,
    )
    return meeting
