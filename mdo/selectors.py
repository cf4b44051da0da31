"""Permission-aware reads for MDO's: always through the oza access selector of cases."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from cases.selectors import arrangements_visible_to
from oza.compiled import compiled_filter

from .models import AgendaItem, Agreement, AgreementStatus, Meeting, Participant


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """MDO's of the oza's the user may see (team members; beheerder through break-the-glass)."""
    return Meeting.objects.filter(arrangement__in=arrangements_visible_to(user))


_MEETINGS_OF = compiled_filter(Meeting.objects.order_by("-starts_at"), arrangement_id="oza")


def meetings_of(arrangement) -> list[Meeting]:
    """The oza's MDO's, the latest first, for its page (which checked access)."""
    return _MEETINGS_OF(oza=arrangement.pk)


def meeting_screen(user) -> QuerySet[Meeting]:
    """MDO's with what the meeting screen shows, prefetched."""
    return (
        meetings_visible_to(user)
        .select_related("arrangement", "chair", "next_meeting")
        .prefetch_related(
            Prefetch(
                "participants", queryset=Participant.objects.select_related("user", "jeugdige")
            ),
            Prefetch("agenda_items", queryset=AgendaItem.objects.all()),
            Prefetch("agreements", queryset=Agreement.objects.select_related("owner")),
            "arrangement__team_members",
            "arrangement__participations__jeugdige__guardians",
        )
    )


def open_agreements_from_earlier_meetings(meeting: Meeting) -> QuerySet[Agreement]:
    """Open afspraken of this oza made in earlier MDO's: they come back on the next screen."""
    return (
        Agreement.objects.filter(
            arrangement=meeting.arrangement,
            status=AgreementStatus.OPEN,
            meeting__starts_at__lt=meeting.starts_at,
        )
        .exclude(meeting=meeting)
        .select_related("owner", "meeting")
    )


def agreements_of(user) -> QuerySet[Agreement]:
    """Afspraken owned by the user, on oza's they may see."""
    return Agreement.objects.filter(
        owner__user=user, arrangement__in=arrangements_visible_to(user)
    ).select_related("owner", "meeting", "arrangement")


def overdue_agreements_visible_to(user) -> QuerySet[Agreement]:
    """Open afspraken past their date on every oza the user may see, whoever owns them: the
    procesbegeleider follows them up."""
    return Agreement.objects.filter(
        arrangement__in=arrangements_visible_to(user),
        status=AgreementStatus.OPEN,
        due_date__lt=timezone.localdate(),
    ).select_related("owner", "meeting", "arrangement")
