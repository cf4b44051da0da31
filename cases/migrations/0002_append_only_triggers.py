from django.db import migrations

from oza.audit.append_only import append_only_migration_operation


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        append_only_migration_operation("cases_phasetransition"),
        append_only_migration_operation("cases_consentrecord"),
        append_only_migration_operation("cases_breakglassaccess"),
    ]
