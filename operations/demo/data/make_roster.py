"""Writes roster_pasaman_barat.csv: an invented personnel roster for the demo.

The people are fictional (names combined from common Minangkabau and Indonesian names,
NRPs built as birth year + month + a serial); only the unit names and the positions a
Polres and its Polsek have are real. Run again to get the same file (seeded).
"""

import csv
import random
from pathlib import Path

GIVEN = [
    "Afrizal",
    "Andri",
    "Arif",
    "Budi",
    "Dedi",
    "Doni",
    "Edi",
    "Eka",
    "Fajri",
    "Febri",
    "Hendra",
    "Ilham",
    "Irwan",
    "Joni",
    "Rahmat",
    "Rizki",
    "Roni",
    "Syafrizal",
    "Yudi",
    "Zulkifli",
    "Agus",
    "Bayu",
    "Dian",
    "Fauzan",
    "Hafiz",
    "Indra",
    "Jefri",
    "Kurniawan",
    "Mardianto",
    "Nofri",
    "Rudi",
    "Sandi",
    "Taufik",
    "Wahyu",
    "Yogi",
    "Zainal",
    "Aldo",
    "Boby",
    "Candra",
    "Deni",
    "Erwin",
    "Fikri",
    "Gilang",
    "Hadi",
    "Iqbal",
    "Junaidi",
    "Lukman",
    "Muhammad",
    "Nanda",
    "Okta",
    "Putra",
    "Rian",
    "Satria",
    "Teguh",
    "Ulil",
]
FAMILY = [
    "Saputra",
    "Hidayat",
    "Pratama",
    "Syahputra",
    "Chaniago",
    "Tanjung",
    "Koto",
    "Piliang",
    "Sikumbang",
    "Jambak",
    "Melayu",
    "Guci",
    "Putra",
    "Efendi",
    "Yusuf",
    "Rahman",
    "Nasution",
    "Lubis",
    "Harahap",
    "Simatupang",
    "Sutan",
    "Malin",
    "Marajo",
    "Batubara",
    "Siregar",
    "Amri",
    "Fadli",
    "Hasibuan",
    "Rangkuti",
    "Daulay",
]
POLRES_STAFF = (
    ("Kompol", "Wakapolres Pasaman Barat"),
    ("Kompol", "Kabag Ops"),
    ("Kompol", "Kabag Ren"),
    ("AKP", "Kabag SDM"),
    ("AKP", "Kasat Samapta"),
    ("AKP", "Kasat Intelkam"),
    ("AKP", "Kasat Reskrim"),
    ("AKP", "Kasat Lantas"),
    ("Iptu", "KBO Sat Intelkam"),
    ("Iptu", "Kasi Humas"),
)
POLSEK = (
    "Polsek Kinali",
    "Polsek Pasaman",
    "Polsek Gunung Tuleh",
    "Polsek Ranah Batahan",
    "Polsek Lembah Melintang",
    "Polsek Sungai Bermas",
    "Polsek Talamau",
)
# Officers named per Polsek: enough for the plotting groups of its TPS (two per group).
POLSEK_OFFICERS = {
    "Polsek Kinali": 70,
    "Polsek Pasaman": 110,
    "Polsek Gunung Tuleh": 40,
    "Polsek Ranah Batahan": 60,
    "Polsek Lembah Melintang": 90,
    "Polsek Sungai Bermas": 40,
    "Polsek Talamau": 40,
}
POLSEK_STAFF = (("AKP", "Kapolsek"), ("Iptu", "Wakapolsek"), ("Ipda", "Kanit Samapta"))
MEMBER_RANKS = (
    ("Aiptu", 1976, 1982),
    ("Aipda", 1980, 1986),
    ("Bripka", 1984, 1990),
    ("Brigpol", 1988, 1994),
    ("Briptu", 1994, 1999),
    ("Bripda", 1998, 2003),
)
OFFICER_YEARS = {"Kompol": (1976, 1982), "AKP": (1980, 1988), "Iptu": (1984, 1992)}
OFFICER_YEARS["Ipda"] = (1986, 1996)


def main() -> None:
    rng = random.Random(1312)
    names: set[str] = set()
    serial = iter(range(1, 10_000))

    def person(rank: str, years: tuple[int, int]) -> tuple[str, str]:
        while True:
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            if name not in names:
                names.add(name)
                break
        nrp = f"{rng.randint(*years) % 100:02d}{rng.randint(1, 12):02d}{next(serial):04d}"
        return name, nrp

    rows = []
    for rank, position in POLRES_STAFF:
        name, nrp = person(rank, OFFICER_YEARS[rank])
        rows.append((nrp, name, rank, position, ""))
    for polsek in POLSEK:
        for rank, position in POLSEK_STAFF:
            name, nrp = person(rank, OFFICER_YEARS[rank])
            rows.append((nrp, name, rank, f"{position} {polsek.removeprefix('Polsek ')}", polsek))
        for index in range(POLSEK_OFFICERS[polsek]):
            rank, low, high = MEMBER_RANKS[index % len(MEMBER_RANKS)]
            name, nrp = person(rank, (low, high))
            position = "Bhabinkamtibmas" if index % 4 == 0 else "Anggota Unit Samapta"
            rows.append((nrp, name, rank, position, polsek))
    path = Path(__file__).with_name("roster_pasaman_barat.csv")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["nrp", "nama", "pangkat", "jabatan", "satuan"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
