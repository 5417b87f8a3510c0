"""The Daftar Plotting PDF: asking for it, its status, its download and who may have it."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from config.celery import app
from polling_stations.models import PlottingDocument
from tests.polling_stations.plotting_documents import plotting_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return plotting_world()


def args(world, document=None):
    values = [world.operation.slug, world.polres.slug]
    return [*values, document.pk] if document else values


def done(world):
    document = PlottingDocument.objects.create(operation=world.operation, unit=world.polres)
    document.file.save(document.filename, ContentFile(b"%PDF-1.4 plotting"), save=False)
    document.status, document.progress, document.sha256 = "done", 100, "a" * 64
    document.save()
    return document


def test_it_queues_a_document_and_shows_its_row(client, world):
    client.force_login(world.operator)

    response = client.post(
        reverse("polling_stations:plotting_document_request", args=args(world)), follow=True
    )

    html = response.content.decode()
    document = PlottingDocument.objects.get()
    assert document.status == PlottingDocument.Status.QUEUED
    assert "Permintaan Daftar Plotting diterima dan sedang diantrekan." in html
    assert f'id="plotting-document-{document.pk}"' in html
    assert "Buat Daftar Plotting (PDF)" in html


# Committed for real: the job is published after the commit, and the view hears the failure.
@pytest.mark.django_db(transaction=True)
def test_it_says_so_when_redis_is_down_and_the_page_still_works(client, world, monkeypatch):
    monkeypatch.setattr(app.conf, "broker_write_url", "redis://127.0.0.1:1/0")
    client.force_login(world.operator)

    response = client.post(
        reverse("polling_stations:plotting_document_request", args=args(world)), follow=True
    )

    assert response.status_code == 200
    assert "layanan antrean (Redis) tidak tersedia" in response.content.decode()


def test_it_shows_a_running_documents_progress_and_keeps_polling(
    client, world, django_assert_max_num_queries
):
    document = PlottingDocument.objects.create(
        operation=world.operation, unit=world.polres, status="running", progress=45
    )
    client.force_login(world.commander)
    url = reverse("polling_stations:plotting_document_status", args=args(world, document))

    with django_assert_max_num_queries(12):
        response = client.get(url)

    html = response.content.decode()
    assert 'data-status="running"' in html
    assert "45%" in html
    assert f'hx-get="{url}"' in html


def test_it_shows_a_failed_documents_reason_and_stops_polling(client, world):
    document = PlottingDocument.objects.create(
        operation=world.operation, unit=world.polres, status="failed", failure_reason="Kertas habis"
    )
    client.force_login(world.operator)

    response = client.get(
        reverse("polling_stations:plotting_document_status", args=args(world, document))
    )

    html = response.content.decode()
    assert "Kertas habis" in html
    assert "hx-get" not in html


def test_it_offers_and_serves_a_finished_documents_pdf(client, world, media):
    document = done(world)
    client.force_login(world.operator)
    download = reverse("polling_stations:plotting_document_download", args=args(world, document))

    status = client.get(
        reverse("polling_stations:plotting_document_status", args=args(world, document))
    )
    response = client.get(download)

    assert download in status.content.decode()
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plotting"


def test_it_refuses_the_document_to_another_polres_operator(client, world, media):
    document = done(world)
    client.force_login(world.other_operator)

    response = client.get(
        reverse("polling_stations:plotting_document_download", args=args(world, document))
    )

    assert response.status_code == 404


def test_it_hides_a_document_under_another_units_address(client, world, media):
    # The other operator may read their own Polres; the document belongs to this one.
    document = done(world)
    client.force_login(world.other_operator)

    response = client.get(
        reverse(
            "polling_stations:plotting_document_download",
            args=[world.operation.slug, world.other_polres.slug, document.pk],
        )
    )

    assert response.status_code == 404


def test_it_refuses_to_download_an_unfinished_document(client, world):
    document = PlottingDocument.objects.create(operation=world.operation, unit=world.polres)
    client.force_login(world.operator)

    response = client.get(
        reverse("polling_stations:plotting_document_download", args=args(world, document))
    )

    assert response.status_code == 404


def test_it_lists_the_documents_on_the_plotting_page_in_bounded_queries(
    client, world, media, django_assert_max_num_queries
):
    for _ in range(5):
        done(world)
    client.force_login(world.operator)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("polling_stations:plotting", args=args(world)))

    assert response.content.decode().count('data-testid="plotting-document-row"') == 5
