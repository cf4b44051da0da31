from django.db import migrations

from oza.beat import daily_task_operation


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0002_ended_on_and_amount_message"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        daily_task_operation(
            name="Verlopen bekostiging markeren",
            task="funding.tasks.expire_lapsed_lines",
            hour=1,
            description="Zet toegekende bekostigingsregels waarvan de einddatum voorbij is op "
            "verlopen.",
        )
    ]
