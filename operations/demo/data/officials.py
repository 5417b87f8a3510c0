"""Demo data: officials with the names, ranks and positions the seed reports give."""

from dataclasses import dataclass


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
