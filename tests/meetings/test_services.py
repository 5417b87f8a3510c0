import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings import services
from meetings.history import cancellation_reason, changes_since_version, meeting_history
from meetings.models import ActionItem, AgendaItem, Attachment, Meeting, MeetingRisk
from tests.factories import AgendaItemFactory, InvitationFactory
from tests.worlds import RAKOR_START, rakor, record_outcome

pytestmark = pytest.mark.django_db


def _agenda(*titles):
    return [
        services.AgendaRow(title=title, duration_minutes=20, order=index)
        for index, title in enumerate(titles, start=1)
    ]


def _create(world, **kwargs):
    values = {
        "user": world.operator,
        "host": world.polres,
        "kind": Meeting.Kind.RAKOR,
        "title": "Rakor pengamanan Pilkada",
        "starts_at": RAKOR_START,
        "ends_at": RAKOR_START + datetime.timedelta(hours=2),
        "venue": "Aula Polres",
        "invited_agencies": list(world.partners.values())[:3],
        "agenda": _agenda("Pembukaan", "Paparan Kabag Ops", "Paparan KPU"),
    }
    values.update(kwargs)
    return services.create_meeting(**values)


def test_it_creates_a_meeting_with_its_invitations_and_numbered_agenda(world):
    meeting = _create(world)

    assert meeting.invitations.count() == 3
    assert list(meeting.agenda_items.values_list("order", "title")) == [
        (1, "Pembukaan"),
        (2, "Paparan Kabag Ops"),
        (3, "Paparan KPU"),
    ]
    assert meeting.history.first().history_user == world.operator


def test_it_rejects_an_end_before_the_start(world):
    with pytest.raises(ValidationError) as error:
        _create(world, ends_at=RAKOR_START - datetime.timedelta(hours=1))

    assert "Waktu selesai harus sesudah waktu mulai." in str(error.value)


def test_it_reorders_the_agenda_without_breaking_the_unique_order(world):
    meeting = _create(world)
    first, second, third = meeting.agenda_items.order_by("order")
    rows = [
        services.AgendaRow(id=third.pk, title=third.title, duration_minutes=20, order=1),
        services.AgendaRow(id=first.pk, title=first.title, duration_minutes=20, order=2),
        services.AgendaRow(id=second.pk, title=second.title, duration_minutes=20, order=3),
    ]

    services.update_meeting(
        meeting=meeting,
        user=world.operator,
        version=meeting.version,
        data={},
        invited_agencies=list(world.partners.values())[:3],
        agenda=rows,
    )

    assert list(meeting.agenda_items.order_by("order").values_list("pk", flat=True)) == [
        third.pk,
        first.pk,
        second.pk,
    ]


def test_it_removes_agenda_items_and_invitations_left_out_of_an_update(world):
    meeting = _create(world)
    kept = meeting.agenda_items.get(order=2)

    services.update_meeting(
        meeting=meeting,
        user=world.operator,
        version=meeting.version,
        data={},
        invited_agencies=[world.partners["KPU Pasaman Barat"]],
        agenda=[services.AgendaRow(id=kept.pk, title=kept.title, duration_minutes=30, order=5)],
    )

    assert list(meeting.agenda_items.values_list("title", "order", "duration_minutes")) == [
        ("Paparan Kabag Ops", 1, 30)
    ]
    assert [i.agency for i in meeting.invitations.all()] == [world.partners["KPU Pasaman Barat"]]


def test_a_second_save_from_the_same_version_is_refused_and_writes_nothing(world):
    meeting = _create(world)
    loaded_version = meeting.version
    services.update_meeting(
        meeting=Meeting.objects.get(pk=meeting.pk),
        user=world.operator,
        version=loaded_version,
        data={"venue": "Gedung Pancasila"},
        invited_agencies=list(world.partners.values())[:3],
        agenda=[],
    )

    with pytest.raises(services.MeetingConflict) as conflict:
        services.update_meeting(
            meeting=Meeting.objects.get(pk=meeting.pk),
            user=world.commander,
            version=loaded_version,
            data={"venue": "Aula Bhayangkari"},
            invited_agencies=[],
            agenda=[],
        )

    meeting.refresh_from_db()
    assert meeting.venue == "Gedung Pancasila"
    assert meeting.invitations.count() == 3
    assert conflict.value.meeting.version == loaded_version + 1


def test_the_conflict_summary_names_what_the_other_user_changed(world):
    meeting = _create(world)
    loaded_version = meeting.version
    services.update_meeting(
        meeting=meeting,
        user=world.operator,
        version=loaded_version,
        data={"venue": "Gedung Pancasila"},
        invited_agencies=list(world.partners.values())[:3],
        agenda=[],
    )

    changes = changes_since_version(meeting=meeting, version=loaded_version)

    venue_changes = [c for entry in changes for c in entry.changes if c.label == "tempat"]
    assert venue_changes[0].old == "Aula Polres"
    assert venue_changes[0].new == "Gedung Pancasila"
    assert any(entry.subject.startswith("Acara") and entry.action == "dihapus" for entry in changes)


def test_it_cancels_and_keeps_the_reason_in_history(world):
    meeting = _create(world)

    services.cancel_meeting(
        meeting=meeting,
        user=world.operator,
        version=meeting.version,
        reason="Banjir di Simpang Empat",
    )

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert cancellation_reason(meeting=meeting) == "Banjir di Simpang Empat"


def test_it_records_attendance_decisions_and_action_items(world):
    meeting = rakor(world)
    kpu = world.partners["KPU Pasaman Barat"]
    invitation = InvitationFactory(meeting=meeting, agency=kpu)
    item = AgendaItemFactory(meeting=meeting, order=1)
    dandim = world.partners["Kodim 0305/Pasaman"].officials.get()

    record_outcome(
        meeting,
        world.operator,
        presence={invitation.pk: True},
        minutes={item.pk: "KPU menyiapkan 893 TPS."},
        attendees=services.RowChanges(
            upsert=[
                {
                    "agency": world.partners["Kodim 0305/Pasaman"],
                    "name": "Sutrisno",
                    "rank": "Mayor Inf",
                    "position": "Pasi Ops",
                    "represents": dandim,
                }
            ]
        ),
        decisions=services.RowChanges(
            upsert=[{"order": 1, "text": "Patroli gabungan tiap malam."}]
        ),
        action_items=services.RowChanges(
            upsert=[
                {
                    "text": "Sosialisasi TPS",
                    "owner_agency": kpu,
                    "due_date": datetime.date(2024, 8, 30),
                    "status": ActionItem.Status.OPEN,
                }
            ]
        ),
    )

    meeting.refresh_from_db()
    invitation.refresh_from_db()
    item.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert invitation.present is True
    assert item.minutes == "KPU menyiapkan 893 TPS."
    assert meeting.attendees.get().represents == dandim
    assert meeting.decisions.get().text == "Patroli gabungan tiap malam."
    assert meeting.action_items.get().owner_agency == kpu


def test_it_rejects_a_due_date_before_the_meeting(world):
    meeting = rakor(world)

    with pytest.raises(ValidationError) as error:
        record_outcome(
            meeting,
            world.operator,
            action_items=services.RowChanges(
                upsert=[
                    {
                        "text": "Sosialisasi",
                        "owner_agency": world.polres,
                        "due_date": datetime.date(2024, 8, 1),
                        "status": ActionItem.Status.OPEN,
                    }
                ]
            ),
        )

    assert "Tenggat tidak boleh sebelum tanggal rapat." in str(error.value)


def _pdf_bytes():
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_it_stores_an_attachment_under_a_random_name_with_the_detected_type(world):
    meeting = rakor(world)
    upload = SimpleUploadedFile("undangan rakor.pdf", _pdf_bytes(), content_type="text/plain")

    attachment = services.add_attachment(
        meeting=meeting, user=world.operator, upload=upload, kind=Attachment.Kind.INVITATION
    )

    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "undangan rakor.pdf"
    assert "undangan" not in attachment.file.name
    assert attachment.file.name.startswith(f"rapat/{meeting.pk}/")
    assert attachment.file.name.endswith(".pdf")


def test_it_refuses_an_executable_named_like_a_pdf(world):
    meeting = rakor(world)
    upload = SimpleUploadedFile("notulen.pdf", b"MZ\x90\x00" + b"\x00" * 200)

    with pytest.raises(ValidationError) as error:
        services.add_attachment(
            meeting=meeting, user=world.operator, upload=upload, kind=Attachment.Kind.MINUTES
        )

    assert "bukan PDF" in str(error.value)
    assert not Attachment.objects.exists()


def test_it_tells_a_docx_from_an_xlsx_by_the_zip_members(world):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    upload = SimpleUploadedFile("daftar hadir.docx", buffer.getvalue())

    attachment = services.add_attachment(
        meeting=rakor(world), user=world.operator, upload=upload, kind=Attachment.Kind.ATTENDANCE
    )

    assert attachment.content_type.endswith("spreadsheetml.sheet")
    assert attachment.file.name.endswith(".xlsx")


def test_history_records_agenda_changes_with_the_user(world):
    meeting = _create(world)

    records = AgendaItem.history.filter(meeting_id=meeting.pk)

    assert records.count() == 3
    assert {r.history_user for r in records} == {world.operator}


def _risk(world, **overrides):
    return {
        "description": "Massa pendukung dua paslon bertemu di Simpang Empat",
        "level": MeetingRisk.Level.HIGH,
        "raised_by": world.polres,
        "mitigation": "Patroli gabungan TNI-Polri",
        **overrides,
    }


def test_it_saves_the_risks_raised_with_therecord_outcome(world):
    meeting = rakor(world)

    record_outcome(
        meeting,
        world.operator,
        summary="Situasi kondusif.",
        risks=services.RowChanges(upsert=[_risk(world)]),
    )

    risk = meeting.risks.get()
    assert (risk.description, risk.level, risk.raised_by) == (
        "Massa pendukung dua paslon bertemu di Simpang Empat",
        MeetingRisk.Level.HIGH,
        world.polres,
    )


def test_it_updates_and_deletes_risks_with_therecord_outcome(world):
    meeting = rakor(world)
    kept = MeetingRisk.objects.create(meeting=meeting, description="Hoaks DPT")
    dropped = MeetingRisk.objects.create(meeting=meeting, description="Banjir")

    record_outcome(
        meeting,
        world.operator,
        risks=services.RowChanges(
            upsert=[_risk(world, id=kept.pk, description="Hoaks DPT di media sosial")],
            delete=[dropped.pk],
        ),
    )

    assert list(meeting.risks.values_list("pk", "description")) == [
        (kept.pk, "Hoaks DPT di media sosial")
    ]


def test_a_stale_outcome_saves_no_risk(world):
    meeting = rakor(world)
    stale = meeting.version
    record_outcome(Meeting.objects.get(pk=meeting.pk), world.commander)

    with pytest.raises(services.MeetingConflict):
        record_outcome(
            meeting,
            world.operator,
            version=stale,
            summary="Ringkasan tertunda",
            risks=services.RowChanges(upsert=[_risk(world)]),
        )

    meeting.refresh_from_db()
    assert not meeting.risks.exists()
    assert meeting.summary == ""


def test_a_risk_saved_with_the_outcome_shows_in_the_meeting_history(world):
    meeting = rakor(world)

    record_outcome(meeting, world.operator, risks=services.RowChanges(upsert=[_risk(world)]))

    entries = meeting_history(meeting=meeting)
    risk_entries = [e for e in entries if e.subject.startswith("Risiko")]
    assert [e.action for e in risk_entries] == ["dibuat"]
    assert "operator.pasbar" in risk_entries[0].who


def test_it_refuses_an_outcome_for_a_cancelled_meeting(world):
    meeting = rakor(world)
    services.cancel_meeting(
        meeting=meeting, user=world.operator, version=meeting.version, reason="Banjir"
    )

    with pytest.raises(ValidationError, match="dibatalkan"):
        record_outcome(meeting, world.operator, summary="Tidak boleh")

    meeting.refresh_from_db()
    assert meeting.summary == ""


def test_it_refuses_an_early_outcome_without_a_reason(world):
    start = timezone.now() + datetime.timedelta(days=2)
    meeting = rakor(world, starts_at=start, ends_at=start + datetime.timedelta(hours=1))

    with pytest.raises(ValidationError, match="alasan"):
        record_outcome(meeting, world.operator, mark_held=False, summary="Terlalu awal")

    meeting.refresh_from_db()
    assert meeting.summary == ""


def test_it_keeps_the_reason_of_an_earlyrecord_outcome(world):
    start = timezone.now() + datetime.timedelta(days=2)
    meeting = rakor(world, starts_at=start, ends_at=start + datetime.timedelta(hours=1))

    record_outcome(meeting, world.operator, mark_held=False, early_reason="Pimpinan dinas luar")

    meeting.refresh_from_db()
    assert meeting.early_outcome_reason == "Pimpinan dinas luar"
    assert meeting.status == Meeting.Status.SCHEDULED
