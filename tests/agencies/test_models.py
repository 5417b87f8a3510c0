import pytest

from agencies.models import Agency
from tests.factories import AgencyFactory, region_chain

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("province_code", "label", "tz_name"),
    [
        ("63", "WITA", "Asia/Makassar"),
        ("36", "WIB", "Asia/Jakarta"),
        ("91", "WIT", "Asia/Jayapura"),
    ],
    ids=["kalsel", "banten", "papua"],
)
def test_its_zone_follows_the_province_of_its_seat(province_code, label, tz_name):
    agency = AgencyFactory(kind=Agency.Kind.POLDA, seat=region_chain(province_code))

    assert agency.zone.label == label
    assert agency.time_zone == tz_name


def test_a_unit_without_a_seat_takes_its_parents_zone():
    polda = AgencyFactory(kind=Agency.Kind.POLDA, seat=region_chain("63"))
    polres = AgencyFactory(parent=polda)

    assert polres.zone.label == "WITA"


def test_its_path_lists_its_ancestors():
    polda = AgencyFactory(kind=Agency.Kind.POLDA)
    polres = AgencyFactory(parent=polda)
    polsek = AgencyFactory(kind=Agency.Kind.POLSEK, parent=polres)

    assert polsek.path == f"/{polda.pk}/{polres.pk}/{polsek.pk}/"
    assert set(Agency.objects.subtree_of(polda)) == {polda, polres, polsek}


def test_moving_a_unit_moves_its_subtree():
    old_polda, new_polda = AgencyFactory(kind="polda"), AgencyFactory(kind="polda")
    polres = AgencyFactory(parent=old_polda)
    polsek = AgencyFactory(kind=Agency.Kind.POLSEK, parent=polres)

    polres.parent = new_polda
    polres.save()

    polsek.refresh_from_db()
    assert polsek.path.startswith(new_polda.path)
