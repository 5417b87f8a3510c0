"""Figures of the Laporan hasil pengamanan drawn on the server as SVG: coverage chart, map."""

import datetime
import math
from collections.abc import Sequence

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models.election_day import PHASES
from .selectors.election_day_report import Coverage, MapFigure

# One colour per phase, told apart in print and by most colour-blind readers (Okabe-Ito).
PHASE_COLOURS = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7")
# The situation room's map colours, so the report reads like the screen.
STATE_COLOURS = {
    "none": "#adb5bd",
    "safe": "#198754",
    "reported": "#0d6efd",
    "incident_1": "#ffc107",
    "incident_2": "#fd7e14",
    "incident_3": "#dc3545",
}
SEVERITY_COLOURS = {1: "#ffc107", 2: "#fd7e14", 3: "#dc3545"}
FONT = 'font-family="DejaVu Sans, sans-serif"'


def _svg(width: int, height: int, title: str, parts: Sequence[str]) -> SafeString:
    body = "".join(parts)
    return mark_safe(  # noqa: S308 - every text piece is escaped by the callers
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" {FONT} font-size="9">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def coverage_chart(
    coverage: Coverage, *, labels: dict[str, str], width: int = 600, height: int = 260
) -> SafeString:
    """Per phase, the share of the unit's TPS that had reported it, hour by hour (a
    step line each), with a dashed line at each local midnight. The same figures are in
    the table under it."""
    left, right, top, bottom = 34, 8, 8, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
        f'stroke="#9aa5b1" stroke-width="0.5"/>'
    ]
    for percent in (0, 25, 50, 75, 100):
        y = top + plot_h * (1 - percent / 100)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e4e7eb" '
            f'stroke-width="0.5"/><text x="{left - 3}" y="{y + 3:.1f}" text-anchor="end">'
            f"{percent}%</text>"
        )
    hours = coverage.hours
    if not hours or not coverage.stations:
        parts.append(
            f'<text x="{left + plot_w / 2}" y="{top + plot_h / 2}" text-anchor="middle">'
            f"{escape(_('Belum ada laporan.'))}</text>"
        )
        return _svg(width, height, _("Cakupan laporan per jam"), parts)
    first = hours[0].start
    span = (hours[-1].start - first).total_seconds() / 3600 + 1

    def x_at(moment: datetime.datetime) -> float:
        return left + plot_w * ((moment - first).total_seconds() / 3600) / span

    midnight = first.replace(hour=0) + datetime.timedelta(days=1)
    while midnight < hours[-1].start + datetime.timedelta(hours=1):
        x = x_at(midnight)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#616e7c" '
            f'stroke-width="0.6" stroke-dasharray="3 2"/>'
        )
        midnight += datetime.timedelta(days=1)
    day = first.replace(hour=0)
    while day < hours[-1].start + datetime.timedelta(hours=1):
        x = max(left + 2.0, x_at(day) + 2)
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 11}">'
            f"{escape(formats.date_format(day, 'D j M'))}</text>"
        )
        day += datetime.timedelta(days=1)
    for index, phase in enumerate(PHASES):
        colour = PHASE_COLOURS[index % len(PHASE_COLOURS)]
        points = [f"{left},{top + plot_h}"]
        previous_y = top + plot_h
        for row in hours:
            y = top + plot_h * (1 - row.cumulative[phase.value] / coverage.stations)
            end = x_at(row.start + datetime.timedelta(hours=1))
            points.append(f"{x_at(row.start):.1f},{previous_y:.1f}")
            points.append(f"{x_at(row.start):.1f},{y:.1f}")
            points.append(f"{end:.1f},{y:.1f}")
            previous_y = y
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
            f'stroke-width="1.3"/>'
        )
    # The legend: two rows of phases under the axis.
    for index, phase in enumerate(PHASES):
        column, row = index % 4, index // 4
        x, y = left + column * (plot_w / 4), top + plot_h + 26 + row * 13
        colour = PHASE_COLOURS[index % len(PHASE_COLOURS)]
        parts.append(
            f'<line x1="{x:.1f}" y1="{y - 3}" x2="{x + 12:.1f}" y2="{y - 3}" stroke="{colour}" '
            f'stroke-width="2"/><text x="{x + 15:.1f}" y="{y}">'
            f"{escape(labels[phase.value])}</text>"
        )
    return _svg(width, height, _("Cakupan laporan per jam"), parts)


def area_map(figure: MapFigure, *, width: int = 600, max_height: int = 640) -> SafeString:
    """The unit's boundaries, its TPS as dots coloured by latest state, and incidents as
    triangles by severity (filled while open, hollow once closed). Longitude is scaled
    by the cosine of the mid latitude, so the area keeps its shape."""
    rings = [ring for region in figure.regions for ring in region["rings"]]
    lngs = [point[0] for ring in rings for point in ring] + [p[1] for p in figure.points]
    lats = [point[1] for ring in rings for point in ring] + [p[0] for p in figure.points]
    if not lngs:
        nothing = escape(_("Tidak ada wilayah atau TPS untuk digambar."))
        return _svg(width, 40, _("Peta"), [f'<text x="4" y="20">{nothing}</text>'])
    west, east, south, north = min(lngs), max(lngs), min(lats), max(lats)
    squash = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * squash, 1e-6)
    span_y = max(north - south, 1e-6)
    margin = 6
    scale = min((width - 2 * margin) / span_x, (max_height - 2 * margin) / span_y)
    height = int(span_y * scale + 2 * margin)

    def xy(lng: float, lat: float) -> str:
        return f"{margin + (lng - west) * squash * scale:.1f},{margin + (north - lat) * scale:.1f}"

    parts = []
    for region in figure.regions:
        for ring in region["rings"]:
            parts.append(
                f'<polygon points="{" ".join(xy(lng, lat) for lng, lat in ring)}" '
                f'fill="#f4f6f8" stroke="#52606d" stroke-width="0.6">'
                f"<title>{escape(region['name'])}</title></polygon>"
            )
    for lat, lng, state in sorted(figure.points, key=lambda point: point[2] != "none"):
        x, y = xy(lng, lat).split(",")
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="1.8" fill="{STATE_COLOURS.get(state, "#adb5bd")}"/>'
        )
    for lat, lng, severity, is_open in figure.incidents:
        x, y = (float(v) for v in xy(lng, lat).split(","))
        colour = SEVERITY_COLOURS.get(severity, "#dc3545")
        size = 3.5 + severity
        triangle = (
            f"{x:.1f},{y - size:.1f} {x - size:.1f},{y + size * 0.8:.1f} "
            f"{x + size:.1f},{y + size * 0.8:.1f}"
        )
        # Open: filled with a thin black edge; closed: hollow with a thick coloured edge.
        fill, edge, stroke = (colour, "#000", 0.5) if is_open else ("none", colour, 1.2)
        parts.append(
            f'<polygon points="{triangle}" fill="{fill}" stroke="{edge}" stroke-width="{stroke}"/>'
        )
    # Region names at the centre of each region's largest ring, small, for orientation.
    for region in figure.regions:
        if not region["rings"]:
            continue
        ring = max(region["rings"], key=len)
        lng = sum(p[0] for p in ring) / len(ring)
        lat = sum(p[1] for p in ring) / len(ring)
        x, y = xy(lng, lat).split(",")
        parts.append(
            f'<text x="{x}" y="{y}" text-anchor="middle" font-size="6.5" fill="#3e4c59">'
            f"{escape(region['name'])}</text>"
        )
    return _svg(width, height, _("Peta TPS dan insiden"), parts)
