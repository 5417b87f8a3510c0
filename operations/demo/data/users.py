"""Demo data: one demo user per role."""

from dataclasses import dataclass

from agencies.models import Membership


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
