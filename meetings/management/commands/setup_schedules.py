"""Creates the periodic tasks (django-celery-beat) once; admins edit them in the admin."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

SCHEDULES = [
    {
        "name": "Pengingat rapat (setiap 5 menit)",
        "task": "meetings.tasks.send_due_reminders",
        "interval": {"every": 5, "period": IntervalSchedule.MINUTES},
    },
    {
        # Hourly on the hour: 07.00 WIB, WITA and WIT all fall on a whole UTC hour.
        "name": "Ringkasan tindak lanjut pukul 07.00 waktu setempat (setiap jam)",
        "task": "meetings.tasks.send_follow_up_digests",
        "crontab": {"minute": "0", "hour": "*"},
    },
    {
        "name": "Eskalasi insiden hari-H ke posko Polda (setiap menit)",
        "task": "polling_stations.escalate_incidents",
        "interval": {"every": 1, "period": IntervalSchedule.MINUTES},
    },
]


class Command(BaseCommand):
    help = (
        "Membuat jadwal tugas berkala (pengingat rapat, ringkasan tindak lanjut, "
        "eskalasi insiden hari-H)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for spec in SCHEDULES:
            if PeriodicTask.objects.filter(task=spec["task"]).exists():
                # Already there, possibly edited by an admin: left as it is.
                self.stdout.write(f"ada: {spec['name']}")
                continue
            fields = {"name": spec["name"], "task": spec["task"]}
            if "interval" in spec:
                fields["interval"], _ = IntervalSchedule.objects.get_or_create(**spec["interval"])
            else:
                fields["crontab"], _ = CrontabSchedule.objects.get_or_create(
                    **spec["crontab"],
                    day_of_week="*",
                    day_of_month="*",
                    month_of_year="*",
                    timezone="UTC",
                )
            PeriodicTask.objects.create(**fields)
            self.stdout.write(self.style.SUCCESS(f"dibuat: {spec['name']}"))
