"""Letterhead (kopstuk) lines and Nomor parts derived from the unit tree, without queries
beyond walking the unit's parents."""

from django.utils.translation import gettext as _

KOPSTUK_MAX_LINES = 3
KOPSTUK_MAX_CHARS = 41
NATIONAL_LINE = "KEPOLISIAN NEGARA REPUBLIK INDONESIA"
_POLICE_PREFIX = "KEPOLISIAN "
_MABES = "mabes_polri"
_POLICE_KINDS = {"mabes_polri", "polda", "polres", "polsek", "satker_polri"}

# Perkap 1/2023 allows abbreviating a kopstuk line that is too long; these are the
# abbreviations used in Polri letterheads, applied in order until the line fits.
_ABBREVIATIONS = (
    ("METROPOLITAN JAKARTA RAYA", "METRO JAYA"),
    ("METROPOLITAN", "METRO"),
    ("KEPULAUAN", "KEP."),
    ("KABUPATEN", "KAB."),
    ("REPUBLIK INDONESIA", "RI"),
)

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def roman_month(month: int) -> str:
    """11 -> "XI", as the Nomor writes the month."""
    return ROMAN_MONTHS[month - 1]


def _abbreviate(line: str) -> str:
    for long, short in _ABBREVIATIONS:
        if len(line) <= KOPSTUK_MAX_CHARS:
            break
        line = line.replace(long, short)
    return line


def _chain(unit) -> list:
    """The unit and its ancestors of the same institution, top first."""
    chain = []
    while unit is not None:
        chain.append(unit)
        unit = unit.parent
    return list(reversed(chain))


def derive_kopstuk(unit) -> list[str]:
    """The letterhead a unit's letters carry by default, top line first.

    A Polres names the units above it: KEPOLISIAN NEGARA REPUBLIK INDONESIA / DAERAH
    SUMATERA BARAT / RESOR PASAMAN BARAT. A Polsek would need four lines, so its kopstuk
    starts at its Polda: KEPOLISIAN DAERAH ... / RESOR ... / SEKTOR .... Partner agencies
    list their own chain the same way, without the national line.
    """
    chain = [u for u in _chain(unit) if u.kind != _MABES]
    if unit.kind == _MABES:
        return [NATIONAL_LINE, "MARKAS BESAR"]
    names = [u.name.upper() for u in chain]
    if unit.kind in _POLICE_KINDS:
        lines = [NATIONAL_LINE] + [name.removeprefix(_POLICE_PREFIX) for name in names]
        if len(lines) > KOPSTUK_MAX_LINES:
            lines = lines[-KOPSTUK_MAX_LINES:]
            if not lines[0].startswith(_POLICE_PREFIX) and names[-KOPSTUK_MAX_LINES].startswith(
                _POLICE_PREFIX
            ):
                lines[0] = _POLICE_PREFIX + lines[0]
    else:
        lines = names[-KOPSTUK_MAX_LINES:]
    return [_abbreviate(line) for line in lines]


def kopstuk_problems(lines: list[str]) -> list[str]:
    """What is wrong with a kopstuk, one message per problem (empty when it is valid)."""
    problems = []
    if len(lines) > KOPSTUK_MAX_LINES:
        problems.append(
            _("Kopstuk paling banyak %(max)d baris; terisi %(count)d baris.")
            % {"max": KOPSTUK_MAX_LINES, "count": len(lines)}
        )
    for number, line in enumerate(lines, start=1):
        if len(line) > KOPSTUK_MAX_CHARS:
            problems.append(
                _("Baris %(line)d kopstuk %(count)d karakter; paling banyak %(max)d.")
                % {"line": number, "count": len(line), "max": KOPSTUK_MAX_CHARS}
            )
    return problems
