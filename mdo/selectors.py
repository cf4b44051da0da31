"""Permission-aware reads for MDO's: always through the oza access selector of cases."""

from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone

from cases.selectors import (
    TeamRead,
    found_or_404,
    visible_arrangement_ids,
    with_team_and_jeugdigen,
)
from oza.compiled import attach, compiled_filter

from .models import AgendaItem, Agreement, AgreementStatus, Meeting, Participant


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """MDO's of the oza's the user may see (team members; beheerder through break-the-glass)."""
    return Meeting.objects.filter(arrangement_id__in=visible_arrangement_ids(user))


_MEETINGS_OF = compiled_filter(Meeting.objects.order_by("-starts_at"), arrangement_id="oza")


def meetings_of(arrangement) -> list[Meeting]:
    """The oza's MDO's, the latest first, for its page (which checked access)."""
    return _MEETINGS_OF(oza=arrangement.pk)


def screen_meetings(user) -> QuerySet[Meeting]:
    """The MDO's ``user`` may see, each with its oza, chair and next MDO: the rest of what the
    meeting screen shows comes with ``with_screen``."""
    return meetings_visible_to(user).select_related("arrangement", "chair", "next_meeting")


_SCREEN_MEETING = TeamRead(lambda user, pk: screen_meetings(user).filter(pk=pk), "pk")
_PARTICIPANTS = compiled_filter(
    Participant.objects.select_related("user", "jeugdige"), meeting_id__in="meetings"
)
_AGENDA = compiled_filter(AgendaItem.objects.all(), meeting_id__in="meetings")
_AGREEMENTS = compiled_filter(Agreement.objects.select_related("owner"), meeting_id__in="meetings")


def with_screen(meetings: list[Meeting]) -> list[Meeting]:
    """``meetings`` (from ``screen_meetings``) with what the meeting screen shows: their
    participants, agenda and agreements, and their oza's team and jeugdigen with guardians."""
    ids = [meeting.pk for meeting in meetings]
    attach(meetings, "participants", _PARTICIPANTS(meetings=ids))
    attach(meetings, "agenda_items", _AGENDA(meetings=ids))
    attach(meetings, "agreements", _AGREEMENTS(meetings=ids))
    with_team_and_jeugdigen([meeting.arrangement for meeting in meetings])
    return meetings


def visible_meeting(user, pk) -> Meeting:
    """The MDO ``pk`` with its oza, chair and next MDO; Http404 when ``user`` may not see it."""
    return found_or_404(_SCREEN_MEETING, user, pk)


def meeting_screen(user, pk) -> Meeting:
    """The MDO ``pk`` with what its screen shows; Http404 when ``user`` may not see it."""
    return with_screen([visible_meeting(user, pk)])[0]


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


def agreements_visible_to(user) -> QuerySet[Agreement]:
    """Afspraken made in the MDO's of the oza's the user may see (an agreement's oza is its
    MDO's: read straight from the agreement, without the MDO's)."""
    return Agreement.objects.filter(arrangement_id__in=visible_arrangement_ids(user))


# What still has to be done before what was done or missed (each by its date): the statuses'
# own names sort "gedaan" and "niet_gehaald" before "open".
OPEN_FIRST = Case(When(status=AgreementStatus.OPEN, then=Value(0)), default=Value(1))


def agreements_of(user) -> QuerySet[Agreement]:
    """Afspraken owned by the user, on oza's they may see."""
    return (
        agreements_visible_to(user)
        .filter(owner_user=user)
        .select_related("owner", "meeting", "arrangement")
    )


def overdue_agreements_visible_to(user) -> QuerySet[Agreement]:
    """Open afspraken past their date on every oza the user may see, whoever owns them: the
    procesbegeleider follows them up."""
    return (
        agreements_visible_to(user)
        .filter(status=AgreementStatus.OPEN, due_date__lt=timezone.localdate())
        .select_related("owner", "meeting", "arrangement")
    )
