import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_speaks_bahasa_indonesia_even_to_an_english_browser(client):
    response = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})

    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in response.text


def test_it_switches_to_english_when_the_user_chooses_it(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/masuk/"})

    response = client.get(reverse("login"))

    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert response["Content-Language"] == "en"


def test_an_unknown_language_cookie_falls_back_to_bahasa_indonesia(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(reverse("login"))

    assert response["Content-Language"] == "id"
