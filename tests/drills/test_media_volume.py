"""Drill: the media volume fills up or turns read-only while an operator uploads."""

import os
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Attachment
from tests.worlds import build_world, rakor

pytestmark = [pytest.mark.drill, pytest.mark.django_db]

MESSAGE = "ruang penyimpanan server penuh atau tidak dapat ditulisi"


def pdf(size: int) -> bytes:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\n%" + b"x" * size
    return body + b"\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def volume(tmp_path, settings):
    """A 1 MB file system of its own as MEDIA_ROOT, as a small or failing disk would be."""
    mount = tmp_path / "media"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if result.returncode:
        pytest.fail(f"the drill needs root to mount a small volume: {result.stderr}")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "config.storage.AtomicFileSystemStorage",
            "OPTIONS": {"location": mount},
        },
    }
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture
def upload(client):
    world = build_world()
    meeting = rakor(world)
    client.force_login(world.operator)

    def _upload(content: bytes):
        return client.post(
            reverse("meetings:attachment_upload", args=[meeting.pk]),
            {"kind": "undangan", "file": SimpleUploadedFile("undangan.pdf", content)},
        )

    return _upload


def files_in(folder: Path) -> list[str]:
    return [os.path.join(root, name) for root, _dirs, names in os.walk(folder) for name in names]


def test_an_upload_that_fits_is_stored(volume, upload, say):
    response = upload(pdf(100_000))

    assert response.status_code == 302
    assert Attachment.objects.count() == 1
    assert len(files_in(volume)) == 1
    say("100 KB upload on the 1 MB volume: stored (the volume itself works)")


def test_an_upload_larger_than_the_free_space_is_refused_and_leaves_nothing(volume, upload, say):
    response = upload(pdf(2_000_000))

    assert response.status_code == 507
    assert MESSAGE in response.content.decode()
    assert not Attachment.objects.exists()
    assert files_in(volume) == []
    say("2 MB upload on the 1 MB volume: 507 with the message, no row, no partial file")


def test_an_upload_to_a_read_only_volume_is_refused_and_leaves_nothing(volume, upload, say):
    subprocess.run(["mount", "-o", "remount,ro", str(volume)], check=True)

    response = upload(pdf(10_000))

    assert response.status_code == 507
    assert MESSAGE in response.content.decode()
    assert not Attachment.objects.exists()
    assert files_in(volume) == []
    say("upload to the volume remounted read-only: 507 with the message, nothing written")
