"""Who counts for the composition of an MDO: shared by the composition check on the meeting
screen and the route's guard, so both judge a meeting the same way."""

from cases.guards import ADULT_DECIDES_AGE
from cases.models import TeamRole

from .models import Participant, ParticipantKind

# The team roles the route requires at the MDO (a user's function of the same name fills it).
REQUIRED_ROLES = (TeamRole.ONDERWIJSCONSULENT, TeamRole.JEUGDCONSULENT)


def professional_roles(role: str, user) -> set[str]:
    """The roles a professional with ``role`` on the team (or at the MDO) fills.

    On a team everyone has one role, so an onderwijsconsulent or a jeugd- en gezinscoach who is
    the procesbegeleider of the oza carries the role "procesbegeleider": their own function
    still counts for the composition."""
    roles = {role} if role else set()
    if role == TeamRole.PROCESBEGELEIDER and user is not None:
        roles |= {required for required in REQUIRED_ROLES if user.function == required}
    return roles


def roles_of(participant: Participant) -> set[str]:
    """The roles a participant of an MDO fills (none for parents and the jeugdige)."""
    if participant.kind in (ParticipantKind.PARENT, ParticipantKind.JEUGDIGE):
        return set()
    return professional_roles(participant.role, participant.user)


def speaks_for_the_family(participant: Participant, day) -> bool:
    """A parent or verzorger, or the jeugdige when they are 16 or older on ``day``."""
    if participant.kind == ParticipantKind.PARENT:
        return True
    return (
        participant.kind == ParticipantKind.JEUGDIGE
        and participant.jeugdige is not None
        and participant.jeugdige.age(day) >= ADULT_DECIDES_AGE
    )
