from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operations.models import Election
from polling_stations.services import import_tps
from polling_stations.tps_file.reading import COLUMNS, TpsFileError


class Command(BaseCommand):
    help = (
        f"Imports a TPS file (CSV or XLSX: {', '.join(COLUMNS)}) for an election. "
        "Checks the whole file first; with errors nothing is written unless --skip-invalid. "
        "Importing again updates, never "
        "duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--election", required=True, help="Slug of the election.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and reject the others (see --rejects).",
        )
        parser.add_argument(
            "--rejects",
            type=Path,
            help="Write the rejected rows, with an 'alasan' column, to this CSV file.",
        )
        parser.add_argument(
            "--max-errors", type=int, default=50, help="How many bad rows to print (default 50)."
        )

    def handle(self, *args, file: Path, election: str, skip_invalid: bool, rejects, **options):
        if not Path(file).is_file():
            raise CommandError(_("Berkas %(file)s tidak ditemukan.") % {"file": file})
        try:
            target = Election.objects.get(slug=election)
        except Election.DoesNotExist as exc:
            raise CommandError(
                _("Pemilihan dengan slug “%(slug)s” tidak ada.") % {"slug": election}
            ) from exc
        try:
            result = import_tps(
                path=Path(file),
                election=target,
                skip_invalid=skip_invalid,
                rejects_path=Path(rejects) if rejects else None,
            )
        except TpsFileError as exc:
            raise CommandError(str(exc)) from exc
        for error in result.errors[: options["max_errors"]]:
            self.stderr.write(
                _("baris %(line)d: %(reason)s") % {"line": error.line, "reason": error.reason}
            )
        if result.rejected > options["max_errors"]:
            self.stderr.write(
                _("... dan %(count)d baris lainnya")
                % {"count": result.rejected - options["max_errors"]}
            )
        if result.rejects_path:
            self.stderr.write(
                _("Baris yang ditolak ditulis ke %(path)s") % {"path": result.rejects_path}
            )
        if not result.written:
            raise CommandError(
                _(
                    "%(bad)d dari %(rows)d baris salah; tidak ada yang disimpan. Perbaiki "
                    "berkas, atau pakai --skip-invalid untuk mengimpor baris yang benar."
                )
                % {"bad": result.rejected, "rows": result.rows}
            )
        self.stdout.write(
            _(
                "%(rows)d baris: %(created)d TPS baru, %(updated)d diperbarui, "
                "%(unchanged)d tidak berubah, %(rejected)d ditolak."
            )
            % {
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "rejected": result.rejected,
            }
        )
