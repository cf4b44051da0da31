"""The append-only trigger function lets DELETE through inside a retention removal only (a
transaction-local setting, ``oza.audit.append_only.retention_purge``); audit rows never."""

from django.db import migrations

from oza.audit.append_only import REFUSE_CHANGE_FUNCTION_SQL

PREVIOUS = """
    CREATE OR REPLACE FUNCTION oza_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME;
    END;
    $$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REFUSE_CHANGE_FUNCTION_SQL, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_export_action")]

    operations = [migrations.RunPython(forward, backward)]
