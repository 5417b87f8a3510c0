"""Writes a readiness report PDF, synchronously, the same PDF the worker makes."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from operations.models import Operation
from operations.reports import render_readiness_pdf


class Command(BaseCommand):
    help = "Membuat Laporan Kesiapan Pengamanan (PDF) untuk satu operasi dan satu satuan Polri."

    def add_arguments(self, parser):
        parser.add_argument("--operation", required=True, help="slug operasi")
        parser.add_argument("--unit", required=True, help="slug satuan (Polres/Polda)")
        parser.add_argument("--output", required=True, help="berkas PDF keluaran")

    def handle(self, *args, operation, unit, output, **options):
        found_operation = Operation.objects.filter(slug=operation).first()
        if found_operation is None:
            raise CommandError(f"Operasi dengan slug '{operation}' tidak ditemukan (--operation).")
        found_unit = Agency.objects.police().filter(slug=unit).first()
        if found_unit is None:
            raise CommandError(f"Satuan Polri dengan slug '{unit}' tidak ditemukan (--unit).")
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"Folder '{path.parent}' untuk --output tidak ada.")
        pdf = render_readiness_pdf(operation=found_operation, unit=found_unit)
        path.write_bytes(pdf)
        self.stdout.write(
            self.style.SUCCESS(f"Laporan ditulis ke {path} ({len(pdf):,} bita).".replace(",", "."))
        )
