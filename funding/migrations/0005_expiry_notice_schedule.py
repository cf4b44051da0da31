from django.db import migrations

from oza.beat import daily_task_operation


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0004_fundingexpirynotice"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        daily_task_operation(
            name="Aflopende bekostiging melden",
            task="funding.tasks.send_expiry_notices",
            hour=7,
            minute=15,
            description="Mailt de procesbegeleider over toegekende bekostigingsregels die "
            "binnenkort aflopen, eenmaal per regel en termijn.",
        )
    ]
