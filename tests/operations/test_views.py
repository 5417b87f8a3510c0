import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency, Membership
from config.celery import app
from meetings.models import Invitation
from operations import selectors
from operations.models import ReadinessReport
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    MeetingFactory,
    MembershipFactory,
)
from tests.worlds import CATEGORY_SPLIT, build_world, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=3)


def reports_url(world, unit=None):
    unit = unit or world.polres
    return reverse("operations:readiness_reports", args=[world.operation.slug]) + (
        f"?unit={unit.slug}"
    )


def done_report(world):
    from django.core.files.base import ContentFile

    report = ReadinessReport.objects.create(operation=world.operation, unit=world.polres)
    report.file.save("laporan.pdf", ContentFile(b"%PDF-1.7 uji"), save=False)
    report.status = ReadinessReport.Status.DONE
    report.sha256 = "a" * 64
    report.finished_at = timezone.now()
    report.save()
    return report


def test_the_reports_page_lists_reports_with_time_and_checksum(
    client, world, django_assert_max_num_queries
):
    done_report(world)
    ReadinessReport.objects.create(operation=world.operation, unit=world.polres)
    client.force_login(world.commander)

    # Two of them fill the operation and unit picker, each read once.
    with django_assert_max_num_queries(8):
        response = client.get(reports_url(world))

    html = response.content.decode()
    assert response.status_code == 200
    assert "a" * 64 in html
    assert "Dalam antrean" in html
    assert "Unduh PDF" in html


def test_a_report_row_still_running_polls_for_its_status(client, world):
    report = ReadinessReport.objects.create(
        operation=world.operation, unit=world.polres, status="running", progress=40
    )
    client.force_login(world.operator)

    response = client.get(
        reverse("operations:readiness_report_status", args=[world.operation.slug, report.pk])
    )

    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "40%" in html


def test_a_failed_report_shows_its_reason_and_stops_polling(client, world):
    report = ReadinessReport.objects.create(
        operation=world.operation,
        unit=world.polres,
        status="failed",
        failure_reason="Kesalahan uji",
    )
    client.force_login(world.operator)

    response = client.get(
        reverse("operations:readiness_report_status", args=[world.operation.slug, report.pk])
    )

    html = response.content.decode()
    assert "Kesalahan uji" in html
    assert "hx-trigger" not in html


def test_a_finished_report_downloads_as_pdf(client, world):
    report = done_report(world)
    client.force_login(world.commander)

    response = client.get(
        reverse("operations:readiness_report_download", args=[world.operation.slug, report.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_units_operator_cannot_download_the_report(client, world):
    report = done_report(world)
    stranger = MembershipFactory(agency=world.other_polres, role=Membership.Role.OPERATOR).user
    client.force_login(stranger)

    response = client.get(
        reverse("operations:readiness_report_download", args=[world.operation.slug, report.pk])
    )

    assert response.status_code == 404


def test_the_polda_commander_can_download_a_polres_report(client, world):
    report = done_report(world)
    chief = MembershipFactory(agency=world.polda, role=Membership.Role.COMMANDER).user
    client.force_login(chief)

    response = client.get(
        reverse("operations:readiness_report_download", args=[world.operation.slug, report.pk])
    )

    assert response.status_code == 200


def test_another_units_operator_cannot_open_the_reports_page_of_this_unit(client, world):
    stranger = MembershipFactory(agency=world.other_polres, role=Membership.Role.OPERATOR).user
    client.force_login(stranger)

    assert client.get(reports_url(world)).status_code == 404


# Committed for real: the job is published after the commit, and the view hears the failure.
@pytest.mark.django_db(transaction=True)
def test_asking_for_a_report_with_redis_down_says_so_and_the_page_still_works(
    client, world, monkeypatch
):
    monkeypatch.setattr(app.conf, "broker_write_url", "redis://127.0.0.1:1/0")
    client.force_login(world.commander)

    response = client.post(reports_url(world), {"unit": world.polres.slug}, follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Laporan kesiapan pengamanan tidak dapat diantrekan sekarang: layanan antrean (Redis) "
        "tidak tersedia. Coba lagi nanti." in html
    )


def dashboard_url(world, unit):
    return reverse("operations:dashboard", args=[world.operation.slug, unit.slug])


def test_the_dashboard_shows_the_units_figures_at_a_glance(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.commander)

    with django_assert_max_num_queries(19):
        response = client.get(dashboard_url(world, world.polres))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="days-to-voting">H-40<' in html
    assert 'data-testid="meetings-30d">3<' in html
    assert 'data-testid="overdue-count">1<' in html
    assert 'data-testid="coverage">92%<' in html
    assert "<svg" in html
    assert "893" in html


def test_the_dashboard_counts_the_agencies_that_came_as_the_report_does(client, world):
    unmarked = world.meetings[1]
    # Attendance not marked: KPU had someone there, Bawaslu (absent) did not.
    Invitation.objects.filter(meeting=unmarked, agency__in=[world.kpu, world.bawaslu]).update(
        present=None
    )
    client.force_login(world.commander)

    response = client.get(dashboard_url(world, world.polres))

    counted = [meeting.present_count for meeting in response.context["recent_meetings"]]
    held = selectors.held_meetings(operation=world.operation, unit=world.polres)
    assert counted == [len(item.present) for item in held] == [4, 3, 4]
    assert "3 instansi hadir" in response.content.decode()


def test_the_polda_dashboard_lights_each_polres(client, world):
    chief = MembershipFactory(agency=world.polda, role=Membership.Role.COMMANDER).user
    quiet = MeetingFactory(
        host=world.other_polres,
        operation=world.operation,
        starts_at=timezone.now() - datetime.timedelta(days=60),
        ends_at=timezone.now() - datetime.timedelta(days=60) + datetime.timedelta(hours=2),
    )
    for _ in range(3):
        ActionItemFactory(meeting=quiet, due_date=timezone.localdate() - datetime.timedelta(2))
    client.force_login(chief)

    response = client.get(dashboard_url(world, world.polda))

    lights = {child.unit.short_name: child.light for child in response.context["children"]}
    assert lights == {"Polres Agam": "merah", "Polres Pasaman Barat": "kuning"}
    pasaman_barat = response.context["children"][1]
    assert pasaman_barat.tps == 893
    assert pasaman_barat.coverage_percent == 92  # 700 of 764
    assert "personel 92% dari kebutuhan" in pasaman_barat.reasons


def test_the_polda_dashboard_stays_within_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    chief = MembershipFactory(agency=world.polda, role=Membership.Role.COMMANDER).user
    client.force_login(chief)

    with django_assert_max_num_queries(19):
        client.get(dashboard_url(world, world.polda))


def test_the_report_page_lets_a_commander_pick_a_unit_below_their_own(client, world):
    chief = MembershipFactory(agency=world.polda, role=Membership.Role.COMMANDER).user
    client.force_login(chief)

    response = client.get(
        reverse("operations:readiness_index"),
        {"operation": world.operation.slug, "unit": world.polres.slug},
    )

    assert response.status_code == 302
    assert response["Location"] == reports_url(world, world.polres)


def kapolres(world):
    """A commander of the Polres: the Polda and the sibling Polres Agam lie outside."""
    return user_with(Membership.Role.COMMANDER, world.polres, "kapolres.pasbar")


def test_the_report_picker_offers_only_the_users_unit_and_those_below(client, world):
    client.force_login(kapolres(world))

    response = client.get(reports_url(world))

    offered = {unit.slug for unit in response.context["form"].fields["unit"].queryset}
    assert world.polres.slug in offered
    assert world.polda.slug not in offered
    assert world.other_polres.slug not in offered


def test_the_report_picker_shows_the_units_indented_below_the_users_own(client, world):
    client.force_login(kapolres(world))

    html = client.get(reports_url(world)).content.decode()

    polres, polsek = world.polres, world.polsek[0]
    assert f'<option value="{polres.slug}" selected>{polres.short_name}</option>' in html
    assert f'<option value="{polsek.slug}">\u00a0\u00a0{polsek.short_name}</option>' in html


def test_the_report_picker_shows_a_unit_added_since_it_was_last_shown(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(kapolres(world))
    client.get(reports_url(world))

    # The write replaces the choice lists' version once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        added = AgencyFactory(
            kind=Agency.Kind.POLSEK, parent=world.polres, short_name="Polsek Baru"
        )
    html = client.get(reports_url(world)).content.decode()

    assert f'<option value="{added.slug}">\u00a0\u00a0Polsek Baru</option>' in html


def test_the_report_picker_shows_a_unit_under_its_new_name(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(kapolres(world))
    client.get(reports_url(world))

    polsek = world.polsek[0]
    polsek.short_name = "Polsek Berganti Nama"
    with django_capture_on_commit_callbacks(execute=True):
        polsek.save()
    html = client.get(reports_url(world)).content.decode()

    assert "Polsek Berganti Nama" in html


def test_the_report_pickers_of_two_users_each_offer_their_own_units(client, world):
    client.force_login(kapolres(world))
    client.get(reports_url(world))
    client.force_login(world.commander)

    html = client.get(reports_url(world, world.polda)).content.decode()

    assert f'<option value="{world.polda.slug}" selected>{world.polda.short_name}</option>' in html
    assert f'<option value="{world.other_polres.slug}">' in html


def test_the_report_picker_refuses_a_unit_outside_the_users_area(client, world):
    client.force_login(kapolres(world))

    response = client.get(
        reverse("operations:readiness_index"),
        {"operation": world.operation.slug, "unit": world.other_polres.slug},
    )

    assert response.status_code == 200
    assert "Satuan tidak ditemukan atau bukan wewenang Anda." in response.content.decode()


def test_a_request_still_waiting_is_reported_as_still_waiting_not_as_new(client, world):
    ReadinessReport.objects.create(operation=world.operation, unit=world.polres)
    client.force_login(world.commander)

    response = client.post(reports_url(world), {"unit": world.polres.slug}, follow=True)

    html = response.content.decode()
    assert "Permintaan sebelumnya untuk satuan ini masih diproses" in html
    assert ReadinessReport.objects.filter(unit=world.polres).count() == 1


def test_it_lists_only_past_meetings_under_rapat_terakhir(client, world):
    past_start = timezone.now() - datetime.timedelta(days=3)
    MeetingFactory(
        host=world.polres,
        title="Rakor yang sudah lewat",
        starts_at=past_start,
        ends_at=past_start + datetime.timedelta(hours=2),
    )
    MeetingFactory(host=world.polres, title="Rakor tahun depan")
    client.force_login(world.operator)

    response = client.get(reverse("home"))

    recent = [m.title for m in response.context["recent_meetings"]]
    upcoming = [m.title for m in response.context["upcoming_meetings"]]
    assert "Rakor yang sudah lewat" in recent
    assert "Rakor tahun depan" not in recent
    assert "Rakor tahun depan" in upcoming


def test_it_lists_the_next_meetings_soonest_first_and_the_last_ones_latest_first(client, world):
    now = timezone.now()
    for days in (9, 2, 5):
        MeetingFactory(
            host=world.polres,
            title=f"Rakor H+{days}",
            starts_at=now + datetime.timedelta(days=days),
            ends_at=now + datetime.timedelta(days=days, hours=2),
        )
        MeetingFactory(
            host=world.polres,
            title=f"Rakor H-{days}",
            starts_at=now - datetime.timedelta(days=days),
            ends_at=now - datetime.timedelta(days=days) + datetime.timedelta(hours=2),
        )
    client.force_login(world.operator)

    response = client.get(reverse("home"))

    upcoming = [m.title for m in response.context["upcoming_meetings"]]
    recent = [m.title for m in response.context["recent_meetings"]]
    assert [t for t in upcoming if t.startswith("Rakor H+")] == [
        "Rakor H+2",
        "Rakor H+5",
        "Rakor H+9",
    ]
    assert [t for t in recent if t.startswith("Rakor H-")] == [
        "Rakor H-2",
        "Rakor H-5",
        "Rakor H-9",
    ]


def test_it_shows_at_most_ten_meetings_in_each_home_list(client, world):
    now = timezone.now()
    for days in range(1, 13):
        MeetingFactory(
            host=world.polres,
            starts_at=now + datetime.timedelta(days=days),
            ends_at=now + datetime.timedelta(days=days, hours=1),
        )
        MeetingFactory(
            host=world.polres,
            starts_at=now - datetime.timedelta(days=days),
            ends_at=now - datetime.timedelta(days=days) + datetime.timedelta(hours=1),
        )
    client.force_login(world.operator)

    response = client.get(reverse("home"))

    assert len(response.context["upcoming_meetings"]) == 10
    assert len(response.context["recent_meetings"]) == 10
    assert response.context["upcoming_meetings"][0].starts_at < now + datetime.timedelta(days=2)
