import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from meetings.models import Attachment, Meeting, MeetingRisk
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendeeFactory,
    DecisionFactory,
    InvitationFactory,
)

from .factories import RAKOR_START, pasaman_barat, rakor

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return pasaman_barat()


@pytest.fixture
def meeting(world):
    """A rakor shared with KPU and Kodim, with an internal agenda item and decision."""
    meeting = rakor(world)
    InvitationFactory(meeting=meeting, agency=world.partners["KPU Pasaman Barat"])
    InvitationFactory(meeting=meeting, agency=world.partners["Kodim 0305/Pasaman"])
    AgendaItemFactory(meeting=meeting, order=1, title="Pembukaan", duration_minutes=15)
    AgendaItemFactory(
        meeting=meeting, order=2, title="Kerawanan internal", duration_minutes=30, is_internal=True
    )
    AgendaItemFactory(meeting=meeting, order=3, title="Paparan Ketua KPU", duration_minutes=20)
    DecisionFactory(meeting=meeting, text="Patroli gabungan tiap malam")
    DecisionFactory(meeting=meeting, text="Data intelijen rahasia", is_internal=True)
    ActionItemFactory(
        meeting=meeting, text="Sosialisasi TPS", owner_agency=world.partners["KPU Pasaman Barat"]
    )
    ActionItemFactory(
        meeting=meeting, text="Patroli Kodim", owner_agency=world.partners["Kodim 0305/Pasaman"]
    )
    return meeting


def _detail(meeting):
    return reverse("meetings:detail", args=[meeting.pk])


def test_the_list_sends_anonymous_users_to_the_login_page(client):
    response = client.get(reverse("meetings:list"))

    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


def test_the_list_is_for_police_users_only(client, world):
    client.force_login(world.kpu_liaison)

    assert client.get(reverse("meetings:list")).status_code == 403


def test_the_list_shows_only_meetings_the_operator_may_see(client, world, meeting):
    hidden = rakor(world, host=world.other_polres, title="Rakor Polres Agam")
    client.force_login(world.operator)

    content = client.get(reverse("meetings:list")).content.decode()

    assert meeting.title in content
    assert hidden.title not in content


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("q=Singgalang", True),
        ("q=Banjir", False),
        ("status=cancelled", False),
        ("status=scheduled", True),
        ("starts_from=2024-08-15&starts_until=2024-08-15", True),
        ("starts_from=2024-08-16", False),
    ],
)
def test_the_list_filters_by_text_status_and_date(client, world, meeting, query, found):
    client.force_login(world.operator)

    content = client.get(reverse("meetings:list") + "?" + query).content.decode()

    assert (meeting.title in content) is found


def test_the_list_filters_by_invited_agency(client, world, meeting):
    client.force_login(world.operator)
    url = reverse("meetings:list")

    kpu = client.get(url, {"invited": world.partners["KPU Pasaman Barat"].pk}).content.decode()
    bawaslu = client.get(url, {"invited": world.partners["Bawaslu Pasaman Barat"].pk})

    assert meeting.title in kpu
    assert meeting.title not in bawaslu.content.decode()


def test_the_meeting_page_shows_agenda_start_times_in_the_hosts_zone(client, world, meeting):
    client.force_login(world.operator)

    content = client.get(_detail(meeting)).content.decode()

    assert "Kamis, 15 Agustus 2024 08.30 WIB" in content
    assert "08.45 WIB – 09.15 WIB" in content
    assert "09.15 WIB – 09.35 WIB" in content


def test_police_see_internal_items_and_every_follow_up(client, world, meeting):
    client.force_login(world.commander)

    content = client.get(_detail(meeting)).content.decode()

    assert "Kerawanan internal" in content
    assert "Data intelijen rahasia" in content
    assert "Patroli Kodim" in content


def test_an_invited_liaison_sees_no_internal_item_nor_other_agencies_follow_ups(
    client, world, meeting
):
    client.force_login(world.kpu_liaison)

    response = client.get(_detail(meeting))
    content = response.content.decode()

    assert response.status_code == 200
    assert "Paparan Ketua KPU" in content
    assert "Patroli gabungan tiap malam" in content
    assert "Sosialisasi TPS" in content
    assert "Kerawanan internal" not in content
    assert "Data intelijen rahasia" not in content
    assert "Patroli Kodim" not in content
    assert "Riwayat perubahan" not in content


@pytest.mark.parametrize("who", ["bawaslu_liaison", "other_operator"])
def test_the_meeting_page_answers_404_to_those_it_was_not_shared_with(client, world, meeting, who):
    client.force_login(getattr(world, who))

    assert client.get(_detail(meeting)).status_code == 404


@pytest.mark.parametrize("name", ["edit", "outcome", "cancel", "attachment_upload"])
def test_an_operator_of_another_unit_cannot_reach_the_editors(client, world, meeting, name):
    client.force_login(world.other_operator)

    assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404


def test_a_liaison_cannot_reach_the_editors(client, world, meeting):
    client.force_login(world.kpu_liaison)

    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 403


def _editor_post(world, meeting=None, **overrides):
    data = {
        "title": "Rakor Mantap Praja Singgalang",
        "kind": Meeting.Kind.RAKOR,
        "host": world.polres.pk,
        "starts_at": "2024-08-15T08:30",
        "ends_at": "2024-08-15T11:30",
        "venue": "Aula Polres",
        "visibility": Meeting.Visibility.SHARED,
        "invited_agencies": [world.partners["KPU Pasaman Barat"].pk],
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-order": "1",
        "agenda-0-title": "Pembukaan",
        "agenda-0-duration_minutes": "10",
        "agenda-1-order": "2",
        "agenda-1-title": "Paparan Kabag Ops",
        "agenda-1-presenter_name": "Kabag Ops",
        "agenda-1-duration_minutes": "30",
    }
    if meeting is not None:
        data["version"] = str(meeting.version)
        data["agenda-TOTAL_FORMS"] = "0"
        for key in [k for k in data if k.startswith("agenda-") and k[7].isdigit()]:
            del data[key]
    data.update(overrides)
    return data


def test_an_operator_creates_a_meeting_with_its_agenda_in_one_post(client, world):
    client.force_login(world.operator)

    response = client.post(reverse("meetings:create"), _editor_post(world))

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(meeting)
    assert meeting.local_start.strftime("%H:%M") == "08:30"
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Pembukaan",
        "Paparan Kabag Ops",
    ]
    assert meeting.invitations.get().agency == world.partners["KPU Pasaman Barat"]


def test_the_editor_shows_an_end_before_start_on_the_form(client, world):
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:create"), _editor_post(world, ends_at="2024-08-15T07:00")
    )

    assert response.status_code == 200
    assert "Waktu selesai harus sesudah waktu mulai." in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_stale_save_shows_the_conflict_keeps_the_input_and_overwrites_nothing(
    client, world, meeting
):
    stale = meeting.version
    services.update_meeting(
        meeting=meeting,
        user=world.commander,
        version=stale,
        data={"venue": "Gedung Pancasila"},
        invited_agencies=[],
        agenda=[],
    )
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        _editor_post(world, meeting, version=str(stale), venue="Aula Bhayangkari"),
    )

    content = response.content.decode()
    meeting.refresh_from_db()
    assert response.status_code == 200
    assert "telah diubah pengguna lain" in content
    assert 'value="Aula Bhayangkari"' in content
    assert "Tempat: Lapangan indoor Polres Pasaman Barat → Gedung Pancasila" in content
    assert f'name="version" value="{meeting.version}"' in content
    assert meeting.venue == "Gedung Pancasila"


def test_cancelling_keeps_the_meeting_and_shows_the_reason(client, world, meeting):
    client.force_login(world.operator)

    client.post(
        reverse("meetings:cancel", args=[meeting.pk]),
        {"version": meeting.version, "reason": "Bentrok dengan apel gelar pasukan"},
    )

    content = client.get(_detail(meeting)).content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CANCELLED
    assert "Alasan: Bentrok dengan apel gelar pasukan" in content


def test_the_history_on_the_page_says_who_changed_what(client, world, meeting):
    services.update_meeting(
        meeting=meeting,
        user=world.operator,
        version=meeting.version,
        data={"starts_at": RAKOR_START + datetime.timedelta(hours=1)},
        invited_agencies=[world.partners["KPU Pasaman Barat"]],
        agenda=[],
    )
    client.force_login(world.commander)

    content = client.get(_detail(meeting)).content.decode()

    assert "operator.pasbar" in content
    assert "Mulai: Kamis, 15 Agustus 2024 08.30 WIB → Kamis, 15 Agustus 2024 09.30 WIB" in content
    assert "Undangan Kodim 0305/Pasaman dihapus" in content


def _outcome_post(meeting, **extra):
    data = {
        "version": meeting.version,
        "summary": "Situasi kondusif.",
        "minutes_shared": "on",
        "mark_held": "on",
    }
    for prefix, total in [
        ("presence", 0),
        ("minutes", 0),
        ("attendees", 0),
        ("decisions", 0),
        ("risks", 0),
    ]:
        data.update({f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": total})
    data.update(
        {
            "actions-TOTAL_FORMS": 0,
            "actions-INITIAL_FORMS": 0,
            "minutes-TOTAL_FORMS": 0,
        }
    )
    data.update(extra)
    return data


def test_the_outcome_page_records_a_decision_and_marks_the_meeting_held(client, world):
    meeting = rakor(world)
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:outcome", args=[meeting.pk]),
        _outcome_post(
            meeting,
            **{
                "decisions-TOTAL_FORMS": 1,
                "decisions-0-order": 1,
                "decisions-0-text": "Apel gelar pasukan 26 Agustus",
            },
        ),
    )

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.status == Meeting.Status.HELD
    assert meeting.decisions.get().text == "Apel gelar pasukan 26 Agustus"


def test_the_outcome_page_shows_a_due_date_before_the_meeting_on_the_form(client, world):
    meeting = rakor(world)
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:outcome", args=[meeting.pk]),
        _outcome_post(
            meeting,
            **{
                "actions-TOTAL_FORMS": 1,
                "actions-0-text": "Sosialisasi",
                "actions-0-owner_agency": world.polres.pk,
                "actions-0-due_date": "2024-08-01",
            },
        ),
    )

    assert response.status_code == 200
    assert "Tenggat tidak boleh sebelum tanggal rapat." in response.content.decode()
    assert not meeting.action_items.exists()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attachment(world, meeting, **kwargs):
    return services.add_attachment(
        meeting=meeting,
        user=world.operator,
        upload=SimpleUploadedFile("Surat undangan.pdf", PDF),
        kind=Attachment.Kind.INVITATION,
        **kwargs,
    )


def test_an_invited_liaison_downloads_an_attachment_with_safe_headers(client, world, meeting):
    attachment = _attachment(world, meeting)
    client.force_login(world.kpu_liaison)

    response = client.get(reverse("meetings:attachment_download", args=[attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'attachment; filename="Surat undangan.pdf"' in response["Content-Disposition"]


def test_an_uninvited_liaison_gets_404_for_an_attachment(client, world, meeting):
    attachment = _attachment(world, meeting)
    client.force_login(world.bawaslu_liaison)

    response = client.get(reverse("meetings:attachment_download", args=[attachment.pk]))

    assert response.status_code == 404


def test_an_internal_attachment_is_hidden_from_liaisons(client, world, meeting):
    attachment = _attachment(world, meeting, is_internal=True)
    client.force_login(world.kpu_liaison)

    response = client.get(reverse("meetings:attachment_download", args=[attachment.pk]))

    assert response.status_code == 404


def test_the_upload_page_names_a_disguised_file(client, world, meeting):
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:attachment_upload", args=[meeting.pk]),
        {"kind": "foto", "file": SimpleUploadedFile("foto.jpg", b"<html>bukan foto</html>")},
    )

    assert response.status_code == 200
    assert "Isi berkas “foto.jpg” bukan PDF" in response.content.decode()
    assert not Attachment.objects.exists()


def test_unshared_minutes_answer_404_to_a_liaison(client, world, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(minutes_shared=False)
    client.force_login(world.kpu_liaison)

    response = client.get(reverse("meetings:minutes_pdf", args=[meeting.pk]))

    assert response.status_code == 404


def _ten_thousand_meetings(world):
    Meeting.objects.bulk_create(
        Meeting(
            host=world.polres if n % 2 else world.other_polres,
            kind=Meeting.Kind.RAKOR,
            title=f"Rakor massal {n}",
            starts_at=RAKOR_START + datetime.timedelta(hours=n),
            ends_at=RAKOR_START + datetime.timedelta(hours=n, minutes=90),
            venue="Aula",
        )
        for n in range(10_000)
    )


@pytest.mark.bulk
def test_the_list_runs_a_bounded_number_of_queries_with_ten_thousand_meetings(
    client, world, meeting, django_assert_max_num_queries
):
    _ten_thousand_meetings(world)
    client.force_login(world.commander)

    with django_assert_max_num_queries(15):
        response = client.get(
            reverse("meetings:list"), {"q": "Rakor", "status": "scheduled", "page": 3}
        )

    assert response.status_code == 200
    assert "Halaman 3 dari 401" in response.content.decode()


@pytest.mark.bulk
def test_the_meeting_page_runs_a_bounded_number_of_queries_with_ten_thousand_meetings(
    client, world, meeting, django_assert_max_num_queries
):
    _ten_thousand_meetings(world)
    for n in range(20):
        AttendeeFactory(meeting=meeting, agency=world.partners["KPU Pasaman Barat"])
        AgendaItemFactory(meeting=meeting, order=10 + n)
        DecisionFactory(meeting=meeting)
        ActionItemFactory(meeting=meeting, owner_agency=world.partners["KPU Pasaman Barat"])
        MeetingRisk.objects.create(
            meeting=meeting,
            description=f"Risiko {n}",
            raised_by=world.partners["KPU Pasaman Barat"],
        )
    for _n in range(5):
        _attachment(world, meeting)
    client.force_login(world.operator)

    with django_assert_max_num_queries(25):
        response = client.get(_detail(meeting))

    assert response.status_code == 200
    assert "Riwayat perubahan" in response.content.decode()


def test_the_editor_shows_the_saved_times_in_the_hosts_zone(client, world, meeting):
    client.force_login(world.operator)

    content = client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()

    assert 'value="2024-08-15T08:30"' in content
    assert 'value="2024-08-15T11:30"' in content


def test_a_stale_outcome_save_is_refused_with_the_conflict_message(client, world, meeting):
    stale = meeting.version
    services.cancel_meeting(meeting=meeting, user=world.commander, version=stale, reason="Ditunda")
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:outcome", args=[meeting.pk]),
        _outcome_post(meeting, version=stale, summary="Ringkasan yang tertunda"),
    )

    content = response.content.decode()
    meeting.refresh_from_db()
    assert response.status_code == 200
    assert "telah diubah pengguna lain" in content
    assert "Ringkasan yang tertunda" in content
    assert "(Ditunda)" in content
    assert meeting.summary == ""


def test_the_editor_runs_a_bounded_number_of_queries(
    client, world, meeting, django_assert_max_num_queries
):
    for n in range(30):
        AgendaItemFactory(meeting=meeting, order=10 + n)
    client.force_login(world.operator)

    with django_assert_max_num_queries(15):
        response = client.get(reverse("meetings:edit", args=[meeting.pk]))

    assert response.status_code == 200


def test_the_outcome_page_runs_a_bounded_number_of_queries(
    client, world, meeting, django_assert_max_num_queries
):
    for n in range(20):
        AttendeeFactory(meeting=meeting, agency=world.partners["KPU Pasaman Barat"])
        DecisionFactory(meeting=meeting)
        MeetingRisk.objects.create(
            meeting=meeting,
            description=f"Risiko {n}",
            raised_by=world.partners["KPU Pasaman Barat"],
        )
    client.force_login(world.operator)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("meetings:outcome", args=[meeting.pk]))

    assert response.status_code == 200


def test_the_editor_deletes_a_removed_agenda_row_and_renumbers_the_rest(client, world):
    meeting = rakor(world)
    first = AgendaItemFactory(meeting=meeting, order=1, title="Pembukaan")
    second = AgendaItemFactory(meeting=meeting, order=2, title="Paparan")
    client.force_login(world.operator)
    data = _editor_post(world, meeting)
    data.update(
        {
            "agenda-TOTAL_FORMS": "2",
            "agenda-INITIAL_FORMS": "2",
            "agenda-0-id": first.pk,
            "agenda-0-order": "1",
            "agenda-0-title": "Pembukaan",
            "agenda-0-duration_minutes": "10",
            "agenda-0-DELETE": "on",
            "agenda-1-id": second.pk,
            "agenda-1-order": "2",
            "agenda-1-title": "Paparan",
            "agenda-1-duration_minutes": "25",
        }
    )

    response = client.post(reverse("meetings:edit", args=[meeting.pk]), data)

    assert response.status_code == 302
    assert list(meeting.agenda_items.values_list("pk", "order", "duration_minutes")) == [
        (second.pk, 1, 25)
    ]


@pytest.mark.parametrize(("who", "shown"), [("operator", True), ("kpu_liaison", False)])
def test_the_rapat_link_is_in_the_navigation_for_police_users_only(client, world, who, shown):
    client.force_login(getattr(world, who))

    content = client.get(reverse("home")).content.decode()

    assert ('data-testid="nav-meetings"' in content) is shown


def test_an_invited_liaison_is_offered_the_rsvp_of_its_agency(client, world, meeting):
    client.force_login(world.kpu_liaison)

    content = client.get(_detail(meeting)).content.decode()

    kpu = world.partners["KPU Pasaman Barat"]
    assert f"{reverse('meetings:rsvp', args=[meeting.pk])}?instansi={kpu.pk}" in content
    assert reverse("meetings:meeting_ics", args=[meeting.pk]) in content
    assert reverse("meetings:shared_agenda") in content


def test_police_are_not_offered_an_rsvp(client, world, meeting):
    client.force_login(world.operator)

    content = client.get(_detail(meeting)).content.decode()

    assert 'data-testid="rsvp"' not in content
    assert reverse("meetings:meeting_ics", args=[meeting.pk]) in content


def test_the_outcome_page_records_a_risk_raised_in_the_meeting(client, world):
    meeting = rakor(world)
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:outcome", args=[meeting.pk]),
        _outcome_post(
            meeting,
            **{
                "risks-TOTAL_FORMS": 1,
                "risks-0-description": "Hoaks DPT ganda di media sosial",
                "risks-0-level": "tinggi",
                "risks-0-raised_by": world.polres.pk,
                "risks-0-mitigation": "Patroli siber",
            },
        ),
    )

    assert response.status_code == 302
    risk = meeting.risks.get()
    assert (risk.description, risk.level, risk.mitigation) == (
        "Hoaks DPT ganda di media sosial",
        MeetingRisk.Level.HIGH,
        "Patroli siber",
    )


def test_the_outcome_page_shows_a_risk_row_without_description_on_the_form(client, world):
    meeting = rakor(world)
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:outcome", args=[meeting.pk]),
        _outcome_post(
            meeting,
            **{
                "risks-TOTAL_FORMS": 1,
                "risks-0-description": "",
                "risks-0-level": "tinggi",
                "risks-0-mitigation": "Patroli siber",
            },
        ),
    )

    meeting.refresh_from_db()
    assert response.status_code == 200
    assert "Tulis risiko/kerawanan yang diangkat, atau hapus baris ini." in (
        response.content.decode()
    )
    assert not meeting.risks.exists()
    assert meeting.summary == ""


def test_the_meeting_page_shows_the_risks_to_police_users(client, world, meeting):
    MeetingRisk.objects.create(meeting=meeting, description="Bentrok massa di Simpang Empat")
    client.force_login(world.operator)

    content = client.get(_detail(meeting)).content.decode()

    assert 'data-testid="risks"' in content
    assert "Bentrok massa di Simpang Empat" in content


def test_the_meeting_page_hides_the_risks_from_an_invited_liaison(client, world, meeting):
    MeetingRisk.objects.create(meeting=meeting, description="Bentrok massa di Simpang Empat")
    client.force_login(world.kpu_liaison)

    response = client.get(_detail(meeting))

    assert response.status_code == 200
    assert "Bentrok massa di Simpang Empat" not in response.content.decode()
    assert "Risiko/kerawanan" not in response.content.decode()
