"""Indicator and variable names are data with their own English translation."""

import pytest
from django.utils import translation

from polling_stations.models import IncidentType, RiskIndicator, RiskVariable
from polling_stations.services.risk import import_indicators
from tests.factories import ElectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator_set():
    return import_indicators(election=ElectionFactory())


def test_it_ships_an_english_name_for_every_indicator_and_variable(indicator_set):
    assert not RiskIndicator.objects.filter(indicator_set=indicator_set, text_en="").exists()
    assert not RiskVariable.objects.filter(indicator_set=indicator_set, name_en="").exists()


def test_it_shows_the_english_indicator_when_the_page_is_in_english(indicator_set):
    indicator = RiskIndicator.objects.get(indicator_set=indicator_set, number=4)

    with translation.override("en"):
        assert indicator.label == "Internet network problems at the TPS location"
        assert indicator.variable.label == "Power and internet"


def test_it_keeps_bahasa_indonesia_by_default(indicator_set):
    indicator = RiskIndicator.objects.get(indicator_set=indicator_set, number=4)

    with translation.override("id"):
        assert indicator.label == "Terdapat kendala jaringan internet di lokasi TPS"
        assert str(indicator.variable) == "Jaringan listrik dan internet"


def test_it_falls_back_to_bahasa_indonesia_without_a_translation(indicator_set):
    indicator = RiskIndicator.objects.get(indicator_set=indicator_set, number=4)
    indicator.text_en = ""

    with translation.override("en"):
        assert indicator.label == "Terdapat kendala jaringan internet di lokasi TPS"


def test_it_ships_english_incident_type_names():
    money = IncidentType.objects.get(code="politik-uang")

    with translation.override("en"):
        assert money.label == "Vote buying"
    with translation.override("id"):
        assert money.label == "Politik uang"
