"""The periodic sweeps over 10,000 meetings: reminders (every 5 minutes) and digests (hourly).

10,000 scheduled meetings of ten Polres over the next 70 days, each with its three default
reminders (3 days, 1 day, 2 hours), four partner agencies invited (each with two officials with
an e-mail) and a follow-up owned by one of them. Then, the clock moved on five minutes:

1. ``run_reminders`` as beat runs it: look for changes and cancellations, queue the reminders
   that fell due in those five minutes, send them (e-mail through Django's in-memory backend,
   so that the figure is ours, not an SMTP server's);
2. the same sweep again at once (nothing new: the steady state of most ticks);
3. ``run_follow_up_digests`` at 07.05 WIB: one digest per partner agency with follow-ups due.

Targets (stated here, none was given): the reminder sweep within 2 s, so that a tick of the
5-minute schedule costs a worker well under 1 % of its time; the digest sweep within 10 s.
"""

import datetime
import statistics
import time

from bench.common import load_average, row

MEETINGS = 10_000
RUNS = 5
TARGETS = {"busy": 2.0, "quiet": 2.0, "digests": 10.0}


def _world(now: datetime.datetime):
    from agencies.models import Agency
    from meetings.models import (
        DEFAULT_REMINDER_OFFSETS,
        ActionItem,
        Invitation,
        Meeting,
        MeetingReminder,
    )
    from tests.factories import AgencyFactory, OfficialFactory, region_chain

    region_chain("13.12")
    polda = AgencyFactory(kind=Agency.Kind.POLDA, short_name="Polda Bench Sweep", seat_id="13")
    units = [AgencyFactory(parent=polda, short_name=f"Polres Bench Sweep {n}") for n in range(10)]
    partners = [
        AgencyFactory(kind=Agency.Kind.KPU, short_name=f"KPU Bench Sweep {n}") for n in range(20)
    ]
    for partner in partners:
        for n in range(2):
            OfficialFactory(agency=partner, email=f"pejabat{n}@{partner.slug}.example")
    # Starts spread over 70 days from two hours ahead, created now: about 143 meetings a day,
    # so each 5-minute tick finds the few reminders that fell due since the last one.
    step = datetime.timedelta(days=70) / MEETINGS
    meetings = Meeting.objects.bulk_create(
        Meeting(
            host=units[n % 10],
            kind=Meeting.Kind.RAKOR,
            title=f"Rakor bench sweep {n}",
            venue="Aula",
            starts_at=now + datetime.timedelta(hours=2) + n * step,
            ends_at=now + datetime.timedelta(hours=3, minutes=30) + n * step,
        )
        for n in range(MEETINGS)
    )
    MeetingReminder.objects.bulk_create(
        MeetingReminder(meeting=meeting, offset=offset)
        for meeting in meetings
        for offset in DEFAULT_REMINDER_OFFSETS
    )
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, agency=partners[(n + k) % 20])
        for n, meeting in enumerate(meetings)
        for k in range(4)
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            meeting=meeting,
            text=f"Tindak lanjut {n}",
            owner_agency=partners[n % 20],
            due_date=meeting.starts_at.date() + datetime.timedelta(days=2),
        )
        for n, meeting in enumerate(meetings)
    )
    return meetings


def _clear() -> None:
    """Removes this benchmark's world (also what an interrupted run left behind)."""
    from django.db.models import Q

    from agencies.models import Agency, Official
    from meetings.models import FollowUpDigest, Meeting, ReminderDelivery

    ReminderDelivery.objects.filter(meeting__title__startswith="Rakor bench sweep").delete()
    FollowUpDigest.objects.filter(agency__short_name__startswith="KPU Bench Sweep").delete()
    Meeting.objects.filter(title__startswith="Rakor bench sweep").delete()
    ours = Q(short_name__contains="Bench Sweep")
    Official.objects.filter(agency__in=Agency.objects.filter(ours)).delete()
    Agency.objects.filter(ours, parent__isnull=False).delete()
    Agency.objects.filter(ours).delete()


def _timed(function) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main() -> list[dict]:
    from django.core import mail
    from django.db import connection
    from django.test.utils import override_settings
    from django.utils import timezone

    from meetings.models import FollowUpDigest, ReminderDelivery
    from meetings.services import run_follow_up_digests, run_reminders

    _clear()
    start = timezone.now().replace(second=0, microsecond=0)
    meetings = _world(start)
    with connection.cursor() as cursor:
        # As autovacuum would on a live database after a bulk load.
        cursor.execute("ANALYZE")
    print(f"{len(meetings):,} meetings, 3 reminders and 4 invitations each", flush=True)
    busy, quiet = [], []
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        for run in range(RUNS):
            # Each tick five minutes later than the last: new reminders fall due each time.
            now = start + datetime.timedelta(minutes=5 * (run + 1))
            elapsed, result = _timed(lambda now=now: run_reminders(now=now))
            busy.append(elapsed)
            again, second = _timed(lambda now=now: run_reminders(now=now))
            quiet.append(again)
            print(
                f"tick {run + 1}: sweep {elapsed * 1000:.0f} ms {result}; again at once "
                f"{again * 1000:.0f} ms {second} (load average {load_average():.1f})",
                flush=True,
            )
        deliveries = ReminderDelivery.objects.filter(meeting__in=meetings[:500]).count()
        print(f"deliveries queued for the first 500 meetings: {deliveries:,}", flush=True)
        # 07.05 WIB the next morning: every partner's digest is due.
        local_morning = (start + datetime.timedelta(days=1)).astimezone(
            datetime.timezone(datetime.timedelta(hours=7))
        )
        morning = local_morning.replace(hour=7, minute=5).astimezone(datetime.UTC)
        digest_time, digests = _timed(lambda: run_follow_up_digests(now=morning))
        print(
            f"digest sweep at 07.05 WIB: {digest_time * 1000:.0f} ms {digests}, "
            f"{FollowUpDigest.objects.count()} digests stored, {len(mail.outbox)} e-mails",
            flush=True,
        )
    _clear()
    busy_s, quiet_s = statistics.median(busy), statistics.median(quiet)
    return [
        row(
            "reminder sweep, 10,000 meetings, a tick's reminders due", busy_s, "s", TARGETS["busy"]
        ),
        row("reminder sweep, 10,000 meetings, nothing new", quiet_s, "s", TARGETS["quiet"]),
        row("digest sweep, 10,000 meetings, 20 agencies", digest_time, "s", TARGETS["digests"]),
    ]
