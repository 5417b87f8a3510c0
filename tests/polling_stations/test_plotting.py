import pytest
from django.core.exceptions import ValidationError

from polling_stations import selectors, services
from polling_stations.models import PlottingAssignment, PlottingGroup
from tests.factories import OfficialFactory
from tests.worlds import build_world, stations_in

pytestmark = pytest.mark.django_db

KR, R = "kurang_rawan", "rawan"


@pytest.fixture
def polsek_with_tps():
    world = build_world(polsek=1, operation=True)
    election = world.election
    operation = world.operation
    (polsek,) = world.polsek
    # 9 kurang rawan in kecamatan 01 (two villages), 2 in kecamatan 02, 3 rawan.
    stations_in(election=election, polsek=polsek, village_code="13.12.01.2001", counts={KR: 5})
    stations_in(election=election, polsek=polsek, village_code="13.12.01.2002", counts={KR: 4})
    stations_in(election=election, polsek=polsek, village_code="13.12.02.2001", counts={KR: 2})
    stations_in(election=election, polsek=polsek, village_code="13.12.01.2003", counts={R: 3})
    return operation, polsek


def test_groups_follow_the_pattern_and_never_mix_kecamatan_or_category(polsek_with_tps):
    operation, polsek = polsek_with_tps

    groups = services.propose_plotting(operation=operation, polsek=polsek)

    # 2019 pattern: kurang rawan 4 TPS per group of 2 police, rawan 2 TPS per 4 police.
    # Kecamatan 01: 9 KR -> 4+4+1; kecamatan 02: 2 KR -> 2; rawan: 3 -> 2+1.
    sizes = [
        (g.category, g.officer_count, g.polling_stations.count())
        for g in PlottingGroup.objects.filter(operation=operation).order_by("number")
    ]
    assert sizes == [(KR, 2, 4), (KR, 2, 4), (KR, 2, 1), (KR, 2, 2), (R, 4, 2), (R, 4, 1)]
    assert len(groups) == 6
    for group in PlottingGroup.objects.all():
        assert len({s.village_id[:8] for s in group.polling_stations.all()}) == 1


def test_proposing_again_replaces_the_groups(polsek_with_tps):
    operation, polsek = polsek_with_tps
    services.propose_plotting(operation=operation, polsek=polsek)

    services.propose_plotting(operation=operation, polsek=polsek)

    assert PlottingGroup.objects.count() == 6
    assert PlottingAssignment.objects.count() == 14


def test_officers_can_be_named_on_a_group(polsek_with_tps):
    operation, polsek = polsek_with_tps
    group = services.propose_plotting(operation=operation, polsek=polsek)[0]
    officers = OfficialFactory.create_batch(2, agency=polsek, rank="BRIPKA")

    services.update_plotting_group(
        group=group, name="Kelompok Nagari Kinali", officer_count=3, officers=officers
    )

    groups = selectors.plotting_for_units(operation=operation, polseks=[polsek])
    (first, *_rest) = groups[polsek.pk]
    assert first.name == "Kelompok Nagari Kinali"
    assert first.officer_count == 3
    assert set(first.officers.all()) == set(officers)


def test_a_group_of_one_officer_is_refused(polsek_with_tps):
    operation, polsek = polsek_with_tps
    group = services.propose_plotting(operation=operation, polsek=polsek)[0]

    with pytest.raises(ValidationError, match="minimal berdua"):
        services.update_plotting_group(group=group, name="", officer_count=1, officers=[])
