"""The titles of unit heads that letters print: addressees ("Yth. Dandim 0305/Pasaman")
and the office a letter is signed for ("a.n. KEPALA KEPOLISIAN RESOR PASAMAN BARAT")."""

import re

# The head of a unit as a letter addresses them, from the unit's short name: TNI and
# Polri abbreviate the office from the unit ("Kodim" -> "Dandim"), pemda name the office.
_SHORT_NAME_HEADS = (
    (r"^Polresta\b", "Kapolresta"),
    (r"^Polres\b", "Kapolres"),
    (r"^Polda\b", "Kapolda"),
    (r"^Polsek\b", "Kapolsek"),
    (r"^Kodam\b", "Pangdam"),
    (r"^Korem\b", "Danrem"),
    (r"^Kodim\b", "Dandim"),
    (r"^Koramil\b", "Danramil"),
    (r"^Kejari\b", "Kajari"),
    (r"^Kejati\b", "Kajati"),
    (r"^Pemkab\b", "Bupati"),
    (r"^Pemkot\b", "Walikota"),
    (r"^Pemprov\b", "Gubernur"),
)
_KIND_HEADS = {
    "kpu": "Ketua",
    "bawaslu": "Ketua",
    "dpr": "Ketua",
    "pers": "Ketua",
    "masyarakat": "Ketua",
    "satker_polri": "Komandan",
}


def addressee_title(agency) -> str:
    """ "Ketua KPU Pasaman Barat", "Dandim 0305/Pasaman", "Bupati Pasaman Barat"; an agency
    can set its own (``Agency.head_title``)."""
    if agency.head_title:
        return agency.head_title
    for pattern, head in _SHORT_NAME_HEADS:
        if re.match(pattern, agency.short_name):
            return re.sub(pattern, head, agency.short_name, count=1)
    if agency.kind == "mabes_polri":
        return "Kapolri"
    return f"{_KIND_HEADS.get(agency.kind, 'Kepala')} {agency.short_name}"


def head_title(unit) -> str:
    """ "KEPALA KEPOLISIAN RESOR PASAMAN BARAT", the office a.n. letters are signed for."""
    return f"KEPALA {unit.name.upper()}"
