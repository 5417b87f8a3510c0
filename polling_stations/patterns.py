"""Published security patterns ("pola pengamanan TPS"), police : TPS : Linmas per group.

Sources (see docs/domain.md): the 2019 national pattern (kumparan, independensi.com)
and Polda Sulut's 2024 one (jurnalkhatulistiwa). Neither names a ratio for TPS khusus;
we use one TPS per group with the minimum pair of officers (2 : 1 : 4 nationally,
2 : 1 : 2 in Sulut, equal to its sangat rawan), because a special site is either a
closed, already guarded site (lapas, rutan, panti) or a remote one (plantation, mine,
relocation camp) that a group cannot share with another TPS. Sulut's kurang rawan
ratio is published as a range, 2 : 16-20 : 20-40; the upper bound is used, as the brief
for the issue asks.
"""

KURANG_RAWAN, RAWAN, SANGAT_RAWAN, KHUSUS = "kurang_rawan", "rawan", "sangat_rawan", "khusus"

PRESETS: dict[str, dict] = {
    "nasional-2019": {
        "source": "Pola pengamanan TPS nasional Pemilu 2019",
        "patterns": {
            KURANG_RAWAN: (2, 4, 6),
            RAWAN: (4, 2, 8),
            SANGAT_RAWAN: (6, 2, 8),
            KHUSUS: (2, 1, 4),
        },
    },
    "polda-sulut-2024": {
        "source": "Pola pengamanan TPS Polda Sulut 2024",
        "patterns": {
            KURANG_RAWAN: (2, 20, 40),
            RAWAN: (2, 2, 4),
            SANGAT_RAWAN: (2, 1, 2),
            KHUSUS: (2, 1, 2),
        },
    },
}

NATIONAL_DEFAULT = "nasional-2019"
