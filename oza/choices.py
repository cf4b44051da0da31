"""Display labels of choice fields, looked up instead of rebuilt.

Django's ``get_FOO_display`` builds a dict of the field's choices on every call, and hashing
each lazy label translates it: a field of 15 choices costs 15 gettext calls per displayed value,
about 400 per dossier list page. ``use_label_lookup`` replaces the generated methods of every
model with one that keeps the choices per field (the labels stay lazy) and translates only the
label it returns."""

from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


def _choice_labels(field) -> dict:
    labels = field.__dict__.get("_oza_choice_labels")
    if labels is None:
        labels = {make_hashable(value): label for value, label in field.flatchoices}
        field.__dict__["_oza_choice_labels"] = labels
    return labels


def _label(field, value):
    return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


def _get_field_display(self, field):
    return _label(field, getattr(self, field.attname))


def choice_label(model, field_name: str, value):
    """What ``get_FOO_display`` shows for ``value``, without an instance (rows read as values)."""
    return _label(model._meta.get_field(field_name), value)


def use_label_lookup() -> None:
    """Called once all models are loaded; leaves a model's own ``get_FOO_display`` alone."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not getattr(field, "choices", None) or not getattr(field, "attname", None):
                continue
            name = f"get_{field.name}_display"
            method = model.__dict__.get(name)
            if isinstance(method, partialmethod) and method.func is Model._get_FIELD_display:
                setattr(model, name, partialmethod(_get_field_display, field=field))
