import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def keep_owner_users(apps, schema_editor):
    Agreement = apps.get_model("mdo", "Agreement")
    Participant = apps.get_model("mdo", "Participant")
    owner = Participant.objects.filter(pk=OuterRef("owner_id"))
    Agreement.objects.using(schema_editor.connection.alias).update(
        owner_user_id=Subquery(owner.values("user_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_destination"),
        ("mdo", "0004_meeting_oza_start"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="owner_user",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(keep_owner_users, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                fields=["owner_user", "due_date", "id"],
                include=("arrangement", "status"),
                name="agreement_owner_user_due",
            ),
        ),
    ]
