import datetime
import io
import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from agencies.models import Agency
from polling_stations.models.election_day import (
    FieldAccount,
    FieldReport,
    Incident,
    IncidentStep,
    IncidentType,
    PostAlert,
)
from polling_stations.services.field_accounts import create_field_accounts
from tests.polling_stations.election_day_world import build_world, partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def field_client(client, world):
    account = create_field_accounts(operation=world.operation, unit=world.polres)[0]
    client.force_login(FieldAccount.objects.get(group=account.group).user)
    return client


def _report(world, station=None, **extra):
    return {
        "client_id": str(uuid.uuid4()),
        "polling_station": (station or world.stations[0]).pk,
        "phase": "opening",
        "status": "aman",
        "reported_at": (timezone.now() - datetime.timedelta(minutes=2)).isoformat(),
        "latitude": "-0.100100",
        "longitude": "99.800200",
        **extra,
    }


def _room_url(world, name, unit=None):
    return reverse(
        f"election_day:{name}",
        kwargs={"operation_slug": world.operation.slug, "unit_slug": (unit or world.polres).slug},
    )


# --- The phone endpoint ------------------------------------------------------------------


def test_it_stores_a_phone_report_once_when_the_phone_sends_it_twice(field_client, world):
    data = _report(world)
    url = reverse("election_day:field_report")

    first = field_client.post(url, data)
    second = field_client.post(url, data)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["duplicate"] is True
    report = FieldReport.objects.get()
    assert str(report.client_id) == data["client_id"]
    assert report.latitude is not None and report.received_at >= report.reported_at


def test_it_refuses_a_report_for_a_tps_outside_the_officers_group(field_client, world):
    response = field_client.post(
        reverse("election_day:field_report"), _report(world, station=world.other_stations[0])
    )

    assert response.status_code == 400
    assert response.json()["errors"]["polling_station"] == ["TPS ini bukan TPS kelompok Anda."]
    assert not FieldReport.objects.exists()


def test_an_incident_from_the_phone_carries_its_photo_resized(field_client, world):
    image = io.BytesIO()
    Image.new("RGB", (3000, 2000), "blue").save(image, format="PNG")
    data = _report(
        world,
        status="insiden",
        incident_type=IncidentType.objects.get(code="intimidasi").pk,
        severity="3",
        description="Pemilih diancam di depan TPS.",
        photo=SimpleUploadedFile("x.png", image.getvalue()),
    )

    response = field_client.post(reverse("election_day:field_report"), data)

    assert response.status_code == 201
    incident = Incident.objects.get()
    assert Image.open(incident.photo.open("rb")).size == (1600, 1067)
    assert incident.report.reporter.field_account.group == world.group


def test_an_incident_without_a_type_is_refused_naming_the_field(field_client, world):
    response = field_client.post(
        reverse("election_day:field_report"),
        _report(world, status="insiden", severity="2", description="Ada keributan."),
    )

    assert response.status_code == 400
    assert response.json()["errors"]["incident_type"] == ["Pilih jenis insiden."]


def _batch(*reports):
    return {"reports": json.dumps(list(reports))}


def test_a_batch_stores_its_good_reports_and_names_each_bad_one(field_client, world):
    good = _report(world)
    outside = _report(world, station=world.other_stations[0])
    future = _report(
        world,
        station=world.stations[1],
        phase="voting",
        reported_at=(timezone.now() + datetime.timedelta(hours=2)).isoformat(),
    )

    response = field_client.post(
        reverse("election_day:field_report"), _batch(good, outside, future)
    )

    results = response.json()["results"]
    assert response.status_code == 200
    assert [r["result"] for r in results] == ["stored", "refused", "refused"]
    assert results[1]["message"] == (
        "Laporan ke-2 (H Pembukaan TPS): TPS ini bukan TPS kelompok Anda."
    )
    assert results[2]["message"].startswith(
        f"Laporan ke-3 ({world.stations[1].label}, H Pemungutan suara): Waktu laporan"
    )
    assert [str(r.client_id) for r in FieldReport.objects.all()] == [good["client_id"]]


def test_a_batch_sent_twice_is_stored_once(field_client, world):
    batch = _batch(_report(world), _report(world, station=world.stations[1], phase="voting"))
    url = reverse("election_day:field_report")

    first = field_client.post(url, batch)
    again = field_client.post(url, batch)

    assert [r["result"] for r in first.json()["results"]] == ["stored", "stored"]
    assert [r["result"] for r in again.json()["results"]] == ["duplicate", "duplicate"]
    assert FieldReport.objects.count() == 2


def test_a_batch_carries_each_incidents_photo(field_client, world):
    image = io.BytesIO()
    Image.new("RGB", (200, 100), "blue").save(image, format="PNG")
    incident = _report(
        world,
        status="insiden",
        incident_type=IncidentType.objects.get(code="logistik").pk,
        severity=1,
        description="Kotak suara kurang satu.",
    )
    data = _batch(_report(world, station=world.stations[1]), incident)
    data[f"photo-{incident['client_id']}"] = SimpleUploadedFile("x.png", image.getvalue())

    response = field_client.post(reverse("election_day:field_report"), data)

    assert [r["result"] for r in response.json()["results"]] == ["stored", "stored"]
    assert Image.open(Incident.objects.get().photo.open("rb")).size == (200, 100)


def test_a_batch_that_is_not_a_list_of_reports_is_refused_saying_so(field_client):
    response = field_client.post(reverse("election_day:field_report"), {"reports": "{oops"})

    assert response.status_code == 400
    assert response.json()["errors"]["reports"] == ["Kiriman laporan tidak terbaca (bukan JSON)."]


def test_a_batch_over_the_limit_is_refused_saying_the_limit(field_client, world):
    batch = _batch(*[_report(world) for _ in range(51)])

    response = field_client.post(reverse("election_day:field_report"), batch)

    assert response.status_code == 400
    assert "1 sampai 50 laporan, bukan 51" in response.json()["errors"]["reports"][0]
    assert not FieldReport.objects.exists()


def test_a_batch_takes_a_fixed_number_of_queries(
    field_client, world, django_assert_max_num_queries
):
    phases = ["opening", "voting", "counting", "results_handed_over"]
    batch = _batch(
        *[_report(world, station=s, phase=p) for s in world.stations[:2] for p in phases]
    )

    with django_assert_max_num_queries(14):
        response = field_client.post(reverse("election_day:field_report"), batch)

    assert [r["result"] for r in response.json()["results"]] == ["stored"] * 8


def test_the_field_page_lists_only_the_groups_tps(field_client, world):
    response = field_client.get(reverse("election_day:field"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-station="{world.stations[0].pk}"' in html
    assert f'data-station="{world.stations[2].pk}"' not in html


def test_a_field_officer_is_sent_from_home_to_the_field_page(field_client):
    response = field_client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("election_day:field")


# --- The situation room ------------------------------------------------------------------


def test_the_summary_json_counts_tps_reports_and_incidents_of_the_unit(client, world):
    world.report(phase="opening")
    world.report(station=world.stations[1], phase="opening")
    world.report(station=world.stations[1], phase="voting")
    world.incident(station=world.stations[2], severity=3)
    world.report(station=world.other_stations[0], phase="opening")
    client.force_login(world.operator)

    data = client.get(_room_url(world, "summary_json", unit=world.polsek)).json()

    assert data["tps"] == 3
    assert data["reported"] == 3
    assert data["safe"] == 2
    assert data["incidents_open"] == {"1": 0, "2": 0, "3": 1}
    assert data["phases"]["opening"] == 3
    assert data["phases"]["voting"] == 1
    assert data["phases"]["arrival_at_ppk"] == 0


def test_the_summary_json_is_404_for_a_partner_liaison(client, world):
    client.force_login(partner(Agency.Kind.BAWASLU))

    response = client.get(_room_url(world, "summary_json"))

    assert response.status_code == 404


def test_the_summary_json_is_404_for_a_unit_outside_the_users_tree(client, world):
    client.force_login(world.operator)
    other = Agency.objects.create(kind=Agency.Kind.POLRES, short_name="Polres Lain", name="x")

    response = client.get(_room_url(world, "summary_json", unit=other))

    assert response.status_code == 404


def test_the_polled_fragments_stay_cheap(client, world, django_assert_max_num_queries):
    for station in world.stations:
        world.incident(station=station, severity=2)
    client.force_login(world.commander)

    # The summary adds the area counters, then counts the few unsafe TPS.
    with django_assert_max_num_queries(13):
        summary = client.get(_room_url(world, "summary", unit=world.polda))
    with django_assert_max_num_queries(10):
        incidents = client.get(_room_url(world, "incidents", unit=world.polda))
    # Positions and states in one query.
    with django_assert_max_num_queries(10):
        points = client.get(_room_url(world, "map_data", unit=world.polda))

    assert summary.status_code == incidents.status_code == points.status_code == 200
    assert incidents.content.decode().count('data-testid="open-incident"') == 3
    assert len(points.json()["points"]) == 3


def test_open_incidents_are_listed_most_severe_then_oldest_first(client, world):
    now = timezone.now()
    mild = world.incident(severity=1, reported_at=now - datetime.timedelta(hours=2))
    old_bad = world.incident(severity=3, reported_at=now - datetime.timedelta(hours=1))
    new_bad = world.incident(severity=3, reported_at=now - datetime.timedelta(minutes=1))
    client.force_login(world.operator)

    html = client.get(_room_url(world, "incidents")).content.decode()

    positions = [html.index(f"/insiden/{i.pk}/") for i in (old_bad, new_bad, mild)]
    assert positions == sorted(positions)


def test_the_posko_records_a_step_from_the_incident_page(client, world):
    incident = world.incident()
    client.force_login(world.operator)

    response = client.post(
        reverse("election_day:incident_step", args=[incident.pk]), {"kind": "acknowledged"}
    )

    assert response.status_code == 302
    step = incident.steps.get(kind=IncidentStep.Kind.ACKNOWLEDGED)
    assert step.by == world.operator


def test_closing_without_a_note_shows_the_reason_and_changes_nothing(client, world):
    incident = world.incident()
    client.force_login(world.operator)

    response = client.post(
        reverse("election_day:incident_step", args=[incident.pk]), {"kind": "closed"}
    )

    assert response.status_code == 400
    assert "Penutupan insiden wajib disertai catatan." in response.content.decode()
    incident.refresh_from_db()
    assert incident.state == Incident.State.OPEN


def test_an_operator_creates_field_accounts_and_sees_the_passwords_once(client, world):
    client.force_login(world.operator)

    response = client.post(_room_url(world, "field_accounts"))

    assert response.status_code == 200
    assert 'data-testid="field-accounts"' in response.content.decode()
    assert world.group.field_accounts.count() == 1


def test_a_gakkumdu_liaison_reads_the_case_handed_over_but_not_the_others(client, world):
    from polling_stations.services.incidents import record_incident_step

    handed = world.incident(code="politik-uang")
    kept = world.incident(station=world.stations[1])
    record_incident_step(incident=handed, kind="gakkumdu", user=world.operator)
    client.force_login(partner(Agency.Kind.KEJAKSAAN))

    listing = client.get(reverse("election_day:gakkumdu")).content.decode()
    case = client.get(reverse("election_day:gakkumdu_case", args=[handed.pk]))
    other = client.get(reverse("election_day:gakkumdu_case", args=[kept.pk]))

    assert listing.count('data-testid="gakkumdu-case"') == 1
    assert (case.status_code, other.status_code) == (200, 404)
    assert PostAlert.objects.filter(incident=kept).exists()


def test_the_room_map_places_tps_without_coordinates_at_their_village_marked_approximate(
    client, world
):
    village = world.other_stations[0].village
    village.latitude, village.longitude = -0.2, 99.9
    village.save()
    client.force_login(world.commander)

    points = client.get(_room_url(world, "map_data", unit=world.polda)).json()["points"]

    how = {pk: placed for pk, _lat, _lng, _state, _label, placed in points}
    assert {how[s.pk] for s in world.stations} == {0}
    assert {how[s.pk] for s in world.other_stations} == {1}


def test_the_room_map_base_layer_is_the_units_kecamatan_boundaries(client, world):
    client.force_login(world.operator)

    response = client.get(_room_url(world, "map_boundaries"))

    codes = {f["properties"]["kode"] for f in json.loads(response.content)["features"]}
    assert response.status_code == 200 and response["ETag"]
    assert codes and all(code.startswith("13.12.") for code in codes)


def test_the_room_map_colours_each_tps_by_its_latest_state(client, world):
    from polling_stations.services.incidents import record_incident_step

    safe, burning, calmed = world.stations
    world.report(station=safe)
    world.incident(station=burning, severity=3)
    closed = world.incident(station=calmed, severity=1)
    record_incident_step(incident=closed, kind="closed", user=world.operator, note="Selesai.")
    village = world.other_stations[0].village
    village.latitude, village.longitude = -0.2, 99.9
    village.save()
    client.force_login(world.commander)

    points = client.get(_room_url(world, "map_data", unit=world.polda)).json()["points"]

    state = {pk: state for pk, _lat, _lng, state, _label, _how in points}
    assert [state[s.pk] for s in world.stations] == ["safe", "incident_3", "reported"]
    assert {state[s.pk] for s in world.other_stations} == {"none"}
