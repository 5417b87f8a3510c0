import django.db.models.deletion
from django.db import migrations, models

# Free room left in each page of the two tables every report rewrites: an updated row that
# fits beside the old one on its page (and changes no indexed column) is a "HOT" update,
# which writes no index entry at all. Full pages (the default after a bulk load such as the
# H-1 states) send every update to another page and through every index.
FILLFACTORS = {
    "polling_stations_stationstatus": 70,
    "polling_stations_areareportcount": 50,
}


def leave_room(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, fillfactor in FILLFACTORS.items():
        schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {fillfactor})")


def fill_pages(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in FILLFACTORS:
        schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0004_traffic_light_thresholds"),
        ("polling_stations", "0013_area_report_counts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="fieldreport",
            name="operation",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="field_reports",
                to="operations.operation",
                verbose_name="operasi",
            ),
        ),
        migrations.RunPython(leave_room, fill_pages),
    ]
