from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from operations.models import Operation
from polling_stations import services
from polling_stations.services.patterns import PRESETS


class Command(BaseCommand):
    help = (
        "Menetapkan pola pengamanan TPS yang dipublikasikan (nasional-2019, polda-sulut-2024) "
        "untuk satu operasi, atau untuk satu Polda/Polres di dalamnya."
    )

    def add_arguments(self, parser):
        parser.add_argument("--operation", required=True, help="slug operasi")
        parser.add_argument("--unit", default=None, help="slug Polda/Polres (pola lokal)")
        parser.add_argument("--preset", required=True, choices=sorted(PRESETS))

    def handle(self, *args, **options):
        operation = Operation.objects.filter(slug=options["operation"]).first()
        if operation is None:
            raise CommandError(f"Operasi '{options['operation']}' tidak ditemukan.")
        unit = None
        if options["unit"]:
            unit = Agency.objects.filter(slug=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Satuan '{options['unit']}' tidak ditemukan.")
        patterns = services.apply_pattern_preset(
            operation=operation, unit=unit, preset=options["preset"]
        )
        for pattern in patterns:
            self.stdout.write(f"{pattern.get_category_display()}: {pattern.ratio}")
