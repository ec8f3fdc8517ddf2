"""The "Payout staff" group: only its members preview, start and export season payouts.

Organisers add people to it in the admin; the group carries no model
permissions, membership is the check (``selectors.payouts.can_run_payouts``).
"""

from django.db import migrations

PAYOUT_GROUP = "Payout staff"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).get_or_create(name=PAYOUT_GROUP)


def delete_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=PAYOUT_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("leagues", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
