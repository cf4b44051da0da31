"""Append-only models: rows are written once and never changed or removed through the ORM.

On PostgreSQL a trigger (see the migrations that call ``append_only_trigger_sql``) refuses
UPDATE and DELETE for anyone who bypasses the ORM too.

The one exception is the removal of a dossier after its retention period
(``oza.avg.services.purge_jeugdige``): inside ``retention_purge()`` rows may be DELETEd, in the
ORM and (through a transaction-local setting the trigger reads) on PostgreSQL, except from the
tables in ``KEPT_TABLES``: the audit trail is never removed. UPDATE stays refused.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, models

_purging = ContextVar("oza_retention_purge", default=False)

# Append-only tables no removal touches: the legal log and what documents the removal.
KEPT_TABLES = ("audit_auditevent", "avg_retentiontombstone", "avg_auditreview")


class AppendOnlyError(Exception):
    pass


@contextmanager
def retention_purge():
    """Allow DELETE of append-only rows (not of ``KEPT_TABLES``) for the current transaction
    only. Only ``oza.avg.services.purge_jeugdige`` uses this."""
    if not connection.in_atomic_block:
        raise AppendOnlyError("retention_purge() needs a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL oza.retention_purge = 'on'")
    token = _purging.set(True)
    try:
        yield
    finally:
        _purging.reset(token)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL oza.retention_purge = 'off'")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    def delete(self):
        if _purging.get() and self.model._meta.db_table not in KEPT_TABLES:
            return super().delete()
        raise AppendOnlyError(f"{self.model.__name__} is append-only")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} is append-only")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} is append-only")


# Every migration that installs a trigger (re)defines the function, so all define it the same.
REFUSE_CHANGE_FUNCTION_SQL = f"""
    CREATE OR REPLACE FUNCTION oza_refuse_change() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE'
            AND current_setting('oza.retention_purge', true) = 'on'
            AND TG_TABLE_NAME NOT IN ({", ".join(f"'{t}'" for t in KEPT_TABLES)}) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME;
    END;
    $$ LANGUAGE plpgsql;
"""


def append_only_trigger_sql(table: str) -> tuple[str, str]:
    """Forward and reverse SQL for a PostgreSQL trigger that forbids UPDATE and DELETE (DELETE
    is let through only inside ``retention_purge()``)."""
    forward = f"""
        {REFUSE_CHANGE_FUNCTION_SQL}
        CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION oza_refuse_change();
    """
    reverse = f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};"
    return forward, reverse


def append_only_migration_operation(table: str):
    """A migration operation that installs the trigger on PostgreSQL and does nothing elsewhere."""
    from django.db import migrations

    forward, reverse = append_only_trigger_sql(table)

    def install(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(forward, params=None)

    def remove(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(reverse, params=None)

    return migrations.RunPython(install, remove)
