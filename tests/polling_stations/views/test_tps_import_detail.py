"""An import's page and its progress panel: who may see it, what it shows."""

import pytest
from django.urls import reverse

from agencies.models import Agency, Membership
from polling_stations.models import TpsImport
from tests.factories import AgencyFactory, MembershipFactory
from tests.polling_stations.tps_imports import make_import

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["tps_import_detail", "tps_import_progress", "tps_import_rejects"])
def test_it_hides_an_import_of_another_unit(client, polres, election, media, page):
    tps_import = make_import(polres, election, status=TpsImport.Status.DONE)
    agam = AgencyFactory(kind=Agency.Kind.POLRES, short_name="Polres Agam", parent=polres.parent)
    client.force_login(MembershipFactory(agency=agam, role=Membership.Role.OPERATOR).user)

    response = client.get(reverse(f"polling_stations:{page}", args=[tps_import.pk]))

    assert response.status_code == 404


def test_it_polls_the_progress_panel_while_the_import_runs(
    client, operator, polres, election, media
):
    tps_import = make_import(
        polres, election, status=TpsImport.Status.VALIDATING, rows_total=1000, rows_done=500
    )
    client.force_login(operator)

    panel = client.get(reverse("polling_stations:tps_import_progress", args=[tps_import.pk]))

    html = panel.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "500 dari 1.000 baris" in html
    assert 'aria-valuenow="45"' in html


def test_it_stops_polling_once_the_import_is_done(client, operator, polres, election, media):
    tps_import = make_import(polres, election, status=TpsImport.Status.DONE, created_count=3)
    client.force_login(operator)

    panel = client.get(reverse("polling_stations:tps_import_progress", args=[tps_import.pk]))

    assert "hx-trigger" not in panel.content.decode()
    assert 'aria-valuenow="100"' in panel.content.decode()


def test_it_shows_a_polda_operator_the_imports_of_its_polres(client, polres, election, media):
    tps_import = make_import(polres, election, status=TpsImport.Status.DONE)
    client.force_login(MembershipFactory(agency=polres.parent, role=Membership.Role.OPERATOR).user)

    response = client.get(reverse("polling_stations:tps_import_detail", args=[tps_import.pk]))

    assert response.status_code == 200


def test_it_lists_every_bad_line_in_few_queries(
    client, operator, polres, election, media, django_assert_max_num_queries
):
    errors = [[line, f"dpt “x{line}” bukan bilangan bulat"] for line in range(2, 502)]
    tps_import = make_import(
        polres, election, status=TpsImport.Status.FAILED, errors=errors, rejected_count=500
    )
    client.force_login(operator)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("polling_stations:tps_import_detail", args=[tps_import.pk]))

    html = response.content.decode()
    assert html.count("bukan bilangan bulat") == 500
    assert "dpt “x501” bukan bilangan bulat" in html


def test_it_says_a_failed_import_failed_and_why_without_a_percentage(
    client, operator, polres, election, media
):
    tps_import = make_import(
        polres,
        election,
        status=TpsImport.Status.FAILED,
        rows_total=1000,
        rows_done=900,
        failure="Kolom wajib tidak ada di baris judul: no_tps",
    )
    client.force_login(operator)

    panel = client.get(reverse("polling_stations:tps_import_progress", args=[tps_import.pk]))

    html = panel.content.decode()
    assert "Gagal" in html
    assert "Kolom wajib tidak ada di baris judul: no_tps" in html
    assert "%" not in html
    assert "progressbar" not in html


def test_it_reports_an_import_of_unchanged_rows_unchanged_not_updated(
    client, operator, polres, election, media
):
    tps_import = make_import(
        polres, election, status=TpsImport.Status.DONE, rows_total=893, unchanged_count=893
    )
    client.force_login(operator)

    panel = client.get(reverse("polling_stations:tps_import_progress", args=[tps_import.pk]))

    assert (
        "Impor selesai: 0 TPS baru, 0 diperbarui, 893 tidak berubah, 0 baris ditolak."
        in panel.content.decode()
    )
