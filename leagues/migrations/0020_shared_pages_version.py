from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("leagues", "SharedPagesVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("leagues", "0019_import_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SharedPagesVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("generation", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
