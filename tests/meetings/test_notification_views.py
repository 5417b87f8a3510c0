import pytest
from django.urls import reverse

from agencies.models import Agency, Membership
from meetings.models import Notification
from tests.factories import MembershipFactory

from .reminder_factories import meeting_at
from .test_reminders import START

pytestmark = pytest.mark.django_db


def liaison():
    return MembershipFactory(role=Membership.Role.LIAISON, agency__kind=Agency.Kind.KPU).user


def test_a_user_sees_only_their_own_notifications(client, django_assert_max_num_queries):
    meeting = meeting_at(START)
    me, other = liaison(), liaison()
    Notification.objects.create(user=me, meeting=meeting, title="Pengingat rapat: untuk saya")
    Notification.objects.create(user=other, meeting=meeting, title="Pengingat rapat: bukan")
    client.force_login(me)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("meetings:notifications"))

    html = response.content.decode()
    assert "untuk saya" in html
    assert "bukan" not in html


def test_marking_read_clears_the_new_badge(client):
    me = liaison()
    Notification.objects.create(user=me, title="Pengingat rapat")
    client.force_login(me)

    client.post(reverse("meetings:notifications_mark_read"))

    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
