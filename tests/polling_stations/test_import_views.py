"""The TPS upload page, its progress panel, the rejects download and the Celery task."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.models import Agency, Membership
from polling_stations.models import PollingStation, TpsImport
from polling_stations.services import run_tps_import
from polling_stations.tasks import run_tps_import_task
from tests.factories import (
    AgencyFactory,
    ElectionFactory,
    MembershipFactory,
    region_chain,
)
from tests.waiting import wait_until

from .tps_files import HEADER, row


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


@pytest.fixture
def eager_tasks():
    """Celery as ``make run`` has it without Redis: the task runs in the request."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def polres(db):
    for code in ("13.12.01.2001", "13.12.01.2002", "13.71.01.1001"):
        region_chain(code)
    polda = AgencyFactory(kind=Agency.Kind.POLDA, short_name="Polda Sumbar")
    polres = AgencyFactory(kind=Agency.Kind.POLRES, short_name="Polres Pasaman Barat", parent=polda)
    polres.regions.add("13.12")
    return polres


@pytest.fixture
def election(db):
    return ElectionFactory()


@pytest.fixture
def operator(polres):
    return MembershipFactory(agency=polres, role=Membership.Role.OPERATOR).user


def csv_upload(rows, name="tps.csv") -> SimpleUploadedFile:
    lines = [",".join(HEADER)] + [",".join(cells) for cells in rows]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), content_type="text/csv")


def upload(client, election, rows, **extra):
    return client.post(
        reverse("polling_stations:tps_import"),
        {"file": csv_upload(rows), "election": election.pk, **extra},
    )


def make_import(unit, election, status=TpsImport.Status.QUEUED, **fields) -> TpsImport:
    tps_import = TpsImport(
        unit=unit, election=election, original_name="tps.csv", status=status, **fields
    )
    tps_import.source.save("tps.csv", ContentFile(b"kode_desa,no_tps\n"), save=False)
    tps_import.save()
    return tps_import


# --- who may use the page ------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("polling_stations:tps_import"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_partner_liaison_may_not_upload_tps(client, db):
    kpu = AgencyFactory(kind=Agency.Kind.KPU, short_name="KPU Pasaman Barat")
    client.force_login(MembershipFactory(agency=kpu, role=Membership.Role.LIAISON).user)

    assert client.get(reverse("polling_stations:tps_import")).status_code == 403


def test_an_operator_sees_the_upload_form(client, operator, election):
    client.force_login(operator)

    response = client.get(reverse("polling_stations:tps_import"))

    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert "Impor baris yang benar saja" in response.content.decode()


# --- uploading -----------------------------------------------------------------------------


def test_an_upload_with_bad_rows_lists_every_bad_line_and_writes_nothing(
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


def test_a_clean_upload_imports_the_tps_and_says_how_many(
    client, operator, election, media, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(operator)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, election, [row(no="1"), row(kode="13.12.01.2002", no="TPS 002")])
    page = client.get(response.url).content.decode()

    assert PollingStation.objects.count() == 2
    assert "Impor selesai: 2 TPS baru, 0 diperbarui, 0 tidak berubah." in page
    assert TpsImport.objects.get().unit == operator.memberships.get().agency


def test_an_upload_refuses_villages_outside_the_operators_area(
    client, operator, election, media, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(operator)

    with django_capture_on_commit_callbacks(execute=True):
        upload(client, election, [row(no="1"), row(kode="1371011001", no="1")])

    assert TpsImport.objects.get().errors == [
        [3, "desa 13.71.01.1001 di luar wilayah Polres Pasaman Barat"]
    ]
    assert PollingStation.objects.count() == 0


def test_skipping_bad_rows_imports_the_rest_and_offers_them_back_as_csv(
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


def test_the_form_refuses_a_file_that_is_neither_csv_nor_xlsx(client, operator, election, media):
    client.force_login(operator)
    pdf = SimpleUploadedFile("tps.pdf", b"%PDF-1.7", content_type="application/pdf")

    response = client.post(
        reverse("polling_stations:tps_import"), {"file": pdf, "election": election.pk}
    )

    assert "Berkas harus berformat CSV atau XLSX (bukan .pdf)." in response.content.decode()
    assert not TpsImport.objects.exists()


def test_an_operator_uploads_for_their_own_unit_whatever_the_post_says(
    client, operator, polres, election, media
):
    other = AgencyFactory(kind=Agency.Kind.POLRES, short_name="Polres Agam")
    client.force_login(operator)

    client.post(
        reverse("polling_stations:tps_import"),
        {"file": csv_upload([row()]), "election": election.pk, "unit": other.pk},
    )

    assert TpsImport.objects.get().unit == polres


def test_an_operator_of_two_units_may_not_pick_a_third(client, operator, polres, election, media):
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


# --- seeing an import ----------------------------------------------------------------------


def test_the_progress_panel_polls_while_the_import_runs(client, operator, polres, election, media):
    tps_import = make_import(
        polres, election, status=TpsImport.Status.VALIDATING, rows_total=1000, rows_done=500
    )
    client.force_login(operator)

    panel = client.get(reverse("polling_stations:tps_import_progress", args=[tps_import.pk]))

    html = panel.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "500 dari 1.000 baris" in html
    assert 'aria-valuenow="45"' in html


def test_the_progress_panel_stops_polling_once_the_import_is_done(
    client, operator, polres, election, media
):
    tps_import = make_import(polres, election, status=TpsImport.Status.DONE, created_count=3)
    client.force_login(operator)

    panel = client.get(reverse("polling_stations:tps_import_progress", args=[tps_import.pk]))

    assert "hx-trigger" not in panel.content.decode()
    assert 'aria-valuenow="100"' in panel.content.decode()


def test_an_import_of_another_unit_is_not_found(client, polres, election, media):
    tps_import = make_import(polres, election, status=TpsImport.Status.DONE)
    agam = AgencyFactory(kind=Agency.Kind.POLRES, short_name="Polres Agam", parent=polres.parent)
    client.force_login(MembershipFactory(agency=agam, role=Membership.Role.OPERATOR).user)

    for name in ("tps_import_detail", "tps_import_progress", "tps_import_rejects"):
        response = client.get(reverse(f"polling_stations:{name}", args=[tps_import.pk]))
        assert response.status_code == 404, name


def test_a_polda_operator_sees_the_imports_of_its_polres(client, polres, election, media):
    tps_import = make_import(polres, election, status=TpsImport.Status.DONE)
    client.force_login(MembershipFactory(agency=polres.parent, role=Membership.Role.OPERATOR).user)

    response = client.get(reverse("polling_stations:tps_import_detail", args=[tps_import.pk]))

    assert response.status_code == 200


def test_the_upload_page_lists_recent_imports_in_few_queries(
    client, operator, polres, election, media, django_assert_max_num_queries
):
    for _ in range(15):
        make_import(polres, election, status=TpsImport.Status.DONE)
    client.force_login(operator)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("polling_stations:tps_import"))

    assert response.content.decode().count("tps.csv") == 15


def test_the_import_page_lists_every_bad_line_in_few_queries(
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


# --- the task ------------------------------------------------------------------------------


def test_running_a_finished_import_again_changes_nothing(polres, election, media, tmp_path):
    tps_import = make_import(polres, election)
    tps_import.source.save(
        "tps.csv", ContentFile(",".join(HEADER).encode() + b"\n1312012001,1,,,,,,,\n")
    )
    run_tps_import_task.apply(args=[tps_import.pk])
    PollingStation.objects.update(registered_voters=999)

    run_tps_import_task.apply(args=[tps_import.pk])

    tps_import.refresh_from_db()
    assert (tps_import.status, tps_import.created_count) == ("done", 1)
    assert PollingStation.objects.get().registered_voters == 999


def test_a_file_without_a_required_column_fails_with_its_name(polres, election, media):
    tps_import = make_import(polres, election)
    tps_import.source.save("tps.csv", ContentFile(b"kode_desa,alamat\n1312012001,Jl. A\n"))

    run_tps_import(tps_import_id=tps_import.pk)

    tps_import.refresh_from_db()
    assert tps_import.status == "failed"
    assert "Kolom wajib tidak ada di baris judul: no_tps" in tps_import.failure


def test_an_import_whose_file_has_gone_fails_instead_of_waiting_forever(polres, election, media):
    tps_import = make_import(polres, election)
    tps_import.source.delete(save=False)

    with pytest.raises(FileNotFoundError):
        run_tps_import(tps_import_id=tps_import.pk)

    tps_import.refresh_from_db()
    assert tps_import.status == "failed"
    assert tps_import.failure == "Terjadi kesalahan tak terduga; tidak ada TPS yang disimpan."


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_real_worker_takes_an_upload_to_completion(client, celery_worker, polres, election):
    operator = MembershipFactory(agency=polres, role=Membership.Role.OPERATOR).user
    client.force_login(operator)
    rows = [
        row(kode=code, no=str(n)) for code in ("1312012001", "1312012002") for n in range(1, 1501)
    ]

    response = upload(client, election, rows)
    progress_url = reverse(
        "polling_stations:tps_import_progress", args=[TpsImport.objects.get().pk]
    )
    seen = []

    def finished_panel():
        panel = client.get(progress_url).content.decode()
        seen.append(TpsImport.objects.get().status)
        # The panel stops polling itself once the import has finished.
        return "hx-trigger" not in panel and panel

    panel = wait_until(finished_panel, timeout=90, interval=0.2, what="the import to finish")

    assert response.status_code == 302
    assert seen[-1] == "done", seen
    assert "Impor selesai: 3.000 TPS baru" in panel
    assert PollingStation.objects.filter(election=election).count() == 3000
    TpsImport.objects.get().source.delete()
