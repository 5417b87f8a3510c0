import datetime

import pytest
from django.urls import reverse

from agencies.models import Membership
from tests.factories import MembershipFactory

from .reminder_factories import meeting_at
from .test_reminders import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_and_operator():
    meeting = meeting_at(START)
    operator = MembershipFactory(agency=meeting.host, role=Membership.Role.OPERATOR).user
    return meeting, operator


def test_an_operator_sets_the_meetings_reminders(client, meeting_and_operator):
    meeting, operator = meeting_and_operator
    client.force_login(operator)

    client.post(reverse("meetings:reminders", args=[meeting.pk]), {"offsets": "2 hari, 30 menit"})

    assert list(meeting.reminders.values_list("offset", flat=True)) == [
        datetime.timedelta(days=2),
        datetime.timedelta(minutes=30),
    ]


def test_the_page_shows_each_reminders_moment_in_the_hosts_zone(client, meeting_and_operator):
    meeting, operator = meeting_and_operator
    client.force_login(operator)

    html = client.get(reverse("meetings:reminders", args=[meeting.pk])).content.decode()

    assert "Senin, 14 Oktober 2030 08.30 WITA" in html  # 3 days before, WITA


def test_it_names_an_offset_it_cannot_read(client, meeting_and_operator):
    meeting, operator = meeting_and_operator
    client.force_login(operator)

    response = client.post(
        reverse("meetings:reminders", args=[meeting.pk]), {"offsets": "3 hari, besok pagi"}
    )

    assert "Pengingat “besok pagi” tidak dikenali" in response.content.decode()
    assert meeting.reminders.count() == 3
