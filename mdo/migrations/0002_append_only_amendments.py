from django.db import migrations

from oza.audit.append_only import append_only_migration_operation


class Migration(migrations.Migration):
    dependencies = [("mdo", "0001_initial")]

    operations = [append_only_migration_operation("mdo_amendment")]
