"""Meeting list and meeting page with 10,000 meetings: queries and time per request.

The query counts are asserted in tests/meetings/test_views.py; this measures how long
the same pages take on PostgreSQL, as a commander of a Polda (the widest police view)
and as the host unit's operator.
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
    from meetings.models import AgendaItem, Decision, Invitation, Meeting
    from tests.factories import AgencyFactory, MembershipFactory, UserFactory, region_chain

    region_chain("13.12")
    polda = AgencyFactory(kind=Agency.Kind.POLDA, short_name="Polda Bench", seat_id="13")
    units = [AgencyFactory(parent=polda, short_name=f"Polres Bench {n}") for n in range(10)]
    partners = [
        AgencyFactory(kind=Agency.Kind.KPU, short_name=f"Mitra Bench {n}") for n in range(20)
    ]
    commander = MembershipFactory(
        user=UserFactory(username="bench.commander"), agency=polda, role=Membership.Role.COMMANDER
    ).user
    operator = MembershipFactory(
        user=UserFactory(username="bench.operator"), agency=units[0], role=Membership.Role.OPERATOR
    ).user
    start = datetime.datetime(2024, 1, 1, 1, 0, tzinfo=datetime.UTC)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            host=units[n % 10],
            kind=Meeting.Kind.RAKOR,
            title=f"Rakor bench {n}",
            venue="Aula",
            starts_at=start + datetime.timedelta(hours=n),
            ends_at=start + datetime.timedelta(hours=n, minutes=90),
        )
        for n in range(10_000)
    )
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, agency=partners[(n + k) % 20])
        for n, meeting in enumerate(meetings)
        for k in range(4)
    )
    busy = meetings[0]
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=busy, order=n + 1, title=f"Acara {n}") for n in range(15)
    )
    Decision.objects.bulk_create(Decision(meeting=busy, text=f"Keputusan {n}") for n in range(15))
    return commander, operator, busy


def _measure(client, url, runs=15):
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
    return len(queries), statistics.median(times), max(times)


def _main():
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    commander, operator, busy = _world()
    with connection.cursor() as cursor:
        # As autovacuum would on a live database after a bulk load.
        cursor.execute("ANALYZE")
    pages = [
        ("list, page 1", reverse("meetings:list")),
        ("list, page 200", reverse("meetings:list") + "?page=200"),
        (
            "list, text + status + dates",
            reverse("meetings:list")
            + "?q=bench&status=scheduled&starts_from=2024-03-01&starts_until=2024-06-30",
        ),
        ("meeting page (15 items)", reverse("meetings:detail", args=[busy.pk])),
        ("editor", reverse("meetings:edit", args=[busy.pk])),
    ]
    for who, user in [("commander", commander), ("operator", operator)]:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for label, url in pages:
            if label == "editor" and who == "commander":
                continue
            count, median, worst = _measure(client, url)
            _ROWS.append(row(f"{who} {label} ({count} queries)", median, "ms", PAGE_TARGET_MS))
            print(f"{who:9} {label:30} {count:3} queries", end="")
            print(f"  median {median:6.1f} ms  max {worst:6.1f} ms")


def main() -> list[dict]:
    """Median ms per page, each against the load test's 300 ms."""
    _ROWS.clear()
    _main()
    return list(_ROWS)
