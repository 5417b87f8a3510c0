import pytest
from django.urls import reverse

from agencies.models import Membership
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def operator():
    return MembershipFactory(role=Membership.Role.OPERATOR).user


def sign_in(client, username, password, address, **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def test_failures_from_many_addresses_lock_the_username(client, operator, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, operator.username, "salah", f"198.51.100.{n + 1}")

    response = sign_in(client, operator.username, PASSWORD, "203.0.113.50")

    assert response.status_code == 429
    assert "Akun dikunci sementara" in response.text


def test_failures_on_many_usernames_lock_the_address(client, operator, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"tebakan{n}", "salah", "198.51.100.9")

    response = sign_in(client, operator.username, PASSWORD, "198.51.100.9")

    assert response.status_code == 429


def test_another_address_may_still_sign_in_another_user(client, operator, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"tebakan{n}", "salah", "198.51.100.9")

    response = sign_in(client, operator.username, PASSWORD, "203.0.113.50")

    assert response.status_code == 302


def test_a_forged_x_forwarded_for_does_not_escape_the_address_lock(client, operator, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"tebakan{n}", "salah", "198.51.100.9", HTTP_X_FORWARDED_FOR=f"10.1.1.{n}")

    response = sign_in(
        client, operator.username, PASSWORD, "198.51.100.9", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )

    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_locked(client, operator, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"tebakan{n}", "salah", "10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")

    # Same proxy, another client behind it: not locked.
    response = sign_in(
        client, operator.username, PASSWORD, "10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.50"
    )

    assert response.status_code == 302
