"""The undangan and notulen as naskah dinas: Nomor, addressees, signatories, approval."""

import re
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies.models import IssuedNumber, Official
from meetings import services
from meetings.models import Meeting
from tests.agencies.factories import LetterRegisterFactory
from tests.factories import InvitationFactory
from tests.worlds import build_world, rakor

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def world():
    world = build_world()
    Official.objects.filter(agency=world.polres, position="Kabag Ops").update(nrp="75060512")
    LetterRegisterFactory(
        unit=world.polres,
        place="Simpang Empat",
        signatory=Official.objects.get(agency=world.polres, position="Kabag Ops"),
    )
    return world


@pytest.fixture
def meeting(world):
    meeting = rakor(world)
    for name in ("KPU Pasaman Barat", "Kodim 0305/Pasaman", "Pemkab Pasaman Barat"):
        InvitationFactory(meeting=meeting, agency=world.partners[name])
    return meeting


def get_pdf(client, user, name, meeting) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=[meeting.pk]))
    assert response.status_code == 200
    return pdf_text(response.content)


def test_the_undangan_gets_a_nomor_at_the_operators_first_print_and_keeps_it(
    client, world, meeting
):
    first = get_pdf(client, world.operator, "meetings:invitation_pdf", meeting)
    again = get_pdf(client, world.operator, "meetings:invitation_pdf", meeting)

    reference = IssuedNumber.objects.get(object_id=meeting.pk, kind="undangan").reference
    assert re.fullmatch(r"B/1/[IVX]+/KKA/\d{4}/Bag Ops", reference)
    assert reference in first
    assert reference in again


def test_the_undangan_is_addressed_to_the_heads_of_the_invited_agencies(client, world, meeting):
    text = get_pdf(client, world.operator, "meetings:invitation_pdf", meeting)

    assert "Kepada Yth." in text
    for head in ("Ketua KPU Pasaman Barat", "Dandim 0305/Pasaman", "Bupati Pasaman Barat"):
        assert head in text


def test_the_undangan_is_signed_for_the_head_of_the_host_by_its_signatory(client, world, meeting):
    text = get_pdf(client, world.operator, "meetings:invitation_pdf", meeting)

    assert "a.n. KEPALA " in text
    assert "KABAG OPS" in text
    assert "KABAG OPS PASBAR KOMPOL NRP 75060512" in text
    assert "Tembusan: 1. Kapolda Sumbar." in text


def test_a_liaison_sees_a_draft_until_the_host_issues_the_undangan(client, world, meeting):
    draft = get_pdf(client, world.kpu_liaison, "meetings:invitation_pdf", meeting)

    assert "KONSEP, belum bernomor" in draft
    assert not IssuedNumber.objects.exists()


def test_the_notulen_names_its_notulis_with_rank_and_nrp(client, world, meeting):
    notulis = Official.objects.create(
        agency=world.polres,
        name="Sandi Pratama",
        rank="Iptu",
        position="Kasi Humas",
        nrp="92020010",
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD, minutes_taker=notulis)

    text = get_pdf(client, world.operator, "meetings:minutes_pdf", meeting)

    assert "Notulis : Iptu Sandi Pratama, Kasi Humas" in text
    assert "SANDI PRATAMA IPTU NRP 92020010" in text
    assert re.search(r"Nomor: B/1/[IVX]+/KKA/\d{4}/Bag Ops", text)


def test_an_approval_by_the_chair_is_recorded_and_printed(client, world, meeting):
    chair = Official.objects.get(agency=world.polres, name="Agung Tribawanto")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD, chair=chair)
    client.force_login(world.operator)

    client.post(reverse("meetings:minutes_approve", args=[meeting.pk]))

    meeting.refresh_from_db()
    assert meeting.minutes_approved_by == chair
    assert meeting.minutes_approval_recorded_by == world.operator
    text = get_pdf(client, world.operator, "meetings:minutes_pdf", meeting)
    assert (
        "Notulen ini telah disetujui pimpinan rapat, AKBP Agung Tribawanto (Kapolres Pasaman Barat)"
    ) in " ".join(text.split())
    assert "dicatat oleh" in text


def test_minutes_of_a_meeting_not_held_cannot_be_approved(world, meeting):
    meeting.chair = Official.objects.get(agency=world.polres, name="Agung Tribawanto")
    meeting.save()

    with pytest.raises(ValidationError) as error:
        services.approve_minutes(meeting=meeting, user=world.operator)

    assert "setelah rapat dicatat terlaksana" in str(error.value)
    meeting.refresh_from_db()
    assert not meeting.minutes_approved


def test_saving_the_outcome_again_withdraws_the_chairs_approval(world, meeting):
    chair = Official.objects.get(agency=world.polres, name="Agung Tribawanto")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD, chair=chair)
    meeting.refresh_from_db()
    services.approve_minutes(meeting=meeting, user=world.operator)
    meeting.refresh_from_db()

    services.record_outcome(
        meeting=meeting,
        user=world.operator,
        version=meeting.version,
        chair=chair,
        chair_on_behalf_of=None,
        summary="Ringkasan diubah setelah disetujui.",
        minutes_shared=True,
        mark_held=True,
        presence={},
        minutes={},
        attendees=services.RowChanges(),
        decisions=services.RowChanges(),
        action_items=services.RowChanges(),
        risks=services.RowChanges(),
    )

    meeting.refresh_from_db()
    assert not meeting.minutes_approved
    assert meeting.minutes_approved_by is None
