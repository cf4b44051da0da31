"""Het multidisciplinair overleg (MDO): planning, participants, agenda, notes, agreements."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import TeamRole, VersionedModel
from oza.audit.append_only import AppendOnlyModel


class MeetingKind(models.TextChoices):
    START = "start", _("Start-MDO")
    PROGRESS = "voortgang", _("Voortgangs-MDO")
    EVALUATION = "evaluatie", _("Evaluatie-MDO")
    EXTRA = "extra", _("Extra MDO")


class MeetingStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    MOVED = "verplaatst", _("Verplaatst")
    HELD = "gehouden", _("Gehouden")
    CANCELLED = "geannuleerd", _("Geannuleerd")


UPCOMING_STATUSES = [MeetingStatus.PLANNED, MeetingStatus.MOVED]


class Meeting(VersionedModel):
    """One MDO about one oza (individual or group)."""

    arrangement = models.ForeignKey(
        "cases.Arrangement",
        verbose_name=_("oza"),
        on_delete=models.PROTECT,
        related_name="meetings",
        db_index=False,  # meeting_oza_start begins with it
    )
    kind = models.CharField(_("soort MDO"), max_length=16, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("datum en tijd"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=60)
    location = models.CharField(_("plaats"), max_length=200, blank=True)
    video_url = models.URLField(_("videolink"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorzitter"),
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )
    decision = models.TextField(_("besluit"), blank=True)
    cancel_reason = models.CharField(_("reden van annulering"), max_length=255, blank=True)
    next_meeting = models.OneToOneField(
        "self",
        verbose_name=_("volgend MDO"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="previous_meeting",
    )
    # iCalendar: one stable UID per MDO; SEQUENCE rises with every change sent out.
    uid = models.UUIDField(_("agenda-UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("agendaversie"), default=0, editable=False)
    opened_at = models.DateTimeField(_("geopend op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gesloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The verslag as it stood when the meeting was closed; later changes are Amendments.
    frozen_report = models.JSONField(_("vastgesteld verslag"), default=dict, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("MDO")
        verbose_name_plural = _("MDO's")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="meeting_status_start"),
            # A caseload's or an oza's MDO's by date, from the index alone (the API's list
            # reads the ids of some thousands); it serves the oza's foreign key too.
            models.Index(fields=["arrangement", "starts_at", "id"], name="meeting_oza_start"),
        ]

    def __str__(self):
        return _("%(kind)s op %(when)s") % {
            "kind": self.get_kind_display(),
            "when": timezone.localtime(self.starts_at).strftime("%d-%m-%Y %H:%M"),
        }

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_upcoming(self) -> bool:
        return self.status in UPCOMING_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ParticipantKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional uit het team")
    PARENT = "ouder", _("Ouder/verzorger")
    JEUGDIGE = "jeugdige", _("Jeugdige")
    EXTERNAL = "extern", _("Externe genodigde")


class Invitation(models.TextChoices):
    NOT_INVITED = "niet_uitgenodigd", _("Nog niet uitgenodigd")
    INVITED = "uitgenodigd", _("Uitgenodigd")
    DECLINED = "afgemeld", _("Afgemeld")


class Attendance(models.TextChoices):
    UNKNOWN = "onbekend", _("Onbekend")
    PRESENT = "aanwezig", _("Aanwezig")
    ABSENT = "afwezig", _("Afwezig")


class Participant(models.Model):
    """Someone invited to an MDO: a team member, a parent, the jeugdige, or an external guest."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("MDO"), on_delete=models.CASCADE, related_name="participants"
    )
    kind = models.CharField(_("soort deelnemer"), max_length=16, choices=ParticipantKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mdo_participations",
    )
    guardian = models.ForeignKey(
        "cases.Guardian",
        verbose_name=_("ouder/verzorger"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mdo_participations",
    )
    jeugdige = models.ForeignKey(
        "cases.Jeugdige",
        verbose_name=_("jeugdige"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mdo_participations",
    )
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    role = models.CharField(
        _("rol"),
        max_length=32,
        choices=TeamRole.choices,
        blank=True,
        help_text=_("De rol van een professional of externe genodigde in dit overleg."),
    )
    invitation = models.CharField(
        _("uitnodiging"),
        max_length=20,
        choices=Invitation.choices,
        default=Invitation.NOT_INVITED,
    )
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    attendance = models.CharField(
        _("aanwezigheid"), max_length=16, choices=Attendance.choices, default=Attendance.UNKNOWN
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="one_participant_per_user",
            ),
            models.UniqueConstraint(
                fields=["meeting", "guardian"],
                condition=models.Q(guardian__isnull=False),
                name="one_participant_per_guardian",
            ),
            models.UniqueConstraint(
                fields=["meeting", "jeugdige"],
                condition=models.Q(kind="jeugdige"),
                name="one_participant_per_jeugdige",
            ),
        ]

    def __str__(self):
        return self.name


class AgendaItemKind(models.TextChoices):
    REGULAR = "regulier", _("Agendapunt")
    LEGAL_FRAMEWORK = "juridisch_kader", _("Juridisch kader")


class AgendaItem(models.Model):
    """An agenda item with the notes taken while it is discussed."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("MDO"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("onderwerp"), max_length=200)
    kind = models.CharField(
        _("soort"), max_length=20, choices=AgendaItemKind.choices, default=AgendaItemKind.REGULAR
    )
    notes = models.TextField(_("aantekeningen"), blank=True)
    # Raised on every save of the notes, so a second writer is told instead of overwriting.
    notes_version = models.PositiveIntegerField(default=0, editable=False)
    shared_with_family = models.BooleanField(
        _("delen met ouders en jeugdige"),
        default=False,
        help_text=_("Gedeelde aantekeningen komen in het verslag voor ouders en jeugdige."),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class AgreementStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "gedaan", _("Gedaan")
    MISSED = "niet_gehaald", _("Niet gehaald")


class Agreement(models.Model):
    """A SMART afspraak made in an MDO: what, who, by when, how it is measured."""

    arrangement = models.ForeignKey(
        "cases.Arrangement",
        verbose_name=_("oza"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("gemaakt in"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    description = models.TextField(_("afspraak (wat)"))
    owner = models.ForeignKey(
        Participant, verbose_name=_("wie"), on_delete=models.PROTECT, related_name="agreements"
    )
    # The owner's user (none for a parent, the jeugdige or a guest), kept with the agreement:
    # "Mijn afspraken" finds a user's agreements through an index on it, not by looking up the
    # owner of every agreement in their caseload. Set when the agreement is made: neither its
    # owner nor a participant's user changes afterwards.
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        db_index=False,  # the index below leads with it
    )
    due_date = models.DateField(_("uiterlijk op"))
    measure = models.CharField(_("hoe gemeten"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.OPEN
    )
    follow_up = models.TextField(_("opvolging"), blank=True)
    shared_with_family = models.BooleanField(_("delen met ouders en jeugdige"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="agreement_status_due"),
            # Mijn afspraken, with what it checks (the oza) and orders by, read from the index.
            models.Index(
                fields=["owner_user", "due_date", "id"],
                include=["arrangement", "status"],
                name="agreement_owner_user_due",
            ),
        ]

    def __str__(self):
        return self.description[:60]

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.owner_user_id = self.owner.user_id
        super().save(*args, **kwargs)

    @property
    def is_overdue(self) -> bool:
        return self.status == AgreementStatus.OPEN and self.due_date < timezone.localdate()


class Amendment(AppendOnlyModel):
    """A change to the verslag after the meeting was closed: never silent, never removed."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("MDO"), on_delete=models.PROTECT, related_name="amendments"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agendapunt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
    )
    field = models.CharField(_("onderdeel"), max_length=32)
    old_value = models.TextField(_("was"), blank=True)
    new_value = models.TextField(_("wordt"))
    reason = models.CharField(_("reden"), max_length=255)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("aanvulling op het verslag")
        verbose_name_plural = _("aanvullingen op het verslag")
        ordering = ["at", "id"]


class SentReminder(models.Model):
    """One reminder sent to one recipient for one occasion. The unique constraint is what makes
    the reminder task safe to retry and to run twice at the same time."""

    occasion = models.CharField(_("aanleiding"), max_length=120)
    recipient = models.EmailField(_("ontvanger"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        constraints = [
            models.UniqueConstraint(
                fields=["occasion", "recipient"], name="one_reminder_per_occasion_and_recipient"
            ),
        ]

    def __str__(self):
        return f"{self.occasion} → {self.recipient}"
