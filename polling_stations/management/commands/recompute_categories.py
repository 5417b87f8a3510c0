from django.core.management.base import BaseCommand, CommandError

from operations.models import Operation
from polling_stations import services


class Command(BaseCommand):
    help = "Menghitung ulang kategori usulan TPS dari indikator Bawaslu untuk satu operasi."

    def add_arguments(self, parser):
        parser.add_argument("--operation", required=True, help="slug operasi")

    def handle(self, *args, **options):
        operation = Operation.objects.filter(slug=options["operation"]).first()
        if operation is None:
            raise CommandError(f"Operasi '{options['operation']}' tidak ditemukan.")
        count = services.recompute_categories(operation=operation)
        self.stdout.write(f"{count} TPS dihitung ulang.")
