"""The single way to write the audit trail; views and services call these, never the model."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import partial

from django.db import connection, models

from .context import current_request
from .models import AuditAction, AuditEvent


def _request_details() -> dict:
    request = current_request.get()
    if request is None:
        return {}
    return {
        "ip_address": request.META.get("REMOTE_ADDR") or None,
        "path": request.get_full_path()[:255],
    }


def _event(
    *,
    actor,
    action,
    jeugdige_id,
    obj,
    description="",
    changes=None,
    break_the_glass=False,
    on_behalf_of=None,
):
    return AuditEvent(
        actor=actor,
        action=action,
        jeugdige_id=jeugdige_id,
        object_type=obj._meta.label if isinstance(obj, models.Model) else str(obj),
        object_id=str(obj.pk) if isinstance(obj, models.Model) else "",
        description=description[:255],
        changes=changes or {},
        break_the_glass=break_the_glass,
        on_behalf_of=on_behalf_of,
        **_request_details(),
    )


def audit_read(
    *, actor, jeugdige_ids: Iterable[int], obj, action=AuditAction.VIEW, break_the_glass=False
) -> None:
    """Log that ``actor`` saw ``obj`` concerning each of ``jeugdige_ids``, in one query."""
    ids = list(dict.fromkeys(jeugdige_ids))
    if not ids:
        return
    event = partial(_event, actor=actor, action=action, obj=obj, break_the_glass=break_the_glass)
    if connection.vendor == "postgresql":
        _insert_for_each_jeugdige(event(jeugdige_id=None), ids)
    else:
        AuditEvent.objects.bulk_create([event(jeugdige_id=pk) for pk in ids])


def _insert_for_each_jeugdige(event: AuditEvent, jeugdige_ids: list[int]) -> None:
    """``event`` once for each jeugdige, in one INSERT ... SELECT over an array of their ids.
    A list page logs 25 jeugdigen on every view, and bulk_create spent about 5 ms preparing the
    same values 25 times; this prepares them once (the fields' own conversion to the database)."""
    jeugdige = AuditEvent._meta.get_field("jeugdige")
    fields = [
        f for f in AuditEvent._meta.concrete_fields if not f.primary_key and f is not jeugdige
    ]
    values = [f.get_db_prep_save(f.pre_save(event, add=True), connection) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in [*fields, jeugdige])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) "
            f"SELECT {', '.join(['%s'] * len(values))}, jeugdige "
            "FROM unnest(%s::bigint[]) AS jeugdige",
            [*values, jeugdige_ids],
        )


def audit_change(
    *,
    actor,
    jeugdige_ids: Iterable[int],
    obj,
    action,
    description="",
    changes=None,
    on_behalf_of=None,
) -> None:
    """Log a change of ``obj``; ``changes`` maps a field name to [old, new]. A change that
    concerns no jeugdige yet (a group oza without members) is logged without one.
    ``on_behalf_of`` is the person whose task the actor carried out, if not their own."""
    events = [
        _event(
            actor=actor,
            action=action,
            jeugdige_id=jeugdige_id,
            obj=obj,
            description=description,
            changes=_jsonable(changes or {}),
            on_behalf_of=on_behalf_of,
        )
        for jeugdige_id in dict.fromkeys(jeugdige_ids) or [None]
    ]
    AuditEvent.objects.bulk_create(events)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    return {name: getattr(instance, name) for name in fields}


def diff(before: dict, instance: models.Model) -> dict:
    """Fields of ``instance`` whose value differs from ``before``, as {field: [old, new]}."""
    return {
        name: [old, getattr(instance, name)]
        for name, old in before.items()
        if old != getattr(instance, name)
    }


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value
