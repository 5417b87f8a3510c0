"""Factories and small builders for the risk, pattern and personnel tests."""

import datetime

import factory

from agencies.models import Agency
from polling_stations.models import (
    IndicatorReport,
    IndicatorSet,
    PollingStation,
    RiskIndicator,
    RiskVariable,
)
from tests.factories import AgencyFactory, ElectionFactory, region_chain


class IndicatorSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorSet

    election = factory.SubFactory(ElectionFactory)
    name = "Indikator uji"
    version = factory.Sequence(lambda n: n + 1)
    effective_on = datetime.date(2024, 2, 11)
    is_active = False


class RiskVariableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskVariable

    indicator_set = factory.SubFactory(IndicatorSetFactory)
    code = factory.Sequence(lambda n: f"variabel-{n}")
    name = factory.Sequence(lambda n: f"Variabel {n}")


class RiskIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskIndicator

    variable = factory.SubFactory(RiskVariableFactory)
    indicator_set = factory.LazyAttribute(lambda o: o.variable.indicator_set)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Indikator {n}")
    is_security = False


class IndicatorReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorReport

    reported_on = datetime.date(2024, 11, 1)


def police_tree(polsek_count: int = 2, regency: str = "13.12"):
    """Polda > Polres (holding ``regency``) > Polsek n (each holding kecamatan 0n)."""
    province = region_chain(regency.split(".")[0])
    polda = AgencyFactory(kind=Agency.Kind.POLDA, short_name="Polda Uji", seat=province)
    polres = AgencyFactory(kind=Agency.Kind.POLRES, parent=polda, short_name="Polres Uji")
    polres.regions.add(region_chain(regency))
    polseks = []
    for index in range(1, polsek_count + 1):
        polsek = AgencyFactory(kind=Agency.Kind.POLSEK, parent=polres, short_name=f"Polsek {index}")
        polsek.regions.add(region_chain(f"{regency}.{index:02d}"))
        polseks.append(polsek)
    return polda, polres, polseks


def make_stations(*, election, polsek, village_code: str, counts: dict[str, int]):
    """Bulk-creates TPS in one village with the given number per category."""
    village = region_chain(village_code)
    start = PollingStation.objects.filter(election=election, village=village).count() + 1
    stations = []
    for category, n in counts.items():
        for _ in range(n):
            special = category == PollingStation.Category.KHUSUS
            stations.append(
                PollingStation(
                    election=election,
                    village=village,
                    number=start + len(stations),
                    category=category,
                    kind="khusus" if special else "reguler",
                    special_location="lapas" if special else "",
                    polsek=polsek,
                )
            )
    return PollingStation.objects.bulk_create(stations)
