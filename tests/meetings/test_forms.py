import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import forms
from meetings.files import MAX_ATTACHMENT_SIZE
from meetings.forms.widgets import ChosenOfficials, ServerFilledSelect
from meetings.models import Attachment, Meeting
from tests.factories import AgencyFactory, AttendeeFactory
from tests.worlds import rakor

pytestmark = pytest.mark.django_db


def _meeting_data(world, **overrides):
    data = {
        "title": "Rakor Mantap Praja",
        "kind": Meeting.Kind.RAKOR,
        "host": world.polres.pk,
        "starts_at": "2024-08-15T08:30",
        "ends_at": "2024-08-15T11:30",
        "venue": "Aula Polres",
        "visibility": Meeting.Visibility.SHARED,
        "invited_agencies": [world.partners["KPU Pasaman Barat"].pk],
    }
    data.update(overrides)
    return data


def test_it_reads_the_times_in_the_hosts_zone(world):
    makassar = AgencyFactory(short_name="Polresta Banjarmasin", parent=None, seat_id=None)
    from tests.factories import MembershipFactory, RegionFactory

    RegionFactory(code="63", name="Kalimantan Selatan")
    makassar.seat_id = "63"
    makassar.save()
    user = MembershipFactory(agency=makassar).user
    form = forms.MeetingForm(_meeting_data(world, host=makassar.pk), user=user)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == datetime.datetime(
        2024, 8, 15, 0, 30, tzinfo=datetime.UTC
    )


def test_it_rejects_an_end_before_the_start(world):
    form = forms.MeetingForm(_meeting_data(world, ends_at="2024-08-15T07:00"), user=world.operator)

    assert not form.is_valid()
    assert form.errors["ends_at"] == ["Waktu selesai harus sesudah waktu mulai."]


def test_it_offers_only_the_units_the_operator_runs_as_host(world):
    form = forms.MeetingForm(_meeting_data(world, host=world.other_polres.pk), user=world.operator)

    assert not form.is_valid()
    assert "host" in form.errors


def _agenda_data(*rows, prefix="agenda"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, (order, title) in enumerate(rows):
        data[f"{prefix}-{index}-order"] = str(order)
        data[f"{prefix}-{index}-title"] = title
        data[f"{prefix}-{index}-duration_minutes"] = "15"
    return data


def test_it_rejects_a_duplicate_agenda_order(world):
    formset = forms.AgendaFormSet(
        _agenda_data((1, "Pembukaan"), (2, "Paparan"), (2, "Penutup")),
        instance=Meeting(),
        prefix="agenda",
    )

    assert not formset.is_valid()
    assert formset.non_form_errors() == ["Urutan acara 2 dipakai lebih dari satu acara."]


def test_it_accepts_a_swapped_order_of_saved_items(world):
    meeting = rakor(world)
    first = meeting.agenda_items.create(order=1, title="Pembukaan")
    second = meeting.agenda_items.create(order=2, title="Paparan")
    data = _agenda_data((2, "Pembukaan"), (1, "Paparan"))
    data.update({"agenda-INITIAL_FORMS": "2", "agenda-0-id": first.pk, "agenda-1-id": second.pk})

    formset = forms.AgendaFormSet(data, instance=meeting, prefix="agenda")

    assert formset.is_valid(), formset.errors
    assert [row.order for row in formset.agenda_rows()] == [2, 1]


def test_an_agenda_row_shows_its_errors_under_the_field_they_concern(world):
    data = _agenda_data((1, "<b>Pembukaan</b>"))
    data["agenda-0-duration_minutes"] = "lama"
    formset = forms.AgendaFormSet(data, instance=Meeting(), prefix="agenda")
    formset.is_valid()

    row = formset.forms[0].agenda_row()

    cell = row.split('class="agenda-duration">')[1].split("</td>")[0]
    assert 'name="agenda-0-duration_minutes"' in cell and 'aria-invalid="true"' in cell
    error = formset.forms[0].errors["duration_minutes"][0]
    assert f'<div class="invalid-feedback d-block">{error}</div>' in cell
    assert 'value="&lt;b&gt;Pembukaan&lt;/b&gt;"' in row
    assert '<span class="fw-semibold" data-order-label>1</span>' in row


def test_an_empty_agenda_row_is_a_template_for_the_browser(world):
    row = forms.AgendaFormSet(instance=Meeting(), prefix="agenda").empty_form.agenda_row()

    assert 'name="agenda-__prefix__-title"' in row
    assert 'aria-label="Hapus acara"' in row and "invalid-feedback" not in row


def _action_data(meeting, due_date, owner):
    return {
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
        "actions-0-text": "Sosialisasi TPS rawan",
        "actions-0-owner_agency": str(owner.pk),
        "actions-0-due_date": due_date,
    }


def test_it_rejects_a_due_date_before_the_meeting(world):
    meeting = rakor(world)
    formset = forms.ActionItemFormSet(
        _action_data(meeting, "2024-08-14", world.polres),
        instance=meeting,
        prefix="actions",
        agencies=[world.polres],
    )

    assert not formset.is_valid()
    assert formset.errors[0]["due_date"] == ["Tenggat tidak boleh sebelum tanggal rapat."]


def test_it_rejects_an_owner_agency_that_was_not_invited(world):
    meeting = rakor(world)
    formset = forms.ActionItemFormSet(
        _action_data(meeting, "2024-08-30", world.partners["Bawaslu Pasaman Barat"]),
        instance=meeting,
        prefix="actions",
        agencies=[world.polres],
    )

    assert not formset.is_valid()
    assert formset.errors[0]["owner_agency"] == [
        "Instansi penanggung jawab harus penyelenggara atau instansi yang diundang."
    ]


def test_it_rejects_an_oversized_file(world):
    upload = SimpleUploadedFile("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16)
    upload.size = MAX_ATTACHMENT_SIZE + 1
    form = forms.AttachmentForm({"kind": Attachment.Kind.PHOTO}, {"file": upload})

    assert not form.is_valid()
    assert "terlalu besar" in form.errors["file"][0]
    assert "ukuran paling besar 20 MB" in form.errors["file"][0]
    assert "foto.jpg" in form.errors["file"][0]


def test_it_rejects_a_text_file_disguised_as_a_docx(world):
    upload = SimpleUploadedFile("notulen.docx", b"ini bukan dokumen word")
    form = forms.AttachmentForm({"kind": Attachment.Kind.MINUTES}, {"file": upload})

    assert not form.is_valid()
    assert form.errors["file"] == [
        "Isi berkas “notulen.docx” bukan PDF, gambar (PNG/JPEG/WEBP), DOCX atau XLSX, "
        "apa pun akhiran namanya."
    ]


def test_it_accepts_a_png(world):
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00" * 32
    form = forms.AttachmentForm(
        {"kind": Attachment.Kind.PHOTO}, {"file": SimpleUploadedFile("a", png)}
    )

    assert form.is_valid(), form.errors
    assert form.detected.content_type == "image/png"


def test_it_rejects_an_attendee_official_from_another_agency(world):
    meeting = rakor(world)
    kodim = world.partners["Kodim 0305/Pasaman"]
    kpu = world.partners["KPU Pasaman Barat"]
    ketua_kpu = kpu.officials.get()
    formset = forms.AttendeeFormSet(
        {
            "attendees-TOTAL_FORMS": "1",
            "attendees-INITIAL_FORMS": "0",
            "attendees-0-agency": str(kodim.pk),
            "attendees-0-official": str(ketua_kpu.pk),
        },
        instance=meeting,
        prefix="attendees",
        agencies=[kodim, kpu],
        officials=[ketua_kpu],
    )

    assert not formset.is_valid()
    assert formset.errors[0]["official"] == ["Ketua KPU Pasbar bukan pejabat Kodim 0305/Pasaman."]


def _risk_data(**row):
    data = {
        "risks-TOTAL_FORMS": "1",
        "risks-INITIAL_FORMS": "0",
        "risks-MIN_NUM_FORMS": "0",
        "risks-MAX_NUM_FORMS": "1000",
        "risks-0-description": "Konsentrasi massa di KPU",
        "risks-0-level": "tinggi",
        "risks-0-mitigation": "",
    }
    data.update({f"risks-0-{name}": value for name, value in row.items()})
    return data


def _risk_formset(world, data):
    return forms.MeetingRiskFormSet(
        data, instance=rakor(world), prefix="risks", agencies=[world.polres]
    )


def test_it_rejects_a_risk_without_its_description(world):
    formset = _risk_formset(world, _risk_data(description="", mitigation="Patroli"))

    assert not formset.is_valid()
    assert formset.errors[0]["description"] == [
        "Tulis risiko/kerawanan yang diangkat, atau hapus baris ini."
    ]


def test_it_rejects_a_risk_raised_by_an_agency_that_was_not_invited(world):
    bawaslu = world.partners["Bawaslu Pasaman Barat"]
    formset = _risk_formset(world, _risk_data(raised_by=str(bawaslu.pk)))

    assert not formset.is_valid()
    assert formset.errors[0]["raised_by"] == [
        "Instansi yang menyampaikan risiko harus penyelenggara atau instansi yang diundang."
    ]


def test_it_rejects_an_unknown_risk_level(world):
    formset = _risk_formset(world, _risk_data(level="kritis"))

    assert not formset.is_valid()
    assert formset.errors[0]["level"] == ["Pilih tingkat risiko: rendah, sedang atau tinggi."]


def test_a_server_filled_select_writes_only_the_blank_and_the_chosen_option(world):
    kapolres, *others = world.polres.officials.order_by("pk")
    widget = ServerFilledSelect(chosen=ChosenOfficials(world.polres.officials.all()))

    html = widget.render("chair", kapolres.pk, attrs={"id": "id_chair"})

    assert html.count("<option") == 2
    assert f'<option value="{kapolres.pk}" selected>{kapolres.display_name}, ' in html
    assert "data-official-choices" in html
    assert all(f'value="{official.pk}"' not in html for official in others)


def test_a_server_filled_select_writes_no_option_for_an_official_it_does_not_accept(world):
    dandim = world.partners["Kodim 0305/Pasaman"].officials.get()
    widget = ServerFilledSelect(chosen=ChosenOfficials(world.polres.officials.all()))

    for value in (dandim.pk, "x", "99999999999999999999999"):
        assert widget.render("chair", value).count("<option") == 1


def test_the_chosen_officials_of_every_row_are_read_in_one_query(world, django_assert_num_queries):
    meeting = rakor(world)
    kpu = world.partners["KPU Pasaman Barat"]
    for _ in range(5):
        AttendeeFactory(meeting=meeting, agency=kpu, official=kpu.officials.get())
    formset = forms.AttendeeFormSet(
        instance=meeting,
        prefix="attendees",
        agencies=[kpu],
        officials=kpu.officials.all(),
    )
    list(formset)  # the rows, as the page reads them

    with django_assert_num_queries(1):
        html = "".join(str(form["official"]) for form in formset)

    assert html.count(" selected>") == 5
