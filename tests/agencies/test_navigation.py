"""The menus follow the user's roles and language, though each combination is rendered
once per process."""

import pytest
from django.conf import settings
from django.urls import set_script_prefix
from django.utils import translation

from agencies.models import Agency, Membership
from tests.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def signed_in(client, role, kind=Agency.Kind.POLRES):
    client.force_login(MembershipFactory(role=role, agency=AgencyFactory(kind=kind)).user)
    return client


def test_it_gives_each_role_its_own_menu_on_the_same_process(client):
    operator_page = signed_in(client, Membership.Role.OPERATOR).get("/").text
    liaison_page = signed_in(client, Membership.Role.LIAISON, Agency.Kind.KPU).get("/").text

    assert 'data-testid="nav-meetings"' in operator_page
    assert "Catat rapat baru" in operator_page
    assert 'data-testid="nav-meetings"' not in liaison_page
    assert 'data-testid="nav-shared-agenda"' in liaison_page


def test_it_keeps_the_operators_entries_from_a_commanders_menu(client):
    signed_in(client, Membership.Role.OPERATOR).get("/")

    commander_page = signed_in(client, Membership.Role.COMMANDER).get("/").text

    assert 'data-testid="nav-meetings"' in commander_page
    assert "Catat rapat baru" not in commander_page
    assert 'data-testid="nav-access-records"' in commander_page


def test_it_speaks_the_language_the_user_chose(client):
    signed_in(client, Membership.Role.OPERATOR)
    assert "Daftar rapat" in client.get("/").text

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # The request leaves its language active in this thread: later tests expect Indonesian.
    with translation.override(settings.LANGUAGE_CODE):
        page = client.get("/").text

    assert "Meeting list" in page
    assert "Daftar rapat" not in page


def test_it_links_the_frame_under_the_address_the_app_is_served_at(client):
    signed_in(client, Membership.Role.OPERATOR)

    # As the WSGI handler does for an app mounted under /sinergi (the test client does not).
    set_script_prefix("/sinergi/")
    try:
        page = client.get("/").text
    finally:
        set_script_prefix("/")

    assert 'action="/sinergi/keluar/"' in page
    assert 'class="navbar-brand fw-semibold" href="/sinergi/"' in page
