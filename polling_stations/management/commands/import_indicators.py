from django.core.management.base import BaseCommand, CommandError

from operations.models import Election
from polling_stations import services


class Command(BaseCommand):
    help = "Memuat indikator TPS rawan Bawaslu ke satu pemilihan (aman dijalankan ulang)."

    def add_arguments(self, parser):
        parser.add_argument("--election", required=True, help="slug pemilihan")
        parser.add_argument(
            "--file", default=None, help="CSV indikator (bawaan: data Bawaslu 2024)"
        )
        parser.add_argument("--set-version", type=int, default=1, help="versi set indikator")

    def handle(self, *args, **options):
        try:
            election = Election.objects.get(slug=options["election"])
        except Election.DoesNotExist as exc:
            raise CommandError(f"Pemilihan '{options['election']}' tidak ditemukan.") from exc
        indicator_set = services.import_indicators(
            election=election, path=options["file"], version=options["set_version"]
        )
        self.stdout.write(
            f"{indicator_set}: {indicator_set.variables.count()} variabel, "
            f"{indicator_set.indicators.count()} indikator."
        )
