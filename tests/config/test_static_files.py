"""Static files in production: hashed names, compressed copies, a year-long immutable lifetime."""

import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from tests.config.test_settings import ROOT, run_manage

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "k7#Qm2!vZp9@Lx4$Wn8^Rt6&Yb3*Hc5(Jd1)Fg0-Sa2_Ue7+Io4=Pk9",
    "DJANGO_ALLOWED_HOSTS": "sinergi.polda.example",
    "DATABASE_URL": "postgres://sinergi@db.example/sinergi",
    "REDIS_URL": "redis://redis.example:6379/0",
}
ONE_YEAR = 365 * 24 * 3600


def test_it_keeps_compressed_hashed_static_files_in_production():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.STORAGES['staticfiles']['BACKEND'], settings.WHITENOISE_USE_FINDERS)",
        **PRODUCTION_ENV,
    )

    assert result.returncode == 0, result.stderr
    backend, use_finders = result.stdout.strip().splitlines()[-1].split()
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert use_finders == "False"


@pytest.fixture
def collected(tmp_path):
    """The project's own static files collected as production does (hashed and compressed);
    the vendor packages are left out only to keep the test quick."""
    with override_settings(
        STATIC_ROOT=tmp_path,
        STATICFILES_DIRS=[ROOT / "static"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
        DEBUG=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        hashed = next(tmp_path.glob("js/sinergi.*.js"))
        yield f"/static/js/{hashed.name}"


def test_it_serves_a_hashed_file_brotli_compressed_for_a_year_as_immutable(collected):
    response = Client().get(collected, HTTP_ACCEPT_ENCODING="gzip, br")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control and "public" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= ONE_YEAR


def test_it_serves_gzip_to_a_client_without_brotli(collected):
    response = Client().get(collected, HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
