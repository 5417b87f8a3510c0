"""`make backup` and `make restore`: the database (pg_dump custom format) and every media
file in one archive, restored record for record and byte for byte."""

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from tests.databases import scratch_database, table_digests
from tests.processes import ROOT, manage

pytestmark = pytest.mark.slow


def file_checksums(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def make(target: str, env: dict, **variables: str) -> subprocess.CompletedProcess:
    arguments = [f"{name}={value}" for name, value in variables.items()]
    return subprocess.run(
        ["make", "-s", target, *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def environment(database_url: str, media: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return {**env, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media)}


@pytest.fixture(scope="module")
def backup(tmp_path_factory):
    """A demo installation with attachments of awkward names and contents, backed up."""
    folder = tmp_path_factory.mktemp("backup")
    media = folder / "media"
    with scratch_database("sinergi_backup_source") as source_url:
        env = environment(source_url, media)
        for command in ("migrate --noinput", "import_regions", "load_demo"):
            manage(env, *command.split())
        (media / "lampiran" / "2024" / "10").mkdir(parents=True)
        (media / "lampiran" / "2024" / "10" / "notulen rapat (final).pdf").write_bytes(
            b"%PDF-1.7\n" + os.urandom(300_000)
        )
        (media / "lampiran" / "kosong.txt").write_bytes(b"")
        (media / "laporan-kesiapan" / "7").mkdir(parents=True)
        (media / "laporan-kesiapan" / "7" / "Laporan Kesiapan – Pasaman Barat.pdf").write_bytes(
            os.urandom(1_000_000)
        )
        archive = folder / "sinergi.tar"
        result = make("backup", env, BACKUP=str(archive))
        assert result.returncode == 0, result.stderr
        yield {
            "archive": archive,
            "digests": table_digests(source_url),
            "files": file_checksums(media),
            "output": result.stdout,
        }


def test_it_restores_every_record_and_file_into_a_fresh_database(backup, tmp_path):
    media = tmp_path / "restored-media"
    with scratch_database("sinergi_restored") as url:
        result = make("restore", environment(url, media), BACKUP=str(backup["archive"]))

        assert result.returncode == 0, result.stderr
        restored = table_digests(url)
    assert len(restored) > 40
    assert restored == backup["digests"]
    assert file_checksums(media) == backup["files"]
    assert len(backup["files"]) == 3


def test_it_refuses_to_restore_over_a_database_that_holds_data(backup, tmp_path):
    media = tmp_path / "media"
    with scratch_database("sinergi_in_use") as url:
        env = environment(url, media)
        manage(env, "migrate", "--noinput")
        before = table_digests(url)

        result = make("restore", env, BACKUP=str(backup["archive"]))

        assert result.returncode != 0
        assert "Refusing to restore" in result.stderr
        assert "FORCE=1" in result.stderr
        assert table_digests(url) == before


def test_it_replaces_database_and_media_when_forced(backup, tmp_path):
    media = tmp_path / "media"
    (media / "lama").mkdir(parents=True)
    (media / "lama" / "sisa.txt").write_text("from the installation being replaced")
    with scratch_database("sinergi_forced") as url:
        env = environment(url, media)
        manage(env, "migrate", "--noinput")

        result = make("restore", env, BACKUP=str(backup["archive"]), FORCE="1")

        assert result.returncode == 0, result.stderr
        assert table_digests(url) == backup["digests"]
    assert file_checksums(media) == backup["files"]


def test_it_refuses_a_damaged_archive(backup, tmp_path):
    damaged = tmp_path / "damaged.tar"
    data = bytearray(backup["archive"].read_bytes())
    # Flip bytes well inside the dump member, past the tar headers.
    data[4096:4106] = bytes(b ^ 0xFF for b in data[4096:4106])
    damaged.write_bytes(bytes(data))
    with scratch_database("sinergi_damaged") as url:
        result = make("restore", environment(url, tmp_path / "media"), BACKUP=str(damaged))

        assert result.returncode != 0
        assert table_digests(url) == {}
