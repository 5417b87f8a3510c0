"""The one-page meeting editor (create, edit) and cancelling."""

import pytest
from django.urls import reverse

from agencies.models import Agency
from meetings import selectors, services
from meetings.models import Meeting
from tests.factories import (
    AgencyFactory,
    AgendaItemFactory,
)
from tests.worlds import rakor

pytestmark = pytest.mark.django_db


def _detail(meeting):
    return reverse("meetings:detail", args=[meeting.pk])


@pytest.mark.parametrize("name", ["edit", "cancel"])
def test_it_answers_404_to_an_operator_of_another_unit(client, world, meeting, name):
    client.force_login(world.other_operator)

    assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404


def test_it_refuses_a_liaison(client, world, meeting):
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


def test_it_creates_a_meeting_with_its_agenda_in_one_post(client, world):
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


def test_it_shows_an_end_before_start_on_the_form(client, world):
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:create"), _editor_post(world, ends_at="2024-08-15T07:00")
    )

    assert response.status_code == 200
    assert "Waktu selesai harus sesudah waktu mulai." in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_shows_a_stale_save_the_conflict_keeps_the_input_and_overwrites_nothing(
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


def test_it_cancels_keeping_the_meeting_and_showing_the_reason(client, world, meeting):
    client.force_login(world.operator)

    client.post(
        reverse("meetings:cancel", args=[meeting.pk]),
        {"version": meeting.version, "reason": "Bentrok dengan apel gelar pasukan"},
    )

    content = client.get(_detail(meeting)).content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CANCELLED
    assert "Alasan: Bentrok dengan apel gelar pasukan" in content


def test_it_shows_the_saved_times_in_the_hosts_zone(client, world, meeting):
    client.force_login(world.operator)

    content = client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()

    assert 'value="2024-08-15T08:30"' in content
    assert 'value="2024-08-15T11:30"' in content


def test_it_runs_a_bounded_number_of_queries(client, world, meeting, django_assert_max_num_queries):
    for n in range(30):
        AgendaItemFactory(meeting=meeting, order=10 + n)
    client.force_login(world.operator)

    with django_assert_max_num_queries(11):
        response = client.get(reverse("meetings:edit", args=[meeting.pk]))

    assert response.status_code == 200


def test_it_reads_the_hosts_and_nearest_invitees_from_the_cache_once_read(
    client, world, meeting, django_assert_max_num_queries
):
    client.force_login(world.operator)
    url = reverse("meetings:edit", args=[meeting.pk])
    client.get(url)

    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200


def _offered_invitees(client, meeting) -> str:
    response = client.get(reverse("meetings:edit", args=[meeting.pk]))
    return response.context["form"]["invited_agencies"].as_widget()


def _offered_hosts(client, meeting) -> str:
    response = client.get(reverse("meetings:edit", args=[meeting.pk]))
    return response.context["form"]["host"].as_widget()


def test_it_offers_an_agency_renamed_since_the_editor_was_last_opened_by_its_new_name(
    client, world, meeting, django_capture_on_commit_callbacks
):
    client.force_login(world.operator)
    kodim = world.partners["Kodim 0305/Pasaman"]
    neighbour = AgencyFactory(
        kind=Agency.Kind.DINAS, short_name="Dinas Kominfo", seat=world.polres.seat
    )
    assert "Dinas Kominfo" in _offered_invitees(client, meeting)

    with django_capture_on_commit_callbacks(execute=True):
        neighbour.short_name = "Diskominfo Pasaman Barat"
        neighbour.save()

    offered = _offered_invitees(client, meeting)
    assert "Diskominfo Pasaman Barat" in offered
    assert "Dinas Kominfo" not in offered
    assert kodim.short_name in offered


def test_it_offers_a_unit_added_since_the_editor_was_last_opened_as_host(
    client, world, meeting, django_capture_on_commit_callbacks
):
    client.force_login(world.operator)
    assert "Polsek Baru" not in _offered_hosts(client, meeting)

    with django_capture_on_commit_callbacks(execute=True):
        AgencyFactory(kind=Agency.Kind.POLSEK, short_name="Polsek Baru", parent=world.polres)

    assert "Polsek Baru" in _offered_hosts(client, meeting)


def test_it_deletes_a_removed_agenda_row_and_renumbers_the_rest(client, world):
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


def test_it_refuses_a_too_long_cancel_reason_with_a_message_instead_of_cutting_it(
    client, world, meeting
):
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:cancel", args=[meeting.pk]),
        {"version": meeting.version, "reason": "Banjir " * 20},
    )

    assert response.status_code == 200
    assert "paling banyak 100 karakter" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED


def test_it_summarises_every_error_at_the_top_with_a_link_to_each_field(client, world):
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:create"), _editor_post(world, title="", **{"agenda-1-title": ""})
    )

    content = response.content.decode()
    summary = content[content.index('data-testid="error-summary"') :]
    assert content.index('data-testid="error-summary"') < content.index(
        'data-testid="meeting-form"'
    )
    assert 'href="#id_title"' in summary
    assert 'href="#id_agenda-1-title"' in summary
    assert not Meeting.objects.exists()


def test_it_keeps_a_typed_in_speaker_with_a_position(client, world):
    client.force_login(world.operator)

    client.post(
        reverse("meetings:create"),
        _editor_post(world, **{"agenda-1-presenter_position": "Kabag Ops Polres Pasaman Barat"}),
    )

    item = Meeting.objects.get().agenda_items.get(order=2)
    assert item.presenter_label == "Kabag Ops (Kabag Ops Polres Pasaman Barat)"


def test_it_refuses_both_an_official_and_a_typed_in_speaker(client, world):
    client.force_login(world.operator)
    kapolres = world.polres.officials.first()

    response = client.post(
        reverse("meetings:create"),
        _editor_post(world, **{"agenda-1-presenter": kapolres.pk}),
    )

    assert "bukan keduanya" in response.content.decode()
    assert not Meeting.objects.exists()


def test_it_offers_the_hosts_area_first_in_the_agency_picker(client, world):
    Agency.objects.filter(short_name="KPU Pasaman Barat").update(seat_id="13.12")
    client.force_login(world.operator)

    response = client.get(reverse("meetings:create"))

    offered = [pk for pk, _name in response.context["form"].fields["invited_agencies"].choices]
    seats = [Agency.objects.get(pk=pk).seat_id for pk in offered]
    assert seats[:2] == ["13.12", "13.12"]  # the Polres and the KPU of Kabupaten Pasaman Barat
    assert seats[2] == "13"  # then the province: Polda Sumbar


def _invited_options(content: str) -> str:
    return content.split('name="invited_agencies"')[1].split("</select>")[0]


def test_it_writes_the_invited_and_a_short_list_of_agencies_not_every_agency(
    client, world, meeting
):
    far = [
        AgencyFactory(kind=Agency.Kind.KPU, short_name=f"KPU Jauh {n}", seat=None)
        for n in range(2 * selectors.AGENCY_RESULTS)
    ]
    invited = far[-1]
    meeting.invitations.create(agency=invited)
    client.force_login(world.operator)

    content = client.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    options = _invited_options(content)

    # The short list, and the invited agencies that are not on it.
    assert options.count("<option") <= selectors.AGENCY_RESULTS + meeting.invitations.count()
    assert f'<option value="{invited.pk}" selected>{invited.short_name}</option>' in options
    assert options.count("KPU Jauh") < len(far)
    assert reverse("meetings:agency_choices", args=[selectors.INVITEES]) in options


def test_it_saves_an_agency_the_page_did_not_offer(client, world):
    far = AgencyFactory(kind=Agency.Kind.KPU, short_name="KPU Jauh", seat=None)
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:create"), _editor_post(world, invited_agencies=[far.pk])
    )

    assert response.status_code == 302
    assert list(Meeting.objects.get().invitations.values_list("agency", flat=True)) == [far.pk]


@pytest.mark.parametrize("value", ["999999", "KPU", "99999999999999999999"])
def test_it_refuses_an_agency_that_does_not_exist_naming_the_field(client, world, value):
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:create"), _editor_post(world, invited_agencies=[value])
    )

    assert response.status_code == 200
    assert response.context["form"].errors["invited_agencies"]
    assert not Meeting.objects.exists()


def test_it_accepts_a_speaker_from_an_agency_invited_in_the_same_post(client, world):
    client.force_login(world.operator)
    ketua_kpu = world.partners["KPU Pasaman Barat"].officials.get()

    client.post(
        reverse("meetings:create"),
        _editor_post(world, **{"agenda-1-presenter": ketua_kpu.pk, "agenda-1-presenter_name": ""}),
    )

    assert Meeting.objects.get().agenda_items.get(order=2).presenter == ketua_kpu


def test_it_refuses_a_speaker_from_an_agency_neither_hosting_nor_invited(client, world):
    client.force_login(world.operator)
    dandim = world.partners["Kodim 0305/Pasaman"].officials.get()

    response = client.post(
        reverse("meetings:create"),
        _editor_post(world, **{"agenda-1-presenter": dandim.pk, "agenda-1-presenter_name": ""}),
    )

    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assert response.context["agenda"].forms[1].errors["presenter"]


def test_it_offers_the_speakers_of_the_host_and_the_agencies_picked_so_far(client, world):
    client.force_login(world.operator)
    kpu = world.partners["KPU Pasaman Barat"]

    groups = client.get(
        reverse("meetings:speakers"), {"penyelenggara": world.polres.pk, "instansi": [kpu.pk]}
    ).json()["groups"]

    assert [name for name, _choices in groups] == ["Polres Pasaman Barat", "KPU Pasaman Barat"]
    assert [label for _pk, label in groups[1][1]] == ["Ketua KPU Pasbar, Ketua KPU"]


def test_it_ignores_speaker_requests_it_cannot_read(client, world):
    client.force_login(world.operator)

    response = client.get(reverse("meetings:speakers"), {"penyelenggara": "x", "instansi": "y"})

    assert response.json() == {"groups": []}


def test_it_writes_only_each_rows_chosen_speaker_into_the_page(client, world, meeting):
    kapolres = world.polres.officials.first()
    dandim = world.partners["Kodim 0305/Pasaman"].officials.get()
    meeting.agenda_items.filter(order=1).update(presenter=kapolres)
    client.force_login(world.operator)

    response = client.get(reverse("meetings:edit", args=[meeting.pk]))

    first, second = (str(form["presenter"]) for form in response.context["agenda"].forms[:2])
    assert f'<option value="{kapolres.pk}" selected>' in first
    assert f'value="{dandim.pk}"' not in first
    assert second.count("<option") == 1  # the blank; the browser asks for the rest


def test_it_names_the_row_and_the_field_of_a_speaker_it_refuses(client, world):
    client.force_login(world.operator)
    dandim = world.partners["Kodim 0305/Pasaman"].officials.get()

    response = client.post(
        reverse("meetings:create"),
        _editor_post(world, **{"agenda-1-presenter": dandim.pk, "agenda-1-presenter_name": ""}),
    )

    assert (
        "#2 · Narasumber: Pilih pejabat penyelenggara atau instansi yang diundang, atau tulis "
        "nama narasumber lain." in response.content.decode()
    )
    assert not Meeting.objects.exists()


def test_it_writes_only_the_chosen_signatory_and_where_to_ask_for_the_others(
    client, world, meeting
):
    kabag = world.polres.officials.exclude(pk=world.polres.officials.first().pk).first()
    Meeting.objects.filter(pk=meeting.pk).update(signatory=kabag)
    client.force_login(world.operator)

    response = client.get(reverse("meetings:edit", args=[meeting.pk]))

    signatory = str(response.context["form"]["signatory"])
    assert signatory.count("<option") == 2
    assert f'<option value="{kabag.pk}" selected>' in signatory
    url = response.context["form"].fields["signatory"].widget.attrs["data-officials-url"]
    offered = [pk for _agency, choices in client.get(url).json()["groups"] for pk, _ in choices]
    assert kabag.pk in offered
    assert world.partners["KPU Pasaman Barat"].officials.get().pk not in offered
