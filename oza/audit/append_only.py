"""Append-only models: rows are written once and never changed or removed through the ORM.

On PostgreSQL a trigger (see the migrations that call ``append_only_trigger_sql``) refuses
UPDATE and DELETE for anyone who bypasses the ORM too.
"""

from django.db import models


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    def delete(self):
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


def append_only_trigger_sql(table: str) -> tuple[str, str]:
    """Forward and reverse SQL for a PostgreSQL trigger that forbids UPDATE and DELETE."""
    forward = f"""
        CREATE OR REPLACE FUNCTION oza_refuse_change() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME;
        END;
        $$ LANGUAGE plpgsql;
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
