"""The user of each request comes from the shared cache, with their access, and every change
to the user row shows at the next request. These tests commit (transaction=True): nothing is
cached while the connection holds uncommitted user, membership or unit writes."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.urls import reverse

from agencies.accounts.backends import CachedModelBackend
from agencies.models import Membership
from agencies.roles import access_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def operator():
    return MembershipFactory(role=Membership.Role.OPERATOR).user


def load(user):
    return CachedModelBackend().get_user(user.pk)


def test_it_serves_the_user_and_their_access_without_a_query(operator, django_assert_num_queries):
    access_for(load(operator))

    with django_assert_num_queries(0):
        user = load(operator)
        assert access_for(user).is_operator

    assert user.username == operator.username


def test_it_shows_new_names_at_the_next_request(operator):
    load(operator)

    operator.first_name = "Baru"
    operator.save()

    assert load(operator).first_name == "Baru"


def test_it_drops_a_deactivated_user(operator):
    assert load(operator) is not None

    operator.is_active = False
    operator.save()

    assert load(operator) is None


def test_it_drops_a_deleted_user(operator):
    load(operator)

    operator.delete()

    assert load(operator) is None


def test_it_signs_out_other_sessions_after_a_password_change(client, operator):
    client.force_login(operator)
    assert client.get(reverse("home")).status_code == 200

    operator.set_password("kata-sandi-baru-yang-panjang")
    operator.save()

    assert client.get(reverse("home")).status_code == 302


def test_it_keeps_sessions_begun_under_djangos_own_backend(client, operator):
    client.force_login(operator)
    session = client.session
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.save()

    home = client.get(reverse("home"))

    assert home.status_code == 200
    assert settings.AUTHENTICATION_BACKENDS[-1] == "agencies.accounts.backends.CachedModelBackend"
