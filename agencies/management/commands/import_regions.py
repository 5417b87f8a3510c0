import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agencies.geography import Region
from agencies.regions import RegionFileError, import_regions


class Command(BaseCommand):
    help = _(
        "Memuat wilayah Kemendagri (provinsi, kabupaten/kota, kecamatan, desa/kelurahan). "
        "Tanpa DIR, memakai salinan data yang dibawa proyek."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            help=_("Folder berisi provinces.csv, regencies.csv, districts.csv, villages.csv"),
        )

    def handle(self, *args, directory=None, **options):
        started = time.monotonic()
        try:
            result = import_regions(directory=directory)
        except RegionFileError as error:
            raise CommandError(
                _("Wilayah tidak dimuat; tidak ada yang ditulis.")
                + "\n"
                + "\n".join(error.problems)
            ) from error
        counts = ", ".join(
            f"{Region.Level(level).label}: {count:,}".replace(",", ".")
            for level, count in sorted(result.by_level.items())
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(total)s wilayah dimuat (%(counts)s) dalam %(secs).1f detik.")
                % {
                    "total": f"{result.total:,}".replace(",", "."),
                    "counts": counts,
                    "secs": time.monotonic() - started,
                }
            )
        )
