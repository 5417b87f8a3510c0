"""The outcome page: attendance, minutes, decisions, follow-ups, risks."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from meetings import services
from meetings.models import Meeting, MeetingRisk
from tests.factories import (
    AttendeeFactory,
    DecisionFactory,
)
from tests.worlds import rakor

pytestmark = pytest.mark.django_db


def _outcome_post(meeting, **extra):
    data = {
        "version": meeting.version,
        "summary": "Situasi kondusif.",
        "minutes_shared": "on",
        "mark_held": "on",
    }
    if not meeting.has_started:
        del data["mark_held"]
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


def test_it_answers_404_to_an_operator_of_another_unit(client, world, meeting):
    client.force_login(world.other_operator)

    assert client.get(reverse("meetings:outcome", args=[meeting.pk])).status_code == 404


def test_it_refuses_a_liaison(client, world, meeting):
    client.force_login(world.kpu_liaison)

    assert client.get(reverse("meetings:outcome", args=[meeting.pk])).status_code == 403


def test_it_records_a_decision_and_marks_the_meeting_held(client, world):
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


def test_it_shows_a_due_date_before_the_meeting_on_the_form(client, world):
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


def test_it_refuses_a_stale_save_with_the_conflict_message(client, world, meeting):
    stale = meeting.version
    services.record_outcome(
        meeting=meeting,
        user=world.commander,
        version=stale,
        chair=None,
        chair_on_behalf_of=None,
        summary="Dicatat rekan lebih dulu",
        minutes_shared=True,
        mark_held=True,
        presence={},
        minutes={},
        attendees=services.RowChanges(),
        decisions=services.RowChanges(),
        action_items=services.RowChanges(),
        risks=services.RowChanges(),
    )
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
    assert meeting.summary == "Dicatat rekan lebih dulu"


def test_it_runs_a_bounded_number_of_queries(client, world, meeting, django_assert_max_num_queries):
    for n in range(20):
        AttendeeFactory(meeting=meeting, agency=world.partners["KPU Pasaman Barat"])
        DecisionFactory(meeting=meeting)
        MeetingRisk.objects.create(
            meeting=meeting,
            description=f"Risiko {n}",
            raised_by=world.partners["KPU Pasaman Barat"],
        )
    client.force_login(world.operator)

    with django_assert_max_num_queries(13):
        response = client.get(reverse("meetings:outcome", args=[meeting.pk]))

    assert response.status_code == 200


def test_it_records_a_risk_raised_in_the_meeting(client, world):
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


def test_it_shows_a_risk_row_without_description_on_the_form(client, world):
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


def _future_rakor(world):
    start = timezone.now() + datetime.timedelta(days=7)
    return rakor(world, starts_at=start, ends_at=start + datetime.timedelta(hours=2))


def test_it_does_not_pre_tick_held(client, world, meeting):
    client.force_login(world.operator)

    response = client.get(reverse("meetings:outcome", args=[meeting.pk]))

    checkbox = re.search(r"<input[^>]*name=\"mark_held\"[^>]*>", response.content.decode())
    assert checkbox is not None
    assert "checked" not in checkbox.group(0)


def test_it_refuses_an_early_outcome_without_a_reason(client, world):
    meeting = _future_rakor(world)
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:outcome", args=[meeting.pk]), _outcome_post(meeting, summary="Awal")
    )

    meeting.refresh_from_db()
    assert response.status_code == 200
    assert "tulis alasan mencatat hasil lebih awal" in response.content.decode()
    assert meeting.summary == ""


def test_it_records_an_early_outcome_with_its_reason(client, world):
    meeting = _future_rakor(world)
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:outcome", args=[meeting.pk]),
        _outcome_post(meeting, summary="Awal", early_reason="Pimpinan berangkat tugas"),
    )

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.early_outcome_reason == "Pimpinan berangkat tugas"
    assert meeting.status == Meeting.Status.SCHEDULED


def test_it_refuses_to_mark_a_meeting_held_before_it_starts(client, world):
    meeting = _future_rakor(world)
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:outcome", args=[meeting.pk]),
        _outcome_post(meeting, mark_held="on", early_reason="Pimpinan berangkat tugas"),
    )

    meeting.refresh_from_db()
    assert "belum dapat ditandai terlaksana" in response.content.decode()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_it_offers_only_catat_lebih_awal_before_the_meeting(client, world):
    meeting = _future_rakor(world)
    client.force_login(world.operator)

    content = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    assert 'data-testid="record-outcome-early"' in content
    assert 'data-testid="record-outcome"' not in content


def test_it_hides_the_outcome_link_of_a_cancelled_meeting(client, world, meeting):
    services.cancel_meeting(
        meeting=meeting, user=world.operator, version=meeting.version, reason="Banjir"
    )
    client.force_login(world.operator)

    content = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    assert "record-outcome" not in content


def test_it_refuses_the_outcome_url_of_a_cancelled_meeting_with_a_message(client, world, meeting):
    services.cancel_meeting(
        meeting=meeting, user=world.operator, version=meeting.version, reason="Banjir"
    )
    client.force_login(world.operator)

    response = client.get(reverse("meetings:outcome", args=[meeting.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("meetings:detail", args=[meeting.pk])
    assert "hasil rapat tidak dapat dicatat" in response.content.decode()


def test_it_writes_only_the_chosen_officials_into_the_page(client, world, meeting):
    kapolres = world.polres.officials.first()
    Meeting.objects.filter(pk=meeting.pk).update(chair=kapolres)
    AttendeeFactory(meeting=meeting, agency=world.partners["KPU Pasaman Barat"])
    client.force_login(world.operator)

    response = client.get(reverse("meetings:outcome", args=[meeting.pk]))

    form = response.context["form"]
    assert f'<option value="{kapolres.pk}" selected>' in str(form["chair"])
    assert str(form["chair"]).count("<option") == 2
    assert str(form["minutes_taker"]).count("<option") == 1
    attendee = response.context["attendees"].forms[0]
    assert str(attendee["represents"]).count("<option") == 1


def test_it_points_the_official_pickers_at_the_officials_of_the_meetings_parties(
    client, world, meeting
):
    client.force_login(world.operator)

    response = client.get(reverse("meetings:outcome", args=[meeting.pk]))

    url = response.context["officials_url"]
    assert f'data-officials-url="{escape(url)}"' in response.content.decode()
    groups = client.get(url).json()["groups"]
    assert {name for name, _choices in groups} == {
        "Polres Pasaman Barat",
        "KPU Pasaman Barat",
        "Kodim 0305/Pasaman",
    }


def test_it_names_the_row_and_the_field_of_an_owner_official_it_refuses(client, world):
    meeting = rakor(world)
    ketua_kpu = world.partners["KPU Pasaman Barat"].officials.get()  # KPU is not invited
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:outcome", args=[meeting.pk]),
        _outcome_post(
            meeting,
            **{
                "actions-TOTAL_FORMS": 1,
                "actions-0-text": "Sosialisasi",
                "actions-0-owner_agency": world.polres.pk,
                "actions-0-owner_official": ketua_kpu.pk,
                "actions-0-due_date": "2024-09-01",
            },
        ),
    )

    assert response.status_code == 200
    assert (
        "#1 · Pejabat penanggung jawab: Pilih pejabat penyelenggara atau instansi yang diundang."
        in response.content.decode()
    )
    assert not meeting.action_items.exists()
