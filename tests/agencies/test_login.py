import pytest
from django.urls import reverse

from agencies.models import Membership
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return MembershipFactory(role=Membership.Role.OPERATOR).user


def test_it_logs_in_and_lands_on_the_home_page(client, operator):
    response = client.post(
        reverse("login"), {"username": operator.username, "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Selamat datang" in response.text


def test_a_wrong_password_is_refused_in_bahasa_indonesia(client, operator):
    response = client.post(reverse("login"), {"username": operator.username, "password": "x"})

    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.text


def test_repeated_wrong_passwords_lock_the_account(client, operator, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": operator.username, "password": "salah"})

    response = client.post(reverse("login"), {"username": operator.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "Akun dikunci sementara" in response.text


def test_the_home_page_sends_anonymous_users_to_login(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logging_out_takes_a_post(client, operator):
    client.force_login(operator)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302
