# Region's table and index take agencies' names; PostgreSQL renames them in place, rows and
# foreign keys (TPS villages, unit regions and seats) stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_region"),
        ("polling_stations", "0006_region_in_agencies"),
    ]

    operations = [
        migrations.RenameIndex(
            model_name="region",
            new_name="agencies_re_level_22e706_idx",
            old_name="polling_sta_level_17c801_idx",
        ),
        migrations.AlterModelTable(
            name="region",
            table=None,
        ),
    ]
