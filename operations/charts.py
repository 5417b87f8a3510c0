"""Charts drawn on the server as SVG, so the page and the PDF show the very same picture."""

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CATEGORY_COLOURS = {
    "kurang_rawan": "#198754",
    "rawan": "#fd7e14",
    "sangat_rawan": "#dc3545",
    "khusus": "#6f42c1",
}


def stacked_bar_chart(
    rows,
    *,
    categories: "Mapping[str, StrOrPromise]",
    width: int = 640,
    bar: int = 16,
    label_width: int = 150,
) -> SafeString:
    """Horizontal stacked bars, one per row (``row.name``, ``row.counts``), with a legend.

    Every number is also in the table beside the chart; the chart has a text
    alternative (``<title>``) for screen readers.
    """
    rows = list(rows)
    gap = 6
    legend_height = 22
    plot_width = width - label_width - 60
    largest = max((sum(row.counts.values()) for row in rows), default=0) or 1
    height = legend_height + len(rows) * (bar + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tps-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="10">',
        "<title>TPS per kategori</title>",
    ]
    x = label_width
    for key, label in categories.items():
        colour = CATEGORY_COLOURS.get(key, "#888")
        parts.append(
            f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="13">{escape(label)}</text>'
        )
        x += 14 + 7 * len(str(label)) + 12
    y = legend_height
    for row in rows:
        total = sum(row.counts.values())
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar - 4}" text-anchor="end">'
            f"{escape(str(row.name)[:28])}</text>"
        )
        x = float(label_width)
        for key in categories:
            n = row.counts.get(key, 0)
            if not n:
                continue
            w = plot_width * n / largest
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" '
                f'fill="{CATEGORY_COLOURS.get(key, "#888")}"><title>{escape(str(row.name))}: '
                f"{n} {escape(str(categories[key]))}</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + bar - 4}">{total}</text>')
        y += bar + gap
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text piece is escaped above
