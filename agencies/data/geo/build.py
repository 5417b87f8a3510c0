"""Builds the browser copies of the region boundaries and centroids from the reference data.

Run from the repository root with the dev dependencies installed (shapely):

    .venv/bin/python agencies/data/geo/build.py /path/to/shared/data/geo

It writes, next to this script, ``centroids.csv.gz`` (copied unchanged),
``kabupaten.geojson.gz`` (the 514 kabupaten/kota, for the national view) and
``kecamatan/<province code>.geojson.gz`` (the kecamatan of each province, for a Polda or a
Polres), and prints the figures that SOURCE.md quotes. Running it again on the same input
gives byte-identical files (gzip without a timestamp, features sorted by code).
"""

import gzip
import json
import shutil
import sys
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

HERE = Path(__file__).resolve().parent

# Tolerances in degrees (1 degree is about 111 km at the equator). A kabupaten is drawn
# nationally on a ~1,000 px wide map, a kecamatan at Polda or Polres zoom.
LEVELS = {
    "kabupaten": {"tolerance": 0.01, "decimals": 3},
    "kecamatan": {"tolerance": 0.001, "decimals": 4},
}


def _polygons(geometry) -> list:
    """The polygons of a source geometry, repaired one by one: a few source features mix
    dimensions or self-intersect, and GEOS cannot repair the whole at once."""
    polygons = []
    for part in shapely.get_parts(geometry):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        if not part.is_valid:
            part = part.buffer(0)
        polygons.extend(p for p in shapely.get_parts(part) if p.geom_type == "Polygon")
    return polygons


def simplify(geometry, *, tolerance: float, decimals: int):
    """Drops islands smaller than (4 x tolerance) squared (they vanish at the zoom the layer
    is drawn at; the largest part is always kept), simplifies the rest with Douglas-Peucker
    keeping rings valid, then rounds the coordinates."""
    polygons = _polygons(geometry)
    if not polygons:
        return None
    threshold = (4 * tolerance) ** 2
    kept = [p for p in polygons if p.area >= threshold] or [max(polygons, key=lambda p: p.area)]
    merged = shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]
    simplified = merged.simplify(tolerance, preserve_topology=True)
    return shapely.set_precision(simplified, 10**-decimals)


def _write_gzip(path: Path, text: str) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text.encode())
    return path.stat().st_size


def _collection(features: list[dict]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def build_level(source: Path, level: str) -> dict[str, list[dict]]:
    params = LEVELS[level]
    with gzip.open(source / f"{level}.geojson.gz", "rt", encoding="utf-8") as handle:
        collection = json.load(handle)
    before = after = 0
    features = []
    for feature in sorted(collection["features"], key=lambda f: f["properties"]["kode"]):
        geometry = shape(feature["geometry"])
        simplified = simplify(geometry, **params)
        if simplified is None or simplified.is_empty:
            print(f"  {level} {feature['properties']['kode']}: no polygon, skipped")
            continue
        before += shapely.get_num_coordinates(geometry)
        after += shapely.get_num_coordinates(simplified)
        properties = {"kode": feature["properties"]["kode"], "nama": feature["properties"]["nama"]}
        features.append(
            {"type": "Feature", "properties": properties, "geometry": mapping(simplified)}
        )
    print(
        f"{level}: {len(features)} features, {before:,} -> {after:,} points "
        f"(tolerance {params['tolerance']} deg, {params['decimals']} decimals)"
    )
    return features


def main(source: Path) -> None:
    shutil.copyfile(source / "centroids.csv.gz", HERE / "centroids.csv.gz")
    kabupaten = build_level(source, "kabupaten")
    text = _collection(kabupaten)
    size = _write_gzip(HERE / "kabupaten.geojson.gz", text)
    print(f"  kabupaten.geojson.gz: {len(text):,} bytes of JSON, {size:,} gzipped")

    by_province: dict[str, list[dict]] = {}
    for feature in build_level(source, "kecamatan"):
        by_province.setdefault(feature["properties"]["kode"][:2], []).append(feature)
    shutil.rmtree(HERE / "kecamatan", ignore_errors=True)
    total_text = total_size = 0
    for province, features in sorted(by_province.items()):
        text = _collection(features)
        total_text += len(text)
        total_size += _write_gzip(HERE / "kecamatan" / f"{province}.geojson.gz", text)
        if province == "13":
            print(f"  kecamatan/13.geojson.gz (Sumatera Barat): {len(text):,} bytes of JSON")
    print(
        f"  kecamatan/: {len(by_province)} files, {total_text:,} bytes of JSON, "
        f"{total_size:,} gzipped"
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
