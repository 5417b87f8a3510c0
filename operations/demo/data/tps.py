"""Demo data: the TPS risk mix of Pasaman Barat and the kecamatan it depends on."""

from polling_stations.models import PollingStation

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
