"""Builders for the TPS import tests: an uploaded CSV, a posted upload, a stored import."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from polling_stations.models import TpsImport

from .tps_files import HEADER


def csv_upload(rows, name="tps.csv") -> SimpleUploadedFile:
    lines = [",".join(HEADER)] + [",".join(cells) for cells in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), content_type="text/csv")


def upload(client, election, rows, **extra):
    return client.post(
        reverse("polling_stations:tps_import"),
        {"file": csv_upload(rows), "election": election.pk, **extra},
    )


def make_import(unit, election, status=TpsImport.Status.QUEUED, **fields) -> TpsImport:
    tps_import = TpsImport(
        unit=unit, election=election, original_name="tps.csv", status=status, **fields
    )
    tps_import.source.save("tps.csv", ContentFile(b"kode_desa,no_tps\n"), save=False)
    tps_import.save()
    return tps_import
