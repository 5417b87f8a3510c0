"""Readiness report speed and memory.

Targets: a Polres report (893 TPS, 20 meetings) within 5 s and a Polda report
(32,000 TPS) within 30 s, each under 500 MB. Each report is rendered in a fresh Python
process (as a worker would) and measured there: wall time of the render, and peak RSS
from ``resource.getrusage`` (which includes Django and WeasyPrint themselves).
"""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.common import row

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "bench-readiness"
POLRES_COUNT = 19
KECAMATAN_PER_KABUPATEN = 11
VILLAGES_PER_KECAMATAN = 8
POLDA_TPS = 32_000
POLRES_TPS = 893
MEETINGS = 20
CATEGORY_SHARE = [
    ("kurang_rawan", 0.93),
    ("rawan", 0.05),
    ("sangat_rawan", 0.012),
    ("khusus", 0.008),
]

MEASURE = """
import json, os, resource, sys, time
import django
django.setup()
from agencies.models import Agency
from operations.models import Operation
from operations.reports import render_readiness_pdf
import weasyprint  # a worker has it loaded after its first report; not part of a report
operation = Operation.objects.get(slug=sys.argv[1])
unit = Agency.objects.get(slug=sys.argv[2])
cpu = time.process_time()
started = time.perf_counter()
pdf = render_readiness_pdf(operation=operation, unit=unit)
elapsed = time.perf_counter() - started
cpu = time.process_time() - cpu
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "cpu": cpu, "rss_mb": rss_mb, "bytes": len(pdf)}))
"""

_ROWS: list[dict] = []


def _categories(n: int) -> list[str]:
    out = []
    for category, share in CATEGORY_SHARE:
        out += [category] * round(n * share)
    return (out + ["kurang_rawan"] * n)[:n]


def build_world():
    from django.utils import timezone

    from agencies.models import Agency, Region
    from meetings.models import ActionItem, Decision, Invitation, Meeting
    from operations.models import Election, Operation
    from polling_stations.models import PollingStation

    Operation.objects.filter(slug=PREFIX).exists() and _clear()
    province, _ = Region.objects.get_or_create(
        code="13", defaults={"name": "Sumatera Barat", "level": 1, "kind": "provinsi"}
    )
    polda = Agency.objects.create(
        kind="polda",
        name="Polda Bench",
        short_name="Polda Bench",
        slug=f"{PREFIX}-polda",
        seat=province,
    )
    polda.regions.add(province)
    election = Election.objects.create(
        name="Pilkada Bench",
        slug=PREFIX,
        kind="pilkada",
        voting_day=timezone.localdate() + datetime.timedelta(days=30),
    )
    operation = Operation.objects.create(
        name="Operasi Bench",
        slug=PREFIX,
        kind="mantap_praja",
        commanding_unit=polda,
        starts_on=timezone.localdate() - datetime.timedelta(days=60),
        ends_on=timezone.localdate() + datetime.timedelta(days=60),
        personnel_strength=40_000,
    )
    operation.elections.add(election)

    regions, villages_by_kab, polres_list, polsek_by_kab = [], {}, [], {}
    for k in range(1, POLRES_COUNT + 1):
        kab = f"13.{k:02d}"
        regions.append(
            Region(code=kab, name=f"Kabupaten Bench {k}", level=2, kind="kabupaten", parent_id="13")
        )
        villages_by_kab[kab] = []
        for c in range(1, KECAMATAN_PER_KABUPATEN + 1):
            kec = f"{kab}.{c:02d}"
            regions.append(
                Region(
                    code=kec, name=f"Kecamatan {k}-{c}", level=3, kind="kecamatan", parent_id=kab
                )
            )
            for v in range(1, VILLAGES_PER_KECAMATAN + 1):
                code = f"{kec}.2{v:03d}"
                regions.append(
                    Region(
                        code=code, name=f"Nagari {k}-{c}-{v}", level=4, kind="desa", parent_id=kec
                    )
                )
                villages_by_kab[kab].append(code)
    Region.objects.bulk_create(sorted(regions, key=lambda r: r.level), ignore_conflicts=True)

    for k in range(1, POLRES_COUNT + 1):
        polres = Agency.objects.create(
            kind="polres",
            name=f"Polres Bench {k}",
            short_name=f"Polres Bench {k}",
            slug=f"{PREFIX}-polres-{k}",
            parent=polda,
            seat_id=f"13.{k:02d}",
        )
        polres.regions.add(f"13.{k:02d}")
        polsek_by_kab[f"13.{k:02d}"] = []
        for s in range(1, 8):
            polsek_by_kab[f"13.{k:02d}"].append(
                Agency.objects.create(
                    kind="polsek",
                    name=f"Polsek Bench {k}-{s}",
                    short_name=f"Polsek Bench {k}-{s}",
                    slug=f"{PREFIX}-polsek-{k}-{s}",
                    parent=polres,
                )
            )
        polres_list.append(polres)

    # Polres 1 has exactly 893 TPS; the rest of the 32,000 spread over the others.
    rest = POLDA_TPS - POLRES_TPS
    per_other = [rest // (POLRES_COUNT - 1)] * (POLRES_COUNT - 1)
    per_other[0] += rest - sum(per_other)
    stations = []
    for kab_index, count in enumerate([POLRES_TPS, *per_other], start=1):
        villages = villages_by_kab[f"13.{kab_index:02d}"]
        polsek = polsek_by_kab[f"13.{kab_index:02d}"]
        for i, category in enumerate(_categories(count)):
            stations.append(
                PollingStation(
                    election=election,
                    village_id=villages[i % len(villages)],
                    number=i // len(villages) + 1,
                    category=category,
                    kind="khusus" if category == "khusus" else "reguler",
                    special_location="lapas" if category == "khusus" else "",
                    polsek=polsek[i % len(polsek)],
                )
            )
    PollingStation.objects.bulk_create(stations, batch_size=5000)

    partners = [
        Agency.objects.create(
            kind=kind,
            name=f"{kind.upper()} Bench",
            short_name=f"{kind.upper()} Bench",
            slug=f"{PREFIX}-{kind}",
        )
        for kind in ("kpu", "bawaslu", "kodim", "pemda", "kejaksaan", "dinas")
    ]
    host = polres_list[0]
    now = timezone.now()
    for n in range(MEETINGS):
        starts = now - datetime.timedelta(days=3 * (MEETINGS - n))
        meeting = Meeting.objects.create(
            host=host,
            operation=operation,
            kind="rakor",
            title=f"Rakor bench {n + 1}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            venue="Aula",
            status="held",
        )
        for index, agency in enumerate(partners):
            Invitation.objects.create(meeting=meeting, agency=agency, present=(n + index) % 4 != 0)
        for d in range(3):
            decision = Decision.objects.create(
                meeting=meeting, order=d + 1, text=f"Keputusan {n}-{d}"
            )
            ActionItem.objects.create(
                meeting=meeting,
                decision=decision,
                text=f"Tindak lanjut {n}-{d}",
                owner_agency=partners[d],
                due_date=starts.date() + datetime.timedelta(days=7),
                status="done" if d == 0 else "open",
            )
    return operation, polda, host


def _clear():
    raise SystemExit("bench data already present; run on a fresh database (make bench)")


def measure(operation_slug: str, unit_slug: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, operation_slug, unit_slug],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _main():
    operation, polda, polres = build_world()
    targets = [("Polres (893 TPS, 20 rapat)", polres, 5.0), ("Polda (32.000 TPS)", polda, 30.0)]
    for label, unit, limit in targets:
        figures = measure(operation.slug, unit.slug)
        verdict = "OK" if figures["seconds"] <= limit and figures["rss_mb"] < 500 else "MELESET"
        _ROWS.append(row(f"{label}: render", figures["seconds"], "s", limit))
        _ROWS.append(row(f"{label}: peak RSS", figures["rss_mb"], "MB", 500))
        print(
            f"{label}: {figures['seconds']:.2f} s wall, {figures['cpu']:.2f} s CPU in the "
            f"process (target {limit:.0f} s), load average {os.getloadavg()[0]:.1f}, "
            f"peak RSS {figures['rss_mb']:.0f} MB (target < 500 MB), "
            f"PDF {figures['bytes'] / 1024:.0f} KB -> {verdict}",
            flush=True,
        )


def main() -> list[dict]:
    """Render time and peak RSS of each report against its target."""
    _ROWS.clear()
    _main()
    return list(_ROWS)
