# Geography moves below the units: Region changes owner from polling_stations to agencies.
# State only: the table, its rows and the foreign keys pointing at it stay as they are.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_initial"),
        ("polling_stations", "0001_squashed_0004_plotting_document"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Region",
                    fields=[
                        ("code", models.CharField(max_length=13, primary_key=True, serialize=False, verbose_name="kode Kemendagri")),
                        ("name", models.CharField(max_length=120, verbose_name="nama")),
                        ("level", models.PositiveSmallIntegerField(choices=[(1, "Provinsi"), (2, "Kabupaten/kota"), (3, "Kecamatan"), (4, "Desa/kelurahan")], verbose_name="tingkat")),
                        ("kind", models.CharField(choices=[("provinsi", "Provinsi"), ("kabupaten", "Kabupaten"), ("kota", "Kota"), ("kecamatan", "Kecamatan"), ("desa", "Desa"), ("kelurahan", "Kelurahan")], max_length=10, verbose_name="jenis")),
                        ("parent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="children", to="agencies.region", verbose_name="induk")),
                    ],
                    options={
                        "verbose_name": "wilayah",
                        "verbose_name_plural": "wilayah",
                        "ordering": ["code"],
                        "db_table": "polling_stations_region",
                        "indexes": [models.Index(fields=["level", "code"], name="polling_sta_level_17c801_idx")],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(models.Q(("level", 1), ("parent__isnull", True)), models.Q(("level__gt", 1), ("parent__isnull", False)), _connector="OR"),
                                name="region_parent_matches_level",
                            )
                        ],
                    },
                ),
                migrations.AlterField(
                    model_name="agency",
                    name="regions",
                    field=models.ManyToManyField(blank=True, related_name="agencies", to="agencies.region", verbose_name="wilayah tanggung jawab"),
                ),
                migrations.AlterField(
                    model_name="agency",
                    name="seat",
                    field=models.ForeignKey(blank=True, help_text="Wilayah tempat markas; menentukan zona waktu (WIB/WITA/WIT).", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="agencies.region", verbose_name="kedudukan"),
                ),
            ],
            database_operations=[],
        ),
    ]
