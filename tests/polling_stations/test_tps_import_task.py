"""The TPS import task: idempotent, failing with a reason, and on the real worker."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from agencies.models import Membership
from polling_stations.models import PollingStation, TpsImport
from polling_stations.services import run_tps_import
from polling_stations.tasks import run_tps_import_task
from tests.factories import MembershipFactory
from tests.polling_stations.tps_files import HEADER, row
from tests.polling_stations.tps_imports import make_import, upload
from tests.waiting import wait_until

pytestmark = pytest.mark.django_db


def test_it_changes_nothing_when_a_finished_import_runs_again(polres, election, media, tmp_path):
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


def test_it_fails_a_file_without_a_required_column_naming_it(polres, election, media):
    tps_import = make_import(polres, election)
    tps_import.source.save("tps.csv", ContentFile(b"kode_desa,alamat\n1312012001,Jl. A\n"))

    run_tps_import(tps_import_id=tps_import.pk)

    tps_import.refresh_from_db()
    assert tps_import.status == "failed"
    assert "Kolom wajib tidak ada di baris judul: no_tps" in tps_import.failure


def test_it_fails_an_import_whose_file_has_gone_instead_of_waiting_forever(polres, election, media):
    tps_import = make_import(polres, election)
    tps_import.source.delete(save=False)

    with pytest.raises(FileNotFoundError):
        run_tps_import(tps_import_id=tps_import.pk)

    tps_import.refresh_from_db()
    assert tps_import.status == "failed"
    assert tps_import.failure == "Terjadi kesalahan tak terduga; tidak ada TPS yang disimpan."


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_it_takes_an_upload_to_completion_on_the_real_worker(
    client, celery_worker, polres, election
):
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
