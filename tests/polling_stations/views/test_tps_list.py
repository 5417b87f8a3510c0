"""The TPS list page: who sees which TPS and its filters."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from agencies.models import Agency
from polling_stations.changes import stations_changed
from polling_stations.models import PollingStation, RiskIndicator
from tests.factories import AgencyFactory, ElectionFactory
from tests.polling_stations.risk_factories import (
    IndicatorReportFactory,
)
from tests.worlds import stations_in

pytestmark = pytest.mark.django_db

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"


def options(response, name):
    """``(value, label)`` of each option of the filter's select ``name``, as drawn."""
    page = response.content.decode()
    select = page[page.index(f'name="{name}"') :]
    select = select[: select.index("</select>")]
    return [
        (unescape(value), unescape(label))
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    ]


def labels(response):
    return sorted(f"{s.village_id}/{s.number}" for s in response.context["page"].object_list)


def test_it_shows_an_operator_the_tps_of_their_unit_only(client, tps_world):
    client.force_login(tps_world["operator"])

    response = client.get(reverse("polling_stations:list"))

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 6
    assert not any(s.village_id.startswith("14.") for s in response.context["page"].object_list)


def test_it_shows_an_operator_of_another_unit_none_of_them(client, tps_world):
    client.force_login(tps_world["other_operator"])

    response = client.get(reverse("polling_stations:list"))

    assert labels(response) == ["14.01.01.2001/1", "14.01.01.2001/2"]


def test_it_forbids_a_partner_liaison(client, tps_world):
    client.force_login(tps_world["liaison"])

    assert client.get(reverse("polling_stations:list")).status_code == 403


def test_it_filters_by_category(client, tps_world):
    client.force_login(tps_world["operator"])

    response = client.get(reverse("polling_stations:list"), {"category": SR})

    assert [s.category for s in response.context["page"].object_list] == [SR]


def test_it_filters_by_special_tps(client, tps_world):
    client.force_login(tps_world["operator"])

    response = client.get(reverse("polling_stations:list"), {"kind": "khusus"})

    assert [s.special_location for s in response.context["page"].object_list] == ["lapas"]


def test_it_filters_by_region_tree(client, tps_world):
    client.force_login(tps_world["commander"])

    response = client.get(
        reverse("polling_stations:list"),
        {"provinsi": "13", "kabupaten": "13.12", "kecamatan": "13.12.02"},
    )

    assert labels(response) == ["13.12.02.2001/1", "13.12.02.2001/2"]
    desa_choices = [code for code, _ in options(response, "desa")][1:]
    assert "13.12.02.2001" in desa_choices
    assert all(code.startswith("13.12.02.") for code in desa_choices)


def test_it_ignores_a_lower_region_outside_the_chosen_higher_one(client, tps_world):
    client.force_login(tps_world["commander"])

    response = client.get(
        reverse("polling_stations:list"), {"kabupaten": "13.12", "kecamatan": "14.01.01"}
    )

    assert response.context["page"].paginator.count == 6


def test_it_filters_by_polsek(client, tps_world):
    client.force_login(tps_world["operator"])
    second = tps_world["polseks"][1]

    response = client.get(reverse("polling_stations:list"), {"polsek": second.pk})

    assert {s.polsek_id for s in response.context["page"].object_list} == {second.pk}
    assert response.context["page"].paginator.count == 2


def test_it_filters_by_indicator(client, tps_world):
    client.force_login(tps_world["operator"])
    indicator = RiskIndicator.objects.get(number=1)
    IndicatorReportFactory(polling_station=tps_world["inside"][2], indicator=indicator)

    response = client.get(reverse("polling_stations:list"), {"indicator": indicator.pk})

    assert [s.pk for s in response.context["page"].object_list] == [tps_world["inside"][2].pk]


def test_it_runs_a_bounded_number_of_queries(client, tps_world, django_assert_max_num_queries):
    election, first = tps_world["election"], tps_world["polseks"][0]
    stations_in(election=election, polsek=first, village_code="13.12.01.2002", counts={KR: 120})
    client.force_login(tps_world["operator"])
    client.get(reverse("polling_stations:list"))  # the filter's choice lists are now cached

    # Session, transaction, user and memberships; kabupaten of the chosen province (the
    # elections, the unit's area, provinces, Polsek and indicators come from the cache);
    # count, page ids (the rows come drawn from the cache); the audit trail's insert.
    client.get(reverse("polling_stations:list"), {"provinsi": "13"})
    with django_assert_max_num_queries(8):
        response = client.get(reverse("polling_stations:list"), {"provinsi": "13"})

    assert len(response.context["page"].object_list) == 50


def polsek_labels(response):
    return [label for _, label in options(response, "polsek")][1:]


def test_it_offers_a_polsek_created_after_the_choices_were_cached(
    client, tps_world, django_capture_on_commit_callbacks
):
    client.force_login(tps_world["operator"])
    client.get(reverse("polling_stations:list"))
    with django_capture_on_commit_callbacks(execute=True):
        AgencyFactory(kind=Agency.Kind.POLSEK, short_name="Polsek Baru", parent=tps_world["polres"])

    response = client.get(reverse("polling_stations:list"))

    assert "Polsek Baru" in polsek_labels(response)


def test_it_offers_a_renamed_polsek_under_its_new_name(
    client, tps_world, django_capture_on_commit_callbacks
):
    client.force_login(tps_world["operator"])
    client.get(reverse("polling_stations:list"))
    first = tps_world["polseks"][0]
    with django_capture_on_commit_callbacks(execute=True):
        first.short_name = "Polsek Berganti Nama"
        first.save()

    response = client.get(reverse("polling_stations:list"))

    assert "Polsek Berganti Nama" in polsek_labels(response)


def test_it_offers_an_indicator_as_changed_after_the_choices_were_cached(
    client, tps_world, django_capture_on_commit_callbacks
):
    client.force_login(tps_world["operator"])
    client.get(reverse("polling_stations:list"))
    indicator = RiskIndicator.objects.get(number=1)
    with django_capture_on_commit_callbacks(execute=True):
        indicator.text = "Indikator yang diubah"
        indicator.save()

    response = client.get(reverse("polling_stations:list"))

    labels = [label for _, label in options(response, "indicator")]
    assert "1. Indikator yang diubah" in labels


def test_it_offers_another_unit_only_its_own_polsek_from_the_cache(client, tps_world):
    client.force_login(tps_world["operator"])
    client.get(reverse("polling_stations:list"))
    client.force_login(tps_world["other_operator"])

    response = client.get(reverse("polling_stations:list"))

    assert set(polsek_labels(response)).isdisjoint(p.short_name for p in tps_world["polseks"])


def test_it_shows_a_changed_category_on_a_page_whose_rows_it_rendered_before(
    client, tps_world, django_capture_on_commit_callbacks
):
    station = tps_world["inside"][0]
    client.force_login(tps_world["operator"])
    client.get(reverse("polling_stations:list"))  # the rows' fragment is now cached
    with django_capture_on_commit_callbacks(execute=True):
        station.category = SR
        station.category_overridden = True
        station.save()

    html = client.get(reverse("polling_stations:list")).content.decode()

    row = html.split(f'href="{reverse("polling_stations:detail", args=[station.pk])}"')[1]
    row = row.split("</tr>")[0]
    assert "badge-sangat_rawan" in row and "bi-pencil-square" in row


def test_it_marks_the_election_chosen_in_a_filter_drawn_from_the_cache(
    client, tps_world, django_capture_on_commit_callbacks
):
    client.force_login(tps_world["operator"])
    client.get(reverse("polling_stations:list"))  # the latest election's fields are cached
    with django_capture_on_commit_callbacks(execute=True):
        older = ElectionFactory(
            name="Pemilu 2019", slug="pemilu-2019", voting_day=datetime.date(2019, 4, 17)
        )

    response = client.get(reverse("polling_stations:list"), {"election": older.pk})

    assert "Pemilu 2019" in dict(options(response, "election")).values()
    assert f'<option value="{older.pk}" selected>' in response.content.decode()


def test_it_shows_a_renamed_village_on_a_page_whose_rows_it_rendered_before(
    client, tps_world, django_capture_on_commit_callbacks
):
    village = tps_world["inside"][0].village
    client.force_login(tps_world["operator"])
    client.get(reverse("polling_stations:list"))  # the rows' fragment is now cached
    with django_capture_on_commit_callbacks(execute=True):
        village.name = "Desa Baru Bernama"
        village.save()

    assert "Desa Baru Bernama" in client.get(reverse("polling_stations:list")).content.decode()


def test_it_shows_tps_changed_in_bulk_on_a_page_whose_rows_it_rendered_before(
    client, tps_world, django_capture_on_commit_callbacks
):
    client.force_login(tps_world["operator"])
    client.get(reverse("polling_stations:list"))  # the rows' fragment is now cached
    with django_capture_on_commit_callbacks(execute=True):
        PollingStation.objects.update(category=KH)
        stations_changed.send(sender=PollingStation, using="default")

    html = client.get(reverse("polling_stations:list")).content.decode()

    assert "badge-khusus" in html and "badge-kurang_rawan" not in html
