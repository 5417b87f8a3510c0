import io

import pytest
from django.core.management import CommandError, call_command

from polling_stations.models.election_day import FieldReport, Incident
from polling_stations.services.exercise import plan_election_days, run_simulation
from tests.polling_stations.election_day_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_the_drill_command_plays_the_days_and_clear_removes_them(world):
    out = io.StringIO()
    args = ["--operation", world.operation.slug, "--unit", world.polres.slug]

    call_command(
        "simulate_election_day", *args, "--instant", "--incidents", "2", "--seed", "3", stdout=out
    )
    played = FieldReport.objects.filter(is_exercise=True).count()
    call_command("simulate_election_day", *args, "--clear", stdout=out)

    assert played > 0
    assert "2 insiden" in out.getvalue()
    assert not FieldReport.objects.exists() and not Incident.objects.exists()


def test_the_drill_command_names_an_unknown_unit(world):
    with pytest.raises(CommandError, match="Satuan Polri “tidak-ada” tidak ditemukan"):
        call_command(
            "simulate_election_day", "--operation", world.operation.slug, "--unit", "tidak-ada"
        )


def test_at_speed_n_the_drill_waits_the_scenario_time_divided_by_n(world):
    plan = plan_election_days(operation=world.operation, unit=world.polres, incidents=0, seed=4)
    waits = []

    run_simulation(operation=world.operation, plan=plan, speed=3600, sleep=waits.append)

    scenario_seconds = plan[-1].offset.total_seconds()
    assert waits and max(waits) <= scenario_seconds / 3600
    assert max(waits) > 0.5 * scenario_seconds / 3600
