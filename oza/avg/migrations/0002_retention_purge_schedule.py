"""The beat schedule of the nightly removal of dossiers past their retention period."""

from django.db import migrations

from oza.beat import daily_task_operation


class Migration(migrations.Migration):
    dependencies = [
        ("avg", "0001_legal_hold_tombstone_review"),
        ("audit", "0004_retention_purge_refuse_change"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        daily_task_operation(
            name="Dossiers na bewaartermijn verwijderen",
            task="oza.avg.tasks.purge_expired_dossiers",
            hour=2,
            minute=30,
            description="Verwijdert elke nacht de jeugdigen van wie het laatste oza langer dan "
            "de bewaartermijn (OZA_RETENTION_YEARS) geleden is afgesloten, zonder bewaarplicht, "
            "met hun bestanden; schrijft een grafsteen en bewaart de audittrail.",
        )
    ]
