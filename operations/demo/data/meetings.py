"""Demo data: the five seed meetings as the reports tell them, and upcoming ones."""

import datetime
from dataclasses import dataclass, field

from meetings.models import ActionItem, Invitation, Meeting

from .elections import D

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
