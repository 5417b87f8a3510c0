"""``load_demo``: every demo loader, in order, in one transaction."""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from agencies.models import Region
from polling_stations.services import import_indicators

from .common import MISSING_REGIONS_MESSAGE, DemoDataError
from .data.agencies import PARTNER_AGENCIES, POLICE_AGENCIES, SUMBAR_SATKER
from .data.meetings import MEETINGS
from .data.users import DEMO_USERS
from .elections import load_elections, load_operations
from .letters import load_letter_registers, load_plotting, load_roster
from .meetings import load_meeting
from .tps import load_polling_stations, load_unit_strengths
from .units import load_agencies, load_officials, sumbar_unit_specs
from .users import load_users

REQUIRED_REGIONS = ("13", "13.12", "13.12.01.2001", "36.74", "63.71", "91.71")


@dataclass(frozen=True)
class DemoSummary:
    agencies: int
    officials: int
    meetings: int
    polling_stations: int
    users: tuple[str, ...]


def refresh_planner_statistics() -> None:
    """ANALYZE on PostgreSQL. Tables that autovacuum last saw empty are planned as holding one
    row, and the rows this transaction has just written are invisible to autovacuum: the
    plotting step's joins then ran as nested loops over every official (minutes, not
    milliseconds). ANALYZE inside the transaction counts its own new rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def load_demo(*, with_users: bool = True) -> DemoSummary:
    """Create or update all demo data; running it again changes nothing."""
    missing = [code for code in REQUIRED_REGIONS if not Region.objects.filter(code=code).exists()]
    if missing:
        raise DemoDataError(MISSING_REGIONS_MESSAGE % {"code": missing[0]})
    if with_users and settings.PRODUCTION:
        raise DemoDataError(
            _("Pengguna demo tidak dibuat di lingkungan produksi (DJANGO_ENV=production).")
        )
    with transaction.atomic():
        elections = load_elections()
        police = [spec for spec in POLICE_AGENCIES if spec.slug != "polda-sumbar"]
        specs = police[:1] + sumbar_unit_specs() + police[1:] + SUMBAR_SATKER + PARTNER_AGENCIES
        agencies = load_agencies(specs)
        operations = load_operations(agencies=agencies, elections=elections)
        officials = load_officials(agencies)
        for spec in MEETINGS:
            load_meeting(spec, agencies=agencies, officials=officials, operations=operations)
        stations = load_polling_stations(election=elections["pilkada-2024"], agencies=agencies)
        singgalang = operations["mantap-praja-singgalang-2024"]
        load_unit_strengths(operation=singgalang, agencies=agencies)
        load_roster(agencies=agencies)
        refresh_planner_statistics()
        load_letter_registers(agencies=agencies, officials=officials)
        load_plotting(operation=singgalang, agencies=agencies)
        # Bawaslu's indicator list per election, so TPS risk can be recorded (idempotent).
        for election in elections.values():
            import_indicators(election=election)
        if with_users:
            load_users(agencies)
    return DemoSummary(
        agencies=len(agencies),
        officials=len(officials),
        meetings=len(MEETINGS),
        polling_stations=stations,
        users=tuple(user.username for user in DEMO_USERS) if with_users else (),
    )
