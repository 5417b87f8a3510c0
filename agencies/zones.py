"""Indonesia's three time zones (Keppres 41/1987), by province code."""

import zoneinfo
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Zone:
    label: str
    tz_name: str

    @cached_property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.tz_name)


WIB = Zone("WIB", "Asia/Jakarta")
WITA = Zone("WITA", "Asia/Makassar")
WIT = Zone("WIT", "Asia/Jayapura")

# Sumatra, Java, West and Central Kalimantan are WIB; Bali, Nusa Tenggara, South/East/
# North Kalimantan and Sulawesi are WITA; Maluku and every Papua province are WIT.
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}

ZONES_BY_TZ = {zone.tz_name: zone for zone in (WIB, WITA, WIT)}


def zone_for_region_code(code: str) -> Zone:
    province = code[:2]
    if province in _WIT_PROVINCES:
        return WIT
    if province in _WITA_PROVINCES:
        return WITA
    return WIB


def zone_for_tz_name(tz_name: str) -> Zone:
    return ZONES_BY_TZ.get(tz_name, WIB)
