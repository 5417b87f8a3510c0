import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone

from agencies.models import Membership
from operations import reports, selectors
from operations.models import OperationPhase
from tests.factories import MembershipFactory
from tests.worlds import CATEGORY_SPLIT, build_world

from .test_reports import pdf_text

pytestmark = pytest.mark.django_db


def dashboard(client, world, unit):
    chief = MembershipFactory(agency=world.polda, role=Membership.Role.COMMANDER).user
    client.force_login(chief)
    return client.get(reverse("operations:dashboard", args=[world.operation.slug, unit.slug]))


def lights(response) -> dict[str, str]:
    return {child.unit.short_name: child.light for child in response.context["children"]}


def test_it_lights_a_unit_with_nothing_recorded_grey_as_no_data(client):
    world = build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=3)

    response = dashboard(client, world, world.polda)

    assert lights(response)["Polres Agam"] == "abu"
    assert 'data-testid="no-data">belum ada data<' in response.content.decode()


def test_it_draws_each_units_light_named_for_screen_readers(client):
    world = build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=3)

    html = dashboard(client, world, world.polda).content.decode()

    units = html.split('data-testid="children"')[1].split("</ul>")[0]
    assert units.count('data-light="abu"') == 1
    assert '<span class="visually-hidden">Belum ada data</span>' in units


def test_it_judges_units_on_the_operations_own_thresholds(client):
    world = build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=3)
    world.operation.light_red_coverage = 95
    world.operation.light_yellow_coverage = 100
    world.operation.save()

    response = dashboard(client, world, world.polda)

    # 92 % of the need is below this operation's red threshold of 95 %.
    assert lights(response)["Polres Pasaman Barat"] == "merah"


def test_it_keeps_a_unit_green_when_coverage_meets_a_lower_yellow_threshold(client):
    world = build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=3)
    world.operation.light_red_coverage = 50
    world.operation.light_yellow_coverage = 90
    world.operation.save()

    response = dashboard(client, world, world.polda)

    pasaman_barat_status = response.context["children"][1]
    assert "personel 92% dari kebutuhan" not in pasaman_barat_status.reasons


def test_it_shows_the_legend_with_the_operations_thresholds_on_the_dashboard(client):
    world = build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=3)
    world.operation.light_red_coverage = 70
    world.operation.light_meeting_days = 14
    world.operation.save()

    html = dashboard(client, world, world.polda).content.decode()

    legend = html.split('data-testid="light-legend"')[1].split("</dl>")[0]
    assert "personel di bawah 70% kebutuhan" in legend
    assert "tidak ada rapat koordinasi 14 hari terakhir" in legend
    assert "Belum ada data" in legend


def test_it_refuses_a_red_threshold_above_the_yellow_one():
    world = build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=0)
    world.operation.light_red_coverage = 90
    world.operation.light_yellow_coverage = 80

    with pytest.raises(ValidationError) as error:
        world.operation.full_clean()

    assert "light_red_coverage" in error.value.message_dict


def test_it_counts_down_h_minus_n_before_voting(client):
    world = build_world(
        polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=0, voting_in_days=12
    )

    html = dashboard(client, world, world.polres).content.decode()

    assert 'data-testid="days-to-voting">H-12<' in html


def test_it_names_the_phase_and_the_voting_date_after_voting(client):
    world = build_world(
        polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=0, voting_in_days=-5
    )
    today = timezone.localdate()
    OperationPhase.objects.create(
        operation=world.operation,
        kind=OperationPhase.Kind.POST,
        starts_on=today - datetime.timedelta(days=4),
        ends_on=world.operation.ends_on,
    )

    html = dashboard(client, world, world.polres).content.decode()

    assert 'data-testid="days-to-voting">Pasca-operasi<' in html
    assert "H+" not in html
    voting = world.operation.elections.get().voting_day
    assert f"pemungutan suara {formats.date_format(voting, 'l, j F Y')}" in html


def test_it_says_an_ended_operation_has_ended_instead_of_counting_days():
    world = build_world(
        polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=0, voting_in_days=-700
    )
    world.operation.starts_on = timezone.localdate() - datetime.timedelta(days=800)
    world.operation.ends_on = timezone.localdate() - datetime.timedelta(days=650)
    world.operation.save()

    countdown = selectors.commander_dashboard(operation=world.operation, unit=world.polres)[
        "countdown"
    ]

    assert countdown.headline == "Operasi selesai"
    assert "operasi berakhir" in countdown.detail


def test_the_report_of_an_ended_operation_says_so_and_states_its_moment():
    world = build_world(
        polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=0, voting_in_days=-700
    )
    world.operation.starts_on = timezone.localdate() - datetime.timedelta(days=800)
    world.operation.ends_on = timezone.localdate() - datetime.timedelta(days=650)
    world.operation.save()

    text = " ".join(
        pdf_text(reports.render_readiness_pdf(operation=world.operation, unit=world.polres)).split()
    )

    assert "Keadaan data per" in text
    assert "Operasi telah berakhir pada" in text
    assert "Operasi selesai" in text
    assert "H+" not in text


def test_the_report_prints_the_light_of_each_unit_below_and_its_legend():
    world = build_world(polsek=7, operation=True, tps=CATEGORY_SPLIT, held_meetings=3)

    text = " ".join(
        pdf_text(reports.render_readiness_pdf(operation=world.operation, unit=world.polda)).split()
    )

    assert "Arti status (ambang operasi ini)" in text
    assert "Belum ada data" in text
