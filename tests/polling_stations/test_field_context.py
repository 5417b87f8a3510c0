import datetime
import json
import uuid

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from operations.models import Election
from polling_stations.models.election_day import FieldAccount, FieldReport, IncidentType
from polling_stations.selectors.field import VERSION_KEY, field_context
from polling_stations.services.field_accounts import create_field_accounts
from polling_stations.services.plotting import move_station_to_group, propose_plotting
from tests.polling_stations.election_day_world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def officer(world):
    account = create_field_accounts(operation=world.operation, unit=world.polres)[0]
    return FieldAccount.objects.get(group=account.group).user


@pytest.fixture
def field_client(client, officer):
    client.force_login(officer)
    return client


def _send(client, station, **extra):
    report = {
        "client_id": str(uuid.uuid4()),
        "polling_station": station.pk,
        "phase": "opening",
        "status": "aman",
        "reported_at": (timezone.now() - datetime.timedelta(minutes=2)).isoformat(),
        **extra,
    }
    response = client.post(reverse("election_day:field_report"), {"reports": json.dumps([report])})
    return response.json()["results"][0]


def test_it_reads_the_officers_context_from_the_cache_after_the_first_request(
    field_client, world, django_assert_max_num_queries
):
    _send(field_client, world.stations[0])

    # The user and the batch (one statement); the session and the user's access come from
    # the shared cache; no account, TPS, types or elections read again.
    with django_assert_max_num_queries(2):
        result = _send(field_client, world.stations[1])

    assert result["result"] == "stored"


def test_a_tps_moved_into_the_group_can_be_reported_at_once(field_client, world):
    assert _send(field_client, world.stations[2])["result"] == "refused"

    move_station_to_group(polling_station=world.stations[2], group=world.group)

    assert _send(field_client, world.stations[2])["result"] == "stored"


def test_a_tps_moved_out_of_the_group_is_refused_at_once(field_client, world):
    _send(field_client, world.stations[1])
    other_group = world.group.__class__.objects.create(
        operation=world.operation, polsek=world.polsek, number=2, category="rawan"
    )

    move_station_to_group(polling_station=world.stations[1], group=other_group)

    result = _send(field_client, world.stations[1])
    assert result["result"] == "refused"
    assert result["errors"]["polling_station"] == ["TPS ini bukan TPS kelompok Anda."]


def test_a_replotted_polsek_takes_the_old_groups_account_away_at_once(field_client, world):
    _send(field_client, world.stations[0])

    propose_plotting(operation=world.operation, polsek=world.polsek)

    response = field_client.get(reverse("election_day:field"))
    assert response.status_code == 404


def test_a_deactivated_incident_type_is_refused_at_once(field_client, world):
    kind = IncidentType.objects.get(code="keributan")
    incident = {"status": "insiden", "incident_type": kind.pk, "severity": 2}
    incident["description"] = "Keributan."
    assert _send(field_client, world.stations[0], **incident)["result"] == "stored"

    kind.is_active = False
    kind.save()

    result = _send(field_client, world.stations[1], **incident)
    assert result["result"] == "refused"
    assert "incident_type" in result["errors"]


def test_an_election_removed_from_the_operation_is_refused_at_once(field_client, world):
    _send(field_client, world.stations[0])

    world.operation.elections.remove(Election.objects.get(pk=world.stations[0].election_id))

    result = _send(field_client, world.stations[1])
    assert result["result"] == "refused"
    assert "polling_station" in result["errors"]


def test_it_reads_again_when_the_version_is_lost(officer, world, django_assert_num_queries):
    field_context(user=officer)
    cache.delete(VERSION_KEY)

    with django_assert_num_queries(4):
        context = field_context(user=officer)

    assert set(context.stations) == {world.stations[0].pk, world.stations[1].pk}


def test_a_write_rolled_back_leaves_the_cache_as_it_was(officer, world, django_assert_num_queries):
    field_context(user=officer)
    with pytest.raises(RuntimeError), transaction.atomic():
        move_station_to_group(polling_station=world.stations[2], group=world.group)
        raise RuntimeError

    with django_assert_num_queries(0):
        context = field_context(user=officer)

    assert world.stations[2].pk not in context.stations
    assert not FieldReport.objects.exists()


def test_a_phone_report_is_stored_while_the_cache_does_not_answer(field_client, world, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    assert _send(field_client, world.stations[0])["result"] == "stored"
    assert FieldReport.objects.count() == 1
