"""The incident types named in the domain notes, so every database starts with them."""

from django.db import migrations

INCIDENT_TYPES = [
    ("keributan", "Keributan/pengumpulan massa", 2, False),
    ("intimidasi", "Intimidasi terhadap pemilih atau penyelenggara", 2, True),
    ("politik-uang", "Politik uang", 1, True),
    ("logistik", "Kerusakan atau kekurangan logistik", 1, False),
    ("terlambat-buka", "TPS terlambat dibuka", 1, False),
    ("bencana", "Banjir atau bencana lain", 2, False),
    ("kecelakaan", "Kecelakaan", 2, False),
    ("listrik-padam", "Listrik padam", 1, False),
]


def seed(apps, schema_editor):
    IncidentType = apps.get_model("polling_stations", "IncidentType")
    for order, (code, name, severity, gakkumdu) in enumerate(INCIDENT_TYPES, start=1):
        IncidentType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "default_severity": severity,
                "suggests_gakkumdu": gakkumdu,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("polling_stations", "0007_election_day")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
