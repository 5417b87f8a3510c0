import json

import pytest

from agencies import geo


def test_it_ships_a_centroid_for_every_kecamatan_of_pasaman_barat():
    centroids = {
        code: (lat, lng) for code, lat, lng in geo.read_centroids() if code.startswith("13.12")
    }

    kecamatan = [code for code in centroids if code.count(".") == 2]
    assert len(kecamatan) == 11
    lat, lng = centroids["13.12"]
    assert 0 < lat < 0.6 and 99.5 < lng < 100.2


def test_it_draws_only_the_kecamatan_of_the_area_asked_for():
    boundaries = geo.boundaries(level=geo.KECAMATAN, prefixes=["13.12"])

    collection = json.loads(boundaries.body)
    assert len(collection["features"]) == 11
    assert {f["properties"]["kode"][:5] for f in collection["features"]} == {"13.12"}


def test_it_draws_the_kecamatan_that_holds_a_chosen_village():
    boundaries = geo.boundaries(level=geo.KECAMATAN, prefixes=["13.12.01.2001"])

    assert boundaries.codes == ("13.12.01",)


def test_it_draws_every_kabupaten_for_the_national_view():
    boundaries = geo.boundaries(level=geo.KABUPATEN, prefixes=None)

    assert len(json.loads(boundaries.body)["features"]) == 514


def test_its_etag_is_stable_for_an_area_and_differs_between_areas():
    first = geo.boundaries(level=geo.KECAMATAN, prefixes=["13.12"])
    again = geo.boundaries(level=geo.KECAMATAN, prefixes=["13.12"])
    other = geo.boundaries(level=geo.KECAMATAN, prefixes=["13.06"])

    assert first.etag == again.etag
    assert first.etag != other.etag


def test_it_refuses_an_unknown_level():
    with pytest.raises(ValueError):
        geo.boundaries(level="desa", prefixes=["13.12"])
