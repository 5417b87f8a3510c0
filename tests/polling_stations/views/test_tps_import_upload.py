"""The TPS upload page (Impor TPS): who may use it, what an upload does, its list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Agency, Membership
from polling_stations.models import PollingStation, TpsImport
from tests.factories import AgencyFactory, MembershipFactory
from tests.polling_stations.tps_files import HEADER, row
from tests.polling_stations.tps_imports import csv_upload, make_import, upload

pytestmark = pytest.mark.django_db


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, db):
    response = client.get(reverse("polling_stations:tps_import"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_refuses_a_partner_liaison(client, db):
    kpu = AgencyFactory(kind=Agency.Kind.KPU, short_name="KPU Pasaman Barat")
    client.force_login(MembershipFactory(agency=kpu, role=Membership.Role.LIAISON).user)

    assert client.get(reverse("polling_stations:tps_import")).status_code == 403


def test_it_shows_an_operator_the_upload_form(client, operator, election):
    client.force_login(operator)

    response = client.get(reverse("polling_stations:tps_import"))

    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert "Impor baris yang benar saja" in response.content.decode()


def test_it_lists_every_bad_line_of_an_upload_and_writes_nothing(
    client, operator, election, media, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    rows = [row(no="1"), row(no="2", dpt="x"), row(kode="1312019999", no="3"), row(no="4")]

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, election, rows)
    page = client.get(response.url).content.decode()

    tps_import = TpsImport.objects.get()
    assert tps_import.status == TpsImport.Status.FAILED
    assert tps_import.errors == [
        [3, "dpt “x” bukan bilangan bulat"],
        [4, "kode desa 13.12.01.9999 tidak dikenal di tabel wilayah"],
    ]
    assert "dpt “x” bukan bilangan bulat" in page
    assert "kode desa 13.12.01.9999 tidak dikenal di tabel wilayah" in page
    assert "2 dari 4 baris salah; tidak ada TPS yang disimpan" in page
    assert PollingStation.objects.count() == 0


def test_it_imports_a_clean_upload_and_says_how_many(
    client, operator, election, media, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(operator)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, election, [row(no="1"), row(kode="13.12.01.2002", no="TPS 002")])
    page = client.get(response.url).content.decode()

    assert PollingStation.objects.count() == 2
    assert "Impor selesai: 2 TPS baru, 0 diperbarui, 0 tidak berubah, 0 baris ditolak." in page
    assert TpsImport.objects.get().unit == operator.memberships.get().agency


def test_it_says_plainly_when_the_queue_is_down_and_keeps_nothing_waiting(
    client, operator, election, media, monkeypatch, django_capture_on_commit_callbacks
):
    from config.celery import app

    # A closed port: the broker really is unreachable, nothing is simulated.
    monkeypatch.setattr(app.conf, "broker_write_url", "redis://127.0.0.1:1/0")
    client.force_login(operator)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, election, [row(no="1")])
    page = client.get(response.url).content.decode()

    tps_import = TpsImport.objects.get()
    message = (
        "Impor tidak dapat diantrekan sekarang: layanan antrean (Redis) tidak tersedia. "
        "Unggah berkas lagi nanti."
    )
    assert (tps_import.status, tps_import.failure) == (TpsImport.Status.FAILED, message)
    assert tps_import.finished_at is not None
    assert message in page
    assert PollingStation.objects.count() == 0


def test_it_refuses_villages_outside_the_operators_area(
    client, operator, election, media, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(operator)

    with django_capture_on_commit_callbacks(execute=True):
        upload(client, election, [row(no="1"), row(kode="1371011001", no="1")])

    assert TpsImport.objects.get().errors == [
        [3, "desa 13.71.01.1001 di luar wilayah Polres Pasaman Barat"]
    ]
    assert PollingStation.objects.count() == 0


def test_it_imports_the_good_rows_when_asked_and_offers_the_bad_back_as_csv(
    client, operator, election, media, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, election, [row(no="1"), row(no="2", dpt="x")], skip_invalid="on")
    tps_import = TpsImport.objects.get()

    download = client.get(reverse("polling_stations:tps_import_rejects", args=[tps_import.pk]))

    assert (tps_import.status, tps_import.created_count, tps_import.rejected_count) == (
        "done",
        1,
        1,
    )
    content = b"".join(download.streaming_content).decode("utf-8-sig")
    assert content.splitlines() == [
        ",".join(HEADER) + ",alasan",
        "1312012001,2,,x,,,,,,dpt “x” bukan bilangan bulat",
    ]
    assert download["Content-Disposition"].startswith('attachment; filename="tps-ditolak.csv"')


def test_it_refuses_a_file_that_is_neither_csv_nor_xlsx(client, operator, election, media):
    client.force_login(operator)
    pdf = SimpleUploadedFile("tps.pdf", b"%PDF-1.7", content_type="application/pdf")

    response = client.post(
        reverse("polling_stations:tps_import"), {"file": pdf, "election": election.pk}
    )

    assert "Berkas harus berformat CSV atau XLSX (bukan .pdf)." in response.content.decode()
    assert not TpsImport.objects.exists()


def test_it_files_the_upload_under_the_operators_own_unit_whatever_the_post_says(
    client, operator, polres, election, media
):
    other = AgencyFactory(kind=Agency.Kind.POLRES, short_name="Polres Agam")
    client.force_login(operator)

    client.post(
        reverse("polling_stations:tps_import"),
        {"file": csv_upload([row()]), "election": election.pk, "unit": other.pk},
    )

    assert TpsImport.objects.get().unit == polres


def test_it_refuses_a_unit_the_operator_does_not_belong_to(
    client, operator, polres, election, media
):
    agam = AgencyFactory(kind=Agency.Kind.POLRES, short_name="Polres Agam")
    MembershipFactory(user=operator, agency=agam, role=Membership.Role.OPERATOR)
    stranger = AgencyFactory(kind=Agency.Kind.POLRES, short_name="Polres Solok")
    client.force_login(operator)

    response = client.post(
        reverse("polling_stations:tps_import"),
        {"file": csv_upload([row()]), "election": election.pk, "unit": stranger.pk},
    )

    assert "unit" in response.context["form"].errors
    assert not TpsImport.objects.exists()


def test_it_lists_recent_imports_in_few_queries(
    client, operator, polres, election, media, django_assert_max_num_queries
):
    for _ in range(15):
        make_import(polres, election, status=TpsImport.Status.DONE)
    client.force_login(operator)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("polling_stations:tps_import"))

    assert response.content.decode().count("tps.csv") == 15
