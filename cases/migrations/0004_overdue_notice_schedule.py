"""The beat schedule of the daily overdue-oza digest."""

from django.db import migrations

from oza.beat import daily_task_operation


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_overduenotice"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        daily_task_operation(
            name="Verlopen oza's melden",
            task="cases.tasks.send_overdue_notices",
            hour=7,
            description="Mailt elke procesbegeleider één keer per oza dat nog actief is "
            "terwijl de geplande einddatum voorbij is.",
        )
    ]
