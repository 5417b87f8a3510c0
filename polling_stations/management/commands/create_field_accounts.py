"""Creates field officers' sign-ins from a unit's plotting groups and prints them once."""

import csv

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from operations.models import Operation
from polling_stations.services.field_accounts import create_field_accounts


class Command(BaseCommand):
    help = (
        "Membuat akun petugas lapangan, satu per kelompok plotting satuan yang belum punya, "
        "dan mencetak nama pengguna serta kata sandinya (CSV) satu kali."
    )

    def add_arguments(self, parser):
        parser.add_argument("--operation", required=True, help="slug operasi")
        parser.add_argument("--unit", required=True, help="slug satuan")

    def handle(self, *args, **options):
        try:
            operation = Operation.objects.get(slug=options["operation"])
            unit = Agency.objects.police().get(slug=options["unit"])
        except (Operation.DoesNotExist, Agency.DoesNotExist) as exc:
            raise CommandError("Operasi atau satuan tidak ditemukan.") from exc
        created = create_field_accounts(operation=operation, unit=unit)
        writer = csv.writer(self.stdout)
        writer.writerow(["polsek", "kelompok", "username", "password"])
        for account in created:
            writer.writerow(
                [
                    account.group.polsek.short_name,
                    str(account.group),
                    account.username,
                    account.password,
                ]
            )
        self.stderr.write(f"{len(created)} akun dibuat.")
