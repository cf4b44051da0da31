from itertools import groupby

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cases.cache import reference_fragment

register = template.Library()


@register.simple_tag
def form_fields(form, *names):
    """The fields of ``form`` (those ``names``, or all), as includes/fields.html shows them.

    In an unbound form, the fields named in its ``fields_rendered_alike`` (fixed choices or
    reference data, fixed initial values) that were given no initial value of this form's own
    look the same on every page in one language: they are made once per language and
    reference version, not again on every page made anew. The others (an initial value such as
    the user's role, choices of one's own, a hidden id) are made for each form, in their place.
    A bound form (shown again with what was typed and its errors) is rendered as it is."""

    def render(shown=names) -> str:
        if shown:  # each is rendered markup
            return mark_safe(
                "".join(render_to_string("includes/field.html", {"field": form[n]}) for n in shown)
            )
        return render_to_string("includes/fields.html", {"form": form})

    def kept(shown: list[str]) -> str:
        form_class = type(form)
        key = [f"{form_class.__module__}.{form_class.__qualname__}", form.prefix, shown]
        return reference_fragment("form-fields", key, lambda: render(shown))

    alike = set(getattr(form, "fields_rendered_alike", ())) - set(form.initial)
    named = names or list(form.fields)
    if form.is_bound or not alike.intersection(named):
        return render()
    if alike.issuperset(named):
        return kept(list(names))
    visible = names or [field.name for field in form.visible_fields()]
    parts = [] if names else [str(field) for field in form.hidden_fields()]
    for is_alike, run in groupby(visible, key=alike.__contains__):
        run = list(run)
        parts.append(kept(run) if is_alike else render(run))
    return mark_safe("".join(parts))
