import datetime
import uuid

from django.utils import timezone

from polling_stations.forms import FieldReportForm


def _data(**extra):
    return {
        "client_id": str(uuid.uuid4()),
        "polling_station": "11",
        "phase": "opening",
        "status": "aman",
        "reported_at": (timezone.now() - datetime.timedelta(minutes=1)).isoformat(),
        **extra,
    }


def test_it_checks_each_report_against_the_group_it_was_given_though_forms_share_fields():
    mine = FieldReportForm(_data(), {}, stations={11: "TPS 011"}, incident_types={})
    another_group = FieldReportForm(_data(), {}, stations={12: "TPS 012"}, incident_types={})

    assert mine.is_valid()
    assert mine.cleaned_data["polling_station"] == "TPS 011"
    assert not another_group.is_valid()
    assert another_group.errors["polling_station"] == ["TPS ini bukan TPS kelompok Anda."]


def test_it_refuses_an_incident_type_that_is_not_active():
    form = FieldReportForm(
        _data(status="insiden", incident_type="5", severity="2", description="Ricuh."),
        {},
        stations={11: "TPS 011"},
        incident_types={4: "Keributan"},
    )

    assert not form.is_valid()
    assert form.errors["incident_type"][0] == "Jenis insiden ini tidak dikenal atau tidak aktif."


def test_it_refuses_a_control_character_in_the_description():
    form = FieldReportForm(
        _data(status="insiden", incident_type="4", severity="2", description="Ricuh\x07."),
        {},
        stations={11: "TPS 011"},
        incident_types={4: "Keributan"},
    )

    assert not form.is_valid()
    assert "U+0007" in form.errors["description"][0]
