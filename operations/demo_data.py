"""What the demo holds: the facts of the five seed meetings, as data.

``operations.demo`` turns these declarations into rows. Names, ranks, positions, dates,
places and topics come from the reports in the project's seeds; where they are silent the
choice is said in a comment beside it.
"""

import datetime
from dataclasses import dataclass, field

from agencies.models import Agency, Membership
from meetings.models import ActionItem, Invitation, Meeting
from polling_stations.models import PollingStation

from .models import Election, Operation

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


@dataclass(frozen=True)
class AgencySpec:
    slug: str
    kind: str
    level: str
    name: str
    short_name: str
    parent: str | None = None
    seat: str | None = None
    regions: tuple[str, ...] = ()


def _kpu_bawaslu(kind: str, prefix: str, full: str) -> list[AgencySpec]:
    """KPU or Bawaslu at RI, provinsi and kabupaten/kota level, as the seeds name them."""
    slug = prefix.lower()
    ri = f"{slug}-ri"
    specs = [
        AgencySpec(
            ri, kind, Level.NATIONAL, f"{full} Republik Indonesia", f"{prefix} RI", seat="31.71"
        )
    ]
    provinces = [
        ("banten", "Banten", "36.73", "36"),
        ("sumbar", "Sumatera Barat", "13.71", "13"),
        ("kalsel", "Kalimantan Selatan", "63.71", "63"),
    ]
    for key, name, seat, code in provinces:
        specs.append(
            AgencySpec(
                f"{slug}-{key}",
                kind,
                Level.PROVINCE,
                f"{full} Provinsi {name}",
                f"{prefix} Provinsi {name}",
                parent=ri,
                seat=seat,
                regions=(code,),
            )
        )
    regencies = [
        ("banten", "kota-tangerang-selatan", "Kota Tangerang Selatan", "Kota Tangsel", "36.74"),
        ("banten", "kabupaten-tangerang", "Kabupaten Tangerang", "Kab. Tangerang", "36.03"),
        ("banten", "kota-tangerang", "Kota Tangerang", "Kota Tangerang", "36.71"),
        ("sumbar", "pasaman-barat", "Kabupaten Pasaman Barat", "Kab. Pasaman Barat", "13.12"),
    ]
    for province, key, name, short, code in regencies:
        specs.append(
            AgencySpec(
                f"{slug}-{key}",
                kind,
                Level.REGENCY,
                f"{full} {name}",
                f"{prefix} {short}",
                parent=f"{slug}-{province}",
                seat=code,
                regions=(code,),
            )
        )
    return specs


# Seats give zones: Kalsel (63) WITA, Banten (36), DKI (31), Sumbar (13) WIB, Papua (91) WIT.
POLICE_AGENCIES = [
    AgencySpec(
        "mabes-polri",
        Kind.MABES_POLRI,
        Level.NATIONAL,
        "Markas Besar Kepolisian Negara Republik Indonesia",
        "Mabes Polri",
        seat="31.74",
    ),
    AgencySpec(
        "polda-banten",
        Kind.POLDA,
        Level.PROVINCE,
        "Kepolisian Daerah Banten",
        "Polda Banten",
        "mabes-polri",
        "36.73",
        ("36",),
    ),
    AgencySpec(
        "polresta-tangerang",
        Kind.POLRES,
        Level.REGENCY,
        "Kepolisian Resor Kota Tangerang",
        "Polresta Tangerang",
        "polda-banten",
        "36.03",
        ("36.03",),
    ),
    AgencySpec(
        "polda-metro-jaya",
        Kind.POLDA,
        Level.PROVINCE,
        "Kepolisian Daerah Metropolitan Jakarta Raya",
        "Polda Metro Jaya",
        "mabes-polri",
        "31.74",
        ("31", "36.71", "36.74"),
    ),
    AgencySpec(
        "polres-metro-tangerang-kota",
        Kind.POLRES,
        Level.REGENCY,
        "Kepolisian Resor Metropolitan Tangerang Kota",
        "Polres Metro Tangerang Kota",
        "polda-metro-jaya",
        "36.71",
        ("36.71",),
    ),
    AgencySpec(
        "polres-tangerang-selatan",
        Kind.POLRES,
        Level.REGENCY,
        "Kepolisian Resor Tangerang Selatan",
        "Polres Tangerang Selatan",
        "polda-metro-jaya",
        "36.74",
        ("36.74",),
    ),
    AgencySpec(
        "polda-kalsel",
        Kind.POLDA,
        Level.PROVINCE,
        "Kepolisian Daerah Kalimantan Selatan",
        "Polda Kalsel",
        "mabes-polri",
        "63.71",
        ("63",),
    ),
    # Not in the seeds: present so that the demo has a unit in each of the three zones.
    AgencySpec(
        "polda-papua",
        Kind.POLDA,
        Level.PROVINCE,
        "Kepolisian Daerah Papua",
        "Polda Papua",
        "mabes-polri",
        "91.71",
        ("91",),
    ),
]

# Brimob Polda Sumbar hangs below Polda Sumbar, which comes from the unit CSV.
SUMBAR_SATKER = [
    AgencySpec(
        "brimob-polda-sumbar",
        Kind.SATKER_POLRI,
        Level.PROVINCE,
        "Satuan Brimob Polda Sumatera Barat",
        "Brimob Polda Sumbar",
        "polda-sumbar",
        "13.71",
    ),
]

PARTNER_AGENCIES = [
    # TNI. Kodim 0305/Pasaman covers both Kabupaten Pasaman and Pasaman Barat.
    AgencySpec(
        "kodim-0305-pasaman",
        Kind.KODIM,
        Level.REGENCY,
        "Komando Distrik Militer 0305/Pasaman",
        "Kodim 0305/Pasaman",
        seat="13.08",
        regions=("13.08", "13.12"),
    ),
    AgencySpec(
        "kodim-0506-tangerang",
        Kind.KODIM,
        Level.REGENCY,
        "Komando Distrik Militer 0506/Tangerang",
        "Kodim 0506/Tangerang",
        seat="36.71",
        regions=("36.71", "36.74"),
    ),
    AgencySpec(
        "kodim-0510-tigaraksa",
        Kind.KODIM,
        Level.REGENCY,
        "Komando Distrik Militer 0510/Tigaraksa",
        "Kodim 0510/Tigaraksa",
        seat="36.03",
        regions=("36.03",),
    ),
    # "TNI" at the Kalsel rakor: the Korem seated in Banjarmasin.
    AgencySpec(
        "korem-101-antasari",
        Kind.KOREM,
        Level.PROVINCE,
        "Komando Resor Militer 101/Antasari",
        "Korem 101/Antasari",
        seat="63.71",
        regions=("63",),
    ),
    *_kpu_bawaslu(Kind.KPU, "KPU", "Komisi Pemilihan Umum"),
    *_kpu_bawaslu(Kind.BAWASLU, "Bawaslu", "Badan Pengawas Pemilihan Umum"),
    # Pemda and their dinas.
    AgencySpec(
        "pemkab-pasaman-barat",
        Kind.PEMDA,
        Level.REGENCY,
        "Pemerintah Kabupaten Pasaman Barat",
        "Pemkab Pasaman Barat",
        seat="13.12",
        regions=("13.12",),
    ),
    AgencySpec(
        "kesbangpol-pasaman-barat",
        Kind.DINAS,
        Level.REGENCY,
        "Badan Kesatuan Bangsa dan Politik Kabupaten Pasaman Barat",
        "Kesbangpol Pasaman Barat",
        "pemkab-pasaman-barat",
        "13.12",
    ),
    AgencySpec(
        "pemkot-tangerang-selatan",
        Kind.PEMDA,
        Level.REGENCY,
        "Pemerintah Kota Tangerang Selatan",
        "Pemkot Tangsel",
        seat="36.74",
        regions=("36.74",),
    ),
    AgencySpec(
        "pemkab-tangerang",
        Kind.PEMDA,
        Level.REGENCY,
        "Pemerintah Kabupaten Tangerang",
        "Pemkab Tangerang",
        seat="36.03",
        regions=("36.03",),
    ),
    AgencySpec(
        "dishub-kabupaten-tangerang",
        Kind.DINAS,
        Level.REGENCY,
        "Dinas Perhubungan Kabupaten Tangerang",
        "Dishub Kab. Tangerang",
        "pemkab-tangerang",
        "36.03",
    ),
    AgencySpec(
        "satpol-pp-kabupaten-tangerang",
        Kind.DINAS,
        Level.REGENCY,
        "Satuan Polisi Pamong Praja Kabupaten Tangerang",
        "Satpol PP Kab. Tangerang",
        "pemkab-tangerang",
        "36.03",
    ),
    AgencySpec(
        "dinkes-kabupaten-tangerang",
        Kind.DINAS,
        Level.REGENCY,
        "Dinas Kesehatan Kabupaten Tangerang",
        "Dinkes Kab. Tangerang",
        "pemkab-tangerang",
        "36.03",
    ),
    AgencySpec(
        "pemkot-tangerang",
        Kind.PEMDA,
        Level.REGENCY,
        "Pemerintah Kota Tangerang",
        "Pemkot Tangerang",
        seat="36.71",
        regions=("36.71",),
    ),
    AgencySpec(
        "dinkes-kota-tangerang",
        Kind.DINAS,
        Level.REGENCY,
        "Dinas Kesehatan Kota Tangerang",
        "Dinkes Kota Tangerang",
        "pemkot-tangerang",
        "36.71",
    ),
    AgencySpec(
        "pemprov-kalsel",
        Kind.PEMDA,
        Level.PROVINCE,
        "Pemerintah Provinsi Kalimantan Selatan",
        "Pemprov Kalsel",
        seat="63.71",
        regions=("63",),
    ),
    AgencySpec(
        "kejari-tangerang",
        Kind.KEJAKSAAN,
        Level.REGENCY,
        "Kejaksaan Negeri Tangerang",
        "Kejari Tangerang",
        seat="36.03",
        regions=("36.03",),
    ),
    AgencySpec(
        "lapas-kelas-i-tangerang",
        Kind.LAPAS,
        Level.REGENCY,
        "Lembaga Pemasyarakatan Kelas I Tangerang",
        "Lapas Kelas I Tangerang",
        seat="36.71",
    ),
    AgencySpec(
        "lapas-pemuda-tangerang",
        Kind.LAPAS,
        Level.REGENCY,
        "Lembaga Pemasyarakatan Pemuda Kelas IIA Tangerang",
        "Lapas Pemuda Tangerang",
        seat="36.71",
    ),
    AgencySpec(
        "komisi-ii-dpr-ri",
        Kind.DPR,
        Level.NATIONAL,
        "Komisi II Dewan Perwakilan Rakyat Republik Indonesia",
        "Komisi II DPR RI",
        seat="31.71",
    ),
    AgencySpec(
        "kemendagri",
        Kind.KEMENDAGRI,
        Level.NATIONAL,
        "Kementerian Dalam Negeri",
        "Kemendagri",
        seat="31.71",
    ),
    AgencySpec(
        "pers-pasaman-barat",
        Kind.PERS,
        Level.REGENCY,
        "Insan pers Kabupaten Pasaman Barat",
        "Pers Pasaman Barat",
        seat="13.12",
        regions=("13.12",),
    ),
    AgencySpec(
        "masyarakat-kabupaten-tangerang",
        Kind.MASYARAKAT,
        Level.REGENCY,
        "Komunitas masyarakat Kabupaten Tangerang",
        "Komunitas masyarakat Tangerang",
        seat="36.03",
        regions=("36.03",),
    ),
]


# Pasaman Barat has 7 Polsek and 11 kecamatan. Seven share a name; the four kecamatan
# formed later from older ones are kept with the Polsek of the kecamatan they were split
# from or border: Luhak Nan Duo and Sasak Ranah Pasisie (from Pasaman), Sungai Aur (beside
# Lembah Melintang), Koto Balingka (beside Ranah Batahan).
# Personnel each Pasaman Barat Polsek holds for Mantap Praja Singgalang 2024. The reports
# give no such figures: these are illustrative, chosen below the 2019 pattern's need so that
# the dashboard and the readiness report show what a shortfall looks like.
PASAMAN_BARAT_POLSEK_STRENGTH = {
    "polsek-kinali": 112,
    "polsek-pasaman": 148,
    "polsek-gunung-tuleh": 68,
    "polsek-ranah-batahan": 84,
    "polsek-lembah-melintang": 121,
    "polsek-sungai-bermas": 64,
    "polsek-talamau": 58,
}

PASAMAN_BARAT_POLSEK_KECAMATAN = {
    "Polsek Sungai Bermas": ("13.12.01",),
    "Polsek Lembah Melintang": ("13.12.02", "13.12.09"),
    "Polsek Pasaman": ("13.12.03", "13.12.10", "13.12.11"),
    "Polsek Talamau": ("13.12.04",),
    "Polsek Kinali": ("13.12.05",),
    "Polsek Gunung Tuleh": ("13.12.06",),
    "Polsek Ranah Batahan": ("13.12.07", "13.12.08"),
}


@dataclass(frozen=True)
class OfficialSpec:
    key: str
    agency: str
    rank: str
    name: str
    position: str


# Names, ranks and positions as the reports give them. Where a report names only the office
# ("diwakili oleh ... mewakili Dandim"), the office is recorded as the name.
OFFICIALS = [
    # 000 Polresta Tangerang
    OfficialSpec(
        "kapolresta-tangerang",
        "polresta-tangerang",
        "Kombes Pol",
        "Sigit Dany Setiyono",
        "Kapolresta Tangerang",
    ),
    OfficialSpec(
        "wakapolresta-tangerang",
        "polresta-tangerang",
        "AKBP",
        "Indra Mardiana",
        "Wakapolresta Tangerang",
    ),
    # 001 Polres Metro Tangerang Kota
    OfficialSpec(
        "kapolres-metro-tangerang-kota",
        "polres-metro-tangerang-kota",
        "Kombes Pol",
        "Zain Dwi Nugroho",
        "Kapolres Metro Tangerang Kota",
    ),
    OfficialSpec(
        "pj-bupati-tangerang", "pemkab-tangerang", "", "Andi Ony P.", "Pj Bupati Tangerang"
    ),
    OfficialSpec(
        "asda-1-kota-tangerang",
        "pemkot-tangerang",
        "",
        "Deni Koswara",
        "Asisten Daerah I Kota Tangerang",
    ),
    OfficialSpec(
        "dandim-0506",
        "kodim-0506-tangerang",
        "",
        "Dandim 0506/Tangerang",
        "Komandan Kodim 0506/Tangerang",
    ),
    OfficialSpec(
        "dandim-0510",
        "kodim-0510-tigaraksa",
        "",
        "Dandim 0510/Tigaraksa",
        "Komandan Kodim 0510/Tigaraksa",
    ),
    OfficialSpec(
        "kajari-tangerang",
        "kejari-tangerang",
        "",
        "Kajari Tangerang",
        "Kepala Kejaksaan Negeri Tangerang",
    ),
    # 002 Polda Kalsel
    OfficialSpec(
        "kapolda-kalsel",
        "polda-kalsel",
        "Irjen Pol",
        "Andi Rian Djajadi, S.I.K., M.H.",
        "Kapolda Kalsel",
    ),
    OfficialSpec(
        "karo-ops-kalsel",
        "polda-kalsel",
        "Kombes Pol",
        "Nurhandono, S.I.K., M.H.",
        "Karo Ops Polda Kalsel",
    ),
    # 003 Polres Pasaman Barat
    OfficialSpec(
        "kapolres-pasbar",
        "polres-pasaman-barat",
        "AKBP",
        "Agung Tribawanto, S.I.K.",
        "Kapolres Pasaman Barat",
    ),
    OfficialSpec(
        "bupati-pasbar", "pemkab-pasaman-barat", "", "Bupati Pasaman Barat", "Bupati Pasaman Barat"
    ),
    OfficialSpec(
        "kaban-kesbangpol-pasbar",
        "kesbangpol-pasaman-barat",
        "",
        "Yosmar Difia",
        "Kaban Kesbangpol Kabupaten Pasaman Barat",
    ),
    OfficialSpec(
        "dandim-0305",
        "kodim-0305-pasaman",
        "",
        "Dandim 0305/Pasaman",
        "Komandan Kodim 0305/Pasaman",
    ),
    OfficialSpec(
        "pabung-0305", "kodim-0305-pasaman", "Mayor Kav.", "Sumidi, S.", "Pabung Kodim 0305/Pasaman"
    ),
    OfficialSpec(
        "ketua-kpu-pasbar",
        "kpu-pasaman-barat",
        "",
        "Ketua KPU Kabupaten Pasaman Barat",
        "Ketua KPU Kabupaten Pasaman Barat",
    ),
    OfficialSpec(
        "kadiv-sosdiklih-kpu-pasbar",
        "kpu-pasaman-barat",
        "",
        "Hafizul Pahmi, S.Sos.",
        "Ketua Divisi Sosdiklih, Parmas dan SDM KPU Kabupaten Pasaman Barat",
    ),
    OfficialSpec(
        "ketua-bawaslu-pasbar",
        "bawaslu-pasaman-barat",
        "",
        "Wanhar, S.Pd.I.",
        "Ketua Bawaslu Kabupaten Pasaman Barat",
    ),
    OfficialSpec(
        "danki-3-brimob-sumbar",
        "brimob-polda-sumbar",
        "AKP",
        "Susanto",
        "Danki 3 Batalyon B Pelopor Sat Brimob Polda Sumbar",
    ),
    # 004 Pemkot Tangerang Selatan hosting Komisi II DPR RI
    OfficialSpec(
        "walikota-tangsel",
        "pemkot-tangerang-selatan",
        "",
        "Drs. H. Benyamin Davnie",
        "Walikota Tangerang Selatan",
    ),
    OfficialSpec(
        "wakil-walikota-tangsel",
        "pemkot-tangerang-selatan",
        "",
        "Ir. Pilar Saga Ichsan",
        "Wakil Walikota Tangerang Selatan",
    ),
    OfficialSpec(
        "kapolres-tangsel",
        "polres-tangerang-selatan",
        "AKBP",
        "Ibnu Bagus Santoso, S.I.K., M.M., M.H.",
        "Kapolres Tangerang Selatan",
    ),
    OfficialSpec(
        "ketua-tim-komisi-ii",
        "komisi-ii-dpr-ri",
        "",
        "Ir. H. Endro Suswantoro Yahman, M.Sc.",
        "Ketua Tim Kunjungan Kerja Komisi II DPR RI",
    ),
    OfficialSpec(
        "ketua-kpu-banten", "kpu-banten", "", "Wahyul Furqon", "Ketua KPU Provinsi Banten"
    ),
    OfficialSpec(
        "ketua-bawaslu-banten", "bawaslu-banten", "", "Ali Faisal", "Ketua Bawaslu Provinsi Banten"
    ),
    OfficialSpec("ketua-bawaslu-ri", "bawaslu-ri", "", "Rahmat Bagja", "Ketua Bawaslu RI"),
    OfficialSpec("ketua-kpu-ri", "kpu-ri", "", "Hasyim Asy'ari", "Ketua KPU RI"),
    OfficialSpec(
        "perwakilan-kemendagri",
        "kemendagri",
        "",
        "Dr. Yusharto Huntoyungo, M.Pd.",
        "Perwakilan Kementerian Dalam Negeri",
    ),
    OfficialSpec(
        "ketua-bawaslu-tangsel",
        "bawaslu-kota-tangerang-selatan",
        "",
        "M. Acep",
        "Ketua Bawaslu Kota Tangerang Selatan",
    ),
    OfficialSpec(
        "ketua-kpu-tangsel",
        "kpu-kota-tangerang-selatan",
        "",
        "Taufik MZ",
        "Ketua KPU Kota Tangerang Selatan",
    ),
]


R = Invitation.Rsvp


@dataclass(frozen=True)
class Invite:
    agency: str
    rsvp: str = R.ATTENDING
    present: bool | None = True
    delegate: str = ""


@dataclass(frozen=True)
class Present:
    """An attendee: an official by key, or a name for someone the report does not name."""

    agency: str
    official: str | None = None
    name: str = ""
    position: str = ""
    represents: str | None = None


@dataclass(frozen=True)
class Item:
    title: str
    minutes: int = 20
    presenter: str | None = None
    presenter_name: str = ""
    internal: bool = False


@dataclass(frozen=True)
class Follow:
    text: str
    owner: str
    due: datetime.date
    status: str = ActionItem.Status.DONE
    official: str | None = None


@dataclass(frozen=True)
class Decide:
    text: str
    item: int | None = None
    internal: bool = False
    follow_ups: tuple[Follow, ...] = ()


@dataclass(frozen=True)
class MeetingSpec:
    host: str
    title: str
    start: tuple[int, int, int, int, int]
    venue: str
    kind: str = Meeting.Kind.RAKOR
    operation: str | None = None
    hours: float = 3
    chair: str | None = None
    on_behalf_of: str | None = None
    visibility: str = Meeting.Visibility.SHARED
    status: str = Meeting.Status.HELD
    description: str = ""
    summary: str = ""
    invitations: tuple[Invite, ...] = ()
    attendees: tuple[Present, ...] = ()
    agenda: tuple[Item, ...] = ()
    decisions: tuple[Decide, ...] = field(default=())


DONE, OPEN = ActionItem.Status.DONE, ActionItem.Status.OPEN

MEETINGS = [
    # Seed 000. The report (27 Sep 2023) gives neither time nor room: 09.00 WIB at the Mapolresta.
    MeetingSpec(
        host="polresta-tangerang",
        title="Rakor lintas sektoral persiapan Operasi Mantap Brata 2023-2024",
        start=(2023, 9, 27, 9, 0),
        venue="Mapolresta Tangerang",
        operation="mantap-brata-2023-2024",
        chair="wakapolresta-tangerang",
        on_behalf_of="kapolresta-tangerang",
        description=(
            "Langkah strategis dan sinergi lintas sektor untuk menjaga kamtibmas di wilayah "
            "Tangerang selama Operasi Mantap Brata dalam rangka Pilpres 2024."
        ),
        summary=(
            "Patroli, penertiban lalu lintas, kehadiran polisi di titik-titik strategis, "
            "serta penanggulangan kejahatan dan gangguan kamtibmas menjelang Pilpres 2024."
        ),
        invitations=(
            Invite("kodim-0510-tigaraksa"),
            Invite("kejari-tangerang"),
            Invite("pemkab-tangerang"),
            Invite("kpu-kabupaten-tangerang"),
            Invite("bawaslu-kabupaten-tangerang"),
            Invite("dishub-kabupaten-tangerang"),
            Invite("satpol-pp-kabupaten-tangerang"),
            Invite("masyarakat-kabupaten-tangerang"),
        ),
        attendees=(Present("polresta-tangerang", official="wakapolresta-tangerang"),),
        agenda=(
            Item(
                "Pembukaan dan arahan Kapolresta melalui Wakapolresta", 15, "wakapolresta-tangerang"
            ),
            Item("Isu keamanan dan gangguan kamtibmas di wilayah Tangerang", 45),
            Item("Berbagi ide, pengalaman dan saran peserta", 60),
        ),
        decisions=(
            Decide(
                "Patroli bersama dan kehadiran polisi di titik-titik strategis ditingkatkan "
                "selama Operasi Mantap Brata.",
                item=2,
                follow_ups=(
                    Follow(
                        "Menyusun jadwal patroli bersama dan titik strategis.",
                        "polresta-tangerang",
                        D(2023, 10, 17),
                    ),
                ),
            ),
            Decide(
                "Penertiban lalu lintas pada tahapan Pemilu dilakukan bersama Dishub "
                "dan Satpol PP.",
                item=2,
                follow_ups=(
                    Follow(
                        "Menyiapkan personel pengaturan lalu lintas di lokasi kampanye.",
                        "dishub-kabupaten-tangerang",
                        D(2023, 11, 27),
                    ),
                ),
            ),
        ),
    ),
    # Seed 001. Wednesday 11 October 2023 in the Ruang Rupatama; no time given: 09.00 WIB.
    MeetingSpec(
        host="polres-metro-tangerang-kota",
        title="Rakor lintas sektoral antisipasi kerawanan Pemilu 2024",
        start=(2023, 10, 11, 9, 0),
        venue="Ruang Rupatama Mapolres Metro Tangerang Kota",
        operation="mantap-brata-jaya-2023-2024",
        chair="kapolres-metro-tangerang-kota",
        description=(
            "Persiapan Operasi Mantap Brata Jaya 2023-2024, yang dimulai 19 Oktober 2023, "
            "untuk Pemilu 2024 yang aman, damai dan kondusif."
        ),
        summary=(
            "Belajar dari 2019: hoaks di media sosial memicu polarisasi, dan petugas "
            "penyelenggara jatuh sakit hingga meninggal. Disiapkan petugas medis dari dinas "
            "kesehatan, tim khusus penanganan hoaks, serta pengamanan TPS khusus di lapas "
            "dan rumah sakit."
        ),
        invitations=(
            Invite("pemkab-tangerang"),
            Invite("pemkot-tangerang", R.REPRESENTED),
            Invite("kodim-0506-tangerang", R.REPRESENTED),
            Invite("kodim-0510-tigaraksa", R.REPRESENTED),
            Invite("kejari-tangerang"),
            Invite("kpu-kota-tangerang"),
            Invite("bawaslu-kota-tangerang"),
            Invite("bawaslu-kabupaten-tangerang"),
            Invite("lapas-kelas-i-tangerang"),
            Invite("lapas-pemuda-tangerang"),
        ),
        attendees=(
            Present("polres-metro-tangerang-kota", official="kapolres-metro-tangerang-kota"),
            Present("pemkab-tangerang", official="pj-bupati-tangerang"),
            Present("pemkot-tangerang", official="asda-1-kota-tangerang"),
            Present(
                "kodim-0506-tangerang",
                name="Perwakilan Kodim 0506/Tangerang",
                represents="dandim-0506",
            ),
            Present(
                "kodim-0510-tigaraksa",
                name="Perwakilan Kodim 0510/Tigaraksa",
                represents="dandim-0510",
            ),
            Present("kejari-tangerang", official="kajari-tangerang"),
        ),
        agenda=(
            Item("Pembukaan dan arahan Kapolres", 15, "kapolres-metro-tangerang-kota"),
            Item("Evaluasi Pemilu 2019: hoaks dan kesehatan petugas", 30),
            Item("Pengamanan TPS khusus di lapas dan rumah sakit", 30),
            Item("Diskusi dan kesepakatan", 45),
        ),
        decisions=(
            Decide(
                "Dinas kesehatan kota dan kabupaten menyiapkan petugas medis bagi "
                "penyelenggara pemilu.",
                item=2,
                follow_ups=(
                    Follow(
                        "Menyiapkan petugas medis siaga untuk petugas KPPS di Kota Tangerang.",
                        "dinkes-kota-tangerang",
                        D(2024, 2, 7),
                    ),
                    Follow(
                        "Menyiapkan petugas medis siaga untuk petugas KPPS di Kabupaten Tangerang.",
                        "dinkes-kabupaten-tangerang",
                        D(2024, 2, 7),
                    ),
                ),
            ),
            Decide(
                "Dibentuk tim khusus (timsus) penanganan hoaks di media sosial.",
                item=2,
                follow_ups=(
                    Follow(
                        "Membentuk timsus patroli siber penanganan hoaks.",
                        "polres-metro-tangerang-kota",
                        D(2023, 11, 1),
                        official="kapolres-metro-tangerang-kota",
                    ),
                ),
            ),
            Decide(
                "Pengamanan dan pelaksanaan TPS khusus di lembaga pemasyarakatan dan "
                "rumah sakit dibahas bersama KPU dan lapas.",
                item=3,
                follow_ups=(
                    Follow(
                        "Mendata TPS khusus di lapas dan rumah sakit di Kota Tangerang.",
                        "kpu-kota-tangerang",
                        D(2023, 12, 15),
                    ),
                    Follow(
                        "Menyiapkan pengamanan TPS khusus di dalam lapas.",
                        "lapas-kelas-i-tangerang",
                        D(2024, 2, 10),
                    ),
                ),
            ),
        ),
    ),
    # Seed 002: Thursday 19 October 2023, 08.30 WITA, Hotel Kindai Banjarmasin.
    MeetingSpec(
        host="polda-kalsel",
        title="Rakor lintas sektoral kesiapan Operasi Mantap Brata Intan 2023-2024",
        start=(2023, 10, 19, 8, 30),
        venue="Hotel Kindai Banjarmasin",
        operation="mantap-brata-intan-2023-2024",
        chair="karo-ops-kalsel",
        on_behalf_of="kapolda-kalsel",
        description="Kesiapan pasukan kepolisian menghadapi Pemilu 2024 di Kalimantan Selatan.",
        summary=(
            "Strategi pengamanan pemungutan suara, penanganan potensi kerawanan dan upaya "
            "pre-emtif untuk mencegah gangguan keamanan pada setiap tahapan Pemilu."
        ),
        invitations=(
            Invite("pemprov-kalsel"),
            Invite("korem-101-antasari"),
            Invite("bawaslu-kalsel"),
            Invite("kpu-kalsel"),
        ),
        attendees=(
            Present("polda-kalsel", official="karo-ops-kalsel", represents="kapolda-kalsel"),
        ),
        agenda=(
            Item("Pembukaan dan amanat Kapolda melalui Karo Ops", 20, "karo-ops-kalsel"),
            Item("Pengamanan pemungutan suara", 40),
            Item("Penanganan potensi kerawanan dan upaya pre-emtif", 40),
            Item("Diskusi", 40),
        ),
        decisions=(
            Decide(
                "Pemetaan potensi kerawanan tiap tahapan Pemilu dilakukan bersama Bawaslu.",
                item=3,
                follow_ups=(
                    Follow(
                        "Menyampaikan pemetaan kerawanan pemilu Kalimantan Selatan.",
                        "bawaslu-kalsel",
                        D(2023, 11, 30),
                    ),
                ),
            ),
            Decide("Upaya pre-emtif dikedepankan untuk mencegah gangguan keamanan.", item=3),
        ),
    ),
    # Seed 003: Thursday 15 August 2024 at the indoor field; no time given: 09.00 WIB.
    MeetingSpec(
        host="polres-pasaman-barat",
        title="Rakor lintas sektoral kesiapan Operasi Mantap Praja Singgalang 2024",
        start=(2024, 8, 15, 9, 0),
        venue="Lapangan Indoor Polres Pasaman Barat",
        operation="mantap-praja-singgalang-2024",
        chair="kapolres-pasbar",
        description=(
            "Kesiapan para pemangku kepentingan mengamankan tahapan Pilkada 2024 di "
            "Kabupaten Pasaman Barat; pemungutan suara 27 November 2024 di 893 TPS."
        ),
        summary=(
            "Paparan Kabag Ops, KBO Sat Intelkam, KPU dan Bawaslu tentang kemungkinan "
            "kerawanan Pilkada serentak di Pasaman Barat. Tahap awal operasi: apel gelar "
            "pasukan dan simulasi sispam kota."
        ),
        invitations=(
            Invite(
                "pemkab-pasaman-barat", R.REPRESENTED, delegate="Yosmar Difia, Kaban Kesbangpol"
            ),
            Invite("kodim-0305-pasaman", R.REPRESENTED, delegate="Mayor Kav. Sumidi, S., Pabung"),
            Invite(
                "kpu-pasaman-barat",
                R.REPRESENTED,
                delegate="Hafizul Pahmi, S.Sos., Kadiv Sosdiklih",
            ),
            Invite("bawaslu-pasaman-barat"),
            Invite("brimob-polda-sumbar"),
            Invite("pers-pasaman-barat"),
        ),
        attendees=(
            Present("polres-pasaman-barat", official="kapolres-pasbar"),
            Present(
                "kesbangpol-pasaman-barat",
                official="kaban-kesbangpol-pasbar",
                represents="bupati-pasbar",
            ),
            Present("kodim-0305-pasaman", official="pabung-0305", represents="dandim-0305"),
            Present(
                "kpu-pasaman-barat",
                official="kadiv-sosdiklih-kpu-pasbar",
                represents="ketua-kpu-pasbar",
            ),
            Present("bawaslu-pasaman-barat", official="ketua-bawaslu-pasbar"),
            Present("brimob-polda-sumbar", official="danki-3-brimob-sumbar"),
        ),
        agenda=(
            Item("Pembukaan dan sambutan Kapolres", 15, "kapolres-pasbar"),
            Item(
                "Paparan kesiapan Operasi Mantap Praja Singgalang 2024",
                20,
                presenter_name="Kabag Ops Polres Pasaman Barat",
            ),
            Item(
                "Paparan potensi kerawanan Pilkada 2024",
                20,
                presenter_name="KBO Sat Intelkam Polres Pasaman Barat",
                internal=True,
            ),
            Item("Paparan tahapan Pilkada 2024 dan 893 TPS", 20, "kadiv-sosdiklih-kpu-pasbar"),
            Item("Paparan pengawasan dan kerawanan TPS", 20, "ketua-bawaslu-pasbar"),
            Item("Diskusi dan penutup", 30),
        ),
        decisions=(
            Decide(
                "Pengamanan 893 TPS pada pemungutan suara 27 November 2024 diplot per TPS "
                "bersama Brimob dan Kodim 0305/Pasaman.",
                item=2,
                follow_ups=(
                    Follow(
                        "Menyusun plotting personel pengamanan 893 TPS.",
                        "polres-pasaman-barat",
                        D(2024, 11, 20),
                        official="kapolres-pasbar",
                    ),
                    Follow(
                        "Menyerahkan daftar TPS beserta lokasinya kepada Polres.",
                        "kpu-pasaman-barat",
                        D(2024, 9, 30),
                        official="kadiv-sosdiklih-kpu-pasbar",
                    ),
                ),
            ),
            Decide(
                "Pemetaan TPS rawan disampaikan Bawaslu sebagai bahan kategori TPS Polri.",
                item=5,
                follow_ups=(
                    Follow(
                        "Menyampaikan hasil pemetaan kerawanan TPS Pilkada 2024.",
                        "bawaslu-pasaman-barat",
                        D(2024, 10, 31),
                        official="ketua-bawaslu-pasbar",
                    ),
                ),
            ),
            Decide(
                "Tahap awal operasi meliputi apel gelar pasukan dan simulasi sispam kota.",
                item=2,
                follow_ups=(
                    Follow(
                        "Melaksanakan apel gelar pasukan Operasi Mantap Praja Singgalang 2024.",
                        "polres-pasaman-barat",
                        D(2024, 8, 26),
                    ),
                    Follow(
                        "Melaksanakan simulasi sispam kota bersama instansi terkait.",
                        "polres-pasaman-barat",
                        D(2024, 9, 20),
                    ),
                ),
            ),
            Decide(
                "Informasi intelijen kerawanan hanya untuk internal Polri.", item=3, internal=True
            ),
        ),
    ),
    # Seed 004: Tuesday 23 January 2024 "pagi": 09.00 WIB. Hosted by Pemkot Tangsel for Komisi II.
    MeetingSpec(
        host="pemkot-tangerang-selatan",
        title=(
            "Rapat kunjungan kerja Komisi II DPR RI: kesiapan Pemilu serentak 2024 "
            "di Kota Tangerang Selatan"
        ),
        start=(2024, 1, 23, 9, 0),
        venue="Ruang Blandongan Lt. 4, Pusat Pemerintahan Kota Tangerang Selatan",
        kind=Meeting.Kind.KUNKER,
        # Polres Tangsel serves under Polda Metro Jaya, hence Mantap Brata Jaya.
        operation="mantap-brata-jaya-2023-2024",
        chair="walikota-tangsel",
        description="Persiapan dan kesiapan Pemilu serentak 2024 di Kota Tangerang Selatan.",
        summary=(
            "Polres Tangsel memetakan TPS rawan dan sangat rawan dan memplot personel per "
            "TPS, dengan satu peleton cadangan per Polsek rayon. Komisi II menekankan "
            "netralitas ASN, ketegasan Bawaslu, kesiapan logistik KPU dan antisipasi banjir."
        ),
        invitations=(
            Invite("komisi-ii-dpr-ri"),
            Invite("polres-tangerang-selatan"),
            Invite("kpu-ri"),
            Invite("kpu-banten"),
            Invite("kpu-kota-tangerang-selatan"),
            Invite("bawaslu-ri"),
            Invite("bawaslu-banten"),
            Invite("bawaslu-kota-tangerang-selatan"),
            Invite("kemendagri", R.REPRESENTED),
            Invite("kodim-0506-tangerang", R.REPRESENTED),
        ),
        attendees=(
            Present("pemkot-tangerang-selatan", official="walikota-tangsel"),
            Present("pemkot-tangerang-selatan", official="wakil-walikota-tangsel"),
            Present("komisi-ii-dpr-ri", official="ketua-tim-komisi-ii"),
            Present("polres-tangerang-selatan", official="kapolres-tangsel"),
            Present("kpu-ri", official="ketua-kpu-ri"),
            Present("bawaslu-ri", official="ketua-bawaslu-ri"),
            Present("kpu-banten", official="ketua-kpu-banten"),
            Present("bawaslu-banten", official="ketua-bawaslu-banten"),
            Present("kpu-kota-tangerang-selatan", official="ketua-kpu-tangsel"),
            Present("bawaslu-kota-tangerang-selatan", official="ketua-bawaslu-tangsel"),
            Present("kemendagri", official="perwakilan-kemendagri"),
            Present("kodim-0506-tangerang", name="Perwakilan Kodim 0506/Tangerang"),
        ),
        agenda=(
            Item("Pembukaan oleh Walikota Tangerang Selatan", 15, "walikota-tangsel"),
            Item("Strategi pengamanan Pemilu serentak 2024", 20, "kapolres-tangsel"),
            Item("Penekanan tim Komisi II DPR RI", 30, "ketua-tim-komisi-ii"),
            Item("Tanggapan KPU, Bawaslu dan Kemendagri", 45),
        ),
        decisions=(
            Decide(
                "Personel Polri diplot per TPS rawan dan sangat rawan, dengan satu peleton "
                "cadangan di tiap Polsek rayon.",
                item=2,
                follow_ups=(
                    Follow(
                        "Menyiagakan satu peleton cadangan per Polsek rayon.",
                        "polres-tangerang-selatan",
                        D(2024, 2, 12),
                        official="kapolres-tangsel",
                    ),
                ),
            ),
            Decide(
                "ASN menjaga netralitas selama Pemilu.",
                item=3,
                follow_ups=(
                    Follow(
                        "Menerbitkan edaran netralitas ASN.",
                        "pemkot-tangerang-selatan",
                        D(2024, 1, 31),
                    ),
                ),
            ),
            Decide("Bawaslu tegas menangani pelanggaran pemilu, tanpa tebang pilih.", item=3),
            Decide(
                "KPU memastikan dukungan logistik pemilu dan mengantisipasi banjir "
                "pada musim hujan.",
                item=3,
                follow_ups=(
                    Follow(
                        "Memetakan TPS di daerah rawan banjir dan rencana relokasinya.",
                        "kpu-kota-tangerang-selatan",
                        D(2024, 2, 9),
                        official="ketua-kpu-tangsel",
                    ),
                ),
            ),
        ),
    ),
    # Upcoming demo meetings (fictional, fixed in 2027 so they stay upcoming and the data
    # does not depend on the day it is loaded). They exercise sharing:
    # shared with KPU Pasaman Barat but not Bawaslu...
    MeetingSpec(
        host="polres-pasaman-barat",
        title="Koordinasi pemutakhiran data lokasi TPS bersama KPU Pasaman Barat",
        start=(2027, 3, 11, 9, 0),
        venue="Aula Bhayangkara Polres Pasaman Barat",
        hours=2,
        chair="kapolres-pasbar",
        status=Meeting.Status.SCHEDULED,
        description="Penyelarasan data lokasi TPS KPU dengan pemetaan Polri.",
        invitations=(Invite("kpu-pasaman-barat", R.PENDING, None),),
        agenda=(
            Item("Pembukaan", 10, "kapolres-pasbar"),
            Item("Paparan data lokasi TPS", 40, presenter_name="KPU Kabupaten Pasaman Barat"),
            Item(
                "Penyelarasan dengan pemetaan Polri",
                40,
                presenter_name="Kabag Ops Polres Pasaman Barat",
            ),
        ),
    ),
    # ...one internal to Polri...
    MeetingSpec(
        host="polres-pasaman-barat",
        title="Anev internal kesiapan personel pengamanan TPS",
        start=(2027, 3, 18, 8, 0),
        venue="Ruang Rapat Kapolres Pasaman Barat",
        kind=Meeting.Kind.OTHER,
        hours=2,
        chair="kapolres-pasbar",
        visibility=Meeting.Visibility.INTERNAL,
        status=Meeting.Status.SCHEDULED,
        description=(
            "Analisis dan evaluasi kekuatan personel per Polsek terhadap kebutuhan pengamanan TPS."
        ),
        agenda=(
            Item(
                "Kekuatan personel per Polsek", 30, presenter_name="Kabag Ops Polres Pasaman Barat"
            ),
            Item(
                "Perkiraan kerawanan",
                30,
                presenter_name="KBO Sat Intelkam Polres Pasaman Barat",
                internal=True,
            ),
        ),
    ),
    # ...and one at Polda level shared with both, so each demo liaison has one upcoming.
    MeetingSpec(
        host="polda-sumbar",
        title="Rakor lintas sektoral evaluasi pengamanan pemilihan di Sumatera Barat",
        start=(2027, 4, 8, 9, 0),
        venue="Aula Mapolda Sumbar, Padang",
        chair=None,
        status=Meeting.Status.SCHEDULED,
        description="Evaluasi pengamanan dan rencana koordinasi dengan penyelenggara pemilu.",
        invitations=(
            Invite("kpu-pasaman-barat", R.PENDING, None),
            Invite("bawaslu-pasaman-barat", R.PENDING, None),
            Invite("kodim-0305-pasaman", R.PENDING, None),
        ),
        agenda=(Item("Evaluasi pengamanan", 60), Item("Rencana koordinasi", 60)),
        decisions=(),
    ),
]


# Synthetic mix for the demo; 81 rawan is the figure Polres Pasaman Barat gave (radarsumbar,
# November 2024). The rest: a handful of sangat rawan and khusus, all others kurang rawan.
TPS_RAWAN = 81
TPS_SANGAT_RAWAN = 6
TPS_KHUSUS = (
    PollingStation.SpecialLocation.PERKEBUNAN,
    PollingStation.SpecialLocation.PERKEBUNAN,
    PollingStation.SpecialLocation.PERKEBUNAN,
    PollingStation.SpecialLocation.PERKEBUNAN,
    PollingStation.SpecialLocation.RUTAN,
)
# Places Polres Pasaman Barat named as needing attention (far, poor signal): Tombang
# (Talamau), Rura Patontang (Koto Balingka), Katiagan Mandiangin (Kinali), Pulau Panjang
# (Sungai Beremas). Their kecamatan get the sangat rawan TPS.
REMOTE_KECAMATAN = ("13.12.04", "13.12.08", "13.12.05", "13.12.01")
# Plantations (perkebunan sawit) lie in these kecamatan.
PLANTATION_KECAMATAN = ("13.12.05", "13.12.10", "13.12.09", "13.12.02")


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    agency: str


Role = Membership.Role

DEMO_USERS = [
    DemoUser("operator.pasbar", "Rahmat", "Hidayat", Role.OPERATOR, "polres-pasaman-barat"),
    DemoUser("pimpinan.sumbar", "Hendra", "Gunawan", Role.COMMANDER, "polda-sumbar"),
    DemoUser("kpu.pasbar", "Nurul", "Aini", Role.LIAISON, "kpu-pasaman-barat"),
    DemoUser("bawaslu.pasbar", "Fadli", "Syahputra", Role.LIAISON, "bawaslu-pasaman-barat"),
    DemoUser("admin", "Siti", "Rahmawati", Role.ADMIN, "mabes-polri"),
]
