"""The beat schedule of the MDO reminders, in django-celery-beat's database tables."""

from django.db import migrations
from django.utils import timezone

TASK_NAME = "MDO-herinneringen"
TASK = "mdo.tasks.send_reminders"
EVERY_MINUTES = 15


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")

    # IntervalSchedule has no unique constraint: reuse the first matching row if there are more.
    interval = IntervalSchedule.objects.filter(every=EVERY_MINUTES, period="minutes").first()
    if interval is None:
        interval = IntervalSchedule.objects.create(every=EVERY_MINUTES, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK,
            "interval": interval,
            "enabled": True,
            # A run that waited longer than one interval in the queue is dropped: the next
            # run does the same work.
            "expire_seconds": EVERY_MINUTES * 60,
            "description": "Herinnert genodigden aan een MDO (OZA_MDO_REMINDER_DAYS dagen "
            "van tevoren) en de eigenaar van een afspraak die over tijd is, elk één keer.",
        },
    )
    # Historical models skip PeriodicTask.save(): tell a running beat that the schedule changed.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTask.objects.filter(name=TASK_NAME).delete()
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


class Migration(migrations.Migration):
    dependencies = [
        ("mdo", "0002_append_only_amendments"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
