# Region now belongs to agencies (see agencies 0003_region): point the TPS at it and drop
# this app's copy from the migration state. State only: no table is touched.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_region"),
        ("polling_stations", "0005_generated_document"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="pollingstation",
                    name="village",
                    field=models.ForeignKey(limit_choices_to={"level": 4}, on_delete=django.db.models.deletion.PROTECT, related_name="polling_stations", to="agencies.region", verbose_name="desa/kelurahan"),
                ),
                migrations.DeleteModel(name="Region"),
            ],
            database_operations=[],
        ),
    ]
