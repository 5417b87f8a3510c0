"""One TPS's page: its category override and indicator reports."""

import re

import pytest
from django.urls import reverse

from agencies.models import Agency, Membership
from polling_stations.models import CategoryOverride, IndicatorReport, RiskIndicator
from tests.factories import AgencyFactory, MembershipFactory
from tests.polling_stations.risk_factories import IndicatorReportFactory

pytestmark = pytest.mark.django_db

KR, R, SR, KH = "kurang_rawan", "rawan", "sangat_rawan", "khusus"


def test_it_does_not_find_a_tps_outside_the_unit(client, tps_world):
    client.force_login(tps_world["operator"])
    outside = tps_world["outside"][0]

    assert client.get(reverse("polling_stations:detail", args=[outside.pk])).status_code == 404


def test_it_refuses_an_override_without_reason_and_writes_nothing(client, tps_world):
    client.force_login(tps_world["operator"])
    station = tps_world["inside"][0]

    response = client.post(
        reverse("polling_stations:category", args=[station.pk]), {"category": SR, "reason": " "}
    )

    assert response.status_code == 400
    assert "Alasan penetapan kategori wajib diisi." in response.content.decode()
    station.refresh_from_db()
    assert station.category == KR
    assert not CategoryOverride.objects.exists()


def test_it_lets_an_operator_override_a_category_and_shows_the_history(client, tps_world):
    client.force_login(tps_world["operator"])
    station = tps_world["inside"][0]

    response = client.post(
        reverse("polling_stations:category", args=[station.pk]),
        {"category": SR, "reason": "Riwayat bentrok antarpendukung 2019"},
        follow=True,
    )

    station.refresh_from_db()
    assert station.category == SR and station.category_overridden
    assert "Riwayat bentrok antarpendukung 2019" in response.content.decode()


def test_it_forbids_a_commander_to_override(client, tps_world):
    client.force_login(tps_world["commander"])
    station = tps_world["inside"][0]

    response = client.post(
        reverse("polling_stations:category", args=[station.pk]), {"category": SR, "reason": "x"}
    )

    assert response.status_code == 403


def test_it_lets_an_operator_report_an_indicator(client, tps_world):
    client.force_login(tps_world["operator"])
    station = tps_world["inside"][0]
    indicator = RiskIndicator.objects.get(number=12)

    client.post(
        reverse("polling_stations:indicator", args=[station.pk]),
        {"indicator": indicator.pk, "reported_on": "2024-11-01", "note": "Laporan Panwascam"},
    )

    report = station.indicator_reports.get()
    assert (report.indicator, report.reported_by, report.note) == (
        indicator,
        tps_world["operator"],
        "Laporan Panwascam",
    )


def _report(station):
    indicator = RiskIndicator.objects.filter(indicator_set__election=station.election).first()
    return IndicatorReportFactory(polling_station=station, indicator=indicator)


def test_it_lets_an_operator_remove_an_indicator_report(client, tps_world):
    client.force_login(tps_world["operator"])
    station = tps_world["inside"][0]
    report = _report(station)

    response = client.post(
        reverse("polling_stations:indicator", args=[station.pk]), {"remove": report.pk}
    )

    assert response.status_code == 302
    assert not IndicatorReport.objects.filter(pk=report.pk).exists()


def test_it_leaves_another_tps_report_alone_when_asked_to_remove_it(client, tps_world):
    client.force_login(tps_world["operator"])
    station, other = tps_world["inside"][:2]
    report = _report(other)

    client.post(reverse("polling_stations:indicator", args=[station.pk]), {"remove": report.pk})

    assert IndicatorReport.objects.filter(pk=report.pk).exists()


def source_labels(response):
    """The options of the indicator report's source agency select."""
    html = response.content.decode()
    select = html[html.index('name="source_agency"') :]
    select = select[: select.index("</select>")]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_it_offers_a_partner_agency_created_after_the_sources_were_cached(
    client, tps_world, django_capture_on_commit_callbacks
):
    client.force_login(tps_world["operator"])
    url = reverse("polling_stations:detail", args=[tps_world["inside"][0].pk])
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        AgencyFactory(kind=Agency.Kind.BAWASLU, short_name="Bawaslu Baru")

    assert "Bawaslu Baru" in source_labels(client.get(url))


def test_it_records_a_report_naming_its_source_agency(client, tps_world):
    client.force_login(tps_world["operator"])
    station = tps_world["inside"][0]
    source = AgencyFactory(kind=Agency.Kind.BAWASLU, short_name="Bawaslu Pasaman Barat")
    indicator = RiskIndicator.objects.get(number=12)

    client.post(
        reverse("polling_stations:indicator", args=[station.pk]),
        {"indicator": indicator.pk, "source_agency": source.pk, "reported_on": "2024-11-01"},
    )

    assert station.indicator_reports.get().source_agency == source


def test_its_page_runs_a_bounded_number_of_queries(
    client, tps_world, django_assert_max_num_queries
):
    client.force_login(tps_world["operator"])
    url = reverse("polling_stations:detail", args=[tps_world["inside"][0].pk])
    client.get(url)  # the partner agencies are now cached

    # Transaction, user, memberships, the unit's area; the TPS, its reports and category
    # history (the forms come from the cache; an operator's TPS is theirs to edit).
    with django_assert_max_num_queries(8):
        response = client.get(url)

    assert response.status_code == 200


def test_it_offers_the_category_set_last_in_its_form(client, tps_world):
    client.force_login(tps_world["operator"])
    station = tps_world["inside"][0]
    url = reverse("polling_stations:detail", args=[station.pk])
    client.get(url)  # the forms of a kurang rawan TPS are now cached

    response = client.post(
        reverse("polling_stations:category", args=[station.pk]),
        {"category": SR, "reason": "Riwayat bentrok"},
        follow=True,
    )

    assert f'<option value="{SR}" selected>' in response.content.decode()


def test_it_offers_an_indicator_added_after_the_forms_were_cached(
    client, tps_world, django_capture_on_commit_callbacks
):
    client.force_login(tps_world["operator"])
    url = reverse("polling_stations:detail", args=[tps_world["inside"][0].pk])
    client.get(url)
    known = RiskIndicator.objects.filter(indicator_set__election=tps_world["election"]).first()
    with django_capture_on_commit_callbacks(execute=True):
        RiskIndicator.objects.create(
            indicator_set=known.indicator_set,
            variable=known.variable,
            number=999,
            text="Indikator tambahan dari Bawaslu",
        )

    assert "999. Indikator tambahan dari Bawaslu" in client.get(url).content.decode()


def test_it_shows_a_commander_no_form(client, tps_world):
    client.force_login(tps_world["commander"])

    response = client.get(reverse("polling_stations:detail", args=[tps_world["inside"][0].pk]))

    assert response.status_code == 200
    assert 'data-testid="override-form"' not in response.content.decode()


def test_it_shows_no_form_on_a_tps_seen_only_as_commander(client, tps_world):
    operator = tps_world["other_operator"]
    MembershipFactory(user=operator, agency=tps_world["polres"], role=Membership.Role.COMMANDER)
    client.force_login(operator)

    response = client.get(reverse("polling_stations:detail", args=[tps_world["inside"][0].pk]))

    assert response.status_code == 200
    assert 'data-testid="override-form"' not in response.content.decode()


def test_it_shows_the_form_to_an_operator_of_the_tps_unit_who_commands_above_it(client, tps_world):
    operator = tps_world["operator"]
    MembershipFactory(user=operator, agency=tps_world["polda"], role=Membership.Role.COMMANDER)
    client.force_login(operator)

    mine = client.get(reverse("polling_stations:detail", args=[tps_world["inside"][0].pk]))

    assert 'data-testid="override-form"' in mine.content.decode()
