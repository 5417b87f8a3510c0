"""Region geometry shipped with the app: centroids and simplified boundaries for the map."""

import csv
import functools
import gzip
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent / "data" / "geo"
CENTROIDS = GEO_DIR / "centroids.csv.gz"

KABUPATEN, KECAMATAN = "kabupaten", "kecamatan"


def read_centroids(path: Path = CENTROIDS) -> Iterator[tuple[str, Decimal, Decimal]]:
    """(code, latitude, longitude) per region, as ``build.py`` copied them."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield row["kode"], Decimal(row["lat"]), Decimal(row["lng"])


@functools.cache
def _features(name: str) -> dict[str, str]:
    """Each feature of a boundary file as its compact JSON text, by region code: read
    once per process, then a response is a join of strings, not a JSON dump."""
    path = GEO_DIR / f"{name}.geojson.gz"
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        collection = json.load(handle)
    return {
        feature["properties"]["kode"]: json.dumps(feature, separators=(",", ":"))
        for feature in collection["features"]
    }


@functools.cache
def data_version() -> str:
    """A digest of the shipped boundary files: part of every ETag, so a rebuilt data set
    is fetched again even by a browser that cached the old one."""
    digest = hashlib.sha256()
    for path in sorted(GEO_DIR.rglob("*.geojson.gz")):
        digest.update(path.relative_to(GEO_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _covers(prefixes: Sequence[str], code: str) -> bool:
    """Whether region ``code`` lies in, or contains, one of ``prefixes``."""
    return any(code == p or code.startswith(p + ".") or p.startswith(code + ".") for p in prefixes)


@dataclass(frozen=True)
class Boundaries:
    level: str
    codes: tuple[str, ...]
    etag: str
    features: Mapping[str, str] = field(repr=False)

    @functools.cached_property
    def body(self) -> bytes:
        """The GeoJSON, joined only when asked: a browser revalidating its copy gets a
        304 from the ETag alone (the national file is 600 KB)."""
        parts = ['{"type":"FeatureCollection","features":[']
        parts.append(",".join(self.features[code] for code in self.codes))
        parts.append("]}")
        return "".join(parts).encode()


def boundaries(*, level: str, prefixes: Sequence[str] | None) -> Boundaries:
    """The kabupaten or kecamatan boundaries of an area as a GeoJSON FeatureCollection.

    ``prefixes`` are region codes (a province, a kabupaten, a kecamatan, a desa); a
    boundary is included when it lies in one of them or contains it (a desa filter
    draws its kecamatan). ``None`` is the whole country.
    """
    if level not in (KABUPATEN, KECAMATAN):
        raise ValueError(f"unknown boundary level {level!r}")
    if level == KABUPATEN:
        features = _features(KABUPATEN)
    else:
        provinces = sorted({p[:2] for p in prefixes}) if prefixes is not None else []
        if prefixes is None:
            provinces = sorted({path.name[:2] for path in (GEO_DIR / KECAMATAN).glob("*.gz")})
        features = {}
        for province in provinces:
            features.update(_features(f"{KECAMATAN}/{province}"))
    codes = tuple(sorted(code for code in features if prefixes is None or _covers(prefixes, code)))
    key = f"{data_version()}|{level}|{','.join(codes)}"
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    return Boundaries(level=level, codes=codes, etag=etag, features=features)
