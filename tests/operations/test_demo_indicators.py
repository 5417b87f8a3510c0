"""The demo's risk indicators: Bawaslu's list for each election, categories stable."""

from operations.demo.data.elections import ELECTIONS
from operations.models import Election
from polling_stations import services
from polling_stations.models import PollingStation, RiskIndicator


def test_the_demo_brings_the_bawaslu_indicators_for_each_election(demo):
    indicators = {
        election.slug: RiskIndicator.objects.filter(indicator_set__election=election).count()
        for election in Election.objects.all()
    }

    assert indicators == dict.fromkeys(ELECTIONS, 22)


def test_recomputing_the_demo_categories_keeps_them(demo):
    operation = PollingStation.objects.first().election.operations.first()
    before = dict(PollingStation.objects.values_list("pk", "category"))

    services.recompute_categories(operation=operation)

    assert dict(PollingStation.objects.values_list("pk", "category")) == before
