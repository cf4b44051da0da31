from django import template

from ..forms import EscalationForm
from ..selectors import checklist_for, escalations_of

register = template.Library()


@register.inclusion_tag("funding/_panel.html", takes_context=True)
def funding_panel(context, arrangement):
    """How the oza is paid for, and what is missing (the oza page is already access-checked)."""
    lines = list(arrangement.funding_lines.all())  # prefetched by cases.selectors
    return {
        "arrangement": arrangement,
        "lines": lines,
        "checklist": checklist_for(arrangement, lines),
        "is_member": context.get("is_member"),
        "decision_form": context.get("decision_form"),  # shown again (funding.views)
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.inclusion_tag("funding/_escalations.html", takes_context=True)
def escalation_panel(context, arrangement):
    """Escalations of the oza with days at their current level."""
    return {
        "arrangement": arrangement,
        "escalations": escalations_of(arrangement),
        "is_procesbegeleider": arrangement.procesbegeleider == context["request"].user,
        # A form shown again (funding.views) keeps what was typed and says what was wrong.
        "form": context.get("escalation_form") or EscalationForm(),
        "step_form": context.get("escalation_step_form"),
        "resolve_form": context.get("escalation_resolve_form"),
        "csrf_token": context.get("csrf_token"),
    }
