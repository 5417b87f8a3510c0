"""Factories of the risk tests: indicator sets, variables, indicators and reports."""

import datetime

import factory

from polling_stations.models import (
    IndicatorReport,
    IndicatorSet,
    RiskIndicator,
    RiskVariable,
)
from tests.factories import ElectionFactory


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
