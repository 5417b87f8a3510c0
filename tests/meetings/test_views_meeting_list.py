"""The police meeting list."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.worlds import many_meetings, rakor

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_users_to_the_login_page(client):
    response = client.get(reverse("meetings:list"))

    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


def test_it_is_for_police_users_only(client, world):
    client.force_login(world.kpu_liaison)

    assert client.get(reverse("meetings:list")).status_code == 403


def test_it_shows_only_meetings_the_operator_may_see(client, world, meeting):
    hidden = rakor(world, host=world.other_polres, title="Rakor Polres Agam")
    client.force_login(world.operator)

    content = client.get(reverse("meetings:list")).content.decode()

    assert meeting.title in content
    assert hidden.title not in content


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("q=Singgalang", True),
        ("q=Banjir", False),
        ("status=cancelled", False),
        ("status=scheduled", True),
        ("starts_from=2024-08-15&starts_until=2024-08-15", True),
        ("starts_from=2024-08-16", False),
    ],
)
def test_it_filters_by_text_status_and_date(client, world, meeting, query, found):
    client.force_login(world.operator)

    content = client.get(reverse("meetings:list") + "?" + query).content.decode()

    assert (meeting.title in content) is found


def test_it_filters_by_invited_agency(client, world, meeting):
    client.force_login(world.operator)
    url = reverse("meetings:list")

    kpu = client.get(url, {"invited": world.partners["KPU Pasaman Barat"].pk}).content.decode()
    bawaslu = client.get(url, {"invited": world.partners["Bawaslu Pasaman Barat"].pk})

    assert meeting.title in kpu
    assert meeting.title not in bawaslu.content.decode()


@pytest.mark.parametrize(
    ("language", "kind", "status"),
    [("id", "Rakor lintas sektoral", "Terjadwal"), ("en", "(rakor)", "Scheduled")],
)
def test_it_shows_each_meetings_kind_and_status_in_the_readers_language(
    client, world, meeting, language, kind, status
):
    client.force_login(world.operator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    content = client.get(reverse("meetings:list")).content.decode()

    assert kind in content
    assert status in content


@pytest.mark.bulk
def test_it_runs_a_bounded_number_of_queries_with_ten_thousand_meetings(
    client, world, meeting, django_assert_max_num_queries
):
    many_meetings(world, count=10_000)
    client.force_login(world.commander)

    # The host and invited filters render only the chosen agency; a page followed by
    # others still counts, for "Halaman 3 dari 401".
    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("meetings:list"), {"q": "Rakor", "status": "scheduled", "page": 3}
        )

    assert response.status_code == 200
    assert "Halaman 3 dari 401" in response.content.decode()


@pytest.mark.parametrize(("who", "shown"), [("operator", True), ("kpu_liaison", False)])
def test_it_is_linked_in_the_navigation_for_police_users_only(client, world, who, shown):
    client.force_login(getattr(world, who))

    content = client.get(reverse("home")).content.decode()

    assert ('data-testid="nav-meetings"' in content) is shown
