import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import reverse

from agencies.audit.models import AccessRecord
from agencies.models import Membership
from operations.models import ReadinessReport
from polling_stations.models import PlottingDocument
from tests.factories import ElectionFactory, MembershipFactory, OperationFactory, UserFactory
from tests.polling_stations.risk_factories import make_stations, police_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    election = ElectionFactory()
    polda, polres, (polsek,) = police_tree(polsek_count=1)
    other_polda, _other_polres, _ = police_tree(polsek_count=1, regency="14.01")
    operation = OperationFactory(commanding_unit=polda)
    operation.elections.add(election)
    make_stations(
        election=election, polsek=polsek, village_code="13.12.01.2001", counts={"rawan": 2}
    )
    return {
        "operation": operation,
        "polres": polres,
        "operator": MembershipFactory(agency=polres, role=Membership.Role.OPERATOR).user,
        "commander": MembershipFactory(agency=polda, role=Membership.Role.COMMANDER).user,
        "other_commander": MembershipFactory(
            agency=other_polda, role=Membership.Role.COMMANDER
        ).user,
    }


@pytest.fixture
def operator_client(client, world):
    client.force_login(world["operator"])
    return client


def done(document, name):
    document.file.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.status, document.sha256 = document.Status.DONE, "0" * 64
    document.save()
    return document


def test_a_csv_export_writes_one_row_with_who_what_and_where(operator_client, world):
    response = operator_client.get(
        reverse("polling_stations:export_csv"), {"category": "rawan"}, REMOTE_ADDR="10.20.30.40"
    )
    b"".join(response.streaming_content)

    record = AccessRecord.objects.get()
    assert record.kind == AccessRecord.Kind.TPS_EXPORT_CSV
    assert (record.user, record.username) == (world["operator"], world["operator"].username)
    assert record.unit == world["polres"]
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


def test_the_plotting_page_writes_a_row_for_its_unit(operator_client, world):
    url = reverse(
        "polling_stations:plotting",
        kwargs={"operation_slug": world["operation"].slug, "unit_slug": world["polres"].slug},
    )

    operator_client.get(url)

    record = AccessRecord.objects.get()
    assert (record.kind, record.unit) == (AccessRecord.Kind.PLOTTING, world["polres"])


def test_downloading_a_plotting_pdf_writes_one_row(operator_client, world, media):
    document = done(
        PlottingDocument.objects.create(operation=world["operation"], unit=world["polres"]),
        "daftar-plotting.pdf",
    )
    url = reverse(
        "polling_stations:plotting_document_download",
        kwargs={
            "operation_slug": world["operation"].slug,
            "unit_slug": world["polres"].slug,
            "document_pk": document.pk,
        },
    )

    assert operator_client.get(url).status_code == 200
    record = AccessRecord.objects.get()
    assert (record.kind, record.unit) == (AccessRecord.Kind.PLOTTING_DOCUMENT, world["polres"])


def test_downloading_a_readiness_report_writes_one_row(operator_client, world, media):
    report = done(
        ReadinessReport.objects.create(operation=world["operation"], unit=world["polres"]),
        "laporan.pdf",
    )
    url = reverse(
        "operations:readiness_report_download",
        kwargs={"operation_slug": world["operation"].slug, "report_pk": report.pk},
    )

    assert operator_client.get(url).status_code == 200
    record = AccessRecord.objects.get()
    assert (record.kind, record.unit) == (AccessRecord.Kind.READINESS_REPORT, world["polres"])


def test_the_commander_above_the_unit_reads_the_row(client, operator_client, world):
    operator_client.get(reverse("polling_stations:export_csv"))
    client.force_login(world["commander"])

    page = client.get(reverse("audit:access_records"))

    assert page.status_code == 200
    assert world["operator"].username in page.text
    assert "Ekspor TPS (CSV)" in page.text


def test_a_commander_of_another_unit_does_not_see_it(client, operator_client, world):
    operator_client.get(reverse("polling_stations:export_csv"))
    client.force_login(world["other_commander"])

    page = client.get(reverse("audit:access_records"))

    assert page.status_code == 200
    assert world["operator"].username not in page.text
    assert "Belum ada akses yang tercatat." in page.text


def test_the_page_filters_by_kind(client, operator_client, world):
    operator_client.get(reverse("polling_stations:export_csv"))
    operator_client.get(reverse("polling_stations:list"))
    client.force_login(world["commander"])

    page = client.get(reverse("audit:access_records"), {"jenis": "tps_list"})

    assert list(page.context["page"].object_list.values_list("kind", flat=True)) == ["tps_list"]


def test_the_page_reads_a_bounded_number_of_queries(
    client, operator_client, world, django_assert_max_num_queries
):
    for _ in range(5):
        operator_client.get(reverse("polling_stations:export_csv"))
    client.force_login(world["commander"])

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
