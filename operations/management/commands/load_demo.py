from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operations.demo import DemoDataError, load_demo


class Command(BaseCommand):
    help = (
        "Memuat data demo dari lima rapat nyata (satuan, mitra, pejabat, operasi, pemilihan, "
        "893 TPS Pasaman Barat) dan satu pengguna demo per peran. Aman dijalankan berulang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users", action="store_true", help=_("Jangan membuat pengguna demo.")
        )

    def handle(self, *args, **options):
        try:
            summary = load_demo(with_users=not options["no_users"])
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Data demo dimuat: %(agencies)d instansi, %(officials)d pejabat, "
                    "%(meetings)d rapat, %(tps)d TPS, %(users)d pengguna demo."
                )
                % {
                    "agencies": summary.agencies,
                    "officials": summary.officials,
                    "meetings": summary.meetings,
                    "tps": summary.polling_stations,
                    "users": len(summary.users),
                }
            )
        )
