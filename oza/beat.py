"""Beat schedules created by data migrations, in django-celery-beat's database tables."""

from django.db import migrations
from django.utils import timezone


def daily_task_operation(*, name: str, task: str, hour: int, description: str, minute: int = 0):
    """A migration operation that schedules ``task`` daily at ``hour``:``minute``
    Europe/Amsterdam."""

    def create(apps, schema_editor):
        CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=str(minute),
            hour=str(hour),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/Amsterdam",
        )
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={
                "task": task,
                "crontab": crontab,
                "enabled": True,
                "description": description,
            },
        )
        _tell_beat(apps)

    def remove(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=name).delete()
        _tell_beat(apps)

    return migrations.RunPython(create, remove)


def _tell_beat(apps):
    # Historical models skip PeriodicTask.save(): tell a running beat the schedule changed.
    apps.get_model("django_celery_beat", "PeriodicTasks").objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )
