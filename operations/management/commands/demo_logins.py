from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from agencies.models import Membership
from operations.demo import DEMO_PASSWORD
from operations.demo.data.users import DEMO_USERS


class Command(BaseCommand):
    help = "Menampilkan akun demo (nama pengguna, peran, satuan) dan kata sandinya."

    def handle(self, *args, **options):
        users = get_user_model().objects.in_bulk(
            [spec.username for spec in DEMO_USERS], field_name="username"
        )
        if not users:
            self.stdout.write(_("Belum ada pengguna demo. Jalankan `python manage.py load_demo`."))
            return
        memberships = Membership.objects.filter(user__in=users.values()).select_related(
            "agency", "user"
        )
        roles = {(m.user.username, m.role): m for m in memberships}
        header = (_("Nama pengguna"), _("Peran"), _("Satuan/instansi"), _("Nama"))
        rows = []
        for spec in DEMO_USERS:
            user = users.get(spec.username)
            membership = roles.get((spec.username, spec.role))
            if user is None or membership is None:
                continue
            rows.append(
                (
                    spec.username,
                    membership.get_role_display(),
                    membership.agency.short_name,
                    user.get_full_name(),
                )
            )
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        self.stdout.write(_("Akun demo Sinergi"))
        self.stdout.write(line)
        for row in [header, None, *rows]:
            if row is None:
                self.stdout.write(line)
                continue
            cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("| " + " | ".join(cells) + " |")
        self.stdout.write(line)
        message = _("Kata sandi semua akun demo: %(password)s")
        self.stdout.write(message % {"password": DEMO_PASSWORD})
