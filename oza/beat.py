"""Beat schedules created by data migrations, in django-celery-beat's database tables."""

from django.db import migrations
from django.utils import timezone


def _task_operation(*, name, task, description, schedule, **extra):
    """Schedule ``task`` under ``name``; ``schedule(apps)`` returns {field: schedule row}."""

    def create(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.get_or_create(
            name=name,
            defaults={
                "task": task,
                "enabled": True,
                "description": description,
                **schedule(apps),
                **extra,
            },
        )
        _tell_beat(apps)

    def remove(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=name).delete()
        _tell_beat(apps)

    return migrations.RunPython(create, remove)


def daily_task_operation(*, name: str, task: str, hour: int, description: str, minute: int = 0):
    """Schedule ``task`` daily at ``hour``:``minute`` Europe/Amsterdam."""

    def schedule(apps):
        crontab, _ = apps.get_model("django_celery_beat", "CrontabSchedule").objects.get_or_create(
            minute=str(minute),
            hour=str(hour),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/Amsterdam",
        )
        return {"crontab": crontab}

    return _task_operation(name=name, task=task, description=description, schedule=schedule)


def interval_task_operation(*, name: str, task: str, minutes: int, description: str):
    """Schedule ``task`` every ``minutes``; a run that waited longer than one interval in the
    queue is dropped, since the next run does the same work."""

    def schedule(apps):
        IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
        # IntervalSchedule has no unique constraint: reuse the first matching row.
        interval = IntervalSchedule.objects.filter(every=minutes, period="minutes").first()
        if interval is None:
            interval = IntervalSchedule.objects.create(every=minutes, period="minutes")
        return {"interval": interval}

    return _task_operation(
        name=name,
        task=task,
        description=description,
        schedule=schedule,
        expire_seconds=minutes * 60,
    )


def _tell_beat(apps):
    # Historical models skip PeriodicTask.save(): tell a running beat the schedule changed.
    apps.get_model("django_celery_beat", "PeriodicTasks").objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )
