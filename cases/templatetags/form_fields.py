from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cases.cache import reference_fragment

register = template.Library()


@register.simple_tag
def form_fields(form, *names):
    """The fields of ``form`` (those ``names``, or all), as includes/fields.html shows them.

    Unbound and without initial values given to it, fields named in the form's
    ``fields_rendered_alike`` (fixed choices or reference data, fixed initial values) look the
    same on every page in one language: they are made once per language and reference version,
    not again on every page made anew. A bound form (shown again with what was typed and its
    errors) is rendered as it is."""

    def render() -> str:
        if names:  # each is rendered markup
            return mark_safe(
                "".join(render_to_string("includes/field.html", {"field": form[n]}) for n in names)
            )
        return render_to_string("includes/fields.html", {"form": form})

    alike = set(getattr(form, "fields_rendered_alike", ()))
    if form.is_bound or form.initial or not set(names or form.fields) <= alike:
        return render()
    form_class = type(form)
    key = [f"{form_class.__module__}.{form_class.__qualname__}", form.prefix, list(names)]
    return reference_fragment("form-fields", key, render)
