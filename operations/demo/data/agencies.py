"""Demo data: police units, partner agencies and the Pasaman Barat Polsek figures."""

from dataclasses import dataclass

from .elections import Kind, Level


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
