"""The traffic light of the commander's dashboard and its legend, as one tag."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

register = template.Library()


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
    include per row cost more than the rest of the units list.
    """
    dot = format_html(
        '<span class="traffic-light light-{} mt-1 rounded-circle d-inline-block flex-shrink-0"'
        ' data-light="{}" aria-hidden="true"></span>',
        light,
        light,
    )
    if decorative:
        return dot
    return format_html('{}<span class="visually-hidden">{}</span>', dot, _spoken(light))
