"""Agenda bersama, Tindak lanjut and the calendar feed with 10,000 meetings.

Query counts are asserted in tests/meetings/test_shared_views.py; this measures how
long the same pages take on PostgreSQL for a partner liaison invited to a quarter of
the meetings and for the commander of the Polda (the widest police view).
"""

import datetime
import statistics
import time

from bench.common import row

# The load test's p95 target: a page that takes longer alone on PostgreSQL cannot meet it.
PAGE_TARGET_MS = 300
_ROWS: list[dict] = []


def _world():
    from agencies.models import Agency, Membership
    from meetings.models import ActionItem, AgendaItem, Invitation, Meeting
    from tests.factories import AgencyFactory, MembershipFactory, UserFactory, region_chain

    region_chain("13.12")
    polda = AgencyFactory(kind=Agency.Kind.POLDA, short_name="Polda Bench Mitra", seat_id="13")
    units = [AgencyFactory(parent=polda, short_name=f"Polres Bench Mitra {n}") for n in range(10)]
    partners = [AgencyFactory(kind=Agency.Kind.KPU, short_name=f"KPU Bench {n}") for n in range(8)]
    liaison = MembershipFactory(
        user=UserFactory(username="bench.liaison"), agency=partners[0], role=Membership.Role.LIAISON
    ).user
    commander = MembershipFactory(
        user=UserFactory(username="bench.shared.commander"),
        agency=polda,
        role=Membership.Role.COMMANDER,
    ).user
    now = datetime.datetime.now(datetime.UTC).replace(minute=0, second=0, microsecond=0)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            host=units[n % 10],
            kind=Meeting.Kind.RAKOR,
            title=f"Rakor bench mitra {n}",
            venue="Aula",
            # Half past, half to come: Agenda bersama sorts across both.
            starts_at=now + datetime.timedelta(hours=2 * (n - 5_000)),
            ends_at=now + datetime.timedelta(hours=2 * (n - 5_000), minutes=90),
            status=Meeting.Status.CANCELLED if n % 23 == 0 else Meeting.Status.SCHEDULED,
        )
        for n in range(10_000)
    )
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, agency=partners[(n + k) % 8])
        for n, meeting in enumerate(meetings)
        for k in range(2)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=k + 1, title=f"Acara {k}", is_internal=k == 1)
        for meeting in meetings
        for k in range(3)
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            meeting=meeting,
            text=f"Tindak lanjut {n}",
            owner_agency=partners[n % 8],
            due_date=meeting.starts_at.date() + datetime.timedelta(days=7),
        )
        for n, meeting in enumerate(meetings)
    )
    return liaison, commander


def _measure(client, url, runs=10):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and connections
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return len(queries), statistics.median(times), max(times), len(response.content)


def _main():
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from meetings.services import issue_calendar_feed

    liaison, commander = _world()
    with connection.cursor() as cursor:
        # As autovacuum would on a live database after a bulk load.
        cursor.execute("ANALYZE")
    agenda = reverse("meetings:shared_agenda")
    actions = reverse("meetings:action_items")
    for who, user in [("liaison", liaison), ("commander", commander)]:
        feed = reverse("meetings:calendar_feed", args=[issue_calendar_feed(user=user)[1]])
        pages = [
            ("Agenda bersama, page 1", agenda),
            ("Agenda bersama, page 100", agenda + "?halaman=100"),
            ("Agenda bersama, text + dates", agenda + "?q=mitra&date_from=2020-01-01"),
            ("Agenda bersama, month grid", agenda + "?tampilan=bulan"),
            ("Agenda bersama, week grid", agenda + "?tampilan=minggu"),
            ("Tindak lanjut, page 1", actions),
            ("Tindak lanjut, overdue", actions + "?overdue=on"),
            ("calendar feed (90 days back)", feed),
        ]
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for label, url in pages:
            count, median, worst, size = _measure(client, url)
            _ROWS.append(row(f"{who} {label} ({count} queries)", median, "ms", PAGE_TARGET_MS))
            print(f"{who:9} {label:30} {count:3} queries", end="")
            print(f"  median {median:7.1f} ms  max {worst:7.1f} ms  {size / 1024:7.1f} KiB")


def main() -> list[dict]:
    """Median ms per page, each against the load test's 300 ms."""
    _ROWS.clear()
    _main()
    return list(_ROWS)
