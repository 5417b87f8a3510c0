"""The TPS map's data at national scale: a Polres (points), a Polda (choropleth per
kecamatan) and the whole country (choropleth per kabupaten/kota), plus the boundaries.

Reuses the data of ``tps_queries`` (820,161 TPS over the real villages, a police tree
covering the country; loaded once, later runs reuse it). A fifth of the Polres's TPS lose
their coordinates so that approximate positions (village or kecamatan centroid) are part
of what is timed. Each figure is the median wall time of RUNS requests through the Django
test client (session, scoping, filters, selector, JSON), after a warm-up.

Targets: a Polda's map data within 300 ms, the national within 1 s.
"""

import os
import statistics
import time

from bench.common import row

RUNS = int(os.environ.get("BENCH_RUNS", "15"))
TARGETS = {"polda": 300, "national": 1000}


def _median_ms(fn, runs=RUNS) -> float:
    fn()  # warm-up: plans, caches, the boundary files read once per process
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


_ROWS: list[dict] = []


def _report(label: str, ms: float, target: int | None, extra: str = "") -> None:
    verdict = (
        "" if target is None else f" | target {target} ms: {'OK' if ms <= target else 'MISSED'}"
    )
    print(f"{label:<50} {ms:8.1f} ms{verdict}{extra}", flush=True)
    _ROWS.append(row(label, ms, "ms", target))


def _main():
    from django.conf import settings

    from agencies.models import Agency, Membership, Region
    from agencies.regions import import_regions
    from bench import tps_queries
    from operations.models import Election
    from polling_stations.models import PollingStation
    from tests.factories import UserFactory

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    tps_queries._ensure_regions()
    if not Region.objects.filter(level=3, latitude__isnull=False).exists():
        started = time.monotonic()
        import_regions()  # loads the centroids into the regions
        print(f"centroids loaded in {time.monotonic() - started:.1f} s", flush=True)
    tps_queries._ensure_police_tree()
    election, _ = Election.objects.get_or_create(
        slug=tps_queries.ELECTION_SLUG,
        defaults={"name": "Pemilu 2024 (bench)", "kind": "pemilu", "voting_day": "2024-02-14"},
    )
    tps_queries._ensure_stations(election)
    total = PollingStation.objects.filter(election=election).count()
    # Every fifth TPS of Pasaman Barat without coordinates: placed at a centroid.
    polres_tps = PollingStation.objects.filter(
        election=election, village__code__startswith="13.12."
    )
    ids = list(polres_tps.order_by("pk").values_list("pk", flat=True)[::5])
    PollingStation.objects.filter(pk__in=ids).update(latitude=None, longitude=None)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{total:,} TPS; median of {RUNS} requests; load average {load} (2 cores, shared)\n",
        flush=True,
    )

    def fetch(client, path, params):
        def call():
            response = client.get(path, params)
            assert response.status_code == 200, response.status_code
            return response

        return call

    # --- A Polres: every TPS as a point. ---
    polres = Agency.objects.get(slug="bench-polres-13-12")
    operator = UserFactory(username="bench-map-operator")
    Membership.objects.get_or_create(user=operator, agency=polres, role="operator")
    client = _client_for(operator)
    call = fetch(client, "/tps/peta/data.json", {"election": election.pk})
    data = call().json()
    ms = _median_ms(call)
    _report(
        f"Polres {polres.short_name}: map data",
        ms,
        None,
        f" ({data['mode']}, {data['count']:,} TPS, {data.get('approximate', 0)} approximate, "
        f"{len(call().content):,} bytes)",
    )
    boundaries = fetch(client, "/tps/peta/batas.json", {"election": election.pk})
    _report(
        "Polres: boundaries",
        _median_ms(boundaries),
        None,
        f" ({len(boundaries().content):,} bytes)",
    )

    # --- The Polda nearest 32,000 TPS: choropleth per kecamatan. ---
    per_province = dict(
        tps_queries._sql(
            """SELECT substr(village_id, 1, 2), count(*) FROM polling_stations_pollingstation
                WHERE election_id = %s GROUP BY 1""",
            [election.pk],
        )
    )
    province = min(per_province, key=lambda code: abs(per_province[code] - 32_000))
    polda = Agency.objects.get(slug=f"bench-polda-{province}")
    commander = UserFactory(username=f"bench-map-commander-{province}")
    Membership.objects.get_or_create(user=commander, agency=polda, role="commander")
    client = _client_for(commander)
    call = fetch(client, "/tps/peta/data.json", {"election": election.pk})
    data = call().json()
    polda_sql = """SELECT substr(village_id, 1, 8), category, count(*)
                     FROM polling_stations_pollingstation
                    WHERE election_id = %s AND village_id LIKE %s GROUP BY 1, 2"""
    ours, sql = tps_queries._compare(
        call, lambda: tps_queries._sql(polda_sql, [election.pk, province + ".%"]), RUNS
    )
    _report(
        f"Polda {polda.short_name}: map data",
        ours,
        TARGETS["polda"],
        f" ({data['mode']}, {data['count']:,} TPS, {len(data['areas'])} kecamatan, "
        f"{len(call().content):,} bytes; the GROUP BY alone in SQL: {sql:.1f} ms)",
    )
    with_indicators = fetch(
        client, "/tps/peta/data.json", {"election": election.pk, "indikator": "1"}
    )
    _report("Polda: map data with indicator reports", _median_ms(with_indicators), None)
    boundaries = fetch(client, "/tps/peta/batas.json", {"election": election.pk})
    _report(
        "Polda: boundaries",
        _median_ms(boundaries),
        None,
        f" ({len(boundaries().content):,} bytes)",
    )

    # --- National: choropleth per kabupaten/kota. ---
    admin = UserFactory(username="bench-map-admin")
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save()
    client = _client_for(admin)
    call = fetch(client, "/tps/peta/data.json", {"election": election.pk})
    data = call().json()
    national_sql = """SELECT substr(village_id, 1, 5), category, count(*)
                        FROM polling_stations_pollingstation
                       WHERE election_id = %s GROUP BY 1, 2"""
    ours, sql = tps_queries._compare(
        call, lambda: tps_queries._sql(national_sql, [election.pk]), max(5, RUNS // 3)
    )
    _report(
        "National: map data",
        ours,
        TARGETS["national"],
        f" ({data['mode']}, {data['count']:,} TPS, {len(data['areas'])} kabupaten/kota, "
        f"{len(call().content):,} bytes; the GROUP BY alone in SQL: {sql:.1f} ms)",
    )
    boundaries = fetch(client, "/tps/peta/batas.json", {"election": election.pk})
    response = boundaries()
    _report(
        "National: boundaries",
        _median_ms(boundaries),
        None,
        f" ({len(response.content):,} bytes)",
    )
    etag = response["ETag"]

    def revalidate():
        answer = client.get(
            "/tps/peta/batas.json", {"election": election.pk}, headers={"if-none-match": etag}
        )
        assert answer.status_code == 304, answer.status_code

    _report("National: boundaries revalidated (304)", _median_ms(revalidate), None)

    def gzipped():
        return client.get(
            "/tps/peta/data.json", {"election": election.pk}, headers={"accept-encoding": "gzip"}
        )

    response = gzipped()
    _report(
        "National: map data, gzipped",
        _median_ms(gzipped),
        None,
        f" ({len(response.content):,} bytes on the wire, {response.get('Content-Encoding')})",
    )


def main() -> list[dict]:
    """Map data and boundaries, each a row (targets: Polda 300 ms, national 1 s)."""
    _ROWS.clear()
    _main()
    return list(_ROWS)
