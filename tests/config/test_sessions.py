"""Sessions come from the shared cache, and signing in and out works while it is down."""

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from agencies.models import Membership
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db

UNREACHABLE = {
    "default": {
        "BACKEND": "config.redis_cache.RedisCache",
        # Nothing listens on port 1: every cache call fails at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def operator():
    return MembershipFactory(role=Membership.Role.OPERATOR).user


def test_it_reads_a_signed_in_session_without_a_query(client, operator, django_assert_num_queries):
    client.force_login(operator)
    store = import_module(settings.SESSION_ENGINE).SessionStore

    with django_assert_num_queries(0):
        session = store(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
        assert session["_auth_user_id"] == str(operator.pk)


def test_people_sign_in_and_out_while_the_cache_is_down(client, operator, settings):
    settings.CACHES = UNREACHABLE

    signed_in = client.post(reverse("login"), {"username": operator.username, "password": PASSWORD})
    home = client.get(reverse("home"))
    signed_out = client.post(reverse("logout"))

    assert signed_in.status_code == 302
    assert home.status_code == 200
    assert "Selamat datang" in home.text
    assert signed_out.status_code == 302
    assert not Session.objects.exists()
