"""Template filters for showing times the way the host unit reads them."""

from django import template
from django.utils import formats

from agencies.zones import zone_for_tz_name

register = template.Library()


def _zone_of(zone_source):
    tz_name = getattr(zone_source, "time_zone", zone_source)
    zone = zone_for_tz_name(tz_name)
    return zone.tzinfo, zone.label


@register.filter
def local_datetime(value, zone_source):
    """ "Kamis, 19 Oktober 2023 08.30 WITA" in the zone of ``zone_source``
    (an agency, a meeting or a tz name)."""
    if not value:
        return ""
    tz, label = _zone_of(zone_source)
    local = value.astimezone(tz)
    return f"{formats.date_format(local, 'DATE_FORMAT')} {formats.time_format(local)} {label}"


@register.filter
def local_time(value, zone_source):
    """ "08.30 WITA"."""
    if not value:
        return ""
    tz, label = _zone_of(zone_source)
    return f"{formats.time_format(value.astimezone(tz))} {label}"


@register.filter
def local_date(value, zone_source):
    if not value:
        return ""
    tz, _label = _zone_of(zone_source)
    return formats.date_format(value.astimezone(tz), "DATE_FORMAT")
