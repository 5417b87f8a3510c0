"""Walks every URL of the project as every role and checks the answer each gets.

A URL with no row in EXPECTED, or a view without an ``@allow`` rule, fails the
suite: access is decided when a URL is added, not discovered later.
"""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from meetings.models import Attachment
from meetings.services import issue_calendar_feed
from operations.models import ReadinessReport
from polling_stations.models import (
    ElectionDayReport,
    FieldAccount,
    IncidentType,
    PlottingDocument,
    PlottingGroup,
)
from polling_stations.services.election_day import (
    IncidentInput,
    record_field_report,
    seed_incident_types,
)
from polling_stations.services.field_accounts import create_field_accounts
from polling_stations.services.incidents import record_incident_step
from tests.factories import (
    ElectionFactory,
    PollingStationFactory,
    region_chain,
)
from tests.worlds import build_world

ROLES = (
    "anonymous",
    "operator",  # operator of the host unit
    "other_operator",  # operator of a sibling unit
    "commander",  # commander of the Polda above the host
    "invited_liaison",
    "uninvited_liaison",  # Bawaslu of the Polres's area: a Gakkumdu partner
    "field_officer",  # the world plotting group's field officer: their TPS page only
)

LOGIN = "login"  # anonymous users are redirected to the login page
OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405


def everyone(status):
    return dict.fromkeys(ROLES, status)


def signed_in(status, **overrides):
    """``status`` for every signed-in role; a field officer gets 403 unless overridden."""
    return {
        "anonymous": LOGIN,
        **dict.fromkeys(ROLES[1:], status),
        "field_officer": FORBIDDEN,
        **overrides,
    }


MEETING_READERS = signed_in(OK, other_operator=NOT_FOUND, uninvited_liaison=NOT_FOUND)
MEETING_EDITORS = signed_in(
    OK,
    other_operator=NOT_FOUND,
    commander=FORBIDDEN,
    invited_liaison=FORBIDDEN,
    uninvited_liaison=FORBIDDEN,
)

# URL name -> {role: expected answer to a GET}. Django's own views are listed with
# the answer Django gives; the admin is checked separately below.
EXPECTED = {
    # A field officer's home is their TPS page.
    "home": signed_in(OK, field_officer=REDIRECT),
    # A signed-in user is sent on from the login page to the home page.
    "login": {"anonymous": OK, **dict.fromkeys(ROLES[1:], REDIRECT)},
    "logout": everyone(NOT_ALLOWED),
    # Django's set_language answers a GET by redirecting back without changing anything.
    "set_language": everyone(REDIRECT),
    # Meetings: police lists; the meeting itself for whoever may see it (404 otherwise).
    "meetings:list": signed_in(OK, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN),
    "meetings:detail": MEETING_READERS,
    # The change history: police who may open the meeting (partners never see it).
    "meetings:history": signed_in(
        OK, other_operator=NOT_FOUND, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
    ),
    "meetings:invitation_pdf": MEETING_READERS,
    "meetings:minutes_pdf": MEETING_READERS,
    "meetings:attachment_download": MEETING_READERS,
    "meetings:create": signed_in(
        OK, commander=FORBIDDEN, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
    ),
    "meetings:edit": MEETING_EDITORS,
    # The editor's speaker options: for whoever may write a meeting.
    "meetings:speakers": signed_in(
        OK, commander=FORBIDDEN, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
    ),
    "meetings:cancel": MEETING_EDITORS,
    "meetings:outcome": MEETING_EDITORS,
    "meetings:attachment_upload": MEETING_EDITORS,
    "meetings:attachment_delete": everyone(NOT_ALLOWED),
    # Recording the chair's approval of the minutes is POST only, for the host's operators.
    "meetings:minutes_approve": signed_in(
        NOT_ALLOWED, commander=FORBIDDEN, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
    ),
    # Shared side: Agenda bersama and follow-ups for everyone signed in (scoped rows);
    # RSVP only for the liaison of an invited agency; the follow-up page for whoever
    # sees the meeting (a liaison: its own agency's item, which this one is).
    "meetings:shared_agenda": signed_in(OK),
    # The filters' agency search answers everyone signed in, each with what they may pick.
    "meetings:agency_choices": signed_in(OK),
    "meetings:rsvp": signed_in(FORBIDDEN, invited_liaison=OK, uninvited_liaison=NOT_FOUND),
    "meetings:meeting_ics": MEETING_READERS,
    "meetings:action_items": signed_in(OK),
    "meetings:action_item": MEETING_READERS,
    "meetings:calendar_settings": signed_in(OK),
    "meetings:calendar_feed_issue": signed_in(NOT_ALLOWED),
    "meetings:calendar_feed_revoke": signed_in(NOT_ALLOWED),
    # The secret URL is the credential: calendar clients cannot log in.
    "meetings:calendar_feed": everyone(OK),
    # TPS import: operators only; an import is seen within its unit's tree.
    "polling_stations:tps_import": signed_in(FORBIDDEN, operator=OK, other_operator=OK),
    "polling_stations:tps_import_detail": signed_in(
        FORBIDDEN, operator=OK, other_operator=NOT_FOUND
    ),
    "polling_stations:tps_import_progress": signed_in(
        FORBIDDEN, operator=OK, other_operator=NOT_FOUND
    ),
    "polling_stations:tps_import_rejects": signed_in(
        FORBIDDEN, operator=OK, other_operator=NOT_FOUND
    ),
    # TPS, risk, personnel and plotting: police only; the TPS and plotting group of the
    # world lie in the operator's Polres, not in the other operator's.
    **{
        f"polling_stations:{name}": signed_in(
            OK, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
        )
        for name in (
            "list",
            "export_csv",
            "export_xlsx",
            "map",
            "map_data",
            "map_boundaries",
            "summary",
            "indicator_summary",
            "personnel_index",
        )
    },
    **{
        f"polling_stations:{name}": signed_in(
            OK, other_operator=NOT_FOUND, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
        )
        for name in (
            "detail",
            "personnel",
            "plotting",
            "plotting_document_status",
            # The world's Daftar Plotting is finished: its own units download it.
            "plotting_document_download",
        )
    },
    # Queuing the Daftar Plotting is POST only, for the police who may read the plotting.
    "polling_stations:plotting_document_request": signed_in(
        NOT_ALLOWED, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
    ),
    **{
        f"polling_stations:{name}": signed_in(
            NOT_ALLOWED,
            commander=FORBIDDEN,
            invited_liaison=FORBIDDEN,
            uninvited_liaison=FORBIDDEN,
        )
        for name in (
            "category",
            "indicator",
            "personnel_pattern",
            "personnel_strength",
            "personnel_policy",
            "personnel_recompute",
            "plotting_propose",
        )
    },
    "polling_stations:plotting_group": signed_in(
        OK,
        other_operator=NOT_FOUND,
        commander=FORBIDDEN,
        invited_liaison=FORBIDDEN,
        uninvited_liaison=FORBIDDEN,
    ),
    # Everyone signed in reads their own notifications; marking read is POST only.
    "meetings:notifications": signed_in(OK),
    "meetings:notifications_mark_read": signed_in(NOT_ALLOWED),
    # A meeting's reminders: operators of the host's subtree only.
    "meetings:reminders": signed_in(
        OK,
        other_operator=NOT_FOUND,
        commander=FORBIDDEN,
        invited_liaison=FORBIDDEN,
        uninvited_liaison=FORBIDDEN,
    ),
    # A unit's roster: operators import the personnel of the units they run.
    "agencies:roster_import": signed_in(FORBIDDEN, operator=OK, other_operator=OK),
    # Readiness reports and dashboards: police units, each only for its own subtree.
    "operations:readiness_index": signed_in(
        OK, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
    ),
    "operations:dashboard_index": signed_in(
        OK, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
    ),
    "operations:readiness_reports": signed_in(
        OK, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
    ),
    "operations:readiness_report_status": signed_in(
        OK, other_operator=NOT_FOUND, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
    ),
    # The world's report is still queued: nothing to download yet, for anyone.
    "operations:readiness_report_download": signed_in(
        NOT_FOUND, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
    ),
    "operations:dashboard": signed_in(
        OK, other_operator=NOT_FOUND, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
    ),
    # Voting day: the situation room for the police units whose tree holds the unit;
    # partner liaisons get 404 on the JSON summary, as other systems would.
    "election_day:index": signed_in(OK, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN),
    **{
        f"election_day:{name}": signed_in(
            OK, other_operator=NOT_FOUND, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
        )
        for name in ("room", "summary", "incidents", "map_data", "map_boundaries", "incident")
    },
    # The Laporan hasil pengamanan, from the room: the same police, liaisons 404 as on
    # the JSON summary; queuing one is POST only.
    **{
        f"election_day:{name}": signed_in(
            OK, other_operator=NOT_FOUND, invited_liaison=NOT_FOUND, uninvited_liaison=NOT_FOUND
        )
        for name in ("report_panel", "report_status", "report_download")
    },
    "election_day:report_request": signed_in(NOT_ALLOWED),
    "election_day:summary_json": signed_in(
        OK, other_operator=NOT_FOUND, invited_liaison=NOT_FOUND, uninvited_liaison=NOT_FOUND
    ),
    "election_day:field_accounts": signed_in(
        NOT_ALLOWED, commander=FORBIDDEN, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
    ),
    "election_day:incident_step": signed_in(
        NOT_ALLOWED, invited_liaison=FORBIDDEN, uninvited_liaison=FORBIDDEN
    ),
    # The world's incident was handed to Gakkumdu: Bawaslu of the area reads it, KPU not.
    "election_day:incident_photo": signed_in(
        OK, other_operator=NOT_FOUND, invited_liaison=NOT_FOUND
    ),
    "election_day:gakkumdu": signed_in(OK),
    "election_day:gakkumdu_case": signed_in(
        OK, other_operator=NOT_FOUND, invited_liaison=NOT_FOUND
    ),
    # The phone page and its endpoint (POST only) for field officers alone.
    "election_day:field": signed_in(FORBIDDEN, field_officer=OK),
    "election_day:field_report": signed_in(FORBIDDEN, field_officer=NOT_ALLOWED),
    # Second factor: anyone signed in may enrol one (a unit may require it); verifying
    # without an enrolled device sends to enrolment.
    "accounts:second_factor_setup": signed_in(OK),
    "accounts:second_factor_verify": signed_in(REDIRECT),
    # The audit trail: commanders (their units' rows) and admins only.
    "audit:access_records": signed_in(FORBIDDEN, commander=OK),
}

# Views that are Django's or a library's, with their own rules.
THIRD_PARTY_VIEWS = {"login", "logout", "set_language"}


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry


ALL_URLS = dict(walk(get_resolver().url_patterns))


@pytest.fixture
def url_world(db):
    """The world (tests/worlds.py) with one of each object a URL can name."""
    world = build_world(polsek=1, operation=True, shared_rakor=True)
    polres, operation, meeting = world.polres, world.operation, world.meeting
    action_item = world.kpu_item
    users = {
        "anonymous": None,
        "operator": world.operator,
        "other_operator": world.other_operator,
        "commander": world.commander,
        "invited_liaison": world.kpu_liaison,
        "uninvited_liaison": world.bawaslu_liaison,
    }
    attachment = Attachment.objects.create(
        meeting=meeting,
        kind=Attachment.Kind.INVITATION,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="undangan.pdf"),
        original_name="undangan.pdf",
        content_type="application/pdf",
        size=14,
    )
    # The objects a URL's parameters refer to, by parameter name, and where one
    # name means another object for some URLs, by URL.
    overrides = {
        "meetings:attachment_download": {"pk": attachment.pk},
        "meetings:attachment_delete": {"pk": attachment.pk},
        "meetings:action_item": {"pk": action_item.pk},
    }
    # The world's Laporan hasil pengamanan is finished: its own units download it.
    election_day_report = _election_day_report(operation, polres)
    for name in ("election_day:report_status", "election_day:report_download"):
        overrides[name] = {"report_pk": election_day_report.pk}
    # A TPS and a plotting group in the operator's Polres.
    (polsek,) = world.polsek
    station = PollingStationFactory(
        election=world.election, village=region_chain("13.12.01.2001"), polsek=polsek
    )
    plotting_group = PlottingGroup.objects.create(
        operation=operation, polsek=polsek, number=1, category=station.category
    )
    incident = _gakkumdu_incident(operation, station, users["operator"])
    world.bawaslu.regions.add(region_chain("13.12"))
    field_account = create_field_accounts(operation=operation, unit=polres)[0]
    users["field_officer"] = FieldAccount.objects.get(group=field_account.group).user
    kwargs = {
        "tps_pk": station.pk,
        "group_pk": plotting_group.pk,
        "pk": meeting.pk,
        "meeting_pk": meeting.pk,
        "choices": "penyelenggara",
        "action_item_pk": action_item.pk,
        "slug": operation.slug,
        "operation_slug": operation.slug,
        "unit_slug": polres.slug,
        "token": issue_calendar_feed(user=users["operator"])[1],
        "import_pk": _tps_import(polres).pk,
        "report_pk": ReadinessReport.objects.create(operation=operation, unit=polres).pk,
        "document_pk": _plotting_document(operation, polres).pk,
        "incident_pk": incident.pk,
    }
    return {"users": users, "kwargs": kwargs, "overrides": overrides}


def _tps_import(unit):
    from django.core.files.base import ContentFile

    from polling_stations.models import TpsImport

    tps_import = TpsImport(
        unit=unit, election=ElectionFactory(), original_name="tps.csv", status="done"
    )
    tps_import.source.save("tps.csv", ContentFile(b"kode_desa,no_tps\n"), save=False)
    tps_import.rejects_file.save("tps-ditolak.csv", ContentFile(b"alasan\n"), save=False)
    tps_import.save()
    return tps_import


def _gakkumdu_incident(operation, station, operator):
    """An incident with a photo at the world's TPS, handed over to Gakkumdu."""
    import io

    from PIL import Image

    seed_incident_types()
    image = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(image, format="JPEG")
    report, _ = record_field_report(
        client_id=uuid.uuid4(),
        operation=operation,
        polling_station=station,
        phase="voting",
        reported_at=timezone.now(),
        incident=IncidentInput(
            incident_type=IncidentType.objects.get(code="politik-uang"),
            severity=2,
            description="Pembagian amplop di dekat TPS.",
            photo=ContentFile(image.getvalue(), name="foto.jpg"),
        ),
    )
    record_incident_step(incident=report.incident, kind="gakkumdu", user=operator)
    return report.incident


def _plotting_document(operation, unit):
    document = PlottingDocument.objects.create(operation=operation, unit=unit)
    document.file.save("daftar-plotting.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.status, document.sha256 = PlottingDocument.Status.DONE, "0" * 64
    document.save()
    return document


def _election_day_report(operation, unit):
    report = ElectionDayReport.objects.create(operation=operation, unit=unit)
    report.file.save("laporan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    report.status, report.sha256 = ElectionDayReport.Status.DONE, "0" * 64
    report.save()
    return report


def url_for(name, pattern, world):
    values = {**world["kwargs"], **world["overrides"].get(name, {})}
    return reverse(name, kwargs={p: values[p] for p in pattern.pattern.regex.groupindex})


def test_every_url_has_an_expected_answer_for_every_role():
    missing = sorted(set(ALL_URLS) - set(EXPECTED))
    assert not missing, f"URLs without an access rule in tests/test_url_rules.py: {missing}"
    incomplete = sorted(name for name, rule in EXPECTED.items() if set(rule) != set(ROLES))
    assert not incomplete, f"rules missing a role: {incomplete}"


def test_every_view_states_who_may_use_it():
    unruled = sorted(
        name
        for name, pattern in ALL_URLS.items()
        if name not in THIRD_PARTY_VIEWS and not hasattr(pattern.callback, "access_rule")
    )
    assert not unruled, f"views without @allow(...): {unruled}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_everywhere(client, url_world, role):
    user = url_world["users"][role]
    if user is not None:
        client.force_login(user)
    wrong = []
    for name, pattern in sorted(ALL_URLS.items()):
        expected = EXPECTED[name][role]
        url = url_for(name, pattern, url_world)
        response = client.get(url)
        if expected == LOGIN:
            ok = response.status_code == 302 and reverse("login") in response["Location"]
        else:
            ok = response.status_code == expected
        if not ok:
            wrong.append(f"{name} {url}: expected {expected}, got {response.status_code}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_the_admin_is_closed_to_everyone_but_staff(client, url_world, role):
    client.force_login(url_world["users"][role])

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
