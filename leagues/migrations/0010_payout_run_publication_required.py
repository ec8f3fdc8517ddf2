import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every run now carries what it was confirmed on (0009 pinned the older ones)."""

    dependencies = [
        ("leagues", "0009_payout_run_pinned"),
    ]

    operations = [
        migrations.AlterField(
            model_name="payoutrun",
            name="publication",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="leagues.publication",
            ),
        ),
        migrations.AlterField(
            model_name="payoutrun",
            name="rates",
            field=models.JSONField(
                help_text="The confirmed credit cells: [league, tier, medal, credits]"
            ),
        ),
    ]
