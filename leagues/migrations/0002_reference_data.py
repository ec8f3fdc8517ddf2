"""Reference data: countries with their region and age of majority, main and secondary areas."""

from django.db import migrations


def load_reference_data(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("leagues", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
