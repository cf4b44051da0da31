from django import template

from ..selectors import meetings_of

register = template.Library()


@register.inclusion_tag("mdo/_arrangement_meetings.html", takes_context=True)
def arrangement_meetings(context, arrangement):
    """The MDO's of an oza, for its page (the oza page is already access-checked)."""
    return {
        "arrangement": arrangement,
        "meetings": meetings_of(arrangement),
        "is_member": context.get("is_member"),
    }
