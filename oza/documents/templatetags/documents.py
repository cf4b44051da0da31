from django import template

from cases.selectors import is_team_member

from ..models import Audience
from ..selectors import documents_of

register = template.Library()


@register.inclusion_tag("documents/_panel.html", takes_context=True)
def documents_panel(context, arrangement, meeting=None):
    """The "Documenten" card: request buttons and the versions, for team members only. On the
    oza page it lists the plans; given a closed ``meeting``, that MDO's verslagen. The page
    around it has already loaded ``arrangement`` through the access selector."""
    request = context["request"]
    is_member = is_team_member(request.user, arrangement)
    return {
        "arrangement": arrangement,
        "meeting": meeting,
        "is_member": is_member,
        "documents": documents_of(arrangement, meeting) if is_member else [],
        "jeugdigen": [p.jeugdige for p in arrangement.current_participations()]
        if meeting is None
        else [],
        "family_allowed": meeting is None or not arrangement.is_group,
        "FAMILY": Audience.FAMILY,
        "TEAM": Audience.TEAM,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
