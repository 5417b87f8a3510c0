import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from agencies.audit.models import AccessRecord
from polling_stations.models import ElectionDayReport

from .election_day_world import build_world, partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def url(world, name, report=None, unit=None):
    kwargs = {"operation_slug": world.operation.slug, "unit_slug": (unit or world.polres).slug}
    if report is not None:
        kwargs["report_pk"] = report.pk
    return reverse(f"election_day:{name}", kwargs=kwargs)


def finished(world, **kwargs):
    report = ElectionDayReport.objects.create(
        operation=world.operation, unit=world.polres, **kwargs
    )
    report.file.save("laporan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    report.status, report.sha256 = ElectionDayReport.Status.DONE, "0" * 64
    report.save()
    return report


def test_the_situation_room_loads_the_report_panel(client, world):
    client.force_login(world.operator)

    response = client.get(url(world, "room"))

    assert url(world, "report_panel") in response.content.decode()


def test_an_operator_requests_a_report_from_the_room_and_sees_it_queued(client, world):
    client.force_login(world.operator)

    response = client.post(url(world, "report_request"), {"latihan": "0"})

    report = ElectionDayReport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith("#laporan-hasil")
    assert (report.unit, report.requested_by, report.is_exercise) == (
        world.polres,
        world.operator,
        False,
    )
    panel = client.get(url(world, "report_panel")).content.decode()
    assert url(world, "report_status", report) in panel


def test_the_drill_button_requests_an_exercise_report(client, world):
    client.force_login(world.operator)

    client.post(url(world, "report_request"), {"latihan": "1"})

    assert ElectionDayReport.objects.get().is_exercise


def test_a_commander_above_requests_and_downloads_the_polres_report(client, world):
    client.force_login(world.commander)
    report = finished(world)

    requested = client.post(url(world, "report_request"))
    response = client.get(url(world, "report_download", report))

    assert requested.status_code == 302
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


def test_a_download_is_written_to_the_audit_trail(client, world):
    client.force_login(world.operator)
    report = finished(world, is_exercise=True)

    client.get(url(world, "report_download", report))

    record = AccessRecord.objects.get()
    assert record.kind == AccessRecord.Kind.ELECTION_DAY_REPORT
    assert (record.user, record.unit) == (world.operator, world.polres)
    assert record.subject.endswith("(latihan)")


def test_a_report_not_finished_cannot_be_downloaded(client, world):
    client.force_login(world.operator)
    report = ElectionDayReport.objects.create(operation=world.operation, unit=world.polres)

    response = client.get(url(world, "report_download", report))

    assert response.status_code == 404
    assert not AccessRecord.objects.exists()


def test_the_status_row_polls_until_the_report_is_finished(client, world):
    client.force_login(world.operator)
    waiting = ElectionDayReport.objects.create(operation=world.operation, unit=world.polres)

    row = client.get(url(world, "report_status", waiting)).content.decode()
    done = client.get(url(world, "report_status", finished(world))).content.decode()

    assert "hx-trigger" in row and "hx-trigger" not in done
    assert "Unduh PDF" in done


def test_a_polsek_report_is_not_reachable_through_the_polres_room_url(client, world):
    client.force_login(world.operator)
    other = ElectionDayReport.objects.create(operation=world.operation, unit=world.polsek)

    response = client.get(url(world, "report_status", other))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "name, method, names_a_report",
    [
        ("report_panel", "get", False),
        ("report_request", "post", False),
        ("report_status", "get", True),
        ("report_download", "get", True),
    ],
)
@pytest.mark.parametrize("kind", ["bawaslu", "kejaksaan", "kpu"])
def test_partner_liaisons_get_404(client, world, name, method, names_a_report, kind):
    client.force_login(partner(kind))
    report = finished(world) if names_a_report else None

    response = getattr(client, method)(url(world, name, report))

    assert response.status_code == 404
    assert ElectionDayReport.objects.count() == (1 if names_a_report else 0)
    assert not AccessRecord.objects.exists()


def test_an_operator_of_another_polres_gets_404(client, world):
    from tests.worlds import user_with

    agam = world.polda.children.get(short_name="Polres Agam")
    client.force_login(user_with("operator", agam, "operator.agam2"))

    response = client.get(url(world, "report_panel"))

    assert response.status_code == 404


def test_a_field_officer_is_refused(client, world):
    from polling_stations.models import FieldAccount
    from polling_stations.services.field_accounts import create_field_accounts

    account = create_field_accounts(operation=world.operation, unit=world.polres)[0]
    client.force_login(FieldAccount.objects.get(group=account.group).user)

    response = client.get(url(world, "report_panel"))

    assert response.status_code == 403
