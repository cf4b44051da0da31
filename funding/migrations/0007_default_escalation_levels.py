"""The regional escalatieladder as the framework describes it (seed 002); a functioneel
beheerder can change the levels in the admin."""

from django.db import migrations

from oza.audit.append_only import append_only_migration_operation

LEVELS = [
    (1, "MDO", "Het MDO zoekt zelf een oplossing, met extra expertise waar nodig."),
    (2, "Management van de partners", "De leidinggevenden van de betrokken partners."),
    (3, "Regisseuroverleg", "Het regionale regisseuroverleg van SWV en gemeenten."),
    (4, "Doorbraakfunctionaris", "De regionale doorbraakfunctionaris beslist."),
]


def create_levels(apps, schema_editor):
    EscalationLevel = apps.get_model("funding", "EscalationLevel")
    for number, name, description in LEVELS:
        EscalationLevel.objects.get_or_create(
            number=number, defaults={"name": name, "description": description}
        )


def remove_levels(apps, schema_editor):
    apps.get_model("funding", "EscalationLevel").objects.filter(
        number__in=[number for number, _name, _description in LEVELS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("funding", "0006_escalation_ladder")]

    operations = [
        migrations.RunPython(create_levels, remove_levels),
        append_only_migration_operation("funding_escalationstep"),
    ]
