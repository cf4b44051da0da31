"""The MDO's guard on the route (DOMAIN.md, "The five-phase route" and "The MDO").

An oza leaves oriëntatie only after a held MDO at which at least a parent (or the jeugdige of 16
or older), an onderwijsconsulent and a jeugd- en gezinscoach/jeugdconsulent were present.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import TeamRole
from cases.route import route_guard

from .composition import roles_of, speaks_for_the_family
from .models import Attendance, MeetingStatus, Participant


def missing_at(meeting) -> list[str]:
    """Who the route requires but was not present at this held ``meeting``, in Dutch."""
    day = timezone.localdate(meeting.starts_at)
    when = day.strftime("%d-%m-%Y")
    present = [p for p in meeting.participants.all() if p.attendance == Attendance.PRESENT]
    missing = []
    if not any(speaks_for_the_family(p, day) for p in present):
        missing.append(
            _(
                "Bij het MDO van %(day)s was geen ouder of verzorger aanwezig (vanaf 16 jaar mag "
                "dat ook de jeugdige zelf zijn)."
            )
            % {"day": when}
        )
    roles = set().union(*(roles_of(p) for p in present))
    if TeamRole.ONDERWIJSCONSULENT not in roles:
        missing.append(
            _("Bij het MDO van %(day)s was geen onderwijsconsulent aanwezig.") % {"day": when}
        )
    if TeamRole.JEUGDCONSULENT not in roles:
        missing.append(
            _("Bij het MDO van %(day)s was geen jeugd- en gezinscoach of jeugdconsulent aanwezig.")
            % {"day": when}
        )
    return missing


@route_guard("start_preparation")
def held_mdo_with_family_and_consultants(arrangement):
    """Oriëntatie ends with a held MDO; any held MDO with the right people present will do.

    Runs on every render of the oza page: one query for the held MDO's, one for their
    participants."""
    held = list(
        arrangement.meetings.filter(status=MeetingStatus.HELD)
        .order_by("-starts_at", "-id")
        .prefetch_related(
            Prefetch(
                "participants", queryset=Participant.objects.select_related("user", "jeugdige")
            )
        )
    )
    if not held:
        yield _("Houd eerst een MDO met ouders, onderwijsconsulent en jeugd- en gezinscoach.")
        return
    missing_per_meeting = [missing_at(meeting) for meeting in held]
    if any(not missing for missing in missing_per_meeting):
        return
    yield from missing_per_meeting[0]  # the most recent held MDO
