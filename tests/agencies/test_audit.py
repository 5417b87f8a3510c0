import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import reverse

from agencies.audit.models import AccessRecord
from agencies.models import Membership
from operations.models import ReadinessReport
from polling_stations.models import PlottingDocument
from tests.factories import UserFactory
from tests.worlds import build_world, stations_in, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_world(db):
    world = build_world(polsek=1, outside=True, operation=True)
    stations_in(
        election=world.election,
        polsek=world.polsek[0],
        village_code="13.12.01.2001",
        counts={"rawan": 2},
    )
    return {
        "operation": world.operation,
        "polres": world.polres,
        "operator": world.operator,
        "commander": world.commander,
        "other_commander": user_with(
            Membership.Role.COMMANDER, world.outside_polda, "kapolda.riau"
        ),
    }


@pytest.fixture
def operator_client(client, audit_world):
    client.force_login(audit_world["operator"])
    return client


def done(document, name):
    document.file.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.status, document.sha256 = document.Status.DONE, "0" * 64
    document.save()
    return document


def test_a_csv_export_writes_one_row_with_who_what_and_where(operator_client, audit_world):
    response = operator_client.get(
        reverse("polling_stations:export_csv"), {"category": "rawan"}, REMOTE_ADDR="10.20.30.40"
    )
    b"".join(response.streaming_content)

    record = AccessRecord.objects.get()
    assert record.kind == AccessRecord.Kind.TPS_EXPORT_CSV
    assert (record.user, record.username) == (
        audit_world["operator"],
        audit_world["operator"].username,
    )
    assert record.unit == audit_world["polres"]
    assert record.filters == {"category": "rawan"}
    assert record.address == "10.20.30.40"


@pytest.mark.parametrize(
    ("url_name", "kind"),
    [
        ("polling_stations:export_xlsx", AccessRecord.Kind.TPS_EXPORT_XLSX),
        ("polling_stations:list", AccessRecord.Kind.TPS_LIST),
        ("polling_stations:map_data", AccessRecord.Kind.TPS_MAP_DATA),
    ],
)
def test_tps_lists_and_map_data_write_one_row_each(operator_client, url_name, kind):
    response = operator_client.get(reverse(url_name))

    assert response.status_code == 200
    assert list(AccessRecord.objects.values_list("kind", flat=True)) == [kind]


def test_the_plotting_page_writes_a_row_for_its_unit(operator_client, audit_world):
    url = reverse(
        "polling_stations:plotting",
        kwargs={
            "operation_slug": audit_world["operation"].slug,
            "unit_slug": audit_world["polres"].slug,
        },
    )

    operator_client.get(url)

    record = AccessRecord.objects.get()
    assert (record.kind, record.unit) == (AccessRecord.Kind.PLOTTING, audit_world["polres"])


def test_downloading_a_plotting_pdf_writes_one_row(operator_client, audit_world, media):
    document = done(
        PlottingDocument.objects.create(
            operation=audit_world["operation"], unit=audit_world["polres"]
        ),
        "daftar-plotting.pdf",
    )
    url = reverse(
        "polling_stations:plotting_document_download",
        kwargs={
            "operation_slug": audit_world["operation"].slug,
            "unit_slug": audit_world["polres"].slug,
            "document_pk": document.pk,
        },
    )

    assert operator_client.get(url).status_code == 200
    record = AccessRecord.objects.get()
    assert (record.kind, record.unit) == (
        AccessRecord.Kind.PLOTTING_DOCUMENT,
        audit_world["polres"],
    )


def test_downloading_a_readiness_report_writes_one_row(operator_client, audit_world, media):
    report = done(
        ReadinessReport.objects.create(
            operation=audit_world["operation"], unit=audit_world["polres"]
        ),
        "laporan.pdf",
    )
    url = reverse(
        "operations:readiness_report_download",
        kwargs={"operation_slug": audit_world["operation"].slug, "report_pk": report.pk},
    )

    assert operator_client.get(url).status_code == 200
    record = AccessRecord.objects.get()
    assert (record.kind, record.unit) == (AccessRecord.Kind.READINESS_REPORT, audit_world["polres"])


def test_the_commander_above_the_unit_reads_the_row(client, operator_client, audit_world):
    operator_client.get(reverse("polling_stations:export_csv"))
    client.force_login(audit_world["commander"])

    page = client.get(reverse("audit:access_records"))

    assert page.status_code == 200
    assert audit_world["operator"].username in page.text
    assert "Ekspor TPS (CSV)" in page.text


def test_a_commander_of_another_unit_does_not_see_it(client, operator_client, audit_world):
    operator_client.get(reverse("polling_stations:export_csv"))
    client.force_login(audit_world["other_commander"])

    page = client.get(reverse("audit:access_records"))

    assert page.status_code == 200
    assert audit_world["operator"].username not in page.text
    assert "Belum ada akses yang tercatat." in page.text


def test_the_page_filters_by_kind(client, operator_client, audit_world):
    operator_client.get(reverse("polling_stations:export_csv"))
    operator_client.get(reverse("polling_stations:list"))
    client.force_login(audit_world["commander"])

    page = client.get(reverse("audit:access_records"), {"jenis": "tps_list"})

    assert list(page.context["page"].object_list.values_list("kind", flat=True)) == ["tps_list"]


def test_the_page_reads_a_bounded_number_of_queries(
    client, operator_client, audit_world, django_assert_max_num_queries
):
    for _ in range(5):
        operator_client.get(reverse("polling_stations:export_csv"))
    client.force_login(audit_world["commander"])

    with django_assert_max_num_queries(10):
        client.get(reverse("audit:access_records"))


def test_admins_read_the_trail_and_nobody_edits_it(client, operator_client):
    operator_client.get(reverse("polling_stations:export_csv"))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get(reverse("admin:audit_accessrecord_changelist"))
    model_admin = admin.site._registry[AccessRecord]
    request = listing.wsgi_request

    assert listing.status_code == 200
    assert "Ekspor TPS (CSV)" in listing.text
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
