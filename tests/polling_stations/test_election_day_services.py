import datetime
import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from agencies.models import Agency
from polling_stations.models.election_day import (
    PHASE_BIT,
    FieldAccount,
    FieldReport,
    Incident,
    IncidentStep,
    PostAlert,
    StationStatus,
)
from polling_stations.services.election_day import prepare_incident_photo
from polling_stations.services.exercise import (
    clear_exercise,
    plan_election_days,
    run_simulation,
)
from polling_stations.services.field_accounts import create_field_accounts
from polling_stations.services.incidents import (
    escalate_unacknowledged_incidents,
    record_incident_step,
)
from tests.factories import PollingStationFactory, region_chain
from tests.polling_stations.election_day_world import build_world

pytestmark = pytest.mark.django_db

Kind = IncidentStep.Kind


@pytest.fixture
def world():
    return build_world()


# --- Ingestion -----------------------------------------------------------------------------


def test_it_stores_a_report_sent_twice_once(world):
    client_id = uuid.uuid4()

    first, created_first = world.report(client_id=client_id)
    again, created_again = world.report(client_id=client_id)

    assert (created_first, created_again) == (True, False)
    assert again.pk == first.pk
    assert FieldReport.objects.count() == 1
    assert StationStatus.objects.get().phases == PHASE_BIT["opening"]


def test_it_keeps_every_phase_reported_and_the_latest_state_by_the_phones_clock(world):
    now = timezone.now()
    world.report(phase="voting", reported_at=now - datetime.timedelta(minutes=5))
    # Queued on a phone that was offline: arrives later but happened earlier.
    world.report(phase="opening", reported_at=now - datetime.timedelta(hours=3))

    status = StationStatus.objects.get()

    assert status.phases == PHASE_BIT["voting"] | PHASE_BIT["opening"]
    assert status.last_phase == "voting"
    assert status.is_safe


def test_it_refuses_a_tps_the_operation_does_not_secure_and_says_which(world):
    stranger = PollingStationFactory(
        election__slug="pemilu-lain", village=region_chain("13.12.01.2002")
    )

    with pytest.raises(ValidationError) as error:
        world.report(station=stranger)

    assert "bukan TPS pemilihan yang diamankan operasi ini" in str(error.value)
    assert not FieldReport.objects.exists()


def test_it_refuses_a_report_stamped_in_the_future(world):
    with pytest.raises(ValidationError) as error:
        world.report(reported_at=timezone.now() + datetime.timedelta(hours=2))

    assert "periksa jam ponsel" in str(error.value)


def test_it_refuses_an_incident_without_text_and_writes_nothing(world):
    from polling_stations.models.election_day import IncidentType
    from polling_stations.services.election_day import IncidentInput

    incident = IncidentInput(
        incident_type=IncidentType.objects.first(), severity=2, description="  "
    )

    with pytest.raises(ValidationError) as error:
        world.report(incident=incident)

    assert "Uraian singkat insiden wajib diisi" in str(error.value)
    assert not FieldReport.objects.exists()
    assert not StationStatus.objects.exists()


def test_it_opens_an_incident_with_its_first_step_and_counts_it_on_the_tps(world):
    incident = world.incident(severity=3)

    status = StationStatus.objects.get()
    assert incident.state == Incident.State.OPEN
    assert incident.polsek == world.polsek
    assert list(incident.steps.values_list("kind", flat=True))[0] == Kind.REPORTED
    assert (status.open_incidents, status.max_open_severity, status.is_safe) == (1, 3, False)


# --- Alerts and escalation ---------------------------------------------------------------


def test_it_alerts_the_polsek_and_polres_posko_at_once_for_severity_2(world):
    incident = world.incident(severity=2)

    units = set(PostAlert.objects.filter(incident=incident).values_list("unit", flat=True))

    assert units == {world.polsek.pk, world.polres.pk}
    assert incident.steps.filter(kind=Kind.ALERTED).exists()


def test_it_does_not_alert_the_posko_for_severity_1(world):
    world.incident(severity=1, code="logistik")

    assert not PostAlert.objects.exists()


def test_it_escalates_an_unacknowledged_incident_to_the_polda_after_the_set_minutes(
    world, settings
):
    settings.ELECTION_DAY_ESCALATION_MINUTES = 10
    incident = world.incident(severity=2)

    early = escalate_unacknowledged_incidents(now=timezone.now() + datetime.timedelta(minutes=5))
    late = escalate_unacknowledged_incidents(now=timezone.now() + datetime.timedelta(minutes=11))

    assert (early, late) == (0, 1)
    assert PostAlert.objects.filter(incident=incident, unit=world.polda).exists()
    assert incident.steps.filter(kind=Kind.ESCALATED, by__isnull=True).exists()


def test_it_escalates_each_incident_only_once(world):
    world.incident(severity=3)
    later = timezone.now() + datetime.timedelta(hours=1)

    escalate_unacknowledged_incidents(now=later)
    again = escalate_unacknowledged_incidents(now=later)

    assert again == 0
    assert PostAlert.objects.filter(unit=world.polda).count() == 1


def test_it_does_not_escalate_an_acknowledged_incident(world):
    incident = world.incident(severity=3)
    record_incident_step(incident=incident, kind=Kind.ACKNOWLEDGED, user=world.operator)

    escalated = escalate_unacknowledged_incidents(now=timezone.now() + datetime.timedelta(hours=1))

    assert escalated == 0


# --- Steps ---------------------------------------------------------------------------------


def test_it_records_each_step_with_who_and_when(world):
    incident = world.incident(severity=2)

    for kind in (Kind.ACKNOWLEDGED, Kind.DISPATCHED, Kind.HANDLED):
        record_incident_step(incident=incident, kind=kind, user=world.operator)
    record_incident_step(
        incident=incident, kind=Kind.CLOSED, user=world.commander, note="Massa bubar."
    )

    steps = list(incident.steps.filter(by__isnull=False).values_list("kind", "by"))
    incident.refresh_from_db()
    assert steps == [
        (Kind.ACKNOWLEDGED, world.operator.pk),
        (Kind.DISPATCHED, world.operator.pk),
        (Kind.HANDLED, world.operator.pk),
        (Kind.CLOSED, world.commander.pk),
    ]
    assert incident.state == Incident.State.CLOSED and incident.closed_at is not None


def test_it_refuses_to_close_an_incident_without_a_note(world):
    incident = world.incident()

    with pytest.raises(ValidationError) as error:
        record_incident_step(incident=incident, kind=Kind.CLOSED, user=world.operator)

    assert "wajib disertai catatan" in str(error.value)
    incident.refresh_from_db()
    assert incident.state == Incident.State.OPEN


def test_dispatching_an_unacknowledged_incident_acknowledges_it_first(world):
    incident = world.incident()

    record_incident_step(incident=incident, kind=Kind.DISPATCHED, user=world.operator)

    kinds = list(incident.steps.filter(by=world.operator).values_list("kind", flat=True))
    assert kinds == [Kind.ACKNOWLEDGED, Kind.DISPATCHED]


def test_closing_an_incident_makes_its_tps_safe_again(world):
    incident = world.incident()

    record_incident_step(incident=incident, kind=Kind.CLOSED, user=world.operator, note="Selesai")
    world.report(phase="voting")

    assert StationStatus.objects.get().is_safe


def test_a_step_that_does_not_fit_the_state_is_refused_with_the_reason(world):
    incident = world.incident()
    record_incident_step(incident=incident, kind=Kind.CLOSED, user=world.operator, note="Selesai")

    with pytest.raises(ValidationError) as error:
        record_incident_step(incident=incident, kind=Kind.DISPATCHED, user=world.operator)

    assert "tidak dapat dicatat" in str(error.value)


def test_the_database_refuses_a_severity_outside_1_to_3(world):
    incident = world.incident()

    with pytest.raises(IntegrityError), transaction.atomic():
        Incident.objects.filter(pk=incident.pk).update(severity=4)


# --- Gakkumdu ------------------------------------------------------------------------------


def test_bawaslu_and_kejaksaan_liaisons_of_the_area_see_only_the_cases_handed_to_gakkumdu(
    world,
):
    from tests.polling_stations.election_day_world import partner

    handed = world.incident(code="politik-uang", severity=1)
    world.incident(station=world.stations[1])  # stays with the police
    record_incident_step(incident=handed, kind=Kind.GAKKUMDU, user=world.operator, note="")
    bawaslu = partner(Agency.Kind.BAWASLU)
    kejaksaan = partner(Agency.Kind.KEJAKSAAN)
    elsewhere = partner(Agency.Kind.BAWASLU, region_code="13.71")
    kpu = partner(Agency.Kind.KPU)

    seen = {
        name: list(Incident.objects.visible_to(user))
        for name, user in [
            ("bawaslu", bawaslu),
            ("kejaksaan", kejaksaan),
            ("elsewhere", elsewhere),
            ("kpu", kpu),
        ]
    }

    assert seen == {"bawaslu": [handed], "kejaksaan": [handed], "elsewhere": [], "kpu": []}


# --- Field accounts ------------------------------------------------------------------------


def test_it_creates_one_field_account_per_plotting_group_and_never_twice(world):
    created = create_field_accounts(operation=world.operation, unit=world.polres)
    again = create_field_accounts(operation=world.operation, unit=world.polres)

    account = FieldAccount.objects.get()
    assert [a.username for a in created] == [account.user.username]
    assert again == []
    assert account.user.check_password(created[0].password)
    assert account.user.memberships.get().role == "field_officer"


# --- Photos --------------------------------------------------------------------------------


def _jpeg(width, height) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(output, format="JPEG")
    return output.getvalue()


def test_a_photo_is_shrunk_to_a_jpeg_of_at_most_1600_pixels():
    upload = SimpleUploadedFile("kejadian.png", _jpeg(4000, 3000))

    photo = prepare_incident_photo(upload)

    assert Image.open(photo).size == (1600, 1200)


def test_a_file_that_is_not_a_photo_is_refused_whatever_its_name():
    upload = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo")

    with pytest.raises(ValidationError) as error:
        prepare_incident_photo(upload)

    assert "bukan foto JPEG, PNG atau WEBP" in str(error.value)


# --- Drill ---------------------------------------------------------------------------------


def test_a_drill_reports_every_phase_through_the_service_marked_as_exercise(world):
    plan = plan_election_days(operation=world.operation, unit=world.polres, incidents=2, seed=7)

    result = run_simulation(operation=world.operation, plan=plan, seed=7)

    assert result.reports == FieldReport.objects.filter(is_exercise=True).count() == len(plan)
    assert Incident.objects.filter(is_exercise=True).count() == result.incidents == 2
    assert StationStatus.objects.count() == 5


def test_clearing_the_drill_keeps_real_reports_and_their_tps_state(world):
    real, _ = world.report(phase="logistics_arrived")
    plan = plan_election_days(operation=world.operation, unit=world.polres, incidents=3, seed=1)
    run_simulation(operation=world.operation, plan=plan, seed=1)

    clear_exercise(operation=world.operation, unit=world.polres)

    assert list(FieldReport.objects.all()) == [real]
    assert not Incident.objects.exists()
    status = StationStatus.objects.get()
    assert (status.phases, status.open_incidents) == (PHASE_BIT["logistics_arrived"], 0)
