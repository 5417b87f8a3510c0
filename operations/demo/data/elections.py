"""Demo data: the elections, their KPU stages and the operations that secure them."""

import datetime
from dataclasses import dataclass

from agencies.models import Agency

from ...models import Election, Operation

Kind = Agency.Kind
Level = Agency.Level

D = datetime.date

# KPU schedules: PKPU 3/2022 (Pemilu 2024) and PKPU 2/2024 (Pilkada 2024).
ELECTIONS = {
    "pemilu-2024": {
        "name": "Pemilu 2024",
        "kind": Election.Kind.PEMILU,
        "voting_day": D(2024, 2, 14),
        "stages": [
            (
                "Pendaftaran pasangan calon presiden dan wakil presiden",
                D(2023, 10, 19),
                D(2023, 10, 25),
            ),
            ("Masa kampanye", D(2023, 11, 28), D(2024, 2, 10)),
            ("Masa tenang", D(2024, 2, 11), D(2024, 2, 13)),
            ("Pemungutan suara", D(2024, 2, 14), D(2024, 2, 14)),
            ("Penghitungan suara", D(2024, 2, 14), D(2024, 2, 15)),
            ("Rekapitulasi hasil penghitungan suara", D(2024, 2, 15), D(2024, 3, 20)),
        ],
    },
    "pilkada-2024": {
        "name": "Pilkada 2024",
        "kind": Election.Kind.PILKADA,
        "voting_day": D(2024, 11, 27),
        "stages": [
            ("Pendaftaran pasangan calon", D(2024, 8, 27), D(2024, 8, 29)),
            ("Penetapan pasangan calon", D(2024, 9, 22), D(2024, 9, 22)),
            ("Masa kampanye", D(2024, 9, 25), D(2024, 11, 23)),
            ("Masa tenang", D(2024, 11, 24), D(2024, 11, 26)),
            ("Pemungutan dan penghitungan suara", D(2024, 11, 27), D(2024, 11, 27)),
            ("Rekapitulasi hasil penghitungan suara", D(2024, 11, 28), D(2024, 12, 16)),
        ],
    },
}


@dataclass(frozen=True)
class OperationSpec:
    slug: str
    name: str
    kind: str
    commanding_unit: str
    starts_on: datetime.date
    ends_on: datetime.date
    elections: tuple[str, ...]
    parent: str | None = None
    personnel_strength: int | None = None
    description: str = ""
    pre_operation_from: datetime.date | None = None


def _days(start: datetime.date, days: int) -> datetime.date:
    """Last day of a period of ``days`` days that starts on ``start``."""
    return start + datetime.timedelta(days=days - 1)


OPERATIONS = [
    OperationSpec(
        slug="mantap-brata-2023-2024",
        name="Operasi Mantap Brata 2023-2024",
        kind=Operation.Kind.MANTAP_BRATA,
        commanding_unit="mabes-polri",
        starts_on=D(2023, 10, 17),
        ends_on=_days(D(2023, 10, 17), 222),
        elections=("pemilu-2024",),
        # Reports disagree (261,695 also circulates); 434,197 is the larger reported figure.
        personnel_strength=434_197,
        description=(
            "Operasi terpusat pengamanan Pemilu 2024 selama 222 hari di 34 Polda "
            "(12 prioritas 1, 22 prioritas 2), dengan sembilan satuan tugas."
        ),
    ),
    OperationSpec(
        slug="mantap-brata-jaya-2023-2024",
        name="Operasi Mantap Brata Jaya 2023-2024",
        kind=Operation.Kind.MANTAP_BRATA,
        commanding_unit="polda-metro-jaya",
        parent="mantap-brata-2023-2024",
        starts_on=D(2023, 10, 19),
        ends_on=D(2024, 10, 20),
        elections=("pemilu-2024",),
        description="Operasi kewilayahan Polda Metro Jaya dalam Operasi Mantap Brata.",
    ),
    OperationSpec(
        slug="mantap-brata-intan-2023-2024",
        name="Operasi Mantap Brata Intan 2023-2024",
        kind=Operation.Kind.MANTAP_BRATA,
        commanding_unit="polda-kalsel",
        parent="mantap-brata-2023-2024",
        starts_on=D(2023, 10, 19),
        ends_on=D(2024, 10, 20),
        elections=("pemilu-2024",),
        description="Operasi kewilayahan Polda Kalimantan Selatan dalam Operasi Mantap Brata.",
    ),
    OperationSpec(
        slug="mantap-praja-singgalang-2024",
        name="Operasi Mantap Praja Singgalang 2024",
        kind=Operation.Kind.MANTAP_PRAJA,
        commanding_unit="polda-sumbar",
        starts_on=D(2024, 8, 27),
        ends_on=_days(D(2024, 8, 27), 113),
        elections=("pilkada-2024",),
        description="Pengamanan Pilkada serentak 2024 di Sumatera Barat selama 113 hari.",
        # Preparations (rakor kesiapan of 15 August 2024) fall before the start; the
        # reports give no pre-operation dates, so it is taken as the month before.
        pre_operation_from=D(2024, 7, 27),
    ),
]
