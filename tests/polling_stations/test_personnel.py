import math

import pytest

from agencies.models import Agency
from polling_stations import selectors, services
from polling_stations.models import PersonnelPolicy, PollingStation, SecurityPattern
from tests.factories import AgencyFactory, OperationFactory, region_chain
from tests.worlds import build_world, stations_in

pytestmark = pytest.mark.django_db

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"

# Pilkada 2024 in Kabupaten Pasaman Barat: 893 TPS over the 7 Polsek of Polres Pasaman
# Barat. The split per Polsek and category is invented for the test; the totals are real.
PASAMAN_BARAT = {
    "POLSEK KINALI": {KR: 150, R: 6, SR: 2, KH: 2},  # 160
    "POLSEK PASAMAN": {KR: 160, R: 8, SR: 2, KH: 0},  # 170
    "POLSEK GUNUNG TULEH": {KR: 85, R: 4, SR: 1, KH: 0},  # 90
    "POLSEK RANAH BATAHAN": {KR: 97, R: 3, SR: 0, KH: 0},  # 100
    "POLSEK LEMBAH MELINTANG": {KR: 141, R: 5, SR: 2, KH: 2},  # 150
    "POLSEK SUNGAI BERMAS": {KR: 77, R: 3, SR: 0, KH: 0},  # 80
    "POLSEK TALAMAU": {KR: 139, R: 3, SR: 1, KH: 0},  # 143
}


@pytest.fixture
def pasaman_barat():
    world = build_world(operation=True)
    election, operation, polres = world.election, world.operation, world.polres
    polseks = {}
    for index, (name, counts) in enumerate(PASAMAN_BARAT.items(), start=1):
        polsek = AgencyFactory(kind=Agency.Kind.POLSEK, parent=polres, short_name=name)
        polsek.regions.add(region_chain(f"13.12.{index:02d}"))
        stations_in(
            election=election, polsek=polsek, village_code=f"13.12.{index:02d}.2001", counts=counts
        )
        polseks[name] = polsek
    return operation, polres, polseks


def test_pasaman_barat_needs_the_police_worked_out_by_hand(pasaman_barat):
    operation, polres, _polseks = pasaman_barat
    assert PollingStation.objects.count() == 893

    requirement = selectors.personnel_requirement(operation=operation, unit=polres)

    # National 2019 pattern (police : TPS : Linmas): kurang rawan 2:4:6, rawan 4:2:8,
    # sangat rawan 6:2:8, khusus 2:1:4. Groups never span two Polsek, so per Polsek:
    #   Kinali      KR ceil(150/4)=38 RA ceil(6/2)=3 SR ceil(2/2)=1 KH 2/1=2
    #               police 38*2 + 3*4 + 1*6 + 2*2 = 76+12+6+4 = 98
    #   Pasaman     KR ceil(160/4)=40 RA 4 SR 1 -> 80+16+6     = 102
    #   G. Tuleh    KR ceil(85/4)=22  RA 2 SR ceil(1/2)=1 -> 44+8+6 = 58
    #   R. Batahan  KR ceil(97/4)=25  RA ceil(3/2)=2 -> 50+8   = 58
    #   L. Melintang KR ceil(141/4)=36 RA ceil(5/2)=3 SR 1 KH 2 -> 72+12+6+4 = 94
    #   S. Bermas   KR ceil(77/4)=20  RA 2 -> 40+8             = 48
    #   Talamau     KR ceil(139/4)=35 RA 2 SR 1 -> 70+8+6      = 84
    #   police at the TPS: 98+102+58+58+94+48+84 = 542
    by_name = {child.name: child for child in requirement.children}
    assert by_name["POLSEK KINALI"].police == 98
    assert by_name["POLSEK PASAMAN"].police == 102
    assert by_name["POLSEK GUNUNG TULEH"].police == 58
    assert by_name["POLSEK RANAH BATAHAN"].police == 58
    assert by_name["POLSEK LEMBAH MELINTANG"].police == 94
    assert by_name["POLSEK SUNGAI BERMAS"].police == 48
    assert by_name["POLSEK TALAMAU"].police == 84
    assert requirement.totals.police == 542
    # Per category, summed over the Polsek: KR groups 38+40+22+25+36+20+35 = 216 -> 432
    # police (not ceil(849/4)=213 at Polres level); RA 3+4+2+2+3+2+2 = 18 -> 72;
    # SR 1+1+1+0+1+0+1 = 5 -> 30; KH 2+2 = 4 -> 8.  432+72+30+8 = 542.
    needs = {need.category: need for need in requirement.categories}
    assert (needs[KR].tps, needs[KR].groups, needs[KR].police) == (849, 216, 432)
    assert (needs[R].tps, needs[R].groups, needs[R].police) == (32, 18, 72)
    assert (needs[SR].tps, needs[SR].groups, needs[SR].police) == (8, 5, 30)
    assert (needs[KH].tps, needs[KH].groups, needs[KH].police) == (4, 4, 8)


def test_pasaman_barat_linmas_reserves_and_shortfall(pasaman_barat):
    operation, polres, _polseks = pasaman_barat
    services.set_unit_strength(operation=operation, unit=polres, personnel=700)

    requirement = selectors.personnel_requirement(operation=operation, unit=polres)

    # Linmas per Polsek (KR*6, RA*8, SR*8, KH*4 per group):
    #   Kinali 38*6+3*8+1*8+2*4 = 228+24+8+8 = 268; Pasaman 240+32+8 = 280;
    #   G. Tuleh 132+16+8 = 156; R. Batahan 150+16 = 166; L. Melintang 216+24+8+8 = 256;
    #   S. Bermas 120+16 = 136; Talamau 210+16+8 = 234.  Sum = 1,496.
    assert requirement.totals.linmas == 268 + 280 + 156 + 166 + 256 + 136 + 234 == 1496
    # One backup platoon of 30 per Polsek rayon: 7 * 30 = 210.
    assert requirement.totals.reserve_platoons == 7
    assert requirement.totals.reserve_personnel == 210
    # Needed 542 + 210 = 752 against a strength of 700: short by 52.
    assert requirement.totals.police_total == 752
    assert requirement.totals.balance == 700 - 752 == -52


def test_a_polres_pattern_beats_the_polda_and_the_operation_default():
    world = build_world(polsek=1, operation=True)
    election = world.election
    operation = world.operation
    polda = world.polda
    polres = world.polres
    (polsek,) = world.polsek
    stations_in(election=election, polsek=polsek, village_code="13.12.01.2001", counts={KR: 40})
    services.set_security_pattern(
        operation=operation,
        unit=None,
        category=KR,
        police_per_group=2,
        tps_per_group=10,
        linmas_per_group=0,
    )
    services.set_security_pattern(
        operation=operation,
        unit=polda,
        category=KR,
        police_per_group=2,
        tps_per_group=20,
        linmas_per_group=0,
    )
    assert selectors.personnel_requirement(operation=operation, unit=polres).totals.police == 4

    services.set_security_pattern(
        operation=operation,
        unit=polres,
        category=KR,
        police_per_group=4,
        tps_per_group=8,
        linmas_per_group=0,
    )

    # ceil(40 / 8) = 5 groups of 4 police.
    assert selectors.personnel_requirement(operation=operation, unit=polres).totals.police == 20


def test_without_a_pattern_of_its_own_the_operation_uses_the_national_2019_one():
    operation = OperationFactory()

    patterns = selectors.effective_patterns(operation=operation, unit=None)

    assert {c: p.ratio for c, p in patterns.items()} == {
        KR: "2 : 4 : 6",
        R: "4 : 2 : 8",
        SR: "6 : 2 : 8",
        KH: "2 : 1 : 4",
    }


def test_the_polda_sulut_preset_applies_to_its_polda_only():
    sulut = AgencyFactory(kind=Agency.Kind.POLDA, short_name="Polda Sulut")
    operation = OperationFactory(commanding_unit=sulut)
    services.apply_pattern_preset(operation=operation, unit=sulut, preset="polda-sulut-2024")

    assert selectors.effective_patterns(operation=operation, unit=sulut)[KR].ratio == "2 : 20 : 40"
    assert selectors.effective_patterns(operation=operation, unit=sulut)[SR].ratio == "2 : 1 : 2"
    assert selectors.effective_patterns(operation=operation, unit=None)[KR].ratio == "2 : 4 : 6"


def test_a_pattern_with_a_lone_officer_is_refused():
    operation = OperationFactory()

    with pytest.raises(Exception, match="2"):
        services.set_security_pattern(
            operation=operation,
            unit=None,
            category=KR,
            police_per_group=1,
            tps_per_group=4,
            linmas_per_group=6,
        )
    assert not SecurityPattern.objects.filter(operation=operation).exists()


def test_a_polres_strength_is_the_sum_of_its_polsek_when_it_has_no_figure_of_its_own():
    world = build_world(polsek=2, operation=True)
    operation = world.operation
    polda = world.polda
    polseks = world.polsek
    services.set_unit_strength(operation=operation, unit=polseks[0], personnel=40)
    services.set_unit_strength(operation=operation, unit=polseks[1], personnel=35)

    requirement = selectors.personnel_requirement(operation=operation, unit=polda)

    (pasaman_barat,) = [c for c in requirement.children if c.unit == world.polres]
    assert requirement.totals.strength == 75
    assert pasaman_barat.strength == 75


def test_the_reserve_platoon_size_is_configurable():
    world = build_world(polsek=3, operation=True)
    operation = world.operation
    polres = world.polres
    for index, polsek in enumerate(world.polsek, start=1):
        stations_in(
            election=world.election,
            polsek=polsek,
            village_code=f"13.12.0{index}.2001",
            counts={"kurang_rawan": 1},
        )
    services.set_personnel_policy(
        operation=operation, reserve_platoons_per_polsek=1, reserve_platoon_size=25
    )

    requirement = selectors.personnel_requirement(operation=operation, unit=polres)

    assert requirement.totals.reserve_personnel == 3 * 25


def test_a_polsek_with_no_tps_to_back_needs_no_backup_platoon():
    world = build_world(polsek=3, operation=True)
    with_tps = world.polsek[0]
    stations_in(
        election=world.election,
        polsek=with_tps,
        village_code="13.12.01.2001",
        counts={"kurang_rawan": 2},
    )

    requirement = selectors.personnel_requirement(operation=world.operation, unit=world.polres)

    assert requirement.totals.reserve_platoons == 1
    assert requirement.totals.reserve_personnel == 30


def test_a_unit_with_no_tps_needs_no_backup_platoons_at_all():
    world = build_world(polsek=3, operation=True)

    requirement = selectors.personnel_requirement(operation=world.operation, unit=world.polda)

    assert requirement.totals.reserve_personnel == 0
    assert requirement.totals.police_total == 0


def test_an_operation_may_keep_a_platoon_for_every_polsek_rayon():
    world = build_world(polsek=3, operation=True)
    services.set_personnel_policy(
        operation=world.operation,
        reserve_platoons_per_polsek=1,
        reserve_platoon_size=30,
        reserve_basis=PersonnelPolicy.ReserveBasis.EVERY,
    )

    requirement = selectors.personnel_requirement(operation=world.operation, unit=world.polres)

    assert requirement.totals.reserve_personnel == 3 * 30


def test_counts_by_category_per_kecamatan_and_per_polsek():
    world = build_world(polsek=2, operation=True)
    election = world.election
    polda = world.polda
    polres = world.polres
    first, second = world.polsek
    stations_in(election=election, polsek=first, village_code="13.12.01.2001", counts={KR: 3, R: 1})
    stations_in(election=election, polsek=second, village_code="13.12.02.2001", counts={SR: 2})

    by_kecamatan = selectors.tps_counts_by_category(election=election, unit=polres)
    by_polsek = selectors.tps_counts_by_category(election=election, unit=polda, group_by="polsek")
    by_polres = selectors.tps_counts_by_category(election=election, unit=polda, group_by="polres")

    assert [(r.key, r.ordered) for r in by_kecamatan.rows] == [
        ("13.12.01", [3, 1, 0, 0]),
        ("13.12.02", [0, 0, 2, 0]),
    ]
    assert [(r.name, r.total) for r in by_polsek.rows] == [("Polsek Uji 1", 4), ("Polsek Uji 2", 2)]
    assert [(r.name, r.total) for r in by_polres.rows] == [("Polres Pasaman Barat", 6)]
    assert by_polres.totals.ordered == [3, 1, 2, 0]


def test_groups_needed_rounds_up():
    assert services.groups_needed(893, 4) == math.ceil(893 / 4) == 224


def test_a_polsek_page_has_its_totals_and_one_reserve_platoon(pasaman_barat):
    operation, _polres, polseks = pasaman_barat

    requirement = selectors.personnel_requirement(
        operation=operation, unit=polseks["POLSEK KINALI"]
    )

    assert requirement.children == []
    # Kinali, worked out above: 98 police at the TPS + one platoon of 30.
    assert (requirement.totals.police, requirement.totals.police_total) == (98, 128)
