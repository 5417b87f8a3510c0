"""Walks every URL as every role with odd GET parameters and odd POST data: bad input
answers 4xx (with a message), never 500. Reuses the world of tests/test_url_rules.py
(``url_world``)."""

import pytest
from django.urls import reverse

from tests.test_url_rules import ALL_URLS, ROLES, url_for, url_world  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

LONG_SEARCH = " ".join(f"kata{n}" for n in range(2000))

# Every query parameter a view reads, each with a value it cannot use.
ODD_QUERY = {
    "q": LONG_SEARCH,
    "page": "abc",
    "halaman": "-1",
    "tampilan": "bulan",
    "tanggal": "9999-12-31",
    "instansi": "abc",
    "election": "abc",
    "unit": "../../etc",
    "level": "zzz",
    "group_by": "zzz",
    "operation": "abc",
    "host": "abc",
    "status": "\x00",
    "provinsi": "99.99.99.9999.x",
}

# Every POST field name a view reads, each with a value it cannot use; text carries
# a NUL byte and a control character.
ODD_POST = {
    "remove": "abc",
    "move_tps": "abc",
    "version": "abc",
    "action": "lift",
    "instansi": "abc",
    "unit": "abc",
    "title": "Rakor\x00\x07",
    "venue": "Aula\x00",
    "reason": "batal\x00",
    "text": "catatan\x00",
    "rsvp": "attending",
    "rsvp_delegate": "\x00",
    "offsets": "abc",
    "q": LONG_SEARCH,
}

# Views that end the session or change the language: posting to them is no probe.
SKIPPED = {"logout", "set_language"}


def _probe(client, method, url, data):
    try:
        response = getattr(client, method)(url, data)
    except Exception as error:  # noqa: BLE001 - an exception is the finding
        return f"{type(error).__name__}: {error}"[:300]
    if response.status_code >= 500:
        return str(response.status_code)
    return None


@pytest.mark.parametrize("role", ROLES)
def test_odd_parameters_never_make_a_server_error(client, url_world, role):  # noqa: F811
    user = url_world["users"][role]
    if user is not None:
        client.force_login(user)
    failures = []
    for name, pattern in sorted(ALL_URLS.items()):
        if name in SKIPPED:
            continue
        url = url_for(name, pattern, url_world)
        if "pdf" not in name:
            problem = _probe(client, "get", url, ODD_QUERY)
            if problem:
                failures.append(f"GET {name} {url}: {problem}")
        problem = _probe(client, "post", url, ODD_POST)
        if problem:
            failures.append(f"POST {name} {url}: {problem}")
    assert not failures, "\n".join(failures)


def test_a_calendar_anchor_out_of_range_says_so(client, url_world):  # noqa: F811
    client.force_login(url_world["users"]["invited_liaison"])

    response = client.get(
        reverse("meetings:shared_agenda"), {"tampilan": "bulan", "tanggal": "9999-12-31"}
    )

    assert response.status_code == 400
    assert "Tanggal kalender 9999-12-31 di luar rentang tahun" in response.content.decode()


def test_a_two_thousand_word_search_is_refused_with_a_message(client, url_world):  # noqa: F811
    client.force_login(url_world["users"]["operator"])

    response = client.get(reverse("meetings:list"), {"q": LONG_SEARCH})

    assert response.status_code == 400
    assert "Pencarian paling banyak 10 kata; yang diketik 2000 kata." in (response.content.decode())


def test_a_non_numeric_indicator_report_to_remove_is_a_400_with_a_message(client, url_world):  # noqa: F811
    client.force_login(url_world["users"]["operator"])
    url = reverse("polling_stations:indicator", kwargs={"tps_pk": url_world["kwargs"]["tps_pk"]})

    response = client.post(url, {"remove": "abc"})

    assert response.status_code == 400
    assert "tidak dikenali (remove=abc)" in response.content.decode()


def test_a_non_numeric_tps_to_move_is_a_400_with_a_message(client, url_world):  # noqa: F811
    client.force_login(url_world["users"]["operator"])
    url = reverse(
        "polling_stations:plotting_group",
        kwargs={
            "operation_slug": url_world["kwargs"]["operation_slug"],
            "group_pk": url_world["kwargs"]["group_pk"],
        },
    )

    response = client.post(url, {"move_tps": "abc"})

    assert response.status_code == 400
    assert "tidak dikenali (move_tps=abc)" in response.content.decode()
