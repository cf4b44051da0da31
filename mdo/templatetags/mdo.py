from django import template

from ..models import Meeting

register = template.Library()


@register.inclusion_tag("mdo/_arrangement_meetings.html", takes_context=True)
def arrangement_meetings(context, arrangement):
    """The MDO's of an oza, for its page (the oza page is already access-checked)."""
    meetings = Meeting.objects.filter(arrangement=arrangement)
    return {
        "arrangement": arrangement,
        "meetings": meetings.order_by("-starts_at"),
        "is_member": context.get("is_member"),
    }
