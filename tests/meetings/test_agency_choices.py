"""The filters' agency search: what each list lets a user pick, searched on the server."""

import pytest
from django.urls import reverse

from agencies.models import Agency, Region
from tests.factories import AgencyFactory, region_chain

pytestmark = pytest.mark.django_db


def _search(client, choices, q=""):
    response = client.get(reverse("meetings:agency_choices", args=[choices]), {"q": q})
    if response.status_code != 200:
        return response, []
    return response, [row["text"] for row in response.json()["results"]]


def test_it_finds_the_meeting_list_hosts_within_the_users_units(client, world):
    client.force_login(world.operator)

    _response, found = _search(client, "penyelenggara", "polres")

    assert found == ["Polres Pasaman Barat"]


def test_it_finds_every_unit_below_a_commanders_polda(client, world):
    client.force_login(world.commander)

    _response, found = _search(client, "penyelenggara", "polres")

    assert set(found) == {"Polres Pasaman Barat", "Polres Agam"}


def test_it_offers_a_liaison_no_police_unit_to_filter_the_police_list_by(client, world):
    client.force_login(world.kpu_liaison)

    response, found = _search(client, "penyelenggara", "")

    assert response.status_code == 200
    assert found == []


def test_it_matches_every_word_in_short_or_full_names(client, world):
    client.force_login(world.operator)

    _response, found = _search(client, "diundang", "kpu pasaman")

    assert found == ["KPU Pasaman Barat"]


def test_it_offers_only_agencies_owning_follow_ups_the_user_sees(client, world, meeting):
    client.force_login(world.kpu_liaison)

    _response, found = _search(client, "penanggung-jawab", "")

    assert found == ["KPU Pasaman Barat"]


def test_it_answers_404_for_a_list_that_does_not_exist(client, world):
    client.force_login(world.operator)

    response, _found = _search(client, "semua-rahasia", "")

    assert response.status_code == 404


@pytest.mark.parametrize("odd", ["\x00kpu", "k" * 5000, "%", "' OR 1=1 --", "   ", "_"])
def test_it_answers_odd_search_text_with_a_list(client, world, odd):
    client.force_login(world.operator)

    response, found = _search(client, "diundang", odd)

    assert response.status_code == 200
    assert isinstance(found, list)


def test_it_returns_at_most_twenty_agencies(client, world):
    client.force_login(world.operator)

    _response, found = _search(client, "diundang", "")

    assert 0 < len(found) <= 20


def test_the_meeting_list_renders_only_the_chosen_agency_as_an_option(client, world, meeting):
    client.force_login(world.operator)
    kpu = world.partners["KPU Pasaman Barat"]

    content = client.get(reverse("meetings:list"), {"invited": kpu.pk}).content.decode()
    invited = content.split('name="invited"')[1].split("</select>")[0]

    assert f'<option value="{kpu.pk}" selected>KPU Pasaman Barat</option>' in invited
    assert invited.count("<option") == 2  # the empty choice and the chosen one
    assert reverse("meetings:agency_choices", args=["diundang"]) in content
    assert "Bawaslu Pasaman Barat</option>" not in content


def test_the_meeting_list_still_refuses_a_host_outside_the_users_units(client, world, meeting):
    client.force_login(world.other_operator)

    response = client.get(reverse("meetings:list"), {"host": world.polres.pk})

    assert response.status_code == 400


def _search_for_host(client, host, q=""):
    response = client.get(
        reverse("meetings:agency_choices", args=["undangan"]), {"q": q, "penyelenggara": host.pk}
    )
    return [row["text"] for row in response.json()["results"]]


def test_it_offers_the_editor_the_agencies_of_the_hosts_area_first(client, world):
    Agency.objects.filter(pk=world.other_polres.pk).update(seat=region_chain("13.06"))
    AgencyFactory(kind=Agency.Kind.KPU, short_name="KPU Agam", seat_id="13.06")
    Agency.objects.filter(short_name="KPU Pasaman Barat").update(seat_id="13.12")
    client.force_login(world.commander)

    for_agam = _search_for_host(client, world.other_polres)
    for_pasbar = _search_for_host(client, world.polres)

    assert set(for_agam[:2]) == {"Polres Agam", "KPU Agam"}
    assert set(for_pasbar[:2]) == {"Polres Pasaman Barat", "KPU Pasaman Barat"}


def test_it_finds_the_editor_every_agency_of_a_place_by_its_name(client, world):
    Agency.objects.filter(pk=world.other_polres.pk).update(seat=region_chain("13.06"))
    AgencyFactory(kind=Agency.Kind.KPU, short_name="KPU Agam", seat_id="13.06")
    client.force_login(world.operator)

    found = _search_for_host(client, world.polres, Region.objects.get(code="13.06").name)

    assert set(found) == {"Polres Agam", "KPU Agam"}


@pytest.mark.parametrize("host", ["", "x", "99999999999999999999999", "-1"])
def test_it_ranks_the_editors_agencies_without_a_host_it_cannot_read(client, world, host):
    client.force_login(world.operator)

    response = client.get(
        reverse("meetings:agency_choices", args=["undangan"]), {"penyelenggara": host}
    )

    assert response.status_code == 200
    assert 0 < len(response.json()["results"]) <= 20
