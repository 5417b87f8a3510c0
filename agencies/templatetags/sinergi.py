"""Template filters for showing times the way the host unit reads them."""

from functools import lru_cache

from django import template
from django.utils import formats, translation

from agencies.zones import zone_for_tz_name

register = template.Library()


def _zone_of(zone_source):
    tz_name = getattr(zone_source, "time_zone", zone_source)
    zone = zone_for_tz_name(tz_name)
    return zone.tzinfo, zone.label


# A page of meetings or incidents formats the same few dates and times again and again, each
# through Django's format machinery (format lookup, day and month names); the text of a
# date or a time in a language never changes, so each is formatted once per process.
@lru_cache(maxsize=4096)
def _date_text(language: str, day) -> str:
    return formats.date_format(day, "DATE_FORMAT")


@lru_cache(maxsize=4096)
def _time_text(language: str, moment) -> str:
    return formats.time_format(moment)


def _date(local) -> str:
    return _date_text(translation.get_language(), local.date())


def _time(local) -> str:
    return _time_text(translation.get_language(), local.time())


@register.filter
def local_datetime(value, zone_source):
    """ "Kamis, 19 Oktober 2023 08.30 WITA" in the zone of ``zone_source``
    (an agency, a meeting or a tz name)."""
    if not value:
        return ""
    tz, label = _zone_of(zone_source)
    local = value.astimezone(tz)
    return f"{_date(local)} {_time(local)} {label}"


@register.filter
def local_time(value, zone_source):
    """ "08.30 WITA"."""
    if not value:
        return ""
    tz, label = _zone_of(zone_source)
    return f"{_time(value.astimezone(tz))} {label}"


@register.filter
def local_date(value, zone_source):
    if not value:
        return ""
    tz, _label = _zone_of(zone_source)
    return _date(value.astimezone(tz))
