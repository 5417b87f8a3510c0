"""The change history: stored once per change, read a page at a time."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from meetings import services
from meetings.history import CHANGES_PER_PAGE, meeting_history
from meetings.models import Meeting, MeetingChange
from tests.worlds import RAKOR_START

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _history(meeting, page=None):
    url = reverse("meetings:history", args=[meeting.pk])
    return f"{url}?halaman={page}" if page is not None else url


def _move(meeting, user, hours):
    meeting.refresh_from_db()
    return services.update_meeting(
        meeting=meeting,
        user=user,
        version=meeting.version,
        data={
            "starts_at": RAKOR_START + datetime.timedelta(hours=hours),
            "ends_at": RAKOR_START + datetime.timedelta(hours=hours + 2),
        },
        invited_agencies=[inv.agency for inv in meeting.invitations.all()],
        agenda=[],
    )


def test_it_shows_who_changed_which_field_from_what_to_what(client, world, meeting):
    services.update_meeting(
        meeting=meeting,
        user=world.operator,
        version=meeting.version,
        data={"starts_at": RAKOR_START + datetime.timedelta(hours=1)},
        invited_agencies=[world.partners["KPU Pasaman Barat"]],
        agenda=[],
    )
    client.force_login(world.commander)

    content = client.get(_history(meeting), **HTMX).content.decode()

    assert "operator.pasbar" in content
    assert "Mulai: Kamis, 15 Agustus 2024 08.30 WIB → Kamis, 15 Agustus 2024 09.30 WIB" in content
    assert "Undangan Kodim 0305/Pasaman dihapus" in content


def test_it_labels_the_stored_change_in_the_readers_language(client, world, meeting):
    _move(meeting, world.operator, 1)
    client.force_login(world.commander)
    client.cookies["django_language"] = "en"

    content = client.get(_history(meeting), **HTMX, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Thursday, 15 August 2024" in content


def test_it_stores_the_diff_when_the_change_is_made(world, meeting):
    _move(meeting, world.operator, 1)

    change = MeetingChange.objects.filter(meeting=meeting, subject="meeting").latest("id")

    assert change.user == world.operator
    assert change.action == "~"
    assert change.fields[0] == {
        "field": "starts_at",
        "old": "2024-08-15T01:30:00+00:00",
        "new": "2024-08-15T02:30:00+00:00",
    }


def test_it_answers_a_page_of_twenty_newest_first_and_offers_the_older_ones(client, world, meeting):
    for hours in range(1, CHANGES_PER_PAGE + 3):
        _move(meeting, world.operator, hours)
    total = MeetingChange.objects.filter(meeting=meeting).count()
    client.force_login(world.operator)

    first = client.get(_history(meeting), **HTMX).content.decode()
    last = client.get(_history(meeting, page=2), **HTMX).content.decode()

    assert first.count('<li class="mb-2 border-start') == CHANGES_PER_PAGE
    assert "→ Jumat, 16 Agustus 2024 05.30 WIB" in first  # the newest move
    assert 'data-testid="history-older"' in first
    assert last.count('<li class="mb-2 border-start') == total - CHANGES_PER_PAGE
    assert 'data-testid="history-older"' not in last


def test_it_reads_the_same_few_queries_however_long_the_history(
    client, world, meeting, django_assert_max_num_queries
):
    for hours in range(1, 30):
        _move(meeting, world.operator, hours)
    client.force_login(world.operator)

    # session, user, memberships (access), meeting, count, page of changes
    with django_assert_max_num_queries(8):
        response = client.get(_history(meeting), **HTMX)

    assert response.status_code == 200


def test_it_shows_the_first_page_for_an_odd_page_number(client, world, meeting):
    _move(meeting, world.operator, 1)
    client.force_login(world.operator)

    for odd in ("abc", "-1", "9" * 30, "1%00"):
        response = client.get(_history(meeting, page=odd), **HTMX)
        assert response.status_code == 200, odd
        assert "operator.pasbar" in response.content.decode()


def test_it_renders_a_whole_page_without_htmx(client, world, meeting):
    client.force_login(world.operator)

    content = client.get(_history(meeting)).content.decode()

    assert "<html" in content
    assert reverse("meetings:detail", args=[meeting.pk]) in content


def test_it_hides_the_history_from_a_liaison_of_an_invited_agency(client, world, meeting):
    client.force_login(world.kpu_liaison)

    assert client.get(_history(meeting), **HTMX).status_code == 403


def test_the_data_migration_stores_the_changes_made_before_as_the_signal_does(world, meeting):
    _move(meeting, world.operator, 1)
    services.cancel_meeting(
        meeting=Meeting.objects.get(pk=meeting.pk),
        user=world.operator,
        version=Meeting.objects.get(pk=meeting.pk).version,
        reason="Banjir di Simpang Empat",
    )
    stored = [entry.__dict__ for entry in meeting_history(meeting=meeting)]
    MeetingChange.objects.all().delete()
    migration = importlib.import_module("meetings.migrations.0011_backfill_meeting_changes")

    migration.backfill(apps, schema_editor=None)
    migration.backfill(apps, schema_editor=None)  # a second run adds nothing

    assert [entry.__dict__ for entry in meeting_history(meeting=meeting)] == stored
    assert "Banjir di Simpang Empat" in [entry["reason"] for entry in stored]
