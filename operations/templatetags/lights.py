"""The traffic light of the commander's dashboard and its legend, as one tag."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext

register = template.Library()

# Four lights, each plain or named, per language: drawn once per process and kept.
_drawn: dict[tuple[str | None, str, bool], SafeString] = {}


def _spoken(light: str) -> str:
    # What a screen reader says in place of the colour.
    if light == "merah":
        return pgettext("traffic light", "Merah")
    if light == "kuning":
        return pgettext("traffic light", "Kuning")
    if light == "hijau":
        return pgettext("traffic light", "Hijau")
    return pgettext("traffic light", "Belum ada data")


@register.simple_tag
def traffic_light(light: str, decorative: bool = False) -> SafeString:
    """The light's dot, named for screen readers unless a text beside it names it.

    A tag rather than an included template: the dashboard draws one per unit below, and an
    include per row cost ten times what this does.
    """
    key = (get_language(), light, decorative)
    if (drawn := _drawn.get(key)) is None:
        drawn = _drawn[key] = _draw(light, decorative=decorative)
    return drawn


def _draw(light: str, *, decorative: bool) -> SafeString:
    dot = format_html(
        '<span class="traffic-light light-{} mt-1 rounded-circle d-inline-block flex-shrink-0"'
        ' data-light="{}" aria-hidden="true"></span>',
        light,
        light,
    )
    if decorative:
        return dot
    return format_html('{}<span class="visually-hidden">{}</span>', dot, _spoken(light))
