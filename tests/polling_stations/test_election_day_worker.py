"""Posko alerts by e-mail and the escalation to the Polda, through a real Celery worker."""

import pytest

from polling_stations.models.election_day import PostAlert
from polling_stations.tasks import escalate_incidents
from tests.polling_stations.election_day_world import build_world
from tests.waiting import wait_until
from tests.worker import WorkerProcess

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mail_worker(tmp_path, monkeypatch):
    """A worker writing its e-mails as files, escalating after 0 minutes."""
    outbox = tmp_path / "mail"
    monkeypatch.setenv("EMAIL_URL", f"filemail:///{outbox}")
    monkeypatch.setenv("ELECTION_DAY_ESCALATION_MINUTES", "0")
    worker = WorkerProcess()
    try:
        # A loaded shared machine can take a while to bring a worker up.
        worker.start(timeout=120)
    except RuntimeError:
        worker.stop()  # never leave a half-started worker to eat the next test's jobs
        raise
    yield outbox
    worker.stop()


def _mails(outbox) -> str:
    return "".join(path.read_text() for path in outbox.glob("*.log")) if outbox.exists() else ""


def test_a_severity_2_incident_is_emailed_to_the_polres_posko_by_the_worker(mail_worker):
    world = build_world()

    incident = world.incident(severity=2)

    wait_until(
        lambda: PostAlert.objects.filter(incident=incident, emailed_at__isnull=False).count() == 2,
        timeout=60,
        interval=0.2,
        what="the worker to e-mail the Polsek and Polres alerts",
    )
    mails = _mails(mail_worker)
    assert "To: ops@polres.example.id" in mails
    assert "Insiden tingkat 2 di TPS" in mails


def test_the_periodic_task_escalates_an_unacknowledged_incident_to_the_polda_by_email(
    mail_worker,
):
    world = build_world()
    incident = world.incident(severity=3)

    escalate_incidents.delay()

    wait_until(
        lambda: PostAlert.objects.filter(
            incident=incident, unit=world.polda, emailed_at__isnull=False
        ).exists(),
        timeout=60,
        interval=0.2,
        what="the worker to escalate to the Polda posko",
    )
    assert "To: posko@poldasumbar.example.id" in _mails(mail_worker)
