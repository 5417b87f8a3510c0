"""Attachments: upload, download, delete."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import services
from meetings.models import Attachment

pytestmark = pytest.mark.django_db


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attachment(world, meeting, **kwargs):
    return services.add_attachment(
        meeting=meeting,
        user=world.operator,
        upload=SimpleUploadedFile("Surat undangan.pdf", PDF),
        kind=Attachment.Kind.INVITATION,
        **kwargs,
    )


def test_it_answers_404_to_an_operator_of_another_unit(client, world, meeting):
    client.force_login(world.other_operator)

    assert client.get(reverse("meetings:attachment_upload", args=[meeting.pk])).status_code == 404


def test_it_refuses_a_liaison(client, world, meeting):
    client.force_login(world.kpu_liaison)

    assert client.get(reverse("meetings:attachment_upload", args=[meeting.pk])).status_code == 403


def test_it_lets_an_invited_liaison_download_with_safe_headers(client, world, meeting):
    attachment = _attachment(world, meeting)
    client.force_login(world.kpu_liaison)

    response = client.get(reverse("meetings:attachment_download", args=[attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'attachment; filename="Surat undangan.pdf"' in response["Content-Disposition"]


def test_it_answers_404_to_an_uninvited_liaison(client, world, meeting):
    attachment = _attachment(world, meeting)
    client.force_login(world.bawaslu_liaison)

    response = client.get(reverse("meetings:attachment_download", args=[attachment.pk]))

    assert response.status_code == 404


def test_it_hides_an_internal_attachment_from_liaisons(client, world, meeting):
    attachment = _attachment(world, meeting, is_internal=True)
    client.force_login(world.kpu_liaison)

    response = client.get(reverse("meetings:attachment_download", args=[attachment.pk]))

    assert response.status_code == 404


def test_it_names_a_disguised_file(client, world, meeting):
    client.force_login(world.operator)

    response = client.post(
        reverse("meetings:attachment_upload", args=[meeting.pk]),
        {"kind": "foto", "file": SimpleUploadedFile("foto.jpg", b"<html>bukan foto</html>")},
    )

    assert response.status_code == 200
    assert "Isi berkas “foto.jpg” bukan PDF" in response.content.decode()
    assert not Attachment.objects.exists()
