"""Plays voting day (H-1 to H+1) for a unit's TPS as an exercise, through the phones' service."""

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from operations.models import Operation
from polling_stations.services.election_day import seed_incident_types
from polling_stations.services.exercise import clear_exercise, plan_election_days, run_simulation


class Command(BaseCommand):
    help = (
        "Latihan hari-H: memainkan laporan TPS tiga hari (H-1 s.d. H+1) untuk satu satuan "
        "melalui layanan yang sama dengan ponsel petugas, ditandai sebagai latihan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--operation", required=True, help="slug operasi")
        parser.add_argument("--unit", required=True, help="slug satuan (Polsek/Polres/Polda/Mabes)")
        pace = parser.add_mutually_exclusive_group()
        pace.add_argument(
            "--speed", type=float, help="N kali lebih cepat dari waktu nyata (mis. 720)"
        )
        pace.add_argument("--instant", action="store_true", help="semua laporan sekaligus (bawaan)")
        parser.add_argument("--incidents", type=int, default=5, help="jumlah insiden (bawaan 5)")
        parser.add_argument("--seed", type=int, help="benih acak, untuk latihan yang dapat diulang")
        clearing = parser.add_mutually_exclusive_group()
        clearing.add_argument(
            "--clear", action="store_true", help="hapus data latihan satuan ini, lalu selesai"
        )
        clearing.add_argument(
            "--replace",
            action="store_true",
            help="hapus data latihan satuan ini dulu, lalu mainkan latihan baru",
        )

    def handle(self, *args, **options):
        try:
            operation = Operation.objects.get(slug=options["operation"])
        except Operation.DoesNotExist as exc:
            raise CommandError(f"Operasi “{options['operation']}” tidak ditemukan.") from exc
        try:
            unit = Agency.objects.police().get(slug=options["unit"])
        except Agency.DoesNotExist as exc:
            raise CommandError(f"Satuan Polri “{options['unit']}” tidak ditemukan.") from exc
        if options["clear"]:
            deleted = clear_exercise(operation=operation, unit=unit)
            self.stdout.write(self.style.SUCCESS(f"Data latihan dihapus: {deleted} baris."))
            return
        if options["speed"] is not None and options["speed"] <= 0:
            raise CommandError("--speed harus lebih besar dari 0.")
        if options["incidents"] < 0:
            raise CommandError("--incidents tidak boleh negatif.")
        if options["replace"]:
            deleted = clear_exercise(operation=operation, unit=unit)
            self.stdout.write(f"Data latihan sebelumnya dihapus: {deleted} baris.")
        seed_incident_types()
        plan = plan_election_days(
            operation=operation, unit=unit, incidents=options["incidents"], seed=options["seed"]
        )
        if not plan:
            raise CommandError(f"{unit.short_name} tidak memiliki TPS untuk {operation.name}.")
        self.stdout.write(
            f"Latihan {operation.name} · {unit.short_name}: {len(plan)} laporan "
            f"dari {len({p.station.pk for p in plan})} TPS."
        )

        def progress(done, total):
            self.stdout.write(f"  {done}/{total} laporan ({100 * done // total} %)")

        result = run_simulation(
            operation=operation,
            plan=plan,
            speed=options["speed"],
            seed=options["seed"],
            progress=progress,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai: {result.reports} laporan, {result.incidents} insiden, "
                f"{result.stations} TPS (latihan; hapus dengan --clear)."
            )
        )
