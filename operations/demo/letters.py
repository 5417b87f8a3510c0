"""Demo letter registers, signatories' NRPs and the invented Pasaman Barat roster.

Choices made where the sources are silent:

- The NRPs of the officers named in the seed reports are not public. They get invented
  numbers (shape: birth year, month, serial) so that signature blocks can be seen.
- Archive codes and issuing sections follow the domain notes' example
  (B/123/XI/KKA/2026/Bag Ops); the places are the towns the units sit in.
- A Polsek numbers its letters without an archive code ("B/12/XI/2026/Sek Kinali") and its
  Kapolsek signs them.
- The Pasaman Barat Polsek get the plotting groups the pattern proposes for Mantap Praja
  Singgalang, and their roster officers are named on the groups in roster order, sangat
  rawan and rawan TPS first, until the roster runs out; the groups left show how many officers are
  still to be named (in practice filled by BKO from the Polres and Brimob).
- Polres Pasaman Barat's letters are signed a.n. the Kapolres by its Kabag Ops, an
  invented officer from the roster (operations/demo/data/SOURCE.md); Polda Kalsel's by its Karo
  Ops, who chaired the Kalsel rakor on behalf of the Kapolda; Polresta Tangerang's by the
  Wakapolresta, who chaired seed 000 on behalf of the Kapolresta; the other Polres heads
  sign themselves.
"""

from dataclasses import dataclass
from pathlib import Path

from agencies.models import Agency, LetterRegister, Official
from agencies.roster import RosterResult, import_roster
from operations.models import Operation
from operations.selectors.freshness import forget_readiness_inputs
from polling_stations.models import PlottingGroup
from polling_stations.services import propose_plotting

# Officers the roster names at the TPS (the Polsek command stays at the Polsek).
PLOTTING_PRIORITY = {"sangat_rawan": 0, "rawan": 1, "khusus": 2, "kurang_rawan": 3}
ROSTER_PLOTTED_POSITIONS = ("Bhabinkamtibmas", "Anggota Unit Samapta")
ROSTER_CSV = Path(__file__).resolve().parent / "data" / "roster_pasaman_barat.csv"

# Official key (operations.demo.data.officials) -> invented NRP.
SEED_NRPS = {
    "kapolresta-tangerang": "74080131",
    "wakapolresta-tangerang": "78110212",
    "kapolres-metro-tangerang-kota": "75020347",
    "kapolda-kalsel": "69120403",
    "karo-ops-kalsel": "73070518",
    "kapolres-pasbar": "80010622",
    "danki-3-brimob-sumbar": "84050735",
    "kapolres-tangsel": "79090844",
}


@dataclass(frozen=True)
class RegisterSpec:
    unit: str
    place: str
    archive_code: str
    section: str
    # An official key of the seed officials, or (position) of a roster officer.
    signatory: str = ""
    signatory_position: str = ""


REGISTERS = [
    RegisterSpec(
        "polres-pasaman-barat", "Simpang Empat", "KKA", "Bag Ops", signatory_position="Kabag Ops"
    ),
    RegisterSpec("polda-sumbar", "Padang", "KKA", "Ro Ops"),
    RegisterSpec("polda-kalsel", "Banjarmasin", "KKA", "Ro Ops", signatory="karo-ops-kalsel"),
    RegisterSpec(
        "polresta-tangerang", "Tigaraksa", "KKA", "Bag Ops", signatory="wakapolresta-tangerang"
    ),
    RegisterSpec(
        "polres-metro-tangerang-kota",
        "Tangerang",
        "KKA",
        "Bag Ops",
        signatory="kapolres-metro-tangerang-kota",
    ),
    RegisterSpec(
        "polres-tangerang-selatan",
        "Tangerang Selatan",
        "KKA",
        "Bag Ops",
        signatory="kapolres-tangsel",
    ),
]


def load_roster(*, agencies: dict[str, Agency]) -> RosterResult:
    """The invented Pasaman Barat roster, through the same import an operator uses."""
    with ROSTER_CSV.open("rb") as upload:
        result = import_roster(upload=upload, unit=agencies["polres-pasaman-barat"])
    if result.errors:
        raise ValueError("; ".join(result.errors))
    return result


def _polsek_registers(agencies: dict[str, Agency]) -> list[RegisterSpec]:
    polres = agencies["polres-pasaman-barat"]
    return [
        RegisterSpec(
            unit.slug,
            unit.short_name.removeprefix("Polsek "),
            "",
            "Sek " + unit.short_name.removeprefix("Polsek "),
            signatory_position=f"Kapolsek {unit.short_name.removeprefix('Polsek ')}",
        )
        for unit in agencies.values()
        if unit.parent_id == polres.pk and unit.kind == Agency.Kind.POLSEK
    ]


def load_plotting(*, operation: Operation, agencies: dict[str, Agency]) -> int:
    """Proposed groups with named roster officers for the Pasaman Barat Polsek; a Polsek
    that already has groups is left as it is. Returns the officers named."""
    polres = agencies["polres-pasaman-barat"]
    named = 0
    for polsek in agencies.values():
        if polsek.parent_id != polres.pk or polsek.kind != Agency.Kind.POLSEK:
            continue
        if PlottingGroup.objects.filter(operation=operation, polsek=polsek).exists():
            continue
        groups = propose_plotting(operation=operation, polsek=polsek)
        roster = iter(
            Official.objects.filter(agency=polsek, position__in=ROSTER_PLOTTED_POSITIONS).order_by(
                "nrp"
            )
        )
        # The riskiest TPS are manned first.
        for group in sorted(groups, key=lambda g: (PLOTTING_PRIORITY[g.category], g.number)):
            picks = [o for o in (next(roster, None) for _ in range(group.officer_count)) if o]
            if not picks:
                break
            group.officers.set(picks)
            named += len(picks)
    return named


def load_letter_registers(
    *, agencies: dict[str, Agency], officials: dict[str, Official]
) -> list[LetterRegister]:
    """NRPs of the seed signatories and the registers of the demo units; saves a row only
    when a value differs, so a second run saves nothing."""
    for key, nrp in SEED_NRPS.items():
        Official.objects.filter(pk=officials[key].pk).exclude(nrp=nrp).update(nrp=nrp)
    # The update sends no model signals; reports asked for before print the old NRP.
    forget_readiness_inputs()
    registers = []
    for spec in REGISTERS + _polsek_registers(agencies):
        unit = agencies[spec.unit]
        if spec.signatory:
            signatory = officials[spec.signatory]
        elif spec.signatory_position:
            signatory = Official.objects.get(agency=unit, position=spec.signatory_position)
        else:
            signatory = None
        values = {
            "place": spec.place,
            "archive_code": spec.archive_code,
            "section": spec.section,
            "signatory": signatory,
        }
        register = LetterRegister.objects.filter(unit=unit).first()
        if register is None:
            register = LetterRegister.objects.create(unit=unit, **values)
        elif any(getattr(register, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(register, name, value)
            register.save()
        registers.append(register)
    return registers
