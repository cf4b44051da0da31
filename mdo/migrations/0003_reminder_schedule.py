"""The beat schedule of the MDO reminders."""

from django.db import migrations

from oza.beat import interval_task_operation


class Migration(migrations.Migration):
    dependencies = [
        ("mdo", "0002_append_only_amendments"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        interval_task_operation(
            name="MDO-herinneringen",
            task="mdo.tasks.send_reminders",
            minutes=15,
            description="Herinnert genodigden aan een MDO (OZA_MDO_REMINDER_DAYS dagen van "
            "tevoren) en de eigenaar van een afspraak die over tijd is, elk één keer.",
        )
    ]
