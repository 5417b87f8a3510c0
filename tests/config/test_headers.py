import pytest
from django.urls import reverse

from agencies.models import Membership
from tests.factories import ElectionFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(client):
    client.force_login(MembershipFactory(role=Membership.Role.OPERATOR).user)
    return client


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


def test_it_sends_a_content_security_policy_without_inline_script_or_style(client):
    policy = directives(client.get(reverse("login")))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


def test_it_lets_images_come_only_from_the_app_when_no_tile_server_is_set(client):
    policy = directives(client.get(reverse("login")))

    assert policy["img-src"] == ["'self'", "data:"]


def test_it_sends_the_usual_security_headers(client):
    response = client.get(reverse("login"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_signed_in_page_is_never_stored(operator_client):
    response = operator_client.get(reverse("home"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_download_is_never_stored(operator_client):
    ElectionFactory()

    download = operator_client.get(reverse("polling_stations:export_csv"))

    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]
