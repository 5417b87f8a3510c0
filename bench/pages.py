"""Each key page of each role: median server time and query count, demo and national size.

Every page is requested in-process through Django's test client (session, middleware,
view, template; no network), with DEBUG off on PostgreSQL: one warm-up request (which
also counts the queries), then the median wall time of RUNS (8) requests.

Two sizes (``PAGES_SIZE=demo|national``, both by default; ``PAGES_ONLY="meeting,map data"``
keeps the pages whose name contains one of those words):

- demo: ``load_demo`` (eight meetings, 893 TPS), as the demo users of each role;
- national: 820,161 TPS over the real villages and a police tree covering the country
  (``bench.tps_queries``' loaders) and 10,000 meetings (``bench.meeting_pages``' world),
  as users of those units.

Targets: at demo size every page 30 ms, the meeting editor and outcome 60 ms. At
national size the TPS pages have the targets set for them (Polres list 50 ms, Polda
summary 200 ms, national 1 s, Polda map data 300 ms) and the others keep the demo's: their
data does not grow with the country. ``results()`` returns the rows for ``bench/run.py``.
"""

import datetime
import logging
import os
import statistics
import time
from dataclasses import dataclass

from bench import common

RUNS = int(os.environ.get("PAGES_RUNS", "8"))
DEMO_TARGET_MS = 30
FORM_TARGET_MS = 60


@dataclass
class Page:
    page: str
    role: str
    url: str
    target_ms: float
    client: object
    status: int = 200


@dataclass
class Row:
    page: str
    role: str
    size: str
    median_ms: float
    queries: int
    target_ms: float
    reference_ms: float = 0.0
    error: str = ""

    @property
    def ratio(self) -> float:
        return self.median_ms / self.target_ms

    @property
    def verdict(self) -> str:
        if self.error:
            return "ERROR"
        return "OK" if self.median_ms <= self.target_ms else "OVER"

    def as_dict(self) -> dict:
        return {
            "name": f"page {self.page} ({self.role}, {self.size})",
            "figure": round(self.median_ms, 1),
            "unit": "ms",
            "target": self.target_ms,
            "ratio": round(self.ratio, 2),
            "queries": self.queries,
            "verdict": self.verdict,
            "reference_ms": round(self.reference_ms, 1),
        }


def _client(user):
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _reference_client():
    from django.test import Client

    return Client(HTTP_HOST="localhost")


def _measure(page: Page, size: str, reference, runs: int = RUNS) -> Row:
    """The page's median, and beside it, run alternately so both see the same load, the
    median of the signed-out sign-in page (the whole middleware stack, a small template):
    the ratio between the two drifts far less than either on a shared machine."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    def get():
        response = page.client.get(page.url)
        if response.status_code != page.status:
            raise AssertionError(f"{page.url} answered {response.status_code}")
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        return response

    try:
        get()  # warm-up: connection, plans, template loading, caches a page may keep
        # Each request empties the query log; an old log would hide this request's queries.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            get()
        # Read now: the captured list is a slice of the log, which the next request empties.
        query_count = len(queries)
        times, reference_times = [], []
        for _ in range(runs):
            started = time.perf_counter()
            get()
            times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            reference.get("/masuk/")
            reference_times.append((time.perf_counter() - started) * 1000)
    except Exception as exc:  # one broken page is reported in the table, not fatal
        return Row(page.page, page.role, size, 0.0, 0, page.target_ms, error=repr(exc)[:120])
    return Row(
        page.page,
        page.role,
        size,
        statistics.median(times),
        query_count,
        page.target_ms,
        reference_ms=statistics.median(reference_times),
    )


# --- Demo size ---------------------------------------------------------------------------


def _demo_pages() -> list[Page]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count
    from django.urls import reverse

    from agencies.audit import models as _audit  # noqa: F401 (plotting writes an access row)
    from agencies.models import Region
    from meetings.models import Meeting
    from meetings.services import issue_calendar_feed
    from operations.demo import load_demo
    from operations.models import Operation
    from polling_stations.models import PollingStation

    User = get_user_model()
    if not User.objects.filter(username="operator.pasbar").exists():
        started = time.monotonic()
        if not Region.objects.exists():  # a fresh database: `make bench` starts one
            call_command("import_regions", verbosity=0)
        load_demo()
        print(f"load_demo in {time.monotonic() - started:.1f} s", flush=True)
    users = {u.username: u for u in User.objects.filter(username__in=_DEMO_USERNAMES)}
    operator, commander = users["operator.pasbar"], users["pimpinan.sumbar"]
    liaison, admin = users["kpu.pasbar"], users["admin"]
    clients = {name: _client(user) for name, user in users.items()}
    op, com, lia, adm = (
        clients["operator.pasbar"],
        clients["pimpinan.sumbar"],
        clients["kpu.pasbar"],
        clients["admin"],
    )
    hosted = Meeting.objects.filter(host__slug="polres-pasaman-barat").annotate(
        items=Count("agenda_items")
    )
    busy = hosted.order_by("-items", "pk").first()
    shared = Meeting.objects.visible_to(liaison).order_by("-starts_at").first()
    operation = Operation.objects.get(slug="mantap-praja-singgalang-2024")
    return _role_pages(
        tps=PollingStation.objects.visible_to(operator).order_by("pk").first(),
        operator_client=op,
        commander_client=com,
        liaison_client=lia,
        admin_client=adm,
        meeting=busy,
        shared_meeting=shared,
        feed_token=issue_calendar_feed(user=liaison)[1],
        operation=operation,
        polda_slug="polda-sumbar",
        polres_slug="polres-pasaman-barat",
        targets={},
        commander=commander,
        operator=operator,
        admin=admin,
        reverse=reverse,
    )


_DEMO_USERNAMES = ["operator.pasbar", "pimpinan.sumbar", "kpu.pasbar", "admin"]


def _role_pages(
    *,
    operator_client,
    commander_client,
    liaison_client,
    admin_client,
    meeting,
    shared_meeting,
    feed_token,
    operation,
    polda_slug,
    polres_slug,
    targets: dict[str, float],
    reverse,
    tps=None,
    **_unused,
) -> list[Page]:
    """The same pages at both sizes; ``targets`` overrides the demo's per page."""
    op, com, lia, adm = operator_client, commander_client, liaison_client, admin_client
    room = [operation.slug, polda_slug]

    def page(name, role, client, url, target=DEMO_TARGET_MS):
        return Page(name, role, url, targets.get(f"{name}|{role}", target), client)

    pages = [
        page("home", "operator", op, reverse("home")),
        page("home", "commander", com, reverse("home")),
        page("home", "liaison", lia, reverse("home")),
        page("home", "admin", adm, reverse("home")),
        page("meeting list", "operator", op, reverse("meetings:list")),
        page("meeting list", "commander", com, reverse("meetings:list")),
        page("meeting page", "operator", op, reverse("meetings:detail", args=[meeting.pk])),
        page("editor", "operator", op, reverse("meetings:edit", args=[meeting.pk]), FORM_TARGET_MS),
        page(
            "outcome",
            "operator",
            op,
            reverse("meetings:outcome", args=[meeting.pk]),
            FORM_TARGET_MS,
        ),
        page("Agenda bersama", "liaison", lia, reverse("meetings:shared_agenda")),
        page("Tindak lanjut", "liaison", lia, reverse("meetings:action_items")),
        page("calendar feed", "liaison", lia, reverse("meetings:calendar_feed", args=[feed_token])),
        page(
            "Polda dashboard",
            "commander",
            com,
            reverse("operations:dashboard", args=[operation.slug, polda_slug]),
        ),
        page(
            "Polres dashboard",
            "operator",
            op,
            reverse("operations:dashboard", args=[operation.slug, polres_slug]),
        ),
        page(
            "readiness report page",
            "commander",
            com,
            reverse("operations:readiness_reports", args=[operation.slug]) + f"?unit={polda_slug}",
        ),
        page("TPS list", "operator", op, reverse("polling_stations:list")),
        page("TPS summary", "commander", com, reverse("polling_stations:summary")),
        page("TPS summary, national", "admin", adm, reverse("polling_stations:summary")),
        page("map page", "operator", op, reverse("polling_stations:map")),
        page("map data", "operator", op, reverse("polling_stations:map_data")),
        page("map data", "commander", com, reverse("polling_stations:map_data")),
        page("situation room", "commander", com, reverse("election_day:room", args=room)),
        page("situation summary", "commander", com, reverse("election_day:summary", args=room)),
        page("situation incidents", "commander", com, reverse("election_day:incidents", args=room)),
        page("situation map data", "commander", com, reverse("election_day:map_data", args=room)),
        page(
            "plotting page",
            "operator",
            op,
            reverse("polling_stations:plotting", args=[operation.slug, polres_slug]),
        ),
    ]
    if tps is not None:
        detail = reverse("polling_stations:detail", args=[tps.pk])
        pages.insert(
            pages.index(next(p for p in pages if p.page == "TPS list")) + 1,
            page("TPS page", "operator", op, detail),
        )
    if shared_meeting is not None:
        pages.insert(
            7,
            page(
                "meeting page", "liaison", lia, reverse("meetings:detail", args=[shared_meeting.pk])
            ),
        )
    return pages


# --- National size -----------------------------------------------------------------------

NATIONAL_TARGETS = {
    "TPS list|operator": 50,
    "TPS summary|commander": 200,
    "TPS summary, national|admin": 1000,
    "map data|commander": 300,
    "Polda dashboard|commander": 200,
    "readiness report page|commander": DEMO_TARGET_MS,
    "situation room|commander": 200,
    "situation summary|commander": 200,
    "situation map data|commander": 300,
}


@dataclass
class NationalWorld:
    operator: object
    commander: object
    liaison: object
    admin: object
    operation: object
    polda: object
    polres: object
    busy_meeting: object


NATIONAL_USERNAMES = {
    "operator": "bench-operator-pasbar",
    "commander": "bench-commander-16",
    "liaison": "bench.pages.liaison",
    "admin": "bench-admin",
}


def load_national(*, password: str | None = None) -> NationalWorld:
    """820,161 TPS, a police tree covering the country and 10,000 meetings (once; later
    calls reuse them), and one user per role over them. The operator and the commander
    also hold the units hosting the 10,000 meetings, so their meeting pages carry them.
    ``password`` (the load test's) is set on those users; without it they keep theirs."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from agencies.models import Agency, Membership
    from bench import meeting_pages, tps_queries
    from meetings.models import Meeting
    from operations.models import Election, Operation

    User = get_user_model()
    tps_queries._ensure_regions()
    tps_queries._ensure_police_tree()
    election, _ = Election.objects.get_or_create(
        slug=tps_queries.ELECTION_SLUG,
        defaults={"name": "Pemilu 2024 (bench)", "kind": "pemilu", "voting_day": "2024-02-14"},
    )
    tps_queries._ensure_stations(election)
    if not User.objects.filter(username="bench.operator").exists():
        started = time.monotonic()
        meeting_pages._world()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"10,000 meetings in {time.monotonic() - started:.1f} s", flush=True)
    operation, _ = Operation.objects.get_or_create(
        slug="bench-mantap-brata",
        defaults={
            "name": "Mantap Brata (bench)",
            "kind": "mantap_brata",
            "commanding_unit": Agency.objects.get(slug="bench-mabes"),
            "starts_on": datetime.date(2023, 10, 17),
            "ends_on": datetime.date(2024, 10, 20),
        },
    )
    operation.elections.add(election)
    # The Polda nearest 32,000 TPS in the generated data (Sumatera Selatan), as tps_queries.
    polda = Agency.objects.get(slug="bench-polda-16")
    polres = Agency.objects.get(slug="bench-polres-13-12")
    encoded = make_password(password) if password else None

    def user(role, memberships=(), **flags):
        account, _ = User.objects.get_or_create(username=NATIONAL_USERNAMES[role], defaults=flags)
        if encoded:
            account.password = encoded
            account.save(update_fields=["password"])
        for agency, membership_role in memberships:
            Membership.objects.get_or_create(user=account, agency=agency, role=membership_role)
        return account

    meetings_polda = Agency.objects.get(short_name="Polda Bench")
    meetings_polres = Agency.objects.get(short_name="Polres Bench 0")
    return NationalWorld(
        operator=user("operator", [(polres, "operator"), (meetings_polres, "operator")]),
        commander=user("commander", [(polda, "commander"), (meetings_polda, "commander")]),
        liaison=user("liaison", [(Agency.objects.get(short_name="Mitra Bench 0"), "liaison")]),
        admin=user("admin", is_superuser=True, is_staff=True),
        operation=operation,
        polda=polda,
        polres=polres,
        busy_meeting=Meeting.objects.filter(host=meetings_polres, title="Rakor bench 0").first(),
    )


def _national_pages() -> list[Page]:
    from django.db.models import Q
    from django.urls import reverse

    from meetings.models import Meeting
    from meetings.services import issue_calendar_feed
    from polling_stations.models import PollingStation

    world = load_national()
    shared = (
        Meeting.objects.visible_to(world.liaison)
        .filter(~Q(visibility=Meeting.Visibility.INTERNAL))
        .order_by("-starts_at")
        .first()
    )
    return _role_pages(
        tps=PollingStation.objects.visible_to(world.operator).order_by("pk").first(),
        operator_client=_client(world.operator),
        commander_client=_client(world.commander),
        liaison_client=_client(world.liaison),
        admin_client=_client(world.admin),
        meeting=world.busy_meeting,
        shared_meeting=shared,
        feed_token=issue_calendar_feed(user=world.liaison)[1],
        operation=world.operation,
        polda_slug=world.polda.slug,
        polres_slug=world.polres.slug,
        targets=NATIONAL_TARGETS,
        reverse=reverse,
    )


# --- Report ------------------------------------------------------------------------------


def _sizes() -> list[str]:
    size = os.environ.get("PAGES_SIZE", "").strip().lower()
    if size in {"demo", "national"}:
        return [size]
    if size:
        raise SystemExit(f"PAGES_SIZE must be demo or national, not {size!r}")
    return ["demo", "national"]


def measure(size: str) -> list[Row]:
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "testserver"]
    settings.DEBUG = False
    logging.getLogger("axes").setLevel(logging.WARNING)
    pages = _demo_pages() if size == "demo" else _national_pages()
    only = [name.strip().lower() for name in os.environ.get("PAGES_ONLY", "").split(",")]
    if any(only):
        pages = [page for page in pages if any(n and n in page.page.lower() for n in only)]
    reference = _reference_client()
    return [_measure(page, size, reference) for page in pages]


def print_table(rows: list[Row]) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"median of {RUNS} after a warm-up; load average {load} (2 cores, shared)")
    header = f"{'page':<24} {'role':<10} {'size':<8} {'median':>9} {'queries':>7} "
    print(header + f"{'target':>8} {'ratio':>6}  verdict  (x sign-in page, run alternately)")
    for row in rows:
        figure = f"{row.median_ms:7.1f}ms" if not row.error else "      -  "
        print(
            f"{row.page:<24} {row.role:<10} {row.size:<8} {figure:>9} {row.queries:>7} "
            f"{row.target_ms:>6.0f}ms {row.ratio:>6.2f}  {row.verdict:<5}"
            + (f" ({row.error})" if row.error else f"  x{row.median_ms / row.reference_ms:.1f}"),
            flush=True,
        )
    over = [row for row in rows if row.verdict != "OK"]
    print(f"{len(rows) - len(over)} of {len(rows)} pages within target", flush=True)


_LAST: list[Row] = []


def results() -> list[dict]:
    """The rows of the last run (measuring first if there was none), for bench/run.py's
    overall table: name, figure, unit, target, ratio (plus queries and verdict)."""
    if not _LAST:
        for size in _sizes():
            _LAST.extend(measure(size))
    return [row.as_dict() for row in _LAST]


def main() -> list[dict]:
    _LAST.clear()
    for size in _sizes():
        _LAST.extend(measure(size))
    print_table(_LAST)
    return [
        common.row(entry["name"], entry["figure"], "ms", entry["target"]) for entry in results()
    ]
