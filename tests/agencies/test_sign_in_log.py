import pytest
from django.contrib import admin
from django.urls import reverse

from agencies.accounts.models import SignIn
from agencies.models import Membership
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return MembershipFactory(role=Membership.Role.OPERATOR).user


def sign_in(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_USER_AGENT="Mozilla/5.0 (uji)",
        **headers,
    )


def test_it_logs_a_successful_sign_in_with_address_and_user_agent(client, operator):
    sign_in(client, operator.username, PASSWORD)

    entry = SignIn.objects.get()
    assert (entry.username, entry.user, entry.succeeded) == (operator.username, operator, True)
    assert (entry.address, entry.user_agent) == ("203.0.113.7", "Mozilla/5.0 (uji)")


def test_it_logs_a_failed_sign_in_with_the_username_tried(client, operator):
    sign_in(client, "tidak-ada", "salah")

    entry = SignIn.objects.get()
    assert (entry.username, entry.user, entry.succeeded) == ("tidak-ada", None, False)


def test_it_takes_the_address_from_remote_addr_and_ignores_x_forwarded_for(client, operator):
    sign_in(client, operator.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert SignIn.objects.get().address == "203.0.113.7"


def test_it_reads_x_forwarded_for_when_a_proxy_is_trusted(client, operator, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    sign_in(
        client,
        operator.username,
        PASSWORD,
        address="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.66, 198.51.100.1",
    )

    # The client could have written 192.0.2.66; the trusted proxy appended 198.51.100.1.
    assert SignIn.objects.get().address == "198.51.100.1"


def test_admins_read_the_log_and_nobody_edits_it(client):
    sign_in(client, "tidak-ada", "salah")
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)

    listing = client.get(reverse("admin:accounts_signin_changelist"))
    model_admin = admin.site._registry[SignIn]
    request = listing.wsgi_request

    assert listing.status_code == 200
    assert "tidak-ada" in listing.text
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
