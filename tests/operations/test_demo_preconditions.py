"""What `load_demo` needs before it runs, and what it refuses to do.

Kept apart from test_demo.py, whose module-wide demo data would hide these cases.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from agencies.models import Region
from operations.demo import DemoDataError, load_demo

pytestmark = pytest.mark.django_db

User = get_user_model()


def drop_kota_jayapura():
    # The session's regions are committed; this test's transaction hides a part of them.
    kota = Region.objects.get(code="91.71")
    for level in (Region.Level.VILLAGE, Region.Level.DISTRICT, Region.Level.REGENCY):
        Region.objects.within(kota).filter(level=level).delete()


def test_it_asks_for_the_regions_first_when_they_are_missing(regions):
    drop_kota_jayapura()

    with pytest.raises(DemoDataError, match=r"91\.71.*python manage.py import_regions"):
        load_demo()


def test_the_command_reports_missing_regions_as_an_error(regions):
    drop_kota_jayapura()

    with pytest.raises(CommandError, match=r"import_regions` terlebih dahulu"):
        call_command("load_demo")


def test_it_refuses_to_create_demo_users_in_production(regions, settings):
    settings.PRODUCTION = True

    with pytest.raises(DemoDataError, match="produksi"):
        load_demo()
    assert not User.objects.exists()


def test_the_command_loads_the_demo_and_says_what_it_loaded(regions, capsys):
    call_command("load_demo")

    assert "893 TPS" in capsys.readouterr().out
    assert User.objects.filter(username="operator.pasbar").exists()


def test_the_command_can_leave_the_demo_users_out(regions):
    call_command("load_demo", "--no-users")

    assert not User.objects.exists()


def test_demo_logins_says_to_load_the_demo_when_there_are_no_demo_users(capsys):
    call_command("demo_logins")

    assert "python manage.py load_demo" in capsys.readouterr().out
