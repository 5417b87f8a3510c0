import io

import pytest
from django.core.management import CommandError, call_command

from polling_stations.models import RiskIndicator, SecurityPattern
from tests.factories import AgencyFactory, ElectionFactory, OperationFactory

pytestmark = pytest.mark.django_db


def test_import_indicators_twice_loads_the_22_indicators_once():
    election = ElectionFactory()
    out = io.StringIO()

    call_command("import_indicators", "--election", election.slug, stdout=out)
    call_command("import_indicators", "--election", election.slug, stdout=out)

    assert RiskIndicator.objects.filter(indicator_set__election=election).count() == 22
    assert "7 variabel, 22 indikator" in out.getvalue()


def test_import_indicators_names_an_unknown_election():
    with pytest.raises(CommandError, match="Pemilihan 'tidak-ada' tidak ditemukan"):
        call_command("import_indicators", "--election", "tidak-ada")


def test_seed_patterns_sets_the_polda_sulut_pattern_for_its_polda():
    sulut = AgencyFactory(kind="polda", short_name="Polda Sulut", slug="polda-sulut")
    operation = OperationFactory(commanding_unit=sulut, slug="mantap-brata-sulut")

    call_command(
        "seed_patterns",
        "--operation",
        operation.slug,
        "--unit",
        sulut.slug,
        "--preset",
        "polda-sulut-2024",
        stdout=io.StringIO(),
    )

    ratios = {
        p.category: p.ratio for p in SecurityPattern.objects.filter(operation=operation, unit=sulut)
    }
    assert ratios == {
        "kurang_rawan": "2 : 20 : 40",
        "rawan": "2 : 2 : 4",
        "sangat_rawan": "2 : 1 : 2",
        "khusus": "2 : 1 : 2",
    }
