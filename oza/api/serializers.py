from django.db import models
from rest_framework import serializers

# The integer ranges of PostgreSQL, the production database. Django gives an integer field the
# range of the database in use as validators; the schema must be the same on every database.
INTEGER_RANGES = {
    "SmallIntegerField": (-32768, 32767),
    "PositiveSmallIntegerField": (0, 32767),
    "IntegerField": (-2147483648, 2147483647),
    "PositiveIntegerField": (0, 2147483647),
    "BigIntegerField": (-9223372036854775808, 9223372036854775807),
    "PositiveBigIntegerField": (0, 9223372036854775807),
}


class ModelSerializer(serializers.ModelSerializer):
    # (Comments, not a docstring: the schema would show it on every component.)
    # The API's ModelSerializer: read-only fields keep ``allow_blank`` (a blank choice, "" for
    # "none", is then part of the schema's enum, as the responses really contain it), and
    # integer fields have the same bounds on every database.

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        bounds = INTEGER_RANGES.get(model_field.get_internal_type())
        if bounds and isinstance(model_field, models.IntegerField):
            low, high = bounds
            if "min_value" in kwargs:
                kwargs["min_value"] = max(kwargs["min_value"], low)
            if "max_value" in kwargs:
                kwargs["max_value"] = min(kwargs["max_value"], high)
        return field_class, kwargs

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        allow_blank = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank:
            kwargs["allow_blank"] = True
        return kwargs
