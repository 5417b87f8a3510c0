"""Meeting pages at demo size and with 10,000 meetings: queries and time per request.

The query counts are asserted in tests/meetings/test_views_*.py; this measures how long
the same pages take on PostgreSQL, in-process through Django's test client (DEBUG off),
as a commander of a Polda (the widest police view), the host unit's operator and a
partner liaison. ``demo_pages()`` is the demo-size half, callable on its own;
``MEETING_BENCH=demo`` runs only it, ``MEETING_BENCH=national`` only the 10,000 meetings.
"""

import datetime
import os
import statistics
import time

from bench.common import row

# The load test's p95 target: a page that takes longer alone on PostgreSQL cannot meet it.
PAGE_TARGET_MS = 300

# Targets at demo size (median server time); the editor and outcome form carry formsets.
DEMO_TARGET_MS = 30
FORM_TARGET_MS = 60
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


def _reference_ms() -> float:
    """A fixed piece of pure Python, timed between pages: how slow the shared machine
    is at that moment, so figures from different runs compare as ratios."""
    started = time.perf_counter()
    sum(i * i for i in range(200_000))
    return (time.perf_counter() - started) * 1000


def _demo_measure(client, url, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm caches and connections
        client.get(url)
    times, references = [], []
    for _ in range(runs):
        references.append(_reference_ms())
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return len(queries), statistics.median(times), statistics.median(references)


def demo_pages(runs: int = 8) -> list[dict]:
    """The meeting pages on the demo data (loaded here if missing), median of ``runs``
    after a warm-up; returns one row per page and prints them with the load average."""
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from agencies.models import Region
    from meetings.models import Meeting

    if not Region.objects.exists():
        call_command("import_regions", verbosity=0)
    if not User.objects.filter(username="operator.pasbar").exists():
        call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    # The demo meeting with the most follow-ups, decisions and history: the heaviest page.
    busiest = (
        Meeting.objects.filter(host__slug="polres-pasaman-barat")
        .annotate(rows=Count("action_items", distinct=True) + Count("decisions", distinct=True))
        .order_by("-rows", "pk")
        .first()
    )
    pages = [
        ("operator.pasbar", "meeting list", reverse("meetings:list"), DEMO_TARGET_MS),
        ("pimpinan.sumbar", "meeting list", reverse("meetings:list"), DEMO_TARGET_MS),
        (
            "operator.pasbar",
            "meeting page",
            reverse("meetings:detail", args=[busiest.pk]),
            DEMO_TARGET_MS,
        ),
        (
            "pimpinan.sumbar",
            "meeting page",
            reverse("meetings:detail", args=[busiest.pk]),
            DEMO_TARGET_MS,
        ),
        (
            "kpu.pasbar",
            "meeting page",
            reverse("meetings:detail", args=[busiest.pk]),
            DEMO_TARGET_MS,
        ),
        ("operator.pasbar", "editor", reverse("meetings:edit", args=[busiest.pk]), FORM_TARGET_MS),
        (
            "operator.pasbar",
            "outcome",
            reverse("meetings:outcome", args=[busiest.pk]),
            FORM_TARGET_MS,
        ),
        ("kpu.pasbar", "Agenda bersama", reverse("meetings:shared_agenda"), DEMO_TARGET_MS),
        ("operator.pasbar", "Agenda bersama", reverse("meetings:shared_agenda"), DEMO_TARGET_MS),
        ("kpu.pasbar", "Tindak lanjut", reverse("meetings:action_items"), DEMO_TARGET_MS),
        ("operator.pasbar", "Tindak lanjut", reverse("meetings:action_items"), DEMO_TARGET_MS),
    ]
    history_url = _history_url(busiest)
    if history_url:
        pages.insert(5, ("operator.pasbar", "change history", history_url, DEMO_TARGET_MS))
    rows = []
    with open("/proc/loadavg") as loadavg:
        print(f"demo size, {busiest.title!r}; load average {loadavg.read().split()[0]}")
    for username, label, url, target in pages:
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(username=username))
        count, median, reference = _demo_measure(client, url, runs)
        verdict = "ok" if median <= target else f"MISSED {target}"
        rows.append(
            {
                "who": username,
                "page": label,
                "queries": count,
                "median_ms": median,
                "reference_ms": reference,
                "target_ms": target,
            }
        )
        print(
            f"{username:16} {label:16} {count:3} queries  median {median:6.1f} ms"
            f"  (x{median / reference:5.1f} reference {reference:4.1f} ms)  {verdict}",
            flush=True,
        )
    with open("/proc/loadavg") as loadavg:
        print(f"load average {loadavg.read().split()[0]}")
    return rows


def _history_url(meeting) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("meetings:history", args=[meeting.pk])
    except NoReverseMatch:  # before the history had its own fragment
        return ""


def main() -> list[dict]:
    """Demo size against the page targets, then 10,000 meetings against the load test's."""
    _ROWS.clear()
    which = os.environ.get("MEETING_BENCH", "all")
    if which in ("all", "demo"):
        for page in demo_pages():
            _ROWS.append(
                row(
                    f"demo {page['who']} {page['page']} ({page['queries']} queries)",
                    page["median_ms"],
                    "ms",
                    page["target_ms"],
                )
            )
    if which in ("all", "national"):
        national_pages()
    return list(_ROWS)


def national_pages():
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
